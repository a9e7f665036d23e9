"""Benchmark of the absence statistics engine (``absence/stats.py``).

Run: ``.venv/bin/python benchmarks/absence_stats.py [--employees N] [--years Y] [--seed S]
[--repeat R]``

Generates a synthetic, deterministic organisation with numpy (contracts with hour changes, team
moves, gaps, leavers and open contracts; sickness with many short episodes, some long ones, some
still open at the end and partial recoveries on part of the longer ones), then measures:

1. ``stats.prepare(...)`` (best of 3, ``time.perf_counter``), from datetime64 columns and from
   ``datetime.date`` columns (what ORM ``.values()`` gives);
2. every figure over the whole period: totals + monthly series + weekly series, alone and
   together with ``prepare`` from date columns (the target: under 1 second and under
   500 MB for 10,000 employees over 4 years), the same by team, and ``stats.report(...)`` with
   ``by="month"`` / ``"week"`` / ``"team"``;
3. peak memory of prepare (date columns) + every figure: ``tracemalloc`` (numpy allocations
   are traced) and the growth of the process's max RSS (``resource.getrusage``).

The engine part needs no Django. The module is importable (``generate``, ``prepare``,
``compute_all``) so a test can run it on a tiny organisation. Exit status 1 when a target fails.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

try:
    from absence import stats
except ModuleNotFoundError:  # not installed in editable mode: run from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from absence import stats

TIME_TARGET_S = 1.0
MEMORY_TARGET_MB = 500.0
HOURS = np.array([36.0, 32.0, 28.0, 24.0, 20.0, 18.0, 16.0, 12.0])
HOURS_P = np.array([0.30, 0.20, 0.15, 0.15, 0.08, 0.06, 0.04, 0.02])


@dataclass
class Organisation:
    contracts: pd.DataFrame  # employee_id, team, start, end (NaT = open), hours_per_week
    episodes: pd.DataFrame  # episode_id, employee_id, first_sick_day, recovered_on (NaT = open)
    partials: pd.DataFrame  # episode_id, start, percentage
    start: date
    end: date


def _dates(days: np.ndarray) -> np.ndarray:
    return stats.EPOCH + days.astype("timedelta64[D]")


def _between(rng: np.random.Generator, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """One uniform integer in [low, high) per element (high > low)."""
    return low + (rng.random(len(low)) * (high - low)).astype(np.int64)


def _geometric_days(rng, n: int, low: int, mean_extra: float, high: int) -> np.ndarray:
    """low + a geometric tail with the given mean, capped at high (inclusive)."""
    return np.minimum(low - 1 + rng.geometric(1.0 / (mean_extra + 1.0), n), high)


def generate(
    employees: int = 10_000,
    years: int = 4,
    *,
    start: date = date(2021, 1, 1),
    n_teams: int = 20,
    seed: int = 20240601,
) -> Organisation:
    """A synthetic organisation; same arguments, same frames (numpy, no loop over people)."""
    rng = np.random.default_rng(seed)
    end = date(start.year + years, start.month, start.day) - timedelta(days=1)
    d0, d1 = stats.day_number(start), stats.day_number(end) + 1  # [d0, d1): the period
    span = d1 - d0
    n = employees

    # Employment: hired long before or during the period; a quarter leave; 1-3 contract periods
    # cut at random days (a team move or an hour change at each cut), sometimes with a gap.
    hired_before = rng.random(n) < 0.7
    hire = np.where(
        hired_before,
        d0 - rng.integers(1, 20 * 365, n),
        d0 + rng.integers(0, max(span - 60, 1), n),
    )
    leaver = rng.random(n) < 0.25
    leave_low = np.maximum(hire, d0) + 30
    leave = np.where(leaver & (leave_low < d1), _between(rng, leave_low, np.full(n, d1)), d1)
    leaver &= leave < d1
    cut_low = np.maximum(hire, d0 - 365) + 1
    cut_high = np.maximum(leave, cut_low + 1)
    n_periods = rng.choice([1, 2, 3], n, p=[0.45, 0.35, 0.20])
    fractions = np.sort(rng.random((n, 2)), axis=1)
    cuts = cut_low[:, None] + (fractions * (cut_high - cut_low)[:, None]).astype(np.int64)
    cuts = np.minimum(cuts, leave[:, None])
    cuts[:, 0] = np.where(n_periods >= 2, cuts[:, 0], leave)
    cuts[:, 1] = np.where(n_periods == 3, cuts[:, 1], leave)
    lo = np.column_stack([hire, cuts])  # (n, 3) period starts
    hi = np.column_stack([cuts, leave])  # (n, 3) exclusive ends
    gap = np.where(rng.random((n, 2)) < 0.25, rng.integers(1, 90, (n, 2)), 0)
    hi[:, :2] -= np.where(hi[:, :2] < leave[:, None], gap, 0)  # a gap before the next period
    team_weights = rng.dirichlet(np.full(n_teams, 4.0))
    team = np.empty((n, 3), dtype=np.int64)
    team[:, 0] = rng.choice(n_teams, n, p=team_weights)
    hours = np.empty((n, 3))
    hours[:, 0] = rng.choice(HOURS, n, p=HOURS_P)
    for j in (1, 2):  # the three period columns, not a loop over data
        moves = rng.random(n) < 0.3
        team[:, j] = np.where(moves, rng.choice(n_teams, n, p=team_weights), team[:, j - 1])
        changes = rng.random(n) < 0.4
        hours[:, j] = np.where(changes, rng.choice(HOURS, n, p=HOURS_P), hours[:, j - 1])
    valid = hi > lo
    is_open = valid & (hi == d1) & ~leaver[:, None]
    employee_ids = np.arange(1, n + 1, dtype=np.int64)
    c_employee = np.broadcast_to(employee_ids[:, None], (n, 3))[valid]
    c_end = _dates(hi[valid] - 1).astype("datetime64[s]")
    c_end[is_open[valid]] = np.datetime64("NaT")
    team_names = np.array([f"Team {i + 1:02d}" for i in range(n_teams)], dtype=object)
    contracts = pd.DataFrame(
        {
            "employee_id": c_employee,
            "team": team_names[team[valid]],
            "start": _dates(lo[valid]).astype("datetime64[s]"),
            "end": c_end,
            "hours_per_week": hours[valid],
        }
    )

    # Sickness: a personal rate (mean 2 reports a year, gamma-spread) over the employment span
    # from a year before the period; 86% short, 11% medium, 2.6% long, 0.4% extra long.
    window_lo = np.maximum(hire, d0 - 400)
    window_hi = np.maximum(np.minimum(leave, d1), window_lo)
    rate = rng.gamma(2.0, 2.0 / 2.0, n)
    counts = rng.poisson(rate * (window_hi - window_lo) / 365.0)
    e_index = np.repeat(np.arange(n), counts)
    first = _between(rng, window_lo[e_index], window_hi[e_index])
    kind = rng.choice(4, len(first), p=[0.86, 0.11, 0.026, 0.004])
    duration = np.select(
        [kind == 0, kind == 1, kind == 2],
        [
            _geometric_days(rng, len(first), 1, 2.5, 14),
            _geometric_days(rng, len(first), 15, 20.0, 91),
            _geometric_days(rng, len(first), 92, 80.0, 365),
        ],
        _geometric_days(rng, len(first), 366, 200.0, 1200),
    )
    recovered = first + duration
    # No overlapping episodes of one person: drop an episode that starts before every earlier
    # one of the same person has ended (running max per person via an offset key).
    order = np.lexsort((first, e_index))
    e_index, first, recovered = e_index[order], first[order], recovered[order]
    base = d0 - 1_000
    stride = int(recovered.max(initial=d1)) - base + 1
    key = e_index * stride + (recovered - base)
    running = np.maximum.accumulate(key) if len(key) else key
    previous = np.concatenate([[-1], running[:-1]])
    same_person = previous // stride == e_index
    keep = ~same_person | (first - base > previous % stride)
    e_index, first, recovered = e_index[keep], first[keep], recovered[keep]
    open_episode = recovered >= d1  # still sick at the end of the data
    episode_ids = np.arange(1, len(first) + 1, dtype=np.int64)
    ep_recovered = _dates(recovered).astype("datetime64[s]")
    ep_recovered[open_episode] = np.datetime64("NaT")
    episodes = pd.DataFrame(
        {
            "episode_id": episode_ids,
            "employee_id": employee_ids[e_index],
            "first_sick_day": _dates(first).astype("datetime64[s]"),
            "recovered_on": ep_recovered,
        }
    )

    # Partial recovery: on 35% of episodes of 3+ weeks and 80% of 92+ days, 1-3 increasing steps.
    known = np.minimum(recovered, d1) - first
    chance = np.where(known >= 92, 0.8, np.where(known >= 21, 0.35, 0.0))
    with_steps = np.flatnonzero(rng.random(len(first)) < chance)
    n_steps = rng.integers(1, 4, len(with_steps))
    p_episode = np.repeat(with_steps, n_steps)
    rank = np.arange(len(p_episode)) - np.repeat(np.cumsum(n_steps) - n_steps, n_steps)
    # step j of k at ((j + u) / k) of the way through 15%-90% of the known duration
    k = np.repeat(n_steps, n_steps)
    where_in = 0.15 + 0.75 * (rank + rng.random(len(p_episode))) / k
    p_day = first[p_episode] + np.maximum(1, (where_in * known[p_episode]).astype(np.int64))
    percentage = np.minimum(20.0 + 25.0 * rank + 5.0 * rng.integers(0, 4, len(p_episode)), 95.0)
    inside = p_day < first[p_episode] + known[p_episode]
    partials = pd.DataFrame(
        {
            "episode_id": episode_ids[p_episode[inside]],
            "start": _dates(p_day[inside]).astype("datetime64[s]"),
            "percentage": percentage[inside],
        }
    ).drop_duplicates(["episode_id", "start"], keep="last", ignore_index=True)
    return Organisation(contracts, episodes, partials, start, end)


def as_python_dates(org: Organisation) -> Organisation:
    """The same organisation with ``datetime.date`` / ``None`` columns, as the ORM gives them."""

    def convert(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
        frame = frame.copy()
        for column in columns:
            values = frame[column].to_numpy(dtype="datetime64[D]")
            objects = values.astype(object)
            objects[np.isnat(values)] = None
            frame[column] = pd.Series(objects, index=frame.index, dtype=object)
        return frame

    return Organisation(
        convert(org.contracts, ["start", "end"]),
        convert(org.episodes, ["first_sick_day", "recovered_on"]),
        convert(org.partials, ["start"]),
        org.start,
        org.end,
    )


def prepare(org: Organisation) -> stats.Prepared:
    return stats.prepare(org.contracts, org.episodes, org.partials)


def compute_all(
    prepared: stats.Prepared, start: date, end: date, *, by_team: bool = True
) -> dict[str, list[dict]]:
    """Every figure over [start, end]: totals, months and ISO weeks; the same per team."""
    buckets = {
        "total": [("total", start, end)],
        "months": stats.month_buckets(start, end),
        "weeks": stats.week_buckets(start, end),
    }
    out = {name: stats.compute(prepared, b, by_team=False) for name, b in buckets.items()}
    if by_team:
        for name, b in buckets.items():
            out[f"team_{name}"] = stats.compute(prepared, b, by_team=True)
    return out


# Measuring ----------------------------------------------------------------------------------------


def best_of(function: Callable[[], object], repeat: int = 3) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return best, result


def max_rss_mb() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return usage / (1024 * 1024) if sys.platform == "darwin" else usage / 1024  # bytes vs KiB


def current_rss_mb() -> float | None:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def measure_memory(org: Organisation) -> dict[str, float]:
    """Peak memory of prepare + every figure (incl. by team), run once before any timing."""
    gc.collect()
    rss_before, max_before = current_rss_mb(), max_rss_mb()
    tracemalloc.start()
    prepared = prepare(org)
    compute_all(prepared, org.start, org.end, by_team=True)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    max_after = max_rss_mb()
    return {
        "tracemalloc_peak_mb": peak / 2**20,
        "rss_before_mb": rss_before if rss_before is not None else float("nan"),
        "max_rss_before_mb": max_before,
        "max_rss_after_mb": max_after,
        "max_rss_delta_mb": max_after - max_before,
    }


def measure_absence_report_command() -> None:
    """The command end to end (with the database) is measured by benchmarks/absence_db.py."""
    print("absence_report command and import_absences: see benchmarks/absence_db.py")


def describe(org: Organisation) -> str:
    c, e, p = org.contracts, org.episodes, org.partials
    employees = c["employee_id"].nunique()
    return (
        f"{employees:,} employees, {len(c):,} contract periods ({int(c['end'].isna().sum()):,} "
        f"open), {c['team'].nunique()} teams; {len(e):,} episodes "
        f"({int(e['recovered_on'].isna().sum()):,} open), {len(p):,} partial recoveries; "
        f"period {org.start} .. {org.end}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--years", type=int, default=4)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--repeat", type=int, default=3, help="best of how many runs (3)")
    args = parser.parse_args(argv)

    def timed(function: Callable[[], object]) -> tuple[float, object]:
        return best_of(function, max(args.repeat, 1))

    started = time.perf_counter()
    org = generate(args.employees, args.years, seed=args.seed)
    print(f"Organisation ({time.perf_counter() - started:.2f} s to generate): {describe(org)}")
    python_dates = as_python_dates(org)
    start, end = org.start, org.end

    # First, so earlier work does not hide the RSS growth; from date columns, as the ORM gives.
    memory = measure_memory(python_dates)

    print(f"\nTimes (best of {args.repeat}, time.perf_counter):")
    t_prepare, prepared = timed(lambda: prepare(org))
    t_prepare_py, _ = timed(lambda: prepare(python_dates))
    print(f"  1. stats.prepare (datetime64 columns)        {t_prepare:8.3f} s")
    print(f"     stats.prepare (datetime.date columns)     {t_prepare_py:8.3f} s")

    months, weeks = stats.month_buckets(start, end), stats.week_buckets(start, end)
    total = [("total", start, end)]
    parts = {
        "total": lambda: stats.compute(prepared, total, by_team=False),
        f"monthly series ({len(months)} months)": lambda: stats.compute(
            prepared, months, by_team=False
        ),
        f"weekly series ({len(weeks)} ISO weeks)": lambda: stats.compute(
            prepared, weeks, by_team=False
        ),
        "by team: total": lambda: stats.compute(prepared, total, by_team=True),
        "by team: monthly": lambda: stats.compute(prepared, months, by_team=True),
        "by team: weekly": lambda: stats.compute(prepared, weeks, by_team=True),
        'stats.report(by="month")': lambda: stats.report(
            prepared, start=start, end=end, by="month"
        ),
        'stats.report(by="week")': lambda: stats.report(prepared, start=start, end=end, by="week"),
        'stats.report(by="team")': lambda: stats.report(prepared, start=start, end=end, by="team"),
        'PVT/board: report(by="week"), "<5" decided': lambda: stats.report(
            prepared, start=start, end=end, by="week", suppress_below=5
        ),
    }
    for label, function in parts.items():
        print(f"     {label:<42}{timed(function)[0]:8.3f} s")
    t_core, _ = timed(lambda: compute_all(prepared, start, end, by_team=False))
    t_target, _ = timed(lambda: compute_all(prepare(python_dates), start, end, by_team=False))
    t_all, figures = timed(lambda: compute_all(prepared, start, end, by_team=True))
    t_engine, _ = timed(lambda: compute_all(prepare(python_dates), start, end, by_team=True))
    n_groups = sum(len(v) for v in figures.values())
    print(f"  2. every figure: total + months + weeks      {t_core:8.3f} s  (compute only)")
    print(f"     prepare (date columns) + the same         {t_target:8.3f} s  <- the target")
    print(f"     every figure + by team (x3)               {t_all:8.3f} s  ({n_groups:,} groups)")
    print(f"     prepare + every figure incl. by team      {t_engine:8.3f} s")
    print("  3. ", end="")
    measure_absence_report_command()

    headline = figures["total"][0]
    print(
        f"\nSanity: absence {headline['absence_percentage']:.2f}%, notification frequency "
        f"{headline['notification_frequency']:.2f} over {args.years} year(s), zero absence "
        f"{headline['zero_absence_percentage']:.1f}%, mean duration "
        f"{headline['mean_duration_days']:.1f} days"
    )

    print("\nMemory (prepare + every figure incl. by team, measured once):")
    print(f"  tracemalloc peak                {memory['tracemalloc_peak_mb']:8.1f} MB")
    print(
        f"  max RSS delta (getrusage)       {memory['max_rss_delta_mb']:8.1f} MB  "
        f"(max RSS {memory['max_rss_before_mb']:.1f} -> {memory['max_rss_after_mb']:.1f} MB; "
        f"RSS before {memory['rss_before_mb']:.1f} MB)"
    )
    print(f"  target                          {MEMORY_TARGET_MB:8.1f} MB")

    scale = f"{args.employees:,} employees x {args.years} year(s)"
    memory_used = max(memory["tracemalloc_peak_mb"], memory["max_rss_delta_mb"])
    checks = [
        (
            f"time: prepare + every figure (total + months + weeks), {scale}",
            t_target < TIME_TARGET_S,
            f"{t_target:.3f} s (compute only {t_core:.3f} s; target < {TIME_TARGET_S:.0f} s)",
        ),
        (
            f"memory: prepare + every figure, {scale}",
            memory_used < MEMORY_TARGET_MB,
            f"{memory_used:.1f} MB (larger of tracemalloc peak and max RSS delta; "
            f"target < {MEMORY_TARGET_MB:.0f} MB)",
        ),
    ]
    print()
    for label, ok, measured in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {label}: {measured}")
    return 0 if all(ok for _, ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
