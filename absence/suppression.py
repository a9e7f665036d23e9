""" "<5" for PVT and board (privacy.md): which groups an aggregate-only audience may not see, decided
so that subtraction cannot undo it (docs/decisions.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from absence.aggregate import distinct_by_bucket
from absence.intervals import BoolArray, CountArray, Prepared, day_number

Row = dict[str, Any]  # one group's figures, JSON-ready (absence.stats.METRIC_KEYS)


def publish(row: Row, suppress_below: int | None = None, *, hidden: bool | None = None) -> Row:
    """A row of ``compute`` as the report shows it: the internal ``population`` and ``bucket``
    taken off and, with ``suppress_below``, a hidden group shown as ``{"key": ..., "suppressed":
    true}`` with every figure ``None`` (privacy.md: "<5"). Hidden is ``hidden`` when the caller
    decided it (``Suppression.hides``), else a group of fewer people than ``suppress_below``."""
    row = dict(row)
    population = row.pop("population", 0)
    row.pop("bucket", None)
    if suppress_below is None:
        return row
    suppressed = population < suppress_below if hidden is None else hidden
    out = (
        {"key": row["key"], "suppressed": suppressed}
        if "key" in row
        else {"suppressed": suppressed}
    )
    out.update({k: (None if suppressed else row[k]) for k in row if k != "key"})
    return out


@dataclass(frozen=True)
class HiddenInYear:
    """What an aggregate-only audience may not see of one calendar year: ``teams`` (small teams
    and their complements) and, when even all teams together are too few, the ``total``."""

    teams: frozenset[str]
    total: bool


def daily_headcount(prepared: Prepared, start: date, end: date) -> CountArray:
    """(teams x days) distinct people employed in each team on each day from start to end."""
    edges = np.arange(day_number(start), day_number(end) + 2, dtype=np.int64)
    emp = prepared.employment
    return distinct_by_bucket(
        emp.employee, emp.lo, emp.hi, emp.columns["team"], edges, max(len(prepared.teams), 1)
    )[: len(prepared.teams)]


def hidden_in_year(prepared: Prepared, year: int, minimum: int) -> HiddenInYear:
    """Which teams of ``year`` are hidden, so that no figure of fewer than ``minimum`` people
    can be computed from what is shown (see ``Suppression``).

    1. Primary: a team that had 1 to ``minimum - 1`` people on any day of the year.
    2. Complementary: while, on some day, the hidden teams together have 1 to ``minimum - 1``
       people, the next smallest visible team (by average daily headcount over the year, then
       name) is hidden too; a person is in one team a day, so "together" is a sum.
    3. When all teams together still fall short on some day, the total is hidden as well."""
    counts = daily_headcount(prepared, date(year, 1, 1), date(year, 12, 31))

    def short(mask: BoolArray) -> bool:
        together = counts[mask].sum(axis=0)
        return bool(((together > 0) & (together < minimum)).any())

    hidden = np.asarray(((counts > 0) & (counts < minimum)).any(axis=1), dtype=np.bool_)
    total = False
    if hidden.any():
        average = counts.mean(axis=1)
        for t in sorted(range(len(prepared.teams)), key=lambda t: (average[t], prepared.teams[t])):
            if not short(hidden):
                break
            hidden[t] = True
        total = short(hidden)
    names = frozenset(prepared.teams[t] for t in np.flatnonzero(hidden))
    return HiddenInYear(teams=names, total=total)


class Suppression:
    """ "<5" for PVT and board (privacy.md), applied so that it cannot be undone by subtraction.

    Every cell the product shows is (a team, or everyone) x (a run of days); sums over teams and
    over days are what an attacker combines. A cell is hidden when it has fewer than ``minimum``
    people, or when it touches a calendar year in which its team (or, for everyone, the total) is
    hidden (``hidden_in_year``). The decision depends only on the cell, never on the request, so
    a team hidden in the by-team view is hidden in every grouping, filter, page, export and PDF
    of any period in that year. What can be derived from the shown cells is then always a figure
    of a visible team or of the hidden teams together, each at least ``minimum`` people on every
    day they have anyone (docs/decisions.md)."""

    def __init__(self, prepared: Prepared, minimum: int):
        self.prepared = prepared
        self.minimum = minimum
        self._years: dict[int, HiddenInYear] = {}

    def year(self, year: int) -> HiddenInYear:
        if year not in self._years:
            self._years[year] = hidden_in_year(self.prepared, year, self.minimum)
        return self._years[year]

    def hides(self, *, team: str | None, start: date, end: date, population: int) -> bool:
        if population < self.minimum:
            return True
        for year in range(start.year, end.year + 1):
            hidden = self.year(year)
            if hidden.total or (team is not None and team in hidden.teams):
                return True
        return False

    def publish(self, row: Row, *, team: str | None, start: date, end: date) -> Row:
        hidden = self.hides(team=team, start=start, end=end, population=row.get("population", 0))
        return publish(row, self.minimum, hidden=hidden)
