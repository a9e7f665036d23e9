"""Absence data as half-open day intervals ``[lo, hi)``, the shape every figure is computed on
(absence.stats): contracts, sick spells split at partial recovery and clipped to employment,
and the episodes with the team in force on their first sick day. Converted once, on entry.
Input frames: see absence.stats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

IntArray = npt.NDArray[np.int64]  # day numbers, employee ids, team codes
FloatArray = npt.NDArray[np.float64]  # weights (part-time and incapacity factors), day sums
BoolArray = npt.NDArray[np.bool_]
CountArray = npt.NDArray[np.intp]  # what np.bincount counts
# An interval attribute: int64 codes ("team", "episode") or float64 weights ("pf", "weight").
Column = npt.NDArray[Any]

EPOCH = np.datetime64("1970-01-01", "D")
FAR_FUTURE = np.iinfo(np.int32).max


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


def incapacity_stretches(
    episodes: pd.DataFrame, partials: pd.DataFrame
) -> list[tuple[int, date, date, float]]:
    """(employee, first day, last day inclusive, incapacity factor) of every stretch of
    sickness, split at partial recoveries; a running episode's last day is `date.max`."""
    segments = _incapacity_segments(episodes, partials)
    return [
        (
            int(employee),
            day_date(int(lo)),
            date.max if int(hi) >= FAR_FUTURE else day_date(int(hi) - 1),
            float(af),
        )
        for employee, lo, hi, af in zip(
            segments["employee"], segments["lo"], segments["hi"], segments["af"], strict=True
        )
    ]


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
