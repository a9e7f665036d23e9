"""The Gatekeeper Act file (Wet verbetering poortwachter): one reintegration case per chain of
sickness episodes that ran past sick day 7, what was recorded in it (consultations, the problem
analysis, the action plan, evaluations, reports to UWV) with the agreed activities and PDF
documents, and the deadline reminders that went out.

Work capacity only: what the employee can and cannot do, never anything medical (privacy.md).
The sickness episodes themselves belong to `absence`; a case finds its chain by the employee and
the chain's first sick day. The tables were created by the absence app and keep their names."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.dates import validate_date
from core.fields import LimitedTextField
from hrm.models import Employee


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
        db_table = "absence_reintegrationcase"
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
        return reverse("reintegration:case_detail", args=[self.pk])

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
        db_table = "absence_caserecord"
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
        db_table = "absence_caseactivity"
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
        db_table = "absence_casedocument"
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("reintegration:case_document", args=[self.pk])


class ReminderSent(models.Model):
    """A deadline reminder that went out: never twice for the same milestone, due date, stage."""

    case = models.ForeignKey(ReintegrationCase, on_delete=models.CASCADE, related_name="+")
    milestone = models.CharField(max_length=40)
    due = models.DateField()
    stage = models.CharField(max_length=10)  # "14", "3" or "overdue"
    recipient = models.EmailField()
    sent_on = models.DateField()

    class Meta:
        db_table = "absence_remindersent"
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "milestone", "due", "stage"], name="absence_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.milestone} {self.stage}"
