"""Sickness episodes, partial recovery and pregnancy/maternity leave (WAZO).

Only what the Dutch DPA allows an employer to record (shared/domain/privacy.md): dates, the
recovery percentage as the company doctor advised, expected duration, contact address and
availability while sick, and three yes/no flags. No diagnosis, cause, symptoms or anything
medical, anywhere. Workflow lives in services.py."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.dates import validate_date
from core.fields import LimitedTextField
from hrm.models import Employee


class EpisodeQuerySet(models.QuerySet):
    def open_on(self, day: date) -> EpisodeQuerySet:
        return self.filter(first_sick_day__lte=day).filter(
            Q(recovered_on__isnull=True) | Q(recovered_on__gt=day)
        )

    def still_open(self) -> EpisodeQuerySet:
        return self.filter(recovered_on__isnull=True)


class Episode(models.Model):
    """A sickness episode: from the first sick day until `recovered_on`, the first day the
    employee is fully fit again (not a sick day). Open while `recovered_on` is empty."""

    # what a write did besides the obvious, told to the user (set by the services, not stored)
    notes: list[str]

    class ExpectedDuration(models.TextChoices):
        UNKNOWN = "unknown", _("Unknown")
        DAYS = "days", _("A few days")
        WEEK = "week", _("About a week")
        WEEKS = "weeks", _("Two to six weeks")
        MONTHS = "months", _("Six weeks to three months")
        LONG = "long", _("Longer than three months")

    class ArboChannel(models.TextChoices):
        EMAIL = "email", _("By e-mail from PlusTeam HR")
        PORTAL = "portal", _("Via the ArboNed portal")
        IMPORT = "import", _("Outside PlusTeam HR (imported history)")

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="episodes"
    )
    first_sick_day = models.DateField(_("first sick day"), validators=[validate_date])
    recovered_on = models.DateField(
        _("recovered on"),
        validators=[validate_date],
        null=True,
        blank=True,
        help_text=_("The first day fully fit again. Empty while sick."),
    )
    expected_duration = models.CharField(
        _("expected duration"),
        max_length=20,
        choices=ExpectedDuration.choices,
        default=ExpectedDuration.UNKNOWN,
        help_text=_("As the employee or the company doctor states it."),
    )
    contact_address = LimitedTextField(
        _("address while sick"),
        max_length=500,
        blank=True,
        help_text=_("Only when not at the home address."),
    )
    contact_phone = models.CharField(_("phone number while sick"), max_length=30, blank=True)
    availability = LimitedTextField(_("availability for appointments"), max_length=1000, blank=True)
    safety_net = models.BooleanField(
        _("safety-net scheme applies"),
        default=False,
        help_text=_("Vangnetregeling: yes or no only, never which or why."),
    )
    work_accident = models.BooleanField(_("follows a work accident"), default=False)
    third_party_liable = models.BooleanField(
        _("a third party may be liable"),
        default=False,
        help_text=_("For example a traffic accident (recourse)."),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    arbo_notified_at = models.DateTimeField(_("passed to ArboNed"), null=True, blank=True)
    arbo_channel = models.CharField(
        _("how"), max_length=10, choices=ArboChannel.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EpisodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("sickness episode")
        verbose_name_plural = _("sickness episodes")
        ordering = ["-first_sick_day"]
        indexes = [models.Index(fields=["employee", "first_sick_day"])]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "first_sick_day"], name="absence_episode_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(recovered_on__isnull=True) | Q(recovered_on__gt=F("first_sick_day")),
                name="absence_episode_recovery_after_start",
                violation_error_message=_("The recovery date must be after the first sick day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.first_sick_day:%d-%m-%Y}"

    def get_absolute_url(self) -> str:
        return reverse("absence:episode_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.recovered_on is None

    def last_sick_day(self) -> date | None:
        return self.recovered_on - timedelta(days=1) if self.recovered_on else None

    def sick_day_number(self, today: date) -> int:
        """Calendar sick day of this episode on `today` (1 on the first sick day)."""
        end = min(today, self.recovered_on - timedelta(days=1)) if self.recovered_on else today
        return max((end - self.first_sick_day).days + 1, 0)

    def work_percentage_on(self, day: date) -> Decimal:
        """How much of the contract the employee works on `day` (0 = fully sick)."""
        steps = [p for p in self.partial_recoveries.all() if p.start <= day]
        return max(steps, key=lambda p: p.start).percentage if steps else Decimal("0")


class PartialRecovery(models.Model):
    """From `start` the employee works `percentage` % of the contract (the company doctor's
    advice, not the employee's estimate). Work on a therapeutic basis is not a partial recovery."""

    episode = models.ForeignKey(
        Episode, on_delete=models.CASCADE, related_name="partial_recoveries"
    )
    start = models.DateField(_("from"), validators=[validate_date])
    percentage = models.DecimalField(
        _("works (percentage of contract)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("99.99"))],
    )

    class Meta:
        verbose_name = _("partial recovery")
        verbose_name_plural = _("partial recoveries")
        ordering = ["episode", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "start"], name="absence_partial_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(percentage__gte=0) & Q(percentage__lt=100),
                name="absence_partial_percentage_range",
                violation_error_message=_(
                    "The percentage is at least 0 and below 100 (100 means recovered)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.episode}: {self.percentage}% from {self.start:%d-%m-%Y}"


class MaternityLeave(models.Model):
    """Pregnancy and maternity leave (WAZO): leave, not sickness. No episode may overlap it."""

    # what recording the leave did to episodes, told to the user (set by the services, not stored)
    notes: list[str]

    employee = models.ForeignKey(
        Employee,
        verbose_name=_("employee"),
        on_delete=models.CASCADE,
        related_name="maternity_leaves",
    )
    start = models.DateField(_("start"), validators=[validate_date])
    end = models.DateField(
        _("end"),
        validators=[validate_date],
        help_text=_("Inclusive: the last day of the leave."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pregnancy and maternity leave")
        verbose_name_plural = _("pregnancy and maternity leave")
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "start"], name="absence_leave_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="absence_leave_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.start:%d-%m-%Y} – {self.end:%d-%m-%Y}"


class EpisodeChange(models.Model):
    """The history of an episode: every report, recovery, partial recovery and correction, with
    who did it, when, the reason (required for corrections) and the values before and after."""

    class Action(models.TextChoices):
        REPORTED = "reported", _("reported sick")
        RECOVERED = "recovered", _("reported recovered")
        PARTIAL = "partial", _("partial recovery")
        CORRECTED = "corrected", _("corrected")
        ENDED_BY_LEAVE = "ended_by_leave", _("ended by maternity leave")
        ARBO = "arbo", _("passed to ArboNed")
        IMPORTED = "imported", _("imported")

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    reason = LimitedTextField(max_length=2000, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("episode change")
        verbose_name_plural = _("episode changes")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.episode} {self.action} {self.at:%Y-%m-%d %H:%M}"


class Dispatch(models.Model):
    """One scheduled e-mail sent to one recipient (the weekly digest, the monthly board report).
    The unique key makes the tasks idempotent: a retried or repeated run for the same period
    does not send twice."""

    class Kind(models.TextChoices):
        DIGEST = "digest", _("weekly absence digest")
        BOARD_REPORT = "board_report", _("monthly board report")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    period = models.CharField(_("period"), max_length=10, help_text=_("YYYY-Www or YYYY-MM"))
    recipient = models.EmailField(_("recipient"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent report")
        verbose_name_plural = _("sent reports")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "period", "recipient"], name="absence_dispatch_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period} → {self.recipient}"
