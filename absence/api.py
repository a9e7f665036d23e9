"""The absence API: report sick, recover, partly recover, correct, record the permitted details and
the ArboNed portal (episodes), pregnancy and maternity leave, the report of figures and who is
sick now. Same services and selectors as the pages."""

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from absence import selectors, services
from absence.figures import Figures, audience_for, sick_now
from absence.filters import EmployeeRecordsFilter
from absence.models import MaternityLeave
from absence.permissions import leave_visible_to, subjects_visible_to
from absence.reporting.report import check_arguments
from absence.serializers import (
    CorrectInput,
    CurrentQuery,
    CurrentSickOutput,
    DetailsInput,
    EpisodeCreateInput,
    EpisodeOutput,
    MaternityLeaveInput,
    MaternityLeaveOutput,
    PartialInput,
    RecoverInput,
    ReportOutput,
    ReportQuery,
)
from core.api import Can, NumericIds
from core.audit import AuditedReads


class ReportView(APIView):
    """Absence figures for a period (absence-metrics.md); the same JSON as `absence_report`."""

    permission_classes = [Can.do("absence.view_report")]

    @extend_schema(
        parameters=[
            OpenApiParameter("start", str, required=True, description="YYYY-MM-DD"),
            OpenApiParameter("end", str, required=True, description="YYYY-MM-DD (inclusive)"),
            OpenApiParameter("team", str, description="team name"),
            OpenApiParameter("by", str, enum=["team", "month", "week"]),
        ],
        responses=ReportOutput,
        operation_id="absence_report",
    )
    def get(self, request):
        query = ReportQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        check_arguments(params["start"], params["end"], params.get("by"), params.get("team"))
        audience = audience_for(request.user)  # a manager: their people; PVT/board: "<5"
        figures = Figures(audience, until=params["end"])
        return Response(
            figures.report(params["start"], params["end"], params.get("by"), params.get("team"))
        )


class CurrentView(APIView):
    """Who is sick today: HR and the (adjunct-)director see everyone, a manager their team.
    Each row read is audited."""

    permission_classes = [Can.do("absence.view_current")]

    @extend_schema(
        parameters=[OpenApiParameter("team", str, description="team name")],
        responses=CurrentSickOutput(many=True),
        operation_id="absence_current",
    )
    def get(self, request):
        query = CurrentQuery(data=request.query_params)  # as any input: no NUL, a bounded length
        query.is_valid(raise_exception=True)
        today = timezone.localdate()
        episodes = sick_now(request.user, today, query.validated_data.get("team") or None)
        selectors.audit_episode_list(request.user, episodes)
        return Response(CurrentSickOutput(episodes, many=True, context={"today": today}).data)


@extend_schema_view(
    list=extend_schema(summary="Sickness episodes visible to you (each read is audited)"),
    retrieve=extend_schema(summary="One sickness episode (audited)"),
    create=extend_schema(
        request=EpisodeCreateInput, responses={201: EpisodeOutput}, summary="Report sick"
    ),
)
class EpisodeViewSet(
    NumericIds,
    AuditedReads,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    read_one = staticmethod(selectors.episode_for_viewer)
    read_page = staticmethod(selectors.audit_episode_list)
    serializer_class = EpisodeOutput
    filterset_class = EmployeeRecordsFilter
    ordering_fields = ["first_sick_day", "recovered_on"]
    ordering = ["-first_sick_day"]

    def get_queryset(self):
        return selectors.episodes_for_list(self.request.user)

    def _episode(self, pk):
        # writes: the same visibility rule (404) and audited read as retrieve, then the service
        # decides what is allowed (403)
        return self.get_object()

    def create(self, request):
        data = EpisodeCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        employee = get_object_or_404(
            subjects_visible_to(request.user), pk=fields.pop("employee").pk
        )
        episode = services.episode_report_sick(actor=request.user, employee=employee, **fields)
        return Response(EpisodeOutput(episode).data, status=status.HTTP_201_CREATED)

    def _apply(self, request, pk, service, input_class=None):
        """Validate the input, run the service on the episode (404 if you cannot see it; the
        service answers 403 if you may not do this), answer with the episode."""
        values = {}
        if input_class is not None:
            data = input_class(data=request.data)
            data.is_valid(raise_exception=True)
            values = dict(data.validated_data)
        with transaction.atomic():  # refused or failed, it showed nothing: no audit row either
            episode = service(actor=request.user, episode=self._episode(pk), **values)
        return Response(EpisodeOutput(episode).data)

    @extend_schema(request=RecoverInput, responses=EpisodeOutput, summary="Report fully recovered")
    @action(detail=True, methods=["post"])
    def recover(self, request, pk=None):
        return self._apply(request, pk, services.episode_recover, RecoverInput)

    @extend_schema(
        request=PartialInput,
        responses=EpisodeOutput,
        summary="Works P % of the contract from a date",
    )
    @action(detail=True, methods=["post"])
    def partial(self, request, pk=None):
        return self._apply(request, pk, services.episode_partial_recovery, PartialInput)

    @extend_schema(
        request=CorrectInput,
        responses=EpisodeOutput,
        summary="Correct the dates (HR, with a reason)",
    )
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        return self._apply(request, pk, services.episode_correct, CorrectInput)

    @extend_schema(
        request=DetailsInput, responses=EpisodeOutput, summary="Record the permitted details (HR)"
    )
    @action(detail=True, methods=["post"])
    def details(self, request, pk=None):
        return self._apply(request, pk, services.episode_update_details, DetailsInput)

    @extend_schema(
        request=None,
        responses=EpisodeOutput,
        summary="Mark as reported via the ArboNed portal (HR)",
    )
    @action(detail=True, methods=["post"], url_path="arbo-portal")
    def arbo_portal(self, request, pk=None):
        return self._apply(request, pk, services.episode_mark_arbo_portal)


@extend_schema_view(
    list=extend_schema(summary="Pregnancy and maternity leave visible to you"),
    create=extend_schema(
        request=MaternityLeaveInput,
        responses={201: MaternityLeaveOutput},
        summary="Record a leave (HR); a running episode ends on its first day",
    ),
)
class MaternityLeaveViewSet(
    NumericIds,
    AuditedReads,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    read_one = staticmethod(selectors.leave_for_viewer)
    read_page = staticmethod(selectors.audit_leave_list)
    serializer_class = MaternityLeaveOutput
    filterset_class = EmployeeRecordsFilter
    ordering = ["-start"]

    def get_permissions(self):
        if self.action in {"create", "destroy"}:
            return [Can.do("absence.manage_leave")()]
        return [Can()]

    def get_queryset(self):
        return leave_visible_to(self.request.user).select_related("employee")

    def create(self, request):
        data = MaternityLeaveInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        leave = services.maternity_leave_record(actor=request.user, **fields)
        return Response(MaternityLeaveOutput(leave).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: MaternityLeave):
        services.maternity_leave_delete(actor=self.request.user, leave=instance)
