"""The interview card on the home page (registered in development/apps.py): where one's own
interview of the open round stands, with the next step."""

from __future__ import annotations

from datetime import date

from core.permissions import employee_of
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
