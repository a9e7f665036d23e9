"""People, teams, contract periods and role assignments.

Deliberately absent: BSN, date of birth, private address and anything medical."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import periods
from core.dates import validate_date
from core.roles import ASSIGNABLE_ROLES, Role

MAX_HOURS_PER_WEEK = Decimal("60")

# Dutch surname prefixes (tussenvoegsels): "Marieke de Vries" sorts under V.
NAME_PREFIXES = {
    "van",
    "de",
    "den",
    "der",
    "het",
    "te",
    "ten",
    "ter",
    "op",
    "in",
    "uit",
    "aan",
    "'t",
    "d'",
    "la",
    "le",
}


def sort_name(first_name: str, last_name: str) -> str:
    words = last_name.split()
    while len(words) > 1 and words[0].lower() in NAME_PREFIXES:
        words.pop(0)
    return f"{' '.join(words)} {last_name} {first_name}".lower()[:255]


class Team(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.CharField(_("description"), max_length=255, blank=True)

    fte: Decimal  # not a column: full-time equivalents today, set by hrm.selectors.team_overview

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EmployeeQuerySet(models.QuerySet["Employee"]):
    def employed_on(self, day: date) -> EmployeeQuerySet:
        return self.filter(
            Q(contracts__start__lte=day)
            & (Q(contracts__end__isnull=True) | Q(contracts__end__gte=day))
        ).distinct()

    def with_contracts(self) -> EmployeeQuerySet:
        return self.select_related("user", "manager").prefetch_related(
            models.Prefetch("contracts", queryset=ContractPeriod.objects.select_related("team"))
        )


class Employee(models.Model):
    class ExitReason(models.TextChoices):
        OWN_REQUEST = "own_request", _("Own request")
        FIXED_TERM_ENDED = "fixed_term_ended", _("End of fixed-term contract")
        DISMISSAL = "dismissal", _("Dismissal")
        RETIREMENT = "retirement", _("Retirement")
        OTHER = "other", _("Other")

    personnel_number = models.CharField(_("personnel number"), max_length=20, unique=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(
        _("last name"), max_length=150, help_text=_("Including prefixes, e.g. 'van der Berg'.")
    )
    email = models.EmailField(_("work e-mail"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employee",
    )
    manager = models.ForeignKey(
        "self",
        verbose_name=_("manager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
    )
    sort_name = models.CharField(max_length=255, editable=False, db_index=True, default="")
    exit_date = models.DateField(
        _("exit date"),
        validators=[validate_date],
        null=True,
        blank=True,
        help_text=_("Last working day; the login stops after it."),
    )
    exit_reason = models.CharField(
        _("exit reason"), max_length=30, choices=ExitReason.choices, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["sort_name", "personnel_number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(exit_date__isnull=True) | ~Q(exit_reason=""),
                name="hrm_employee_exit_has_reason",
                violation_error_message=_("An exit date needs a reason."),
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        self.sort_name = sort_name(self.first_name, self.last_name)
        if kwargs.get("update_fields") is not None and {"first_name", "last_name"} & set(
            kwargs["update_fields"]
        ):
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("hrm:employee_detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    # The helpers below read the prefetched contracts (with_contracts()), so lists stay at a
    # constant number of queries.
    def sorted_contracts(self) -> list[ContractPeriod]:
        return sorted(self.contracts.all(), key=lambda c: c.start)

    def contract_on(self, day: date) -> ContractPeriod | None:
        for contract in self.sorted_contracts():
            if contract.covers(day):
                return contract
        return None

    def current_or_last_contract(self, today: date) -> ContractPeriod | None:
        contracts = self.sorted_contracts()
        current = next((c for c in contracts if c.covers(today)), None)
        if current:
            return current
        past = [c for c in contracts if c.start <= today]
        return past[-1] if past else (contracts[0] if contracts else None)

    def status_on(self, today: date) -> str:
        if self.contract_on(today):
            return "active"
        if any(c.start > today for c in self.contracts.all()):
            return "future"
        return "left"


class ContractPeriod(models.Model):
    """A period of employment with fixed hours, team and job. Periods of one employee never
    overlap: checked in `clean()` with a clear message and enforced by the database
    (an exclusion constraint on PostgreSQL, triggers on SQLite; see migration 0002)."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="contracts"
    )
    start = models.DateField(_("start"), validators=[validate_date])
    end = models.DateField(
        _("end"),
        validators=[validate_date],
        null=True,
        blank=True,
        help_text=_("Inclusive. Empty: open-ended."),
    )
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_HOURS_PER_WEEK)],
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="contracts"
    )
    job_title = models.CharField(_("job title"), max_length=100)

    class Meta:
        verbose_name = _("contract period")
        verbose_name_plural = _("contract periods")
        ordering = ["employee", "start"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "start"], name="hrm_contract_unique_start"),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="hrm_contract_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0) & Q(hours_per_week__lte=MAX_HOURS_PER_WEEK),
                name="hrm_contract_hours_range",
                violation_error_message=_("Hours per week must be more than 0 and at most 60."),
            ),
        ]

    def __str__(self) -> str:
        end = self.end.isoformat() if self.end else "…"
        return f"{self.employee} {self.start.isoformat()} – {end} ({self.hours_per_week} h, {self.team})"

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def overlaps(self, start: date, end: date | None) -> bool:
        return periods.overlaps(
            self.start, periods.exclusive(self.end), start, periods.exclusive(end)
        )

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end date cannot be before the start date.")})
        if self.employee_id and self.start:
            others = ContractPeriod.objects.filter(employee_id=self.employee_id).exclude(pk=self.pk)
            for other in others:
                if other.overlaps(self.start, self.end):
                    raise ValidationError(
                        {
                            "start": _(
                                "This period overlaps the contract period %(period)s of this employee."
                            )
                            % {"period": other.period_label()}
                        }
                    )

    def period_label(self) -> str:
        end = self.end.strftime("%d-%m-%Y") if self.end else _("open-ended")
        return f"{self.start.strftime('%d-%m-%Y')} – {end}"


class RoleAssignment(models.Model):
    """A role a user holds. A manager role may name the team managed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(
        _("role"), max_length=30, choices=[(r.value, r.label) for r in ASSIGNABLE_ROLES]
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        help_text=_("For managers: the team they manage."),
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role"], condition=Q(team__isnull=True), name="hrm_role_unique"
            ),
            models.UniqueConstraint(
                fields=["user", "role", "team"],
                condition=Q(team__isnull=False),
                name="hrm_role_team_unique",
            ),
            models.CheckConstraint(
                condition=Q(team__isnull=True) | Q(role=Role.MANAGER),
                name="hrm_role_team_only_for_manager",
                violation_error_message=_("Only a manager role names a team."),
            ),
        ]

    def __str__(self) -> str:
        label = Role(self.role).label
        return f"{self.user} – {label}" + (f" ({self.team})" if self.team_id else "")
