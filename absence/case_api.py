"""/api/reintegration/cases/: case files under the Gatekeeper Act (issue 7), read-only here;
records are added in the app. Each read by someone other than the employee is audited."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from absence import cases
from absence.models import ReintegrationCase
from core.api import Can


class MilestoneOutput(serializers.Serializer):
    key = serializers.ChoiceField(choices=list(cases.pw.MILESTONE_KEYS))
    due = serializers.DateField()
    earliest = serializers.DateField(allow_null=True)
    done_on = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=list(cases.pw.STATUSES))


class ScheduleOutput(serializers.Serializer):
    chain_start = serializers.DateField()
    sick_day = serializers.IntegerField()
    milestones = MilestoneOutput(many=True)


class CaseOutput(serializers.ModelSerializer):
    employee_name = serializers.CharField(source="employee.full_name")
    personnel_number = serializers.CharField(source="employee.personnel_number")
    owner = serializers.CharField(source="owner.username", allow_null=True, default=None)
    is_open = serializers.BooleanField()

    class Meta:
        model = ReintegrationCase
        fields = [
            "id",
            "employee",
            "employee_name",
            "personnel_number",
            "chain_start",
            "is_open",
            "closed_on",
            "owner",
            "wia_letter_date",
        ]


@extend_schema_view(
    list=extend_schema(summary="Reintegration cases visible to you (each read is audited)"),
    retrieve=extend_schema(summary="One reintegration case (audited)"),
)
class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CaseOutput
    permission_classes = [Can]
    filterset_fields = ["employee"]
    ordering = ["-chain_start"]

    def get_queryset(self):
        queryset = cases.cases_visible_to(self.request.user).select_related("employee", "owner")
        status = self.request.query_params.get("status")
        if status == "open":
            queryset = queryset.filter(closed_on__isnull=True)
        elif status == "closed":
            queryset = queryset.filter(closed_on__isnull=False)
        return queryset

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        cases.audit_case_list(request.user, page)
        return self.get_paginated_response(CaseOutput(page, many=True).data)

    def get_object(self):
        return cases.case_for_viewer(self.request.user, self.kwargs["pk"])

    @extend_schema(
        responses=ScheduleOutput,
        summary="The case's Gatekeeper Act schedule today (poortwachter.md)",
    )
    @action(detail=True, methods=["get"])
    def schedule(self, request, pk=None):
        view = cases.view_of(self.get_object(), timezone.localdate())
        if view.schedule is None:
            return Response(
                {
                    "code": "no_chain",
                    "detail": "The episodes of this case no longer exist.",
                    "fields": {},
                },
                status=409,
            )
        return Response(view.schedule.as_json())
