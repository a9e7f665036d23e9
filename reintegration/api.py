"""/api/reintegration/cases/: case files under the Gatekeeper Act, read-only here;
records are added in the app. Each read by someone other than the employee is audited."""

import django_filters
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from absence import selectors as absence_selectors
from core.api import Can, NumericIds
from core.audit import AuditedReads
from hrm.filters import VisibleEmployeeFilter
from reintegration import poortwachter as pw
from reintegration import selectors
from reintegration.models import ReintegrationCase


class CaseFilter(django_filters.FilterSet):
    """`?employee=<id>` among the people whose sickness records the requester may read: an id
    outside them answers like one that does not exist (an empty list)."""

    employee = VisibleEmployeeFilter(visible=absence_selectors.sickness_subjects_visible_to)


class MilestoneOutput(serializers.Serializer):
    key = serializers.ChoiceField(choices=list(pw.MILESTONE_KEYS))
    due = serializers.DateField()
    earliest = serializers.DateField(allow_null=True)
    done_on = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=list(pw.STATUSES))


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
class CaseViewSet(
    NumericIds,
    AuditedReads,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    read_one = staticmethod(selectors.case_for_viewer)
    read_page = staticmethod(selectors.audit_case_list)
    serializer_class = CaseOutput
    permission_classes = [Can]
    filterset_class = CaseFilter
    ordering = ["-chain_start"]

    def get_queryset(self):
        queryset = selectors.cases_visible_to(self.request.user).select_related("employee", "owner")
        status = self.request.query_params.get("status")
        if status == "open":
            queryset = queryset.filter(closed_on__isnull=True)
        elif status == "closed":
            queryset = queryset.filter(closed_on__isnull=False)
        return queryset

    @extend_schema(
        responses=ScheduleOutput,
        summary="The case's Gatekeeper Act schedule today (poortwachter.md)",
    )
    @action(detail=True, methods=["get"])
    def schedule(self, request, pk=None):
        view = selectors.view_of(self.get_object(), timezone.localdate())
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
