"""/api/development/: the free slots of one's manager, booking, moving and cancelling an interview,
and its calendar invitation. The services decide; errors come as 400 with a stable `code`
(slot_taken, slot_not_yours, already_booked, ...)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import Can, NumericIds, Pagination
from core.audit import audited_get
from core.permissions import employee_of
from development import selectors, services
from development.invitations import InvitationData, content_type, invitation
from development.models import Interview, Slot
from development.permissions import interviews_visible_to


class SlotOutput(serializers.ModelSerializer):
    class Meta:
        model = Slot
        fields = ["id", "start", "end", "manager", "location"]


class InterviewSlotOutput(serializers.ModelSerializer):
    class Meta:
        model = Slot
        fields = ["id", "start", "end", "location"]


class InterviewOutput(serializers.ModelSerializer):
    cycle = serializers.IntegerField(source="cycle.year")
    slot = InterviewSlotOutput(allow_null=True)

    class Meta:
        model = Interview
        fields = ["id", "cycle", "employee", "manager", "status", "slot", "sequence"]


class RescheduleInput(serializers.Serializer):
    slot = serializers.IntegerField(min_value=1, max_value=2**63 - 1)


def _slot(pk) -> Slot:
    try:
        return Slot.objects.get(pk=pk)
    except (Slot.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@extend_schema_view(
    list=extend_schema(
        summary="Free slots of your manager (`?available=true`)",
        description="The slots of the signed-in employee's manager that lie ahead and are free.",
    ),
)
class SlotViewSet(NumericIds, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = SlotOutput
    pagination_class = Pagination
    permission_classes = [Can.do("development.book")]
    queryset = Slot.objects.none()

    def get_queryset(self):
        me = employee_of(self.request.user)
        if me is None or selectors.open_cycle() is None:
            return Slot.objects.none()
        return selectors.free_slots_for_employee(me)

    def get_object(self):
        return _slot(self.kwargs["pk"])

    @extend_schema(
        request=None,
        responses={201: InterviewOutput},
        summary="Book this slot for your interview in the open cycle",
    )
    @action(detail=True, methods=["post"])
    def book(self, request, pk=None):
        interview = services.interview_book(actor=request.user, slot=self.get_object())
        return Response(InterviewOutput(interview).data, status=status.HTTP_201_CREATED)


class InterviewViewSet(NumericIds, viewsets.GenericViewSet):
    serializer_class = InterviewOutput
    permission_classes = [Can]
    queryset = Interview.objects.none()

    def get_queryset(self):
        return interviews_visible_to(self.request.user)

    def get_object(self):
        # Personal data: audited when read by anyone but the employee and their manager.
        me = employee_of(self.request.user)
        if me is not None:
            held = self.get_queryset().filter(manager=me, pk=self.kwargs["pk"]).first()
            if held is not None:
                return held
        return audited_get(
            self.request.user,
            self.get_queryset(),
            self.kwargs["pk"],
            action="view_development_interview",
            object_type="development_interview",
        )

    @extend_schema(
        request=RescheduleInput,
        responses=InterviewOutput,
        summary="Move the interview to another free slot",
    )
    @action(detail=True, methods=["post"])
    def reschedule(self, request, pk=None):
        data = RescheduleInput(data=request.data)
        data.is_valid(raise_exception=True)
        interview = self.get_object()
        slot = _slot(data.validated_data["slot"])
        interview = services.interview_reschedule(
            actor=request.user, interview=interview, slot=slot
        )
        return Response(InterviewOutput(interview).data)

    @extend_schema(request=None, responses=InterviewOutput, summary="Cancel the interview")
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        interview = services.interview_cancel(actor=request.user, interview=self.get_object())
        return Response(InterviewOutput(interview).data)

    @extend_schema(
        responses={
            (200, "text/calendar"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="The iCalendar invitation: REQUEST, or CANCEL after cancelling.",
            )
        },
        summary="The interview's calendar invitation (invite.ics)",
    )
    # routed in config/api_urls.py: the router would add a slash after ".ics"
    def invite(self, request, pk=None):
        interview = self.get_object()
        ics, method = invitation_of(interview)
        response = HttpResponse(ics, content_type=content_type(method))
        response["Content-Disposition"] = 'attachment; filename="invite.ics"'
        return response


def _email(person) -> str:
    user = getattr(person, "user", None)
    email = person.email or (user.email if user is not None else "")
    return email or f"employee-{person.pk}@plusteam-hr.invalid"


def invitation_of(interview: Interview):
    """The current invitation: REQUEST for a planned interview, CANCEL after a cancel (from the
    freed slot's time and place); Http404 if it never had a slot."""
    if interview.slot is not None:
        method = "REQUEST"
        start, end = interview.slot.start, interview.slot.end
        location = interview.slot.location or interview.slot.video_link
    elif interview.last_start is not None and interview.last_end is not None:
        method = "CANCEL"
        start, end, location = interview.last_start, interview.last_end, interview.last_location
    else:
        raise Http404
    manager, employee = interview.manager, interview.employee
    if manager is None:
        raise Http404
    data = InvitationData(
        uid=f"development-interview-{interview.uid}@plusteam-hr",
        sequence=interview.sequence,
        start=start,
        end=end,
        location=location,
        summary=f"Ontwikkelgesprek {employee.full_name}",
        description="",
        organizer_name=manager.full_name,
        organizer_email=_email(manager),
        attendee_name=employee.full_name,
        attendee_email=_email(employee),
        dtstamp=interview.updated_at or timezone.now(),
    )
    return invitation(data, method), method  # type: ignore[arg-type]
