"""Who may see and change whose sickness records (privacy.md). An episode you may not see
answers 404."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from absence.models import Episode, MaternityLeave
from core.permissions import can, employee_of, has_role
from core.roles import Role
from hrm.models import ContractPeriod, Employee, EmployeeQuerySet
from hrm.permissions import managed_team_ids


def subjects_visible_to(user, today: date | None = None) -> EmployeeQuerySet:
    """Employees whose individual sickness records `user` may read: everyone for HR and the
    (adjunct-)director; a manager their team and direct reports; anyone their own."""
    if can(user, "absence.view_all_individual"):
        return Employee.objects.all()
    today = today or timezone.localdate()
    me = employee_of(user)
    condition = Q(pk=me.pk) if me is not None else Q(pk__in=[])
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


def episodes_visible_to(user) -> QuerySet[Episode]:
    return Episode.objects.filter(employee__in=subjects_visible_to(user))


def leave_visible_to(user) -> QuerySet[MaternityLeave]:
    return MaternityLeave.objects.filter(employee__in=subjects_visible_to(user))


def can_report_for(actor, employee: Employee) -> bool:
    """Employees report for themselves; HR for anyone; a manager for their people."""
    me = employee_of(actor)
    if me is not None and me.pk == employee.pk:
        return True
    if can(actor, "absence.correct"):
        return True
    return (
        can(actor, "absence.report_for_others")
        and subjects_visible_to(actor).filter(pk=employee.pk).exists()
    )
