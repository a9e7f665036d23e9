"""Dutch absence figures (shared/domain/absence-metrics.md), computed over intervals.

Pure pandas/numpy: frames in, numbers out. No ORM, and no Python loop over days or employees:
every input becomes half-open integer day intervals ``[lo, hi)`` once, on entry, and every figure
is a weighted sum over intervals, gathered with ``np.bincount`` / difference arrays on a day axis.

Input frames (dates as ``datetime.date``, ``datetime64`` or ISO strings; extra columns ignored):

``contracts``  employee_id, team, start, end (inclusive; NaT/None = open), hours_per_week
``episodes``   episode_id, employee_id, first_sick_day, recovered_on (first fit day, exclusive;
               NaT/None = still sick)
``partials``   episode_id, start (from this day the employee works ``percentage`` % of the
               contract, 0 <= percentage < 100)

Figures of a group are the figures of that group's own period (a month or ISO week clipped to
the requested period) and population (for a team: the days an employee's contract was in that
team; episode-level figures by the team in force on the first sick day).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from absence.aggregate import (
    count_by_bucket,
    distinct_by_bucket,
    overlap_by_bucket,
    per_interval_bucket_overlap,
)
from absence.intervals import EPOCH as EPOCH
from absence.intervals import FAR_FUTURE, IntArray
from absence.intervals import Intervals as Intervals
from absence.intervals import Prepared as Prepared
from absence.intervals import day_date as day_date
from absence.intervals import day_number as day_number
from absence.intervals import prepare as prepare
from absence.suppression import HiddenInYear as HiddenInYear
from absence.suppression import Suppression as Suppression
from absence.suppression import daily_headcount as daily_headcount
from absence.suppression import hidden_in_year as hidden_in_year
from absence.suppression import publish as publish

Bucket = tuple[str, date, date]  # key, first day, last day (inclusive)
Row = dict[str, Any]  # one group's figures, JSON-ready (see METRIC_KEYS)

CLASSES = ("short", "medium", "long", "extra_long")
CLASS_EDGES = np.array(
    [15, 92, 366]
)  # length in days: 1-14 short, 15-91 medium, 92-365 long, 366+ extra long
METRIC_KEYS = (
    "absence_percentage",
    "status",
    "sick_days",
    "available_days",
    "average_headcount",
    "episodes_started",
    "notification_frequency",
    "notification_frequency_annualised",
    "episodes_ended",
    "mean_duration_days",
    "zero_absence_percentage",
    "absence_percentage_by_class",
)


@dataclass(frozen=True)
class Norms:
    """The organisation's settings that the figures depend on."""

    full_time_hours: float = 36.0
    target_percentage: float = 5.5
    amber_band: float = 1.0

    def status(self, percentage: float | None) -> str | None:
        if percentage is None:
            return None
        rounded = round(percentage, 9)  # 5.5000000001 from float division is still 5.5
        if rounded <= self.target_percentage:
            return "green"
        if rounded <= self.target_percentage + self.amber_band:
            return "amber"
        return "red"


# Periods and buckets ------------------------------------------------------------------------------


def month_buckets(start: date, end: date) -> list[Bucket]:
    out: list[Bucket] = []
    current = date(start.year, start.month, 1)
    while current <= end:
        nxt = date(current.year + (current.month == 12), current.month % 12 + 1, 1)
        out.append((f"{current:%Y-%m}", max(current, start), min(nxt - timedelta(days=1), end)))
        current = nxt
    return out


def week_buckets(start: date, end: date) -> list[Bucket]:
    out: list[Bucket] = []
    current = start - timedelta(days=start.weekday())
    while current <= end:
        year, week, _ = current.isocalendar()
        out.append(
            (f"{year}-W{week:02d}", max(current, start), min(current + timedelta(days=6), end))
        )
        current += timedelta(days=7)
    return out


def annualisation_factor(start: date, end: date) -> float:
    """365 / days, except 1 for exactly one calendar year or 12 whole months."""
    whole_months = start.day == 1 and (end + timedelta(days=1)).day == 1
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if whole_months and months == 12:
        return 1.0
    return 365.0 / ((end - start).days + 1)


# Aggregation --------------------------------------------------------------------------------------


def compute(
    prepared: Prepared,
    buckets: list[Bucket],
    *,
    by_team: bool,
    team: str | None = None,
    norms: Norms = Norms(),
) -> list[Row]:
    """Figures for each bucket (and each team when ``by_team``); JSON-ready dicts with a ``key``."""
    if not buckets:
        return []
    edges = np.array(
        [day_number(b[1]) for b in buckets] + [day_number(buckets[-1][2]) + 1], dtype=np.int64
    )
    contiguous = all(
        day_number(buckets[i + 1][1]) == day_number(buckets[i][2]) + 1
        for i in range(len(buckets) - 1)
    )
    if not contiguous:
        raise ValueError("buckets must be contiguous")
    n_teams = len(prepared.teams)
    team_filter: int | None
    if team is not None and team not in prepared.teams:
        team_filter = -2  # nobody
    else:
        team_filter = prepared.teams.index(team) if team is not None else None

    def group_of(team_codes: IntArray) -> IntArray:
        if by_team:
            codes = team_codes.copy()
        else:
            codes = np.zeros(len(team_codes), dtype=np.int64)
            codes[team_codes < 0] = -1
        if team_filter is not None:
            codes = np.where(team_codes == team_filter, codes, -1)
        return codes

    n_groups = max(n_teams, 1) if by_team else 1
    emp, sick, episodes = prepared.employment, prepared.sick, prepared.episodes

    e_group = group_of(emp.columns["team"])
    e_keep = e_group >= 0
    available = overlap_by_bucket(
        emp.lo[e_keep], emp.hi[e_keep], emp.columns["pf"][e_keep], e_group[e_keep], edges, n_groups
    )
    employee_days = overlap_by_bucket(
        emp.lo[e_keep], emp.hi[e_keep], np.ones(e_keep.sum()), e_group[e_keep], edges, n_groups
    )
    employed = distinct_by_bucket(
        emp.employee[e_keep], emp.lo[e_keep], emp.hi[e_keep], e_group[e_keep], edges, n_groups
    )

    s_group = group_of(sick.columns["team"])
    s_keep = s_group >= 0
    s_lo, s_hi, s_w = sick.lo[s_keep], sick.hi[s_keep], sick.columns["weight"][s_keep]
    s_g, s_episode, s_employee = (
        s_group[s_keep],
        sick.columns["episode"][s_keep],
        sick.employee[s_keep],
    )
    sick_days = overlap_by_bucket(s_lo, s_hi, s_w, s_g, edges, n_groups)
    sick_people = distinct_by_bucket(s_employee, s_lo, s_hi, s_g, edges, n_groups)

    # Duration class: by length (recovered_on - first sick day); while an episode is open, by
    # (end of the bucket + 1 - first sick day), so an open episode's class can differ per bucket.
    ep_first = episodes["first"].to_numpy()
    ep_recovered = episodes["recovered"].to_numpy()
    ep_open = ep_recovered >= FAR_FUTURE
    by_class = np.zeros((len(CLASSES), n_groups, len(buckets)))
    if len(s_lo):
        first = ep_first[s_episode]
        closed = ~ep_open[s_episode]
        closed_class = np.searchsorted(CLASS_EDGES, ep_recovered[s_episode] - first, side="right")
        for c in range(len(CLASSES)):  # the four classes, not a loop over data
            mask = closed & (closed_class == c)
            by_class[c] += overlap_by_bucket(
                s_lo[mask], s_hi[mask], s_w[mask], s_g[mask], edges, n_groups
            )
        open_idx = np.flatnonzero(~closed)
        if len(open_idx):
            # (open intervals x buckets): small, at most a few intervals per currently sick person
            overlap = per_interval_bucket_overlap(
                s_lo[open_idx], s_hi[open_idx], s_w[open_idx], edges
            )
            classes = np.searchsorted(
                CLASS_EDGES, edges[1:][None, :] - first[open_idx][:, None], side="right"
            )
            for c in range(len(CLASSES)):
                np.add.at(by_class[c], s_g[open_idx], np.where(classes == c, overlap, 0.0))

    # Episode-level figures belong to the team in force on the first sick day.
    ep_group = group_of(episodes["team"].to_numpy())
    started = count_by_bucket(ep_first, ep_group, edges, n_groups)
    ended_mask = ~ep_open
    ended = count_by_bucket(ep_recovered[ended_mask], ep_group[ended_mask], edges, n_groups)
    duration_sum = count_by_bucket(
        ep_recovered[ended_mask],
        ep_group[ended_mask],
        edges,
        n_groups,
        weights=(ep_recovered[ended_mask] - ep_first[ended_mask]).astype(np.float64),
    )

    days_in_bucket = np.diff(edges).astype(np.float64)
    results = []
    no_team: list[str | None] = [None]
    group_keys: Sequence[str | None] = prepared.teams if by_team else no_team
    for g, group_key in enumerate(group_keys):
        if by_team and team_filter is not None and g != team_filter:
            continue
        if by_team and not (employed[g].any() or started[g].any() or ended[g].any()):
            continue  # a team with nobody in it during the period
        for b, (bucket_key, b_start, b_end) in enumerate(buckets):
            row = _metrics(
                key=group_key if by_team else bucket_key,
                available=float(available[g, b]),
                sick=float(sick_days[g, b]),
                by_class=[float(by_class[c, g, b]) for c in range(len(CLASSES))],
                employee_days=float(employee_days[g, b]),
                days=days_in_bucket[b],
                employed=int(employed[g, b]),
                sick_people=int(sick_people[g, b]),
                started=int(started[g, b]),
                ended=int(ended[g, b]),
                duration_sum=float(duration_sum[g, b]),
                factor=annualisation_factor(b_start, b_end),
                norms=norms,
            )
            # for suppression and small multiples; report() and publish() take them off again
            row["population"] = int(employed[g, b])
            row["bucket"] = bucket_key
            results.append(row)
    return results


def _metrics(
    *,
    key: str | None,
    available: float,
    sick: float,
    by_class: list[float],
    employee_days: float,
    days: float,
    employed: int,
    sick_people: int,
    started: int,
    ended: int,
    duration_sum: float,
    factor: float,
    norms: Norms,
) -> Row:
    percentage = 100.0 * sick / available if available > 0 else None
    headcount = employee_days / days if days else 0.0
    frequency = started / headcount if headcount > 0 else None
    return {
        "key": key,
        "absence_percentage": percentage,
        "status": norms.status(percentage),
        "sick_days": sick,
        "available_days": available,
        "average_headcount": headcount,
        "episodes_started": started,
        "notification_frequency": frequency,
        "notification_frequency_annualised": frequency * factor if frequency is not None else None,
        "episodes_ended": ended,
        "mean_duration_days": duration_sum / ended if ended else None,
        "zero_absence_percentage": 100.0 * (employed - sick_people) / employed
        if employed
        else None,
        "absence_percentage_by_class": {
            name: (100.0 * value / available if available > 0 else None)
            for name, value in zip(CLASSES, by_class, strict=True)
        },
    }


def report(
    prepared: Prepared,
    *,
    start: date,
    end: date,
    by: str | None = None,
    team: str | None = None,
    norms: Norms = Norms(),
    suppress_below: int | None = None,
    suppression: Suppression | None = None,
) -> dict[str, Any]:
    """The report of the `absence_report` command and `/api/absence/report/` (exact JSON keys).

    With ``suppress_below`` (PVT and board), small groups and their complements are suppressed
    (see ``Suppression``; pass one to reuse its decisions across reports)."""
    if end < start:
        raise ValueError("end before start")
    if suppress_below is not None and suppression is None:
        suppression = Suppression(prepared, suppress_below)
    total = compute(prepared, [("total", start, end)], by_team=False, team=team, norms=norms)[0]
    del total["key"]
    if by == "team":
        buckets = [("total", start, end)]
        groups = compute(prepared, buckets, by_team=True, team=team, norms=norms)
    elif by in ("month", "week"):
        buckets = (month_buckets if by == "month" else week_buckets)(start, end)
        groups = compute(prepared, buckets, by_team=False, team=team, norms=norms)
    elif by is None:
        buckets, groups = [], []
    else:
        raise ValueError(f"unknown grouping {by!r}")
    if suppression is None:
        published_total = publish(total)
        published = [publish(g) for g in groups]
    else:
        dates = {key: (b_start, b_end) for key, b_start, b_end in buckets}
        published_total = suppression.publish(total, team=team, start=start, end=end)
        published = [
            suppression.publish(
                g,
                team=g["key"] if by == "team" else team,
                start=dates[g["bucket"]][0],
                end=dates[g["bucket"]][1],
            )
            for g in groups
        ]
    return {
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "target_percentage": norms.target_percentage,
        "total": published_total,
        "groups": published,
    }
