"""The people app's cards on the home page: one's own employment, the people one manages, the
organisation's headcount and upcoming exits, and the teams today (registered in hrm/apps.py)."""

from __future__ import annotations

from datetime import date

from core.permissions import can, employee_of, has_role
from core.roles import Role
from core.sections import Section
from hrm.models import Employee
from hrm.selectors import employee_list, employees_by_status, team_overview


def my_employment(user, today: date) -> Section | None:
    me = employee_of(user)
    if me is None:
        return None
    me = Employee.objects.with_contracts().get(pk=me.pk)
    return Section(
        "hrm/home/_my_employment.html",
        {"me": me, "contract": me.current_or_last_contract(today)},
    )


def my_team(user, today: date) -> Section | None:
    if not has_role(user, Role.MANAGER):
        return None
    me = employee_of(user)
    people = employees_by_status(employee_list(user, today=today), "active", today)
    if me is not None:
        people = people.exclude(pk=me.pk)
    return Section("hrm/home/_my_team.html", {"people": people})


def organisation(user, today: date) -> Section | None:
    if not can(user, "hrm.view_all_employees"):
        return None
    return Section(
        "hrm/home/_organisation.html",
        {
            "headcount": Employee.objects.employed_on(today).count(),
            "upcoming_exits": Employee.objects.filter(exit_date__gte=today).order_by("exit_date")[
                :5
            ],
        },
    )


def teams_today(user, today: date) -> Section | None:
    if not can(user, "hrm.view_teams"):
        return None
    teams = team_overview(today)
    return Section("hrm/home/_teams_today.html", {"teams": teams}) if teams else None
