"""Hand-built edge cases of the absence engine."""

from datetime import date, timedelta

import pandas as pd
import pytest

from absence import stats


def engine(contracts, episodes=(), partials=()):
    return stats.prepare(
        pd.DataFrame(
            list(contracts), columns=["employee_id", "team", "start", "end", "hours_per_week"]
        ),
        pd.DataFrame(
            list(episodes), columns=["episode_id", "employee_id", "first_sick_day", "recovered_on"]
        ),
        pd.DataFrame(list(partials), columns=["episode_id", "start", "percentage"]),
    )


def contract(emp=1, start=date(2020, 1, 1), end=None, hours=36.0, team="A"):
    return {"employee_id": emp, "team": team, "start": start, "end": end, "hours_per_week": hours}


def episode(eid, first, recovered=None, emp=1):
    return {
        "episode_id": eid,
        "employee_id": emp,
        "first_sick_day": first,
        "recovered_on": recovered,
    }


def total(prepared, start, end, **kw):
    return stats.report(prepared, start=start, end=end, **kw)["total"]


@pytest.mark.parametrize(
    ("length", "expected"),
    [
        (1, "short"),
        (14, "short"),
        (15, "medium"),
        (91, "medium"),
        (92, "long"),
        (365, "long"),
        (366, "extra_long"),
    ],
)
def test_duration_class_boundaries(length, expected):
    first = date(2023, 1, 1)
    prepared = engine([contract()], [episode(1, first, first + timedelta(days=length))])
    figures = total(prepared, date(2023, 1, 1), date(2024, 12, 31))
    by_class = figures["absence_percentage_by_class"]
    assert by_class[expected] == pytest.approx(figures["absence_percentage"])
    assert all(v == 0 for k, v in by_class.items() if k != expected)


def test_open_episode_class_uses_period_end():
    prepared = engine([contract()], [episode(1, date(2024, 1, 1))])  # still sick
    assert (
        total(prepared, date(2024, 1, 1), date(2024, 1, 14))["absence_percentage_by_class"]["short"]
        == 100
    )
    assert (
        total(prepared, date(2024, 1, 1), date(2024, 1, 15))["absence_percentage_by_class"][
            "medium"
        ]
        == 100
    )
    months = stats.report(prepared, start=date(2024, 1, 1), end=date(2024, 4, 30), by="month")[
        "groups"
    ]
    assert [next(k for k, v in g["absence_percentage_by_class"].items() if v) for g in months] == [
        "medium",
        "medium",
        "medium",
        "long",
    ]


def test_contract_change_mid_period_uses_each_days_factor():
    prepared = engine(
        [
            contract(start=date(2020, 1, 1), end=date(2024, 1, 15), hours=36),
            contract(start=date(2024, 1, 16), hours=18),
        ],
        [episode(1, date(2024, 1, 11), date(2024, 1, 21))],  # 5 days at 1.0, 5 days at 0.5
    )
    figures = total(prepared, date(2024, 1, 1), date(2024, 1, 31))
    assert figures["available_days"] == pytest.approx(15 + 16 * 0.5)
    assert figures["sick_days"] == pytest.approx(5 + 2.5)
    assert figures["average_headcount"] == pytest.approx(1.0)


def test_gap_between_contracts_and_sickness_past_contract_end_count_only_employment():
    prepared = engine(
        [
            contract(start=date(2024, 1, 1), end=date(2024, 1, 10)),
            contract(start=date(2024, 1, 21), end=None),
        ],
        [episode(1, date(2024, 1, 8), date(2024, 1, 25))],
    )
    figures = total(prepared, date(2024, 1, 1), date(2024, 1, 31))
    assert figures["available_days"] == pytest.approx(10 + 11)
    assert figures["sick_days"] == pytest.approx(3 + 4)  # 8-10 Jan and 21-24 Jan
    assert figures["average_headcount"] == pytest.approx(21 / 31)
    assert figures["zero_absence_percentage"] == 0


def test_leap_day_counts():
    prepared = engine([contract()], [episode(1, date(2024, 2, 28), date(2024, 3, 2))])
    figures = total(prepared, date(2024, 2, 1), date(2024, 2, 29))
    assert figures["available_days"] == 29
    assert figures["sick_days"] == 2


def test_chain_of_partial_recovery():
    prepared = engine(
        [contract(hours=36)],
        [episode(1, date(2024, 3, 1), date(2024, 3, 31))],
        [
            {"episode_id": 1, "start": date(2024, 3, 11), "percentage": 25.0},
            {"episode_id": 1, "start": date(2024, 3, 21), "percentage": 75.0},
        ],
    )
    figures = total(prepared, date(2024, 3, 1), date(2024, 3, 31))
    assert figures["sick_days"] == pytest.approx(10 * 1.0 + 10 * 0.75 + 10 * 0.25)


def test_partial_recovery_from_the_first_sick_day():
    prepared = engine(
        [contract()],
        [episode(1, date(2024, 3, 1), date(2024, 3, 11))],
        [{"episode_id": 1, "start": date(2024, 3, 1), "percentage": 50.0}],
    )
    assert total(prepared, date(2024, 3, 1), date(2024, 3, 31))["sick_days"] == pytest.approx(5)


def test_team_move_during_an_episode():
    prepared = engine(
        [contract(end=date(2024, 1, 15), team="A"), contract(start=date(2024, 1, 16), team="B")],
        [episode(1, date(2024, 1, 11), date(2024, 1, 21))],
    )
    groups = {
        g["key"]: g
        for g in stats.report(prepared, start=date(2024, 1, 1), end=date(2024, 1, 31), by="team")[
            "groups"
        ]
    }
    assert (
        groups["A"]["sick_days"] == 5 and groups["B"]["sick_days"] == 5
    )  # day level: team on each day
    assert (
        groups["A"]["episodes_started"] == 1 and groups["B"]["episodes_started"] == 0
    )  # team on day 1
    assert groups["A"]["episodes_ended"] == 1 and groups["B"]["episodes_ended"] == 0
    assert groups["A"]["mean_duration_days"] == 10 and groups["B"]["mean_duration_days"] is None


def test_nobody_employed_gives_nulls():
    prepared = engine([contract(start=date(2025, 1, 1))])
    figures = total(prepared, date(2024, 1, 1), date(2024, 1, 31))
    assert figures["available_days"] == 0 and figures["average_headcount"] == 0
    for key in (
        "absence_percentage",
        "status",
        "notification_frequency",
        "zero_absence_percentage",
        "mean_duration_days",
    ):
        assert figures[key] is None, key
    assert all(v is None for v in figures["absence_percentage_by_class"].values())


def test_empty_organisation():
    figures = total(engine([]), date(2024, 1, 1), date(2024, 1, 31))
    assert figures["absence_percentage"] is None and figures["episodes_started"] == 0


@pytest.mark.parametrize(
    ("start", "end", "factor"),
    [
        (date(2024, 1, 1), date(2024, 12, 31), 1.0),  # calendar year (leap year, 366 days)
        (date(2023, 7, 1), date(2024, 6, 30), 1.0),  # 12 whole months
        (date(2024, 1, 1), date(2024, 1, 31), 365 / 31),
        (date(2023, 7, 2), date(2024, 7, 1), 365 / 366),  # a year, but not whole months
    ],
)
def test_annualisation(start, end, factor):
    assert stats.annualisation_factor(start, end) == pytest.approx(factor)


@pytest.mark.parametrize(
    ("pct", "status"),
    [(5.5, "green"), (5.51, "amber"), (6.5, "amber"), (6.51, "red"), (0, "green")],
)
def test_traffic_light(pct, status):
    assert stats.Norms().status(pct) == status


def test_exactly_target_from_float_division_is_green():
    # 11 sick days on 200 available days = 5.5% (float division gives 5.500000000000001)
    prepared = engine(
        [contract(start=date(2024, 1, 1), end=date(2024, 7, 18))],
        [episode(1, date(2024, 1, 1), date(2024, 1, 12))],
    )
    figures = total(prepared, date(2024, 1, 1), date(2024, 7, 18))
    assert figures["absence_percentage"] == pytest.approx(5.5)
    assert figures["status"] == "green"


def test_week_keys_are_iso_and_clipped():
    buckets = stats.week_buckets(date(2024, 12, 25), date(2025, 1, 8))
    assert [b[0] for b in buckets] == ["2024-W52", "2025-W01", "2025-W02"]
    assert buckets[0][1] == date(2024, 12, 25) and buckets[-1][2] == date(2025, 1, 8)
    assert buckets[1][1] == date(2024, 12, 30)  # ISO week 1 of 2025 starts in 2024


def test_unknown_team_filter_gives_an_empty_population():
    figures = total(engine([contract()]), date(2024, 1, 1), date(2024, 1, 31), team="Nope")
    assert figures["available_days"] == 0 and figures["absence_percentage"] is None
