"""Which people and teams a user may see. Anything outside these querysets answers 404."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from core.permissions import can, employee_of, has_role
from core.roles import Role
from hrm.models import ContractPeriod, Employee, EmployeeQuerySet, Team


def managed_team_ids(user) -> set[int]:
    if not has_role(user, Role.MANAGER):
        return set()
    cached = getattr(user, "_managed_team_ids", None)
    if cached is None:
        cached = set(
            user.role_assignments.filter(role=Role.MANAGER, team__isnull=False).values_list(
                "team_id", flat=True
            )
        )
        user._managed_team_ids = cached
    return cached


def employees_visible_to(user, today: date | None = None) -> EmployeeQuerySet:
    """Everyone for HR, the (adjunct-)director and admins; a manager their team (contracts in
    force today or later) and direct reports; anyone else only themselves."""
    if can(user, "hrm.view_all_employees"):
        return Employee.objects.all()
    today = today or timezone.localdate()
    condition = Q(pk__in=[])
    me = employee_of(user)
    if me is not None:
        condition |= Q(pk=me.pk)
    if has_role(user, Role.MANAGER):
        if me is not None:
            condition |= Q(manager=me)
        team_ids = managed_team_ids(user)
        if team_ids:
            in_team = ContractPeriod.objects.filter(team_id__in=team_ids).filter(
                Q(end__isnull=True) | Q(end__gte=today)
            )
            condition |= Q(pk__in=in_team.values("employee_id"))
    return Employee.objects.filter(condition)


def teams_visible_to(user) -> QuerySet[Team]:
    if can(user, "hrm.view_teams"):
        return Team.objects.all()
    return Team.objects.none()
