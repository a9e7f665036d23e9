"""/api/development/: the free slots of one's manager, booking, moving and cancelling an interview,
and its calendar invitation; the record of an interview (preparation per side, agreements,
signatures, follow-up note). The services decide; errors come as 400 with a stable `code`
(slot_taken, slot_not_yours, already_booked, ...)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import Can, NumericIds, Pagination
from core.audit import audited_get
from core.dates import parse_date
from core.errors import ApplicationError
from core.permissions import can, employee_of, require
from core.serializers import ApiDateField
from development import records, selectors, services
from development.invitations import content_type
from development.models import (
    Activity,
    Interview,
    Preparation,
    Profession,
    Registration,
    RequirementCategory,
    Side,
    Signature,
    Slot,
)
from development.notifications import invitation_of
from development.permissions import interviews_visible_to
from development.questions import questions_for
from development.registration_selectors import figures_of as registration_figures_of
from development.registration_selectors import registration_for_viewer
from development.services.registrations import activity_log, registration_save
from hrm.models import Employee


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


class PreparationQuestionOutput(serializers.Serializer):
    key = serializers.CharField()
    text = serializers.CharField()
    help = serializers.CharField(allow_blank=True)
    section = serializers.CharField()


class PreparationOutput(serializers.Serializer):
    side = serializers.ChoiceField(choices=Side.choices)
    answers = serializers.DictField(child=serializers.CharField(allow_blank=True))
    shared_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField(allow_null=True)
    questions = PreparationQuestionOutput(many=True)


class PreparationInput(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False),
        help_text="Answers by question key (the keys of your side's questions).",
    )


class SignatureOutput(serializers.ModelSerializer):
    signer_name = serializers.CharField(source="signer.full_name")

    class Meta:
        model = Signature
        fields = ["side", "signer", "signer_name", "text_hash", "signed_at", "voided_at"]


class AgreementOutput(serializers.Serializer):
    goals = serializers.CharField(allow_blank=True)
    training_wishes = serializers.ListField(child=serializers.CharField())
    support = serializers.CharField(allow_blank=True)
    follow_up_on = serializers.DateField(allow_null=True)
    follow_up_note = serializers.CharField(allow_blank=True)
    follow_up_note_at = serializers.DateTimeField(allow_null=True)
    signed_at = serializers.DateTimeField(allow_null=True)
    text_hash = serializers.CharField(
        help_text="SHA-256 of the text as it is now: send it to sign."
    )
    signatures = SignatureOutput(many=True, help_text="Valid and voided signatures.")


class AgreementInput(serializers.Serializer):
    goals = serializers.CharField(allow_blank=True, required=False, default="")
    training_wishes = serializers.ListField(
        child=serializers.CharField(allow_blank=True), required=False, default=list
    )
    support = serializers.CharField(allow_blank=True, required=False, default="")
    follow_up_on = ApiDateField(allow_null=True, required=False, default=None)


class SignInput(serializers.Serializer):
    text_hash = serializers.CharField(
        max_length=64, help_text="The `text_hash` of the agreements you read."
    )


class FollowUpNoteInput(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, trim_whitespace=False)


SIDE = OpenApiParameter(
    "side",
    str,
    OpenApiParameter.PATH,
    enum=[Side.EMPLOYEE.value, Side.MANAGER.value],
    description="Whose preparation: the employee's or the manager's.",
)


def _agreement_output(interview: Interview) -> dict:
    agreement = records.agreement_of(interview)
    wishes = records.wishes_of(agreement)
    return AgreementOutput(
        {
            "goals": agreement.goals if agreement else "",
            "training_wishes": wishes,
            "support": agreement.support if agreement else "",
            "follow_up_on": agreement.follow_up_on if agreement else None,
            "follow_up_note": agreement.follow_up_note if agreement else "",
            "follow_up_note_at": agreement.follow_up_note_at if agreement else None,
            "signed_at": agreement.signed_at if agreement else None,
            "text_hash": records.hash_of(agreement, wishes),
            "signatures": list(agreement.signatures.select_related("signer")) if agreement else [],
        }
    ).data


def _preparation_output(interview: Interview, preparation: Preparation) -> dict:
    questions = questions_for(records.sections_of(interview), preparation.side)
    return PreparationOutput(
        {
            "side": preparation.side,
            "answers": preparation.answers,
            "shared_at": preparation.shared_at,
            "updated_at": preparation.updated_at,
            "questions": [vars(q) for q in questions],
        }
    ).data


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
        parameters=[
            OpenApiParameter(
                "available",
                OpenApiTypes.BOOL,
                description="Only free slots: the only kind this list has (true is the default).",
            )
        ],
        summary="Free slots of your manager in the open cycle",
    )
    def list(self, request, *args, **kwargs):
        available = request.query_params.get("available", "true").strip().lower()
        if available not in ("true", "1", ""):
            raise ApplicationError(
                _("Only free slots are listed: leave out available, or give available=true."),
                code="invalid",
                field="available",
            )
        return super().list(request, *args, **kwargs)

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

    # The record: preparation, agreements, signatures, follow-up note. Reads are audited for
    # anyone but the two people (development.records); writes go to the services, which let
    # only the two people write (403 for HR and the director, who may read).

    def _record_read(self) -> Interview:
        return records.interview_for_viewer(self.request.user, self.kwargs["pk"])

    def _visible(self) -> Interview:
        # not audited: for writes (only the two people may write) and for reads that audit
        # once they know the record exists for the viewer
        try:
            return self.get_queryset().get(pk=self.kwargs["pk"])
        except (Interview.DoesNotExist, ValueError, TypeError):
            raise Http404 from None

    def _own_side(self, interview: Interview, side: str) -> None:
        if side not in (Side.EMPLOYEE, Side.MANAGER):
            raise Http404
        if records.side_of(self.request.user, interview) != side:
            raise DjangoPermissionDenied

    @extend_schema(
        methods=["GET"],
        parameters=[SIDE],
        responses=PreparationOutput,
        summary="One side's preparation (404 for anyone but its author until it is shared)",
    )
    @extend_schema(
        methods=["PUT"],
        parameters=[SIDE],
        request=PreparationInput,
        responses=PreparationOutput,
        summary="Save your own preparation (autosave; not once the record is signed)",
    )
    @action(detail=True, methods=["get", "put"], url_path=r"preparation/(?P<side>[^/.]+)")
    def preparation(self, request, pk=None, side=None):
        if request.method == "GET":
            interview = self._visible()
            preparation = records.preparation_for(request.user, interview, side)
            records.audit_read(request.user, interview)
            return Response(_preparation_output(interview, preparation))
        data = PreparationInput(data=request.data)
        data.is_valid(raise_exception=True)
        interview = self._visible()
        self._own_side(interview, side)
        preparation = services.preparation_save(
            actor=request.user, interview=interview, answers=data.validated_data["answers"]
        )
        return Response(_preparation_output(interview, preparation))

    @extend_schema(
        parameters=[SIDE],
        request=None,
        responses=PreparationOutput,
        summary="Share your preparation with the other (the first date is kept)",
    )
    @action(detail=True, methods=["post"], url_path=r"preparation/(?P<side>[^/.]+)/share")
    def share(self, request, pk=None, side=None):
        interview = self._visible()
        self._own_side(interview, side)
        preparation = services.preparation_share(actor=request.user, interview=interview)
        return Response(_preparation_output(interview, preparation))

    @extend_schema(
        methods=["GET"],
        responses=AgreementOutput,
        summary="The agreements, their text hash and the signatures",
    )
    @extend_schema(
        methods=["PUT"],
        request=AgreementInput,
        responses=AgreementOutput,
        summary="Write down the agreements (the manager; a change voids a first signature)",
    )
    @action(detail=True, methods=["get", "put"])
    def agreement(self, request, pk=None):
        if request.method == "GET":
            return Response(_agreement_output(self._record_read()))
        data = AgreementInput(data=request.data)
        data.is_valid(raise_exception=True)
        interview = self._visible()
        services.agreement_save(actor=request.user, interview=interview, **data.validated_data)
        return Response(_agreement_output(interview))

    @extend_schema(
        request=SignInput,
        responses=AgreementOutput,
        summary="Sign the agreements over the hash of the text you read",
    )
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        data = SignInput(data=request.data)
        data.is_valid(raise_exception=True)
        interview = self._visible()
        services.agreement_sign(
            actor=request.user, interview=interview, text_hash=data.validated_data["text_hash"]
        )
        return Response(_agreement_output(interview))

    @extend_schema(
        request=FollowUpNoteInput,
        responses=AgreementOutput,
        summary="The follow-up note of a signed record",
    )
    @action(detail=True, methods=["post"], url_path="follow-up-note")
    def follow_up_note(self, request, pk=None):
        data = FollowUpNoteInput(data=request.data)
        data.is_valid(raise_exception=True)
        interview = self._visible()
        services.follow_up_note_save(
            actor=request.user, interview=interview, note=data.validated_data["note"]
        )
        return Response(_agreement_output(interview))


# Professional registration (SKJ) --------------------------------------------------------------
# The exact interface other tools use: the professions with their categories, a registration
# (HR creates; the employee, their manager and HR read it, anyone else 404, each read by someone
# else audited) with its figures on `as_of`, unrounded, and logging an activity.


class ProfessionCategoryOutput(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    required = serializers.FloatField()  # type: ignore[assignment]  # a key of the exact interface; the metaclass takes declared fields out of the class


class ProfessionOutput(serializers.ModelSerializer):
    hours_required = serializers.FloatField()
    categories = ProfessionCategoryOutput(many=True)

    class Meta:
        model = Profession
        fields = ["key", "name", "register", "hours_required", "categories"]


class RegistrationCreateInput(serializers.Serializer):
    employee = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    register = serializers.CharField(max_length=20, required=False, default="SKJ")
    number = serializers.CharField(max_length=30)
    profession = serializers.CharField(max_length=50, help_text="The profession's key.")
    registered_on = ApiDateField()
    vog_on = ApiDateField(required=False, allow_null=True, default=None)


class RegistrationCategoryOutput(serializers.Serializer):
    key = serializers.CharField()
    required = serializers.FloatField()  # type: ignore[assignment]  # a key of the exact interface; the metaclass takes declared fields out of the class
    earned = serializers.FloatField()
    short = serializers.FloatField()


class RegistrationHoursOutput(serializers.Serializer):
    required = serializers.FloatField()  # type: ignore[assignment]  # a key of the exact interface; the metaclass takes declared fields out of the class
    to_date = serializers.FloatField()
    projected = serializers.FloatField()


class RegistrationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    employee = serializers.IntegerField()
    register = serializers.CharField()
    number = serializers.CharField()
    profession = serializers.CharField(help_text="The profession's key.")
    registered_on = serializers.DateField()
    expires_on = serializers.DateField()
    submission_deadline = serializers.DateField()
    warnings = serializers.ListField(child=serializers.DateField())
    next_warning = serializers.DateField(allow_null=True)
    categories = RegistrationCategoryOutput(many=True)
    hours = RegistrationHoursOutput()
    status = serializers.ChoiceField(
        choices=["complete", "on_track", "at_risk", "overdue", "expired"]
    )


class ActivityCreateInput(serializers.Serializer):
    employee = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    title = serializers.CharField(max_length=200)
    category = serializers.CharField(max_length=50, help_text="A category key of the registration.")
    points = serializers.DecimalField(max_digits=7, decimal_places=2)
    completed_on = ApiDateField()


class ActivityOutput(serializers.Serializer):
    id = serializers.IntegerField()
    employee = serializers.IntegerField(source="employee_id")
    title = serializers.CharField()
    category = serializers.CharField()
    points = serializers.FloatField()
    completed_on = serializers.DateField()


def _registration_output(row) -> dict:
    registration, figures = row.registration, row.figures
    return RegistrationOutput(
        {
            "id": registration.pk,
            "employee": registration.employee_id,
            "register": registration.register,
            "number": registration.number,
            "profession": registration.profession.key,
            "registered_on": registration.registered_on,
            "expires_on": figures.expires_on,
            "submission_deadline": figures.submission_deadline,
            "warnings": figures.warnings,
            "next_warning": figures.next_warning,
            "categories": [
                {"key": c.key, "required": c.required, "earned": c.earned, "short": c.short}
                for c in row.categories
            ],
            "hours": {
                "required": row.hours_required,
                "to_date": figures.hours_to_date,
                "projected": figures.hours_projected,
            },
            "status": figures.status,
        }
    ).data


def _employee(pk: int) -> Employee:
    employee = Employee.objects.filter(pk=pk).first()
    if employee is None:
        raise ApplicationError(
            _("There is no employee with this id."), code="unknown_employee", field="employee"
        )
    return employee


AS_OF = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    description="The day the figures are for (YYYY-MM-DD); today when absent.",
)


@extend_schema_view(
    list=extend_schema(
        summary="The professions and the points per category they require (not paginated)"
    )
)
class ProfessionViewSet(NumericIds, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = ProfessionOutput
    permission_classes = [Can.do("development.registration_view")]
    pagination_class = None
    queryset = Profession.objects.none()

    def get_queryset(self):
        return Profession.objects.prefetch_related(
            Prefetch("categories", queryset=RequirementCategory.objects.order_by("position", "pk"))
        ).order_by("position", "name")


class RegistrationViewSet(NumericIds, viewsets.GenericViewSet):
    serializer_class = RegistrationOutput
    permission_classes = [Can]  # reads: 404 for whom the user may not see; writes: HR (403)
    queryset = Registration.objects.none()

    @extend_schema(
        request=RegistrationCreateInput,
        responses={201: RegistrationOutput},
        summary="Register an employee's professional registration (HR)",
    )
    def create(self, request):
        require(request.user, "development.registration_manage")
        data = RegistrationCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["employee"] = _employee(values["employee"])
        registration = registration_save(request.user, **values)
        row = registration_figures_of(registration, timezone.localdate())
        return Response(_registration_output(row), status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[AS_OF],
        responses=RegistrationOutput,
        summary="A registration with its figures on `as_of`: period, deadline, points, hours",
    )
    def retrieve(self, request, pk=None):
        raw = request.query_params.get("as_of")
        as_of = timezone.localdate() if raw is None else parse_date(raw, "as_of")
        registration = registration_for_viewer(request.user, pk)
        return Response(_registration_output(registration_figures_of(registration, as_of)))


class ActivityViewSet(NumericIds, viewsets.GenericViewSet):
    serializer_class = ActivityOutput
    permission_classes = [Can.do("development.activity_log")]
    queryset = Activity.objects.none()

    @extend_schema(
        request=ActivityCreateInput,
        responses={201: ActivityOutput},
        summary="Log an activity for a registration (yourself; HR for anyone)",
    )
    def create(self, request):
        data = ActivityCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        me = employee_of(request.user)
        if not can(request.user, "development.registration_manage") and (
            me is None or me.pk != values["employee"]
        ):
            raise DjangoPermissionDenied
        values["employee"] = _employee(values["employee"])
        activity = activity_log(request.user, **values)
        return Response(ActivityOutput(activity).data, status=status.HTTP_201_CREATED)
