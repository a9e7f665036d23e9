"""The worked example of shared/domain/absence-metrics.md (January 2024)."""

from datetime import date

import pandas as pd
import pytest

from absence import stats
from tests.absence import reference

CONTRACTS = [
    {
        "employee_id": 1,
        "team": "T",
        "start": date(2020, 1, 1),
        "end": None,
        "hours_per_week": 36.0,
    },  # A
    {
        "employee_id": 2,
        "team": "T",
        "start": date(2020, 1, 1),
        "end": None,
        "hours_per_week": 18.0,
    },  # B
    {
        "employee_id": 3,
        "team": "T",
        "start": date(2024, 1, 16),
        "end": None,
        "hours_per_week": 36.0,
    },  # C
]
EPISODES = [
    {
        "episode_id": 10,
        "employee_id": 1,
        "first_sick_day": date(2024, 1, 8),
        "recovered_on": date(2024, 1, 13),
    },
    {
        "episode_id": 20,
        "employee_id": 2,
        "first_sick_day": date(2023, 12, 20),
        "recovered_on": date(2024, 1, 29),
    },
]
PARTIALS = [{"episode_id": 20, "start": date(2024, 1, 15), "percentage": 50.0}]


def frames(contracts=CONTRACTS, episodes=EPISODES, partials=PARTIALS):
    return stats.prepare(
        pd.DataFrame(contracts, columns=["employee_id", "team", "start", "end", "hours_per_week"]),
        pd.DataFrame(
            episodes, columns=["episode_id", "employee_id", "first_sick_day", "recovered_on"]
        ),
        pd.DataFrame(partials, columns=["episode_id", "start", "percentage"]),
    )


@pytest.fixture
def january():
    return stats.report(frames(), start=date(2024, 1, 1), end=date(2024, 1, 31))["total"]


def test_available_and_sick_days(january):
    assert january["available_days"] == pytest.approx(62.5)
    assert january["sick_days"] == pytest.approx(15.5)


def test_absence_percentage_is_red(january):
    assert january["absence_percentage"] == pytest.approx(24.8)
    assert january["status"] == "red"


def test_per_class(january):
    by_class = january["absence_percentage_by_class"]
    assert by_class["short"] == pytest.approx(8.0)
    assert by_class["medium"] == pytest.approx(16.8)
    assert by_class["long"] == 0
    assert by_class["extra_long"] == 0
    assert sum(by_class.values()) == pytest.approx(january["absence_percentage"])


def test_headcount_and_notification_frequency(january):
    assert january["average_headcount"] == pytest.approx(78 / 31)
    assert january["episodes_started"] == 1
    assert january["notification_frequency"] == pytest.approx(0.3974, abs=1e-4)
    assert january["notification_frequency_annualised"] == pytest.approx(4.6795, abs=1e-4)


def test_mean_duration_and_zero_absence(january):
    assert january["episodes_ended"] == 2
    assert january["mean_duration_days"] == pytest.approx(22.5)
    assert january["zero_absence_percentage"] == pytest.approx(100 / 3)


def test_reference_implementation_agrees_on_the_worked_example(january):
    expected = reference.figures(CONTRACTS, EPISODES, PARTIALS, date(2024, 1, 1), date(2024, 1, 31))
    for key, value in expected.items():
        if isinstance(value, dict):
            for k, v in value.items():
                assert january[key][k] == pytest.approx(v), (key, k)
        else:
            assert january[key] == pytest.approx(value), key
