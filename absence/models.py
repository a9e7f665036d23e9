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

PRIVACY_WARNING = _(
    "Never enter medical details here: no diagnosis, symptoms, cause, treatment or doctors. "
    "The company doctor keeps those in ArboNed's own system."
)


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


# Reintegration under the Gatekeeper Act (issue 7) ------------------------------------------------


class ReintegrationCase(models.Model):
    """One chain of sickness episodes (poortwachter.md) that ran past sick day 7. Found by the
    employee and the chain's first sick day; the episodes themselves stay in `Episode`. Closed
    when the chain's last episode is recovered; reopened when a new episode joins the chain."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="cases"
    )
    chain_start = models.DateField(_("first sick day of the chain"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_cases",
        help_text=_("The adjunct-director or the absence specialist."),
    )
    closed_on = models.DateField(
        _("closed on"), null=True, blank=True, help_text=_("The day of full recovery.")
    )
    wia_letter_date = models.DateField(
        _("WIA application date from UWV's week-88 letter"),
        validators=[validate_date],
        null=True,
        blank=True,
        help_text=_("When recorded, this date is the deadline of the WIA application."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reintegration case")
        verbose_name_plural = _("reintegration cases")
        ordering = ["-chain_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "chain_start"], name="absence_case_unique_chain"
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee} ({self.chain_start:%d-%m-%Y})"

    def get_absolute_url(self) -> str:
        return reverse("absence:case_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class CaseRecord(models.Model):
    """Something that happened in a case: a consultation with ArboNed's company doctor, the
    problem analysis, the action plan, an evaluation, a report to UWV... Work capacity only: what
    the employee can and cannot do, and for how many hours. Never anything medical."""

    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("Consultation with the company doctor")
        PROBLEM_ANALYSIS = "problem_analysis", _("Problem analysis")
        ACTION_PLAN = "action_plan", _("Action plan")
        PLAN_EVALUATION = "plan_evaluation", _("Evaluation of the action plan")
        UWV_42_WEEK_REPORT = "uwv_42_week_report", _("42nd-week sick report to UWV")
        FIRST_YEAR_EVALUATION = "first_year_evaluation", _("First-year evaluation")
        TRACK_2_START = "track_2_start", _("Start of track 2")
        FINAL_EVALUATION = "final_evaluation", _("Final evaluation")
        WIA_APPLICATION = "wia_application", _("WIA application")
        OTHER = "other", _("Other conversation or agreement")

    class Track(models.TextChoices):
        ONE = "1", _("Track 1: own or adjusted work with this employer")
        TWO = "2", _("Track 2: work with another employer")

    case = models.ForeignKey(
        ReintegrationCase, on_delete=models.CASCADE, related_name="records", verbose_name=_("case")
    )
    kind = models.CharField(_("what"), max_length=30, choices=Kind.choices)
    date = models.DateField(_("date"), validators=[validate_date])
    company_doctor = models.CharField(_("company doctor"), max_length=120, blank=True)
    hours_per_day = models.DecimalField(
        _("can work (hours per day)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("24"))],
    )
    can_do = LimitedTextField(_("what the employee can do"), max_length=2000, blank=True)
    cannot_do = LimitedTextField(
        _("what the employee cannot do (yet)"), max_length=2000, blank=True
    )
    next_consultation = models.DateField(
        _("next consultation"), validators=[validate_date], null=True, blank=True
    )
    goal = LimitedTextField(_("goal"), max_length=2000, blank=True)
    track = models.CharField(_("track"), max_length=1, choices=Track.choices, blank=True)
    signed_by_employer = models.DateField(
        _("signed by the employer on"), validators=[validate_date], null=True, blank=True
    )
    signed_by_employee = models.DateField(
        _("signed by the employee on"), validators=[validate_date], null=True, blank=True
    )
    notes = LimitedTextField(_("notes"), max_length=5000, blank=True)
    employee_view = LimitedTextField(
        _("the employee's view"),
        max_length=5000,
        blank=True,
        help_text=_("Written by the employee: their own view on the plan or the evaluation."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("case record")
        verbose_name_plural = _("case records")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d-%m-%Y}"

    def get_absolute_url(self) -> str:
        return f"{self.case.get_absolute_url()}#record-{self.pk}"


class CaseActivity(models.Model):
    """An agreed activity in the action plan, with who does it and by when (therapeutic work
    is such an activity: the employee stays fully sick)."""

    record = models.ForeignKey(CaseRecord, on_delete=models.CASCADE, related_name="activities")
    description = models.CharField(_("activity"), max_length=300)
    owner = models.CharField(_("who"), max_length=120)
    due = models.DateField(_("by"), validators=[validate_date])
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        verbose_name = _("agreed activity")
        verbose_name_plural = _("agreed activities")
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return self.description


class CaseDocument(models.Model):
    """A PDF belonging to a record. Stored outside the web root (PRIVATE_MEDIA_ROOT) and served
    only through the permission check, with each read audited."""

    record = models.ForeignKey(CaseRecord, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to="cases/%Y/%m/", max_length=255)
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("absence:case_document", args=[self.pk])


class ReminderSent(models.Model):
    """A deadline reminder that went out: never twice for the same milestone, due date, stage."""

    case = models.ForeignKey(ReintegrationCase, on_delete=models.CASCADE, related_name="+")
    milestone = models.CharField(max_length=40)
    due = models.DateField()
    stage = models.CharField(max_length=10)  # "14", "3" or "overdue"
    recipient = models.EmailField()
    sent_on = models.DateField()

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "milestone", "due", "stage"], name="absence_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.milestone} {self.stage}"


class CalendarFeed(models.Model):
    """A case owner's private iCalendar feed; a new token revokes the old URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user}"
