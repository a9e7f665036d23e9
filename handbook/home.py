"""The handbook card on the home page (registered in handbook/apps.py): how many chapters the
signed-in employee still has to read and acknowledge; nothing when there are none."""

from __future__ import annotations

from datetime import date

from core.permissions import can, employee_of
from core.sections import Section
from handbook import selectors


def to_acknowledge(user, today: date) -> Section | None:
    employee = employee_of(user)
    if employee is None or not can(user, "handbook.acknowledge"):
        return None
    versions = selectors.to_acknowledge(employee)
    if not versions:
        return None
    return Section("handbook/home/_to_acknowledge.html", {"versions": versions})


def for_the_pvt(user, today: date) -> Section | None:
    """For PVT members: the requests waiting for their response, the nearest deadline first."""
    from core.permissions import has_role
    from core.roles import Role

    if not has_role(user, Role.PVT):
        return None
    requests = list(selectors.open_requests()[:5])
    if not requests:
        return None
    return Section("handbook/home/_for_the_pvt.html", {"requests": requests, "today": today})


def for_the_board(user, today: date) -> Section | None:
    """For the director and board members: the versions waiting for the board's decision."""
    from handbook import workflow
    from handbook.models import Version
    from handbook.services.common import facts

    if not can(user, "handbook.decide"):
        return None
    waiting = [
        version
        for version in Version.objects.filter(
            status__in=[Version.Status.SUBMITTED, Version.Status.RESPONDED]
        ).select_related("chapter__handbook")
        if version.chapter.participation != "information"
        and workflow.cannot_decide(facts(version), today) is None
    ]
    if not waiting:
        return None
    return Section("handbook/home/_for_the_board.html", {"versions": waiting})
