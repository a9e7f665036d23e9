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
from typing import Any, overload

import numpy as np
import numpy.typing as npt
import pandas as pd

IntArray = npt.NDArray[np.int64]  # day numbers, employee ids, team codes
FloatArray = npt.NDArray[np.float64]  # weights (part-time and incapacity factors), day sums
BoolArray = npt.NDArray[np.bool_]
CountArray = npt.NDArray[np.intp]  # what np.bincount counts
# An interval attribute: int64 codes ("team", "episode") or float64 weights ("pf", "weight").
Column = npt.NDArray[Any]
Bucket = tuple[str, date, date]  # key, first day, last day (inclusive)
Row = dict[str, Any]  # one group's figures, JSON-ready (see METRIC_KEYS)

EPOCH = np.datetime64("1970-01-01", "D")
FAR_FUTURE = np.iinfo(np.int32).max
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


# Conversion (once, on entry) ----------------------------------------------------------------------


def day_number(value: date) -> int:
    return int((np.datetime64(value, "D") - EPOCH).astype(np.int64))


def day_date(number: int) -> date:
    day: date = (EPOCH + np.timedelta64(int(number), "D")).astype(object)
    return day


def _days(series: pd.Series[Any], *, missing: int) -> IntArray:
    """Dates -> int64 day numbers; missing values -> ``missing``."""
    if len(series) == 0:
        return np.zeros(0, dtype=np.int64)
    values = pd.to_datetime(series, errors="raise").to_numpy(dtype="datetime64[D]")
    out = (values - EPOCH).astype(np.int64)
    out[np.isnat(values)] = missing
    return out


@dataclass
class Intervals:
    """Half-open day intervals with their attributes, as parallel numpy arrays."""

    employee: IntArray
    lo: IntArray
    hi: IntArray
    columns: dict[str, Column]

    def __len__(self) -> int:
        return len(self.lo)

    def take(self, mask_or_index: BoolArray | IntArray) -> Intervals:
        return Intervals(
            self.employee[mask_or_index],
            self.lo[mask_or_index],
            self.hi[mask_or_index],
            {k: v[mask_or_index] for k, v in self.columns.items()},
        )


@dataclass
class Prepared:
    """Everything the figures need, in day numbers (see ``prepare``)."""

    employment: Intervals  # columns: pf (part-time factor), team (code)
    sick: Intervals  # sickness within employment; columns: weight (pf * af), team, episode (index)
    episodes: (
        pd.DataFrame
    )  # episode-level: employee_id, first, recovered (FAR_FUTURE if open), team_code
    teams: list[str]


def _contract_intervals(
    contracts: pd.DataFrame, full_time_hours: float
) -> tuple[Intervals, list[str]]:
    teams_cat = (
        pd.Categorical(contracts["team"].astype(str)) if len(contracts) else pd.Categorical([])
    )
    teams = [str(t) for t in teams_cat.categories]
    employment = Intervals(
        employee=contracts["employee_id"].to_numpy(dtype=np.int64),
        lo=_days(contracts["start"], missing=0),
        hi=_days(contracts["end"], missing=FAR_FUTURE - 1) + 1,
        columns={
            "pf": contracts["hours_per_week"].to_numpy(dtype=np.float64) / float(full_time_hours),
            "team": np.asarray(teams_cat.codes, dtype=np.int64),
        },
    )
    return employment, teams


def _incapacity_segments(episodes: pd.DataFrame, partials: pd.DataFrame) -> pd.DataFrame:
    """Split episodes at partial-recovery dates: rows (episode index, employee, lo, hi, af)."""
    first = _days(episodes["first_sick_day"], missing=0)
    recovered = _days(episodes["recovered_on"], missing=FAR_FUTURE)
    base = pd.DataFrame(
        {
            "episode": np.arange(len(episodes), dtype=np.int64),
            "employee": episodes["employee_id"].to_numpy(dtype=np.int64),
            "lo": first,
            "end": recovered,
            "af": 1.0,
        }
    )
    if len(partials):
        position = pd.Series(np.arange(len(episodes)), index=episodes["episode_id"].to_numpy())
        steps = pd.DataFrame(
            {
                "episode": position.reindex(partials["episode_id"].to_numpy()).to_numpy(),
                "lo": _days(partials["start"], missing=0),
                "af": 1.0 - partials["percentage"].to_numpy(dtype=np.float64) / 100.0,
            }
        ).dropna(subset=["episode"])
        steps["episode"] = steps["episode"].astype(np.int64)
        steps["employee"] = base["employee"].to_numpy()[steps["episode"].to_numpy()]
        steps["end"] = base["end"].to_numpy()[steps["episode"].to_numpy()]
        base = pd.concat([base, steps], ignore_index=True)
    # Stable sort: a step on the first sick day follows the initial af=1.0 row, which then gets
    # zero length and is dropped below.
    base = base.sort_values(["episode", "lo"], kind="stable").reset_index(drop=True)
    next_lo = base["lo"].shift(-1).to_numpy()
    same = base["episode"].to_numpy() == base["episode"].shift(-1).to_numpy()
    hi = np.where(same, next_lo, base["end"].to_numpy()).astype(np.int64)
    base["hi"] = np.minimum(hi, base["end"].to_numpy())
    return base[base["hi"] > base["lo"]]


def _intersect(segments: pd.DataFrame, employment: Intervals) -> Intervals:
    """Sick segments x contract periods of the same employee, clipped to each other."""
    contracts = pd.DataFrame(
        {
            "employee": employment.employee,
            "c_lo": employment.lo,
            "c_hi": employment.hi,
            "pf": employment.columns["pf"],
            "team": employment.columns["team"],
        }
    )
    pairs = segments.merge(contracts, on="employee", how="inner")
    lo = np.maximum(pairs["lo"].to_numpy(), pairs["c_lo"].to_numpy())
    hi = np.minimum(pairs["hi"].to_numpy(), pairs["c_hi"].to_numpy())
    keep = hi > lo
    return Intervals(
        employee=pairs["employee"].to_numpy()[keep],
        lo=lo[keep],
        hi=hi[keep],
        columns={
            "weight": (pairs["pf"].to_numpy() * pairs["af"].to_numpy())[keep],
            "team": pairs["team"].to_numpy()[keep],
            "episode": pairs["episode"].to_numpy()[keep],
        },
    )


def _team_on(employee: IntArray, day: IntArray, employment: Intervals) -> IntArray:
    """Team code of the contract in force on ``day`` for each (employee, day); -1 if none."""
    if len(employee) == 0 or len(employment) == 0:
        return np.full(len(employee), -1, dtype=np.int64)
    probes = pd.DataFrame({"employee": employee, "day": day, "row": np.arange(len(employee))})
    contracts = pd.DataFrame(
        {
            "employee": employment.employee,
            "c_lo": employment.lo,
            "c_hi": employment.hi,
            "team": employment.columns["team"],
        }
    )
    pairs = probes.merge(contracts, on="employee", how="inner")
    pairs = pairs[(pairs["c_lo"] <= pairs["day"]) & (pairs["day"] < pairs["c_hi"])]
    out = np.full(len(employee), -1, dtype=np.int64)
    out[pairs["row"].to_numpy()] = pairs["team"].to_numpy()
    return out


def prepare(
    contracts: pd.DataFrame,
    episodes: pd.DataFrame,
    partials: pd.DataFrame | None = None,
    *,
    full_time_hours: float = 36.0,
) -> Prepared:
    """Turn the three input frames into day-number intervals (independent of any period)."""
    partials = (
        partials
        if partials is not None
        else pd.DataFrame(columns=["episode_id", "start", "percentage"])
    )
    employment, teams = _contract_intervals(contracts, full_time_hours)
    segments = (
        _incapacity_segments(episodes, partials)
        if len(episodes)
        else pd.DataFrame(columns=["episode", "employee", "lo", "hi", "af"]).astype(
            {
                "episode": np.int64,
                "employee": np.int64,
                "lo": np.int64,
                "hi": np.int64,
                "af": np.float64,
            }
        )
    )
    sick = _intersect(segments, employment)
    first = _days(episodes["first_sick_day"], missing=0) if len(episodes) else np.zeros(0, np.int64)
    recovered = (
        _days(episodes["recovered_on"], missing=FAR_FUTURE)
        if len(episodes)
        else np.zeros(0, np.int64)
    )
    employee = (
        episodes["employee_id"].to_numpy(dtype=np.int64) if len(episodes) else np.zeros(0, np.int64)
    )
    episode_frame = pd.DataFrame(
        {
            "employee": employee,
            "first": first,
            "recovered": recovered,
            "team": _team_on(employee, first, employment),
        }
    )
    return Prepared(employment=employment, sick=sick, episodes=episode_frame, teams=teams)


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


def _overlap_by_bucket(
    lo: IntArray,
    hi: IntArray,
    weight: FloatArray,
    group: IntArray,
    edges: IntArray,
    n_groups: int,
) -> FloatArray:
    """sum over intervals of weight * |[lo,hi) ∩ bucket b|, per (group, bucket).

    ``edges`` are the sorted bucket boundaries (n_buckets + 1). Each interval adds ``+weight`` per
    day from lo to hi: the cumulative day-weight curve W(t) = Σ w * clip(t - lo, 0, hi - lo) is
    evaluated at every edge, so a bucket's sum is W(edge[b+1]) - W(edge[b]). Computed by sorting
    interval ends once per group (no loop over days or intervals)."""
    n_buckets = len(edges) - 1
    out = np.zeros((n_groups, n_buckets))
    if len(lo) == 0 or n_buckets == 0:
        return out
    lo = np.clip(lo, edges[0], edges[-1])
    hi = np.clip(hi, edges[0], edges[-1])
    keep = hi > lo
    lo, hi, weight, group = lo[keep], hi[keep], weight[keep], group[keep]
    if len(lo) == 0:
        return out
    # Day-resolution difference array over [edges[0], edges[-1]) per group: O(intervals + days).
    span = int(edges[-1] - edges[0])
    offset = group * (span + 1)
    size = n_groups * (span + 1)
    diff = np.bincount(offset + (lo - edges[0]), weights=weight, minlength=size)
    diff -= np.bincount(offset + (hi - edges[0]), weights=weight, minlength=size)
    daily = np.cumsum(diff.reshape(n_groups, span + 1)[:, :span], axis=1)
    # The float running sum leaves round-off (±1e-16 and up) where every interval has ended, so
    # an empty bucket would get a tiny non-zero (even negative) figure: a duration class or a
    # team with no days at all. An exact integer count of the intervals in force on each day
    # tells which days are truly empty; those are exactly 0.
    active = np.bincount(offset + (lo - edges[0]), minlength=size) - np.bincount(
        offset + (hi - edges[0]), minlength=size
    )
    daily[np.cumsum(active.reshape(n_groups, span + 1)[:, :span], axis=1) == 0] = 0.0
    starts = (edges[:-1] - edges[0]).astype(np.int64)
    return np.add.reduceat(daily, starts, axis=1) if span else out


def _distinct_by_bucket(
    employee: IntArray,
    lo: IntArray,
    hi: IntArray,
    group: IntArray,
    edges: IntArray,
    n_groups: int,
) -> CountArray:
    """How many distinct employees have at least one day of [lo, hi) in each (group, bucket).

    The intervals of one employee never overlap (contracts don't, episodes don't), so sorted by
    start their bucket ranges only touch at the ends: a range that starts in the bucket where the
    previous one of the same (employee, group) ended starts one bucket later instead."""
    n_buckets = len(edges) - 1
    out = np.zeros((n_groups, n_buckets), dtype=np.int64)
    lo = np.clip(lo, edges[0], edges[-1])
    hi = np.clip(hi, edges[0], edges[-1])
    keep = hi > lo
    if not keep.any():
        return out
    order = np.lexsort((lo[keep], group[keep], employee[keep]))
    employee, lo, hi, group = (
        employee[keep][order],
        lo[keep][order],
        hi[keep][order],
        group[keep][order],
    )
    b0 = np.searchsorted(edges, lo, side="right") - 1
    b1 = np.searchsorted(edges, hi - 1, side="right") - 1
    same = np.concatenate([[False], (employee[1:] == employee[:-1]) & (group[1:] == group[:-1])])
    previous_end = np.concatenate([[-1], b1[:-1]])
    b0 = np.where(same, np.maximum(b0, previous_end + 1), b0)
    valid = b1 >= b0
    size = n_groups * (n_buckets + 1)
    base = group[valid] * (n_buckets + 1)
    diff = np.bincount(base + b0[valid], minlength=size) - np.bincount(
        base + b1[valid] + 1, minlength=size
    )
    return np.cumsum(diff.reshape(n_groups, n_buckets + 1)[:, :n_buckets], axis=1)


@overload
def _count_by_bucket(
    day: IntArray, group: IntArray, edges: IntArray, n_groups: int, weights: None = None
) -> CountArray: ...
@overload
def _count_by_bucket(
    day: IntArray, group: IntArray, edges: IntArray, n_groups: int, weights: FloatArray
) -> FloatArray: ...
def _count_by_bucket(
    day: IntArray,
    group: IntArray,
    edges: IntArray,
    n_groups: int,
    weights: FloatArray | None = None,
) -> CountArray | FloatArray:
    n_buckets = len(edges) - 1
    inside = (day >= edges[0]) & (day < edges[-1]) & (group >= 0)
    bucket = np.searchsorted(edges, day[inside], side="right") - 1
    w = None if weights is None else weights[inside]
    flat = np.bincount(
        group[inside] * n_buckets + bucket, weights=w, minlength=n_groups * n_buckets
    )
    return flat.reshape(n_groups, n_buckets)


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
    available = _overlap_by_bucket(
        emp.lo[e_keep], emp.hi[e_keep], emp.columns["pf"][e_keep], e_group[e_keep], edges, n_groups
    )
    employee_days = _overlap_by_bucket(
        emp.lo[e_keep], emp.hi[e_keep], np.ones(e_keep.sum()), e_group[e_keep], edges, n_groups
    )
    employed = _distinct_by_bucket(
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
    sick_days = _overlap_by_bucket(s_lo, s_hi, s_w, s_g, edges, n_groups)
    sick_people = _distinct_by_bucket(s_employee, s_lo, s_hi, s_g, edges, n_groups)

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
            by_class[c] += _overlap_by_bucket(
                s_lo[mask], s_hi[mask], s_w[mask], s_g[mask], edges, n_groups
            )
        open_idx = np.flatnonzero(~closed)
        if len(open_idx):
            # (open intervals x buckets): small, at most a few intervals per currently sick person
            overlap = _per_interval_bucket_overlap(
                s_lo[open_idx], s_hi[open_idx], s_w[open_idx], edges
            )
            classes = np.searchsorted(
                CLASS_EDGES, edges[1:][None, :] - first[open_idx][:, None], side="right"
            )
            for c in range(len(CLASSES)):
                np.add.at(by_class[c], s_g[open_idx], np.where(classes == c, overlap, 0.0))

    # Episode-level figures belong to the team in force on the first sick day.
    ep_group = group_of(episodes["team"].to_numpy())
    started = _count_by_bucket(ep_first, ep_group, edges, n_groups)
    ended_mask = ~ep_open
    ended = _count_by_bucket(ep_recovered[ended_mask], ep_group[ended_mask], edges, n_groups)
    duration_sum = _count_by_bucket(
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


def _per_interval_bucket_overlap(
    lo: IntArray, hi: IntArray, weight: FloatArray, edges: IntArray
) -> FloatArray:
    """(n_intervals x n_buckets) matrix of weight * overlap days; used only for open episodes
    (at most one per employee), so its size stays small."""
    b_lo = edges[:-1][None, :]
    b_hi = edges[1:][None, :]
    overlap = np.clip(np.minimum(hi[:, None], b_hi) - np.maximum(lo[:, None], b_lo), 0, None)
    weighted: FloatArray = overlap * weight[:, None]
    return weighted


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


# Suppression for aggregate-only audiences ---------------------------------------------------------


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
    return _distinct_by_bucket(
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
