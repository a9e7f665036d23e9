"""The annual development interview (development.md): a cycle per calendar year, one interview
per employee in it, and the time slots managers publish and employees book.

The database decides what two requests may not both do: a slot carries at most one interview
(`Interview.slot` is one-to-one), a person has one interview per cycle, and there is at most one
open cycle. The services check first so that users get a message; the constraints decide races."""

from __future__ import annotations

import uuid

from django.conf import settings
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
