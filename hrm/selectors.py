"""Reads for people and teams. Lists are annotated in SQL so they stay at a constant number of
queries, whatever the number of employees."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from core.models import User
from hrm.models import ContractPeriod, Employee, OrganisationSettings, RoleAssignment, Team
from hrm.permissions import employees_visible_to


def employee_of_login(user) -> Employee | None:
    """The employee record linked to a login, or None (core.permissions asks this)."""
    return Employee.objects.filter(user=user).first()


def roles_assigned_to(user) -> list[str]:
    """The roles assigned to a login (core.permissions adds the implied ones)."""
    return list(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))


def logins_with_roles(roles) -> QuerySet[User]:
    """Active logins that hold any of `roles` by assignment."""
    return User.objects.filter(is_active=True, role_assignments__role__in=roles).distinct()


def employees_employed_on(day: date) -> QuerySet[Employee]:
    """Everyone with a contract in force on `day`, with their manager (one query)."""
    return Employee.objects.employed_on(day).select_related("manager", "user").order_by("pk")


def _contract_in_force(today: date):
    return ContractPeriod.objects.filter(employee=OuterRef("pk"), start__lte=today).filter(
        Q(end__isnull=True) | Q(end__gte=today)
    )


def team_name_on(employee, day) -> Subquery:
    """Subquery: the team of the contract in force on `day` (else the last one that started
    before it). `employee` and `day` may be values or OuterRef()s."""
    return Subquery(
        ContractPeriod.objects.filter(employee=employee, start__lte=day)
        .order_by("-start")
        .values("team__name")[:1]
    )


def annotate_current(queryset: QuerySet[Employee], today: date) -> QuerySet[Employee]:
    """Adds current_team, current_team_id, current_job_title, current_hours (the contract in
    force today, else the last one that started) and employed_now."""
    latest = ContractPeriod.objects.filter(employee=OuterRef("pk"), start__lte=today).order_by(
        "-start"
    )
    upcoming = ContractPeriod.objects.filter(employee=OuterRef("pk")).order_by("start")
    return queryset.annotate(
        current_team=Subquery(latest.values("team__name")[:1]),
        current_team_id=Subquery(latest.values("team_id")[:1]),
        current_job_title=Subquery(latest.values("job_title")[:1]),
        current_hours=Subquery(latest.values("hours_per_week")[:1]),
        first_start=Subquery(upcoming.values("start")[:1]),
        employed_now=Exists(_contract_in_force(today)),
    )


def employee_list(user, *, today: date | None = None) -> QuerySet[Employee]:
    today = today or timezone.localdate()
    return annotate_current(employees_visible_to(user, today), today).select_related(
        "manager", "user"
    )


def employees_by_status(
    queryset: QuerySet[Employee], status: str, today: date
) -> QuerySet[Employee]:
    if status == "active":
        return queryset.filter(Exists(_contract_in_force(today)))
    if status == "left":
        return (
            queryset.filter(~Exists(_contract_in_force(today)))
            .filter(contracts__start__lte=today)
            .distinct()
        )
    if status == "future":
        return queryset.filter(
            ~Exists(ContractPeriod.objects.filter(employee=OuterRef("pk"), start__lte=today))
        )
    return queryset


def team_overview(today: date | None = None) -> Sequence[Team]:
    """Teams with today's headcount, contracted hours and FTE (aggregates, no names)."""
    today = today or timezone.localdate()
    in_force = Q(contracts__start__lte=today) & (
        Q(contracts__end__isnull=True) | Q(contracts__end__gte=today)
    )
    teams = list(
        Team.objects.annotate(
            headcount=Count("contracts__employee", filter=in_force, distinct=True),
            hours=Sum("contracts__hours_per_week", filter=in_force),
        ).order_by("name")
    )
    full_time = OrganisationSettings.get().full_time_hours
    for team in teams:
        team.fte = (team.hours or 0) / full_time
    return teams


def employee_history(employee: Employee, limit: int = 50):
    """Changes to the employee and their contract periods (django-auditlog), newest first."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    contract_ids = [str(c.pk) for c in employee.contracts.all()]
    condition = Q(
        content_type=ContentType.objects.get_for_model(Employee), object_pk=str(employee.pk)
    )
    if contract_ids:
        condition |= Q(
            content_type=ContentType.objects.get_for_model(ContractPeriod),
            object_pk__in=contract_ids,
        )
    return list(
        LogEntry.objects.filter(condition)
        .select_related("actor", "content_type")
        .order_by("-timestamp")[:limit]
    )


def organisation_settings() -> OrganisationSettings:
    """The organisation's one settings row (created with its defaults when missing)."""
    return OrganisationSettings.get()
