"""Absence's card on the home page: report sick, or report recovered while one is sick
(registered in absence/apps.py)."""

from __future__ import annotations

from datetime import date

from absence.models import Episode
from core.permissions import employee_of
from core.sections import Section


def sick_or_better(user, today: date) -> Section | None:
    me = employee_of(user)
    if me is None:
        return None
    open_episode = Episode.objects.filter(employee=me, recovered_on__isnull=True).first()
    return Section("absence/home/_sick_or_better.html", {"me": me, "open_episode": open_episode})
