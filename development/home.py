"""The interview card on the home page (registered in development/apps.py): where one's own
interview of the open round stands, with the next step."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from core.permissions import employee_of, has_role
from core.roles import Role
from core.sections import Section
from development import selectors


def my_interview(user, today: date) -> Section | None:
    me = employee_of(user)
    cycle = selectors.open_cycle()
    if me is None or cycle is None:
        return None
    interview = selectors.interview_in_cycle(cycle, me)
    if interview is None:
        return None
    return Section(
        "development/home/_my_interview.html",
        {
            "cycle": cycle,
            "interview": interview,
            "deadline_passed": cycle.deadline < today,
            "free": selectors.free_slots_for_employee(me).count()
            if interview.status == interview.Status.TO_PLAN
            else 0,
        },
    )


def training_requests_waiting(user, today: date) -> Section | None:
    """Managers, HR and the director: the training requests waiting for their decision."""
    from core.permissions import can
    from development.permissions import items_to_approve_for
    from development.plan import waiting_for

    if not can(user, "development.training_approve"):
        return None
    waiting_items = waiting_for(items_to_approve_for(user))
    if has_role(user, Role.DIRECTOR) and not has_role(user, Role.HR):
        # the director decides on what a manager approved above the threshold, and on the
        # requests of the people they manage themselves; the rest waits for the managers
        me = employee_of(user)
        waiting_items = waiting_items.filter(
            Q(approved_by__isnull=False) | Q(requested_by__manager=me)
        )
    waiting = waiting_items.count()
    if not waiting:
        return None
    return Section("development/home/_training_requests.html", {"waiting": waiting})


def my_registration(user, today: date) -> Section | None:
    """One's own professional registration, when it needs action: at risk, overdue or
    expired, with the submission deadline."""
    from development.registration_selectors import (
        NEEDS_ACTION,
        STATUS_BADGES,
        STATUS_LABELS,
        figures_of,
        my_registrations,
    )

    if employee_of(user) is None:
        return None
    registrations = my_registrations(user)
    if not registrations:
        return None
    row = figures_of(registrations[0], today)
    if row.status not in NEEDS_ACTION:
        return None
    return Section(
        "development/home/_my_registration.html",
        {
            "row": row,
            "label": STATUS_LABELS[row.status],
            "badge": STATUS_BADGES[row.status],
            "short": [c for c in row.categories if c.short],
        },
    )
