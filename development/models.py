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

from core.dates import validate_date
from core.fields import LimitedTextField


class Cycle(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    deadline = models.DateField(_("deadline"), validators=[validate_date])
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
        SIGNED = "signed", _("Signed")
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
