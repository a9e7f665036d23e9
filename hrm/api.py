"""The people API: who am I, teams, employees (role-scoped, filterable, paginated), with the same
services as the pages."""

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import Can, NumericIds
from core.permissions import employee_of, roles_of
from hrm import services
from hrm.filters import EmployeeFilter
from hrm.models import Employee, Team
from hrm.permissions import employees_visible_to, managed_team_ids, teams_visible_to
from hrm.selectors import annotate_current
from hrm.serializers import (
    EmployeeCreateInput,
    EmployeeOutput,
    EmployeeUpdateInput,
    MeOutput,
    OffboardInput,
    TeamInput,
    TeamOutput,
)


class MeView(APIView):
    """Who is signed in: roles, managed teams and the linked employee record."""

    @extend_schema(responses=MeOutput, operation_id="me_retrieve")
    def get(self, request):
        user = request.user
        me = employee_of(user)
        employee = None
        if me is not None:
            today = timezone.localdate()
            employee = annotate_current(Employee.objects.with_contracts(), today).get(pk=me.pk)
        data = {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "language": user.language,
            "roles": sorted(r.value for r in roles_of(user)),
            "managed_teams": Team.objects.filter(pk__in=managed_team_ids(user)),
            "employee": employee,
        }
        return Response(MeOutput(data).data)


@extend_schema_view(
    list=extend_schema(summary="Teams"),
    create=extend_schema(
        request=TeamInput, responses={201: TeamOutput}, summary="Create a team (HR)"
    ),
    partial_update=extend_schema(
        request=TeamInput, responses=TeamOutput, summary="Rename a team (HR)"
    ),
)
class TeamViewSet(
    NumericIds, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = TeamOutput
    permission_classes = [Can.per_method(read="hrm.view_teams", write="hrm.manage_teams")]
    filterset_fields = ["name"]
    ordering_fields = ["name"]
    ordering = ["name"]

    def get_queryset(self):
        return teams_visible_to(self.request.user).order_by("name")

    def create(self, request):
        data = TeamInput(data=request.data)
        data.is_valid(raise_exception=True)
        team = services.team_create(actor=request.user, **data.validated_data)
        return Response(TeamOutput(team).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        team = get_object_or_404(self.get_queryset(), pk=pk)
        data = TeamInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = {"name": team.name, "description": team.description, **data.validated_data}
        team = services.team_update(actor=request.user, team=team, **values)
        return Response(TeamOutput(team).data)


@extend_schema_view(
    list=extend_schema(summary="Employees visible to you (role-scoped)"),
    retrieve=extend_schema(summary="One employee"),
    create=extend_schema(
        request=EmployeeCreateInput,
        responses={201: EmployeeOutput},
        summary="Add an employee with a first contract period (HR)",
    ),
    update=extend_schema(
        request=EmployeeUpdateInput, responses=EmployeeOutput, summary="Change an employee (HR)"
    ),
)
class EmployeeViewSet(
    NumericIds, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = EmployeeOutput
    filterset_class = EmployeeFilter
    ordering_fields = ["personnel_number", "sort_name", "last_name", "first_name", "current_team"]
    ordering = ["sort_name"]
    http_method_names = ["get", "post", "put", "head", "options"]

    def get_permissions(self):
        if self.action in {"create", "update"}:
            return [Can.do("hrm.manage_employees")()]
        if self.action == "offboard":
            return [Can.do("hrm.offboard_employee")()]
        return [Can()]

    def get_queryset(self):
        today = timezone.localdate()
        visible = employees_visible_to(self.request.user, today).with_contracts()
        return annotate_current(visible, today)

    def filter_queryset(self, queryset):
        # The filters (status defaults to "active") narrow the list; one record is found by id
        # whatever its status, so HR can still read, change and offboard leavers and starters.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def _output(self, employee: Employee) -> dict[str, Any]:
        return EmployeeOutput(self.get_queryset().get(pk=employee.pk)).data

    def create(self, request):
        data = EmployeeCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        employee = services.employee_create(actor=request.user, **data.validated_data)
        return Response(self._output(employee), status=status.HTTP_201_CREATED)

    def update(self, request, pk=None):
        employee = self.get_object()
        data = EmployeeUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.employee_update(actor=request.user, employee=employee, **data.validated_data)
        return Response(self._output(employee))

    @extend_schema(
        request=OffboardInput,
        responses=EmployeeOutput,
        summary="Offboard: end the last contract (HR)",
    )
    @action(detail=True, methods=["post"])
    def offboard(self, request, pk=None):
        employee = self.get_object()
        data = OffboardInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.employee_offboard(
            actor=request.user,
            employee=employee,
            exit_date=data.validated_data["exit_date"],
            reason=data.validated_data["exit_reason"],
        )
        return Response(self._output(employee))
