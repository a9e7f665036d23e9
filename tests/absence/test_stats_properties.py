"""The vectorised engine agrees with the plain per-day reference on random organisations."""

from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from absence import stats
from tests.absence import reference

BASE = date(2023, 11, 1)  # spans a year end and the leap day of 2024
SPAN = 200
TEAMS = ["A", "B", "C"]


@st.composite
def organisations(draw):
    contracts, episodes, partials = [], [], []
    episode_id = 0
    for employee in range(1, draw(st.integers(1, 4)) + 1):
        day = draw(st.integers(0, 60))
        for _ in range(
            draw(st.integers(1, 3))
        ):  # contract periods with gaps, team and hour changes
            length = draw(st.integers(1, 120))
            is_open = draw(st.booleans())
            start = BASE + timedelta(days=day)
            end = None if is_open else start + timedelta(days=length - 1)
            contracts.append(
                {
                    "employee_id": employee,
                    "team": draw(st.sampled_from(TEAMS)),
                    "start": start,
                    "end": end,
                    "hours_per_week": float(draw(st.sampled_from([36, 32, 28, 24, 18, 12.5]))),
                }
            )
            if is_open:
                break
            day += length + draw(st.integers(0, 20))
        sick_day = draw(st.integers(0, 80))
        for _ in range(draw(st.integers(0, 3))):  # episodes, possibly past the contract end
            first = BASE + timedelta(days=sick_day)
            duration = draw(
                st.one_of(st.integers(1, 100), st.sampled_from([14, 15, 91, 92, 365, 366]))
            )
            still_sick = draw(st.integers(0, 4)) == 0
            episode_id += 1
            recovered = None if still_sick else first + timedelta(days=duration)
            episodes.append(
                {
                    "episode_id": episode_id,
                    "employee_id": employee,
                    "first_sick_day": first,
                    "recovered_on": recovered,
                }
            )
            step = first
            for _ in range(draw(st.integers(0, 2))):  # a chain of partial recoveries
                step = step + timedelta(days=draw(st.integers(0, 30)))
                if recovered is not None and step >= recovered:
                    break
                partials.append(
                    {
                        "episode_id": episode_id,
                        "start": step,
                        "percentage": float(draw(st.integers(0, 99))),
                    }
                )
            if still_sick:
                break
            sick_day += duration + draw(st.integers(0, 30))
    start = BASE + timedelta(days=draw(st.integers(0, SPAN - 1)))
    end = start + timedelta(days=draw(st.integers(0, 90)))
    # only the last partial per (episode, day) counts: drop same-day duplicates as the importer does
    seen, unique = set(), []
    for p in reversed(partials):
        if (p["episode_id"], p["start"]) not in seen:
            seen.add((p["episode_id"], p["start"]))
            unique.append(p)
    return contracts, episodes, list(reversed(unique)), start, end


def prepared(contracts, episodes, partials):
    return stats.prepare(
        pd.DataFrame(contracts, columns=["employee_id", "team", "start", "end", "hours_per_week"]),
        pd.DataFrame(
            episodes, columns=["episode_id", "employee_id", "first_sick_day", "recovered_on"]
        ),
        pd.DataFrame(partials, columns=["episode_id", "start", "percentage"]),
    )


def assert_same(actual: dict, expected: dict, where) -> None:
    for key, value in expected.items():
        got = actual[key]
        if isinstance(value, dict):
            for k, v in value.items():
                assert (got[k] is None) == (v is None) and (
                    v is None or got[k] == pytest.approx(v, abs=1e-9)
                ), (where, key, k, got[k], v)
        elif value is None or isinstance(value, str):
            assert got == value, (where, key, got, value)
        else:
            assert got == pytest.approx(value, abs=1e-9), (where, key, got, value)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organisations())
def test_engine_matches_per_day_reference(org):
    contracts, episodes, partials, start, end = org
    engine = prepared(contracts, episodes, partials)
    result = stats.report(engine, start=start, end=end, by="month")
    assert_same(
        result["total"], reference.figures(contracts, episodes, partials, start, end), "total"
    )
    for group, (_key, g_start, g_end) in zip(
        result["groups"], stats.month_buckets(start, end), strict=True
    ):
        assert_same(
            group, reference.figures(contracts, episodes, partials, g_start, g_end), group["key"]
        )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organisations())
def test_teams_and_weeks_match_reference(org):
    contracts, episodes, partials, start, end = org
    engine = prepared(contracts, episodes, partials)
    by_team = stats.report(engine, start=start, end=end, by="team")["groups"]
    for group in by_team:
        assert_same(
            group,
            reference.figures(contracts, episodes, partials, start, end, team=group["key"]),
            group["key"],
        )
    weeks = stats.report(engine, start=start, end=end, by="week", team="A")["groups"]
    for group, (_key, w_start, w_end) in zip(weeks, stats.week_buckets(start, end), strict=True):
        assert_same(
            group,
            reference.figures(contracts, episodes, partials, w_start, w_end, team="A"),
            group["key"],
        )
