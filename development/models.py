"""The annual development interview (development.md): a cycle per calendar year, one interview
per employee in it, and the time slots managers publish and employees book.

The database decides what two requests may not both do: a slot carries at most one interview
(`Interview.slot` is one-to-one), a person has one interview per cycle, and there is at most one
open cycle. The services check first so that users get a message; the constraints decide races."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.dates import validate_date
from core.fields import LimitedTextField


class FormTemplate(models.Model):
    """The preparation form of a cycle: sections, each with questions, for the employee or the
    manager. `sections` is a list of {"key", "title", "side", "questions": [{"key", "text",
    "help"}]} checked by `development.questions.check_sections`; a cycle keeps the template
    it was opened with, so a record always shows the questions its answers belong to."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    sections = models.JSONField(_("sections and questions"), default=list)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("form template")
        verbose_name_plural = _("form templates")
        ordering = ["name"]

    def __str__(self) -> str:
        return str(self.name)

    def clean(self) -> None:
        from development.questions import check_sections

        check_sections(self.sections)


class Cycle(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    deadline = models.DateField(_("deadline"), validators=[validate_date])
    template = models.ForeignKey(
        "development.FormTemplate",
        verbose_name=_("form template"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cycles",
        help_text=_("The sections and questions both people fill in before the interview."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("interview cycle")
        verbose_name_plural = _("interview cycles")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="open"),
                name="development_cycle_one_open",
                violation_error_message=_("Another cycle is still open."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="development_cycle_year_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Slot(models.Model):
    """A time a manager offers for an interview. Times are aware datetimes (stored in UTC, shown
    in Europe/Amsterdam)."""

    manager = models.ForeignKey(
        "hrm.Employee",
        verbose_name=_("manager"),
        on_delete=models.CASCADE,
        related_name="interview_slots",
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("interview slot")
        verbose_name_plural = _("interview slots")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="development_slot_end_after_start",
                violation_error_message=_("A slot ends after it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(location="") | ~Q(video_link=""),
                name="development_slot_has_place",
                violation_error_message=_("A slot needs a location or a video link."),
            ),
            models.UniqueConstraint(
                fields=["manager", "start"],
                name="development_slot_unique_start",
                violation_error_message=_("This manager already has a slot at that time."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.manager} {self.start:%Y-%m-%d %H:%M}"


class Interview(models.Model):
    class Status(models.TextChoices):
        TO_PLAN = "to_plan", _("To plan")
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        # its own msgid: "Ondertekend", as the signatures say (reintegration's "Signed" differs)
        SIGNED = "signed", pgettext_lazy("interview status", "Signed")
        NOT_THIS_YEAR = "not_this_year", _("Not this year")

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.CASCADE, related_name="interviews"
    )
    employee = models.ForeignKey(
        "hrm.Employee",
        verbose_name=_("employee"),
        on_delete=models.CASCADE,
        related_name="development_interviews",
    )
    manager = models.ForeignKey(
        "hrm.Employee",
        verbose_name=_("manager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="development_interviews_held",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.TO_PLAN
    )
    not_this_year_reason = LimitedTextField(_("reason"), max_length=2000, blank=True)
    # The booked slot: one-to-one, so of two bookings of one slot the database lets one win.
    slot = models.OneToOneField(
        Slot,
        verbose_name=_("slot"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interview",
    )
    # The calendar identity: one UID for the interview's whole life; SEQUENCE is raised in the
    # same transaction as every change of its time or place (booking, moving, cancelling).
    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    # The time and place of the slot last freed by a cancel: the CANCEL invitation names them.
    last_start = models.DateTimeField(_("last start"), null=True, blank=True)
    last_end = models.DateTimeField(_("last end"), null=True, blank=True)
    last_location = models.CharField(_("last location"), max_length=200, blank=True)
    # Reminders go once each (Celery beat): to book, and to the manager to sign.
    booking_reminder_sent_at = models.DateTimeField(
        _("booking reminder sent"), null=True, blank=True
    )
    signing_reminder_sent_at = models.DateTimeField(
        _("signing reminder sent"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("development interview")
        verbose_name_plural = _("development interviews")
        ordering = ["cycle", "employee"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "employee"],
                name="development_interview_one_per_cycle",
                violation_error_message=_("This person already has an interview in this cycle."),
            ),
            models.CheckConstraint(
                condition=~Q(status="not_this_year") | ~Q(not_this_year_reason=""),
                name="development_interview_not_this_year_reason",
                violation_error_message=_("Say why there is no interview this year."),
            ),
            models.CheckConstraint(
                condition=~Q(status="planned") | Q(slot__isnull=False),
                name="development_interview_planned_has_slot",
                violation_error_message=_("A planned interview has a slot."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["to_plan", "not_this_year"]) | Q(slot__isnull=True),
                name="development_interview_unplanned_has_no_slot",
                violation_error_message=_("An interview that is not planned has no slot."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.cycle}"

    def talk_started(self, now=None) -> bool:
        """Held, or planned and its time has come: agreements are written down during or after
        the talk, not before."""
        from django.utils import timezone

        if self.status == self.Status.HELD:
            return True
        return (
            self.status == self.Status.PLANNED
            and self.slot is not None
            and self.slot.start <= (now or timezone.now())
        )


class Side(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    MANAGER = "manager", _("Manager")


class Preparation(models.Model):
    """One person's preparation of an interview: answers to their side's questions of the
    cycle's template. Private to its author until `shared_at` is set (the query layer in
    `development.selectors` decides who sees it)."""

    interview = models.ForeignKey(
        Interview,
        verbose_name=_("interview"),
        on_delete=models.CASCADE,
        related_name="preparations",
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    shared_at = models.DateTimeField(_("shared on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("preparation")
        verbose_name_plural = _("preparations")
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "side"],
                name="development_preparation_one_per_side",
                violation_error_message=_("This preparation exists already."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interview} {self.side}"


class Agreement(models.Model):
    """What the two agreed, written down by the manager during or after the talk. Both sign;
    a signature covers the exact text (`Signature.text_hash`). Once both signed, the record is
    read-only apart from the follow-up note."""

    interview = models.OneToOneField(
        Interview,
        verbose_name=_("interview"),
        on_delete=models.CASCADE,
        related_name="agreement",
    )
    goals = LimitedTextField(_("development goals"), max_length=5000, blank=True)
    support = LimitedTextField(_("support"), max_length=5000, blank=True)
    follow_up_on = models.DateField(
        _("follow-up date"), null=True, blank=True, validators=[validate_date]
    )
    follow_up_note = LimitedTextField(_("follow-up note"), max_length=5000, blank=True)
    follow_up_note_at = models.DateTimeField(_("follow-up note updated"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signed by both"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return str(self.interview)


class TrainingWish(models.Model):
    """A training wish agreed in the talk, one row each so that it can become an item of the
    training plan later."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="training_wishes",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("training wish"), max_length=500)

    class Meta:
        verbose_name = _("training wish")
        verbose_name_plural = _("training wishes")
        ordering = ["agreement", "position", "pk"]

    def __str__(self) -> str:
        return str(self.text)


class Signature(models.Model):
    """A signature of the agreement by one of the two people, over the SHA-256 of the exact
    text signed. A change of the text before the second signature voids the first
    (`voided_at`); at most one valid signature per side, decided by the database."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="signatures",
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    signer = models.ForeignKey(
        "hrm.Employee",
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text_hash = models.CharField(_("hash of the signed text"), max_length=64)
    signed_at = models.DateTimeField(_("signed"), auto_now_add=True)
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "side"],
                condition=Q(voided_at__isnull=True),
                name="development_signature_one_valid_per_side",
                violation_error_message=_("This side has signed already."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} {self.side}"


# The annual training plan (jaarplan deskundigheidsbevordering) ----------------------------------

MAX_POINTS = Decimal("1000")
MAX_AMOUNT = Decimal("9999999")


class TrainingPlan(models.Model):
    """One plan per calendar year with its budget; teams may have a budget of their own
    (`TeamBudget`). Committed, spent and left are computed from the items (never stored)."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    budget = models.DecimalField(
        _("budget (euro)"),
        max_digits=11,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_AMOUNT)],
    )
    note = LimitedTextField(_("note"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(_("Training plan %(year)s") % {"year": self.year})


class TeamBudget(models.Model):
    plan = models.ForeignKey(
        TrainingPlan,
        verbose_name=_("training plan"),
        on_delete=models.CASCADE,
        related_name="team_budgets",
    )
    team = models.ForeignKey(
        "hrm.Team", verbose_name=_("team"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(
        _("budget (euro)"),
        max_digits=11,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_AMOUNT)],
    )

    class Meta:
        verbose_name = _("team budget")
        verbose_name_plural = _("team budgets")
        ordering = ["plan", "team__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "team"],
                name="development_teambudget_one_per_team",
                violation_error_message=_("This team has a budget in this plan already."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.team}"


class PlanItem(models.Model):
    """A training in the plan: from an interview's training wish (`wish`, linked both ways),
    asked for by an employee (`requested_by`), or organisation-wide. `points` holds the
    registration points it earns per category ({"training": 16}); once done, it counts for each
    participant's registration on `completed_on`."""

    class Status(models.TextChoices):
        WISH = "wish", _("Wish")
        APPROVED = "approved", _("Approved")
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    class CostBasis(models.TextChoices):
        PER_PERSON = "per_person", _("per participant")
        TOTAL = "total", _("in total")

    plan = models.ForeignKey(
        TrainingPlan,
        verbose_name=_("training plan"),
        on_delete=models.PROTECT,
        related_name="items",
    )
    title = models.CharField(_("title"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    description = LimitedTextField(_("description"), max_length=5000, blank=True)
    organisation_wide = models.BooleanField(
        _("organisation-wide"),
        default=False,
        help_text=_("For everyone or a whole team (for example SCHIP training or intervision)."),
    )
    team = models.ForeignKey(
        "hrm.Team",
        verbose_name=_("team budget"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Charged to this team's budget; empty: only the plan's budget."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WISH
    )
    hours = models.DecimalField(
        _("hours per participant"),
        max_digits=6,
        decimal_places=1,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal("2000"))],
    )
    cost = models.DecimalField(
        _("cost (euro)"),
        max_digits=11,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_AMOUNT)],
    )
    cost_basis = models.CharField(
        _("cost is"), max_length=10, choices=CostBasis.choices, default=CostBasis.PER_PERSON
    )
    points = models.JSONField(
        _("registration points per category"),
        default=dict,
        blank=True,
        help_text=_('For example {"training": 16}; empty: does not count for registration.'),
    )
    wish = models.OneToOneField(
        TrainingWish,
        verbose_name=_("training wish"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_item",
    )
    requested_by = models.ForeignKey(
        "hrm.Employee",
        verbose_name=_("asked for by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    request_reason = LimitedTextField(_("why"), max_length=2000, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    director_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by the director"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    director_approved_at = models.DateTimeField(
        _("approved by the director"), null=True, blank=True
    )
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("declined by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decline_reason = models.CharField(_("reason"), max_length=500, blank=True)
    completed_on = models.DateField(
        _("completed on"),
        null=True,
        blank=True,
        validators=[validate_date],
        help_text=_("The day it counts for registration; set when it is marked done."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["plan", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | Q(completed_on__isnull=False),
                name="development_planitem_done_has_date",
                violation_error_message=_(
                    "A training that is done needs the day it was completed."
                ),
            ),
        ]
        indexes = [models.Index(fields=["plan", "status"])]

    def __str__(self) -> str:
        return str(self.title)


class PlanParticipant(models.Model):
    item = models.ForeignKey(
        PlanItem, verbose_name=_("training"), on_delete=models.CASCADE, related_name="participants"
    )
    employee = models.ForeignKey(
        "hrm.Employee",
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="training_participations",
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["item", "employee__sort_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "employee"],
                name="development_planparticipant_once",
                violation_error_message=_("This person takes part already."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.employee}"


class PlanSession(models.Model):
    """A date and time of a training; planned sessions appear in participants' calendar feeds."""

    item = models.ForeignKey(
        PlanItem, verbose_name=_("training"), on_delete=models.CASCADE, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("location"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="development_plansession_ends_after_start",
                violation_error_message=_("A session ends after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.starts_at:%Y-%m-%d %H:%M}"


# Professional registration (SKJ) ----------------------------------------------------------------


class Profession(models.Model):
    """A profession (register section and diploma) with its re-registration requirements: data
    that HR keeps, because SKJ changes them over time (development.md)."""

    key = models.SlugField(_("key"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=150)
    register = models.CharField(_("register"), max_length=20, default="SKJ")
    hours_required = models.DecimalField(
        _("work hours required in the period"),
        max_digits=7,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal("20000"))],
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("profession")
        verbose_name_plural = _("professions")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return str(self.name)


class RequirementCategory(models.Model):
    """The points a profession needs in one category in the period (no surplus moves between
    categories)."""

    profession = models.ForeignKey(
        Profession,
        verbose_name=_("profession"),
        on_delete=models.CASCADE,
        related_name="categories",
    )
    key = models.SlugField(_("key"), max_length=50)
    name = models.CharField(_("name"), max_length=150)
    required = models.DecimalField(
        _("points required"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_POINTS)],
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("points category")
        verbose_name_plural = _("points categories")
        ordering = ["profession", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["profession", "key"],
                name="development_requirementcategory_key_once",
                violation_error_message=_("This profession has this category already."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.name)


class Registration(models.Model):
    """An employee's registration in a professional register for one 5-year period, from
    `registered_on` (a re-registration is a new row). `hours_required` and
    `category_overrides` ({"reflection": 60, "extra-key": 10}) hold what SKJ set differently or
    additionally for this person; empty: the profession's table applies."""

    employee = models.ForeignKey(
        "hrm.Employee",
        verbose_name=_("employee"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    register = models.CharField(_("register"), max_length=20, default="SKJ")
    number = models.CharField(_("registration number"), max_length=30)
    profession = models.ForeignKey(
        Profession,
        verbose_name=_("profession"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    registered_on = models.DateField(_("(re)registered on"), validators=[validate_date])
    hours_required = models.DecimalField(
        _("work hours required (different for this person)"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal("20000"))],
    )
    category_overrides = models.JSONField(
        _("points required (different for this person)"),
        default=dict,
        blank=True,
        help_text=_('For example {"reflection": 60}; a new key adds a category.'),
    )
    override_note = models.CharField(_("what SKJ set for this person"), max_length=500, blank=True)
    vog_on = models.DateField(
        _("certificate of conduct (VOG) dated"),
        null=True,
        blank=True,
        validators=[validate_date],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("professional registration")
        verbose_name_plural = _("professional registrations")
        ordering = ["employee__sort_name", "-registered_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "register", "registered_on"],
                name="development_registration_one_per_period",
                violation_error_message=_(
                    "This employee has a registration in this register from this date already."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.register} {self.number}"


class Activity(models.Model):
    """A professional development activity the employee (or HR) logged: it counts for the
    registration whose period holds `completed_on`. Done training items of the plan count
    too, without a row here."""

    employee = models.ForeignKey(
        "hrm.Employee",
        verbose_name=_("employee"),
        on_delete=models.PROTECT,
        related_name="development_activities",
    )
    title = models.CharField(_("title"), max_length=200)
    category = models.SlugField(_("category"), max_length=50)
    points = models.DecimalField(
        _("points"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_POINTS)],
    )
    completed_on = models.DateField(_("completed on"), validators=[validate_date])
    certificate = models.FileField(
        _("certificate (PDF)"), upload_to="certificates/%Y/", max_length=255, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("logged"), auto_now_add=True)

    class Meta:
        verbose_name = _("development activity")
        verbose_name_plural = _("development activities")
        ordering = ["-completed_on", "-pk"]
        indexes = [models.Index(fields=["employee", "completed_on"])]

    def __str__(self) -> str:
        return str(self.title)


class RegistrationWarning(models.Model):
    """A warning about a registration that went out (12, 6 and 1 month(s) before the submission
    deadline and on it): never twice for the same date, decided by the database."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="warnings_sent"
    )
    warning_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("registration warning sent")
        verbose_name_plural = _("registration warnings sent")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "warning_on"], name="development_registrationwarning_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration} {self.warning_on}"
