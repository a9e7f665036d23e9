"""The overview of a cycle: per team and person who is not planned, planned, held, signed,
overdue or not this year, with counts and a bar per team (development/overview.py decides).
For HR and the directors everyone, for a manager the interviews they hold; PVT, board and
anyone else 403."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from core.permissions import require
from development.overview import STATE_LABELS, STATES, overview_for

# Above this many names the page shows the teams' counts and bars, and the names per team.
MAX_ROWS = 150


def _year(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise Http404 from None


def overview(request):
    require(request.user, "development.overview")
    year = _year(request.GET.get("year"))
    data = overview_for(
        request.user,
        year=year,
        team=request.GET.get("team") or None,
        state=request.GET.get("state") or None,
    )
    if year is not None and data.cycle is None:
        raise Http404
    return render(
        request,
        "development/overview.html",
        {
            "overview": data,
            # a large organisation: names one team at a time, so the page does not grow
            "folded": data.team is None and data.row_count > MAX_ROWS,
            "states": [(state, STATE_LABELS[state]) for state in STATES],
        },
    )
