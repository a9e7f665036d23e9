"""The SKJ registration rules (development.md), with its worked example as a test."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from development.skj import (
    AT_RISK,
    COMPLETE,
    EXPIRED,
    ON_TRACK,
    OVERDUE,
    Activity,
    Contract,
    Incapacity,
    Requirement,
    expires_on,
    figures,
    submission_deadline,
)

D = Decimal
JEUGDZORGWERKER = Requirement(
    points={"training": D(60), "reflection": D(50), "free": D(50)}, hours=D(1664)
)
CONTRACTS = [
    Contract(date(2020, 1, 1), date(2024, 8, 31), D(32)),
    Contract(date(2024, 9, 1), None, D(28)),
]
SICK = [
    Incapacity(date(2025, 1, 6), date(2025, 2, 2), D(1)),
    Incapacity(date(2025, 2, 3), date(2025, 3, 2), D("0.5")),
]
ACTIVITIES = [
    Activity("training", D(24), date(2022, 2, 1)),  # before the period: does not count
    Activity("training", D(40), date(2023, 5, 10)),
    Activity("training", D(16), date(2026, 9, 1)),
    Activity("reflection", D(30), date(2024, 6, 30)),
    Activity("free", D(50), date(2025, 10, 1)),
]


def _worked(as_of=date(2026, 11, 26), **changes):
    arguments = {
        "registered_on": date(2022, 3, 15),
        "as_of": as_of,
        "requirement": JEUGDZORGWERKER,
        "activities": ACTIVITIES,
        "contracts": CONTRACTS,
        "incapacity": SICK,
        **changes,
    }
    return figures(**arguments)


def test_the_worked_example():
    result = _worked()
    assert result.expires_on == date(2027, 3, 14)
    assert result.submission_deadline == date(2026, 12, 14)
    assert result.warnings == [
        date(2025, 12, 14),
        date(2026, 6, 14),
        date(2026, 11, 14),
        date(2026, 12, 14),
    ]
    assert result.points == {"training": D(56), "reflection": D(30), "free": D(50)}
    assert result.short == {"training": D(4), "reflection": D(20), "free": D(0)}
    assert date(2022, 2, 1) not in [a.completed_on for a in result.counted]
    assert round(result.hours_to_date, 3) == D("7218.857")
    assert round(result.hours_projected, 3) == D("7650.857")
    assert (result.complete, result.status, result.next_warning) == (
        False,
        AT_RISK,
        date(2026, 12, 14),
    )


def test_without_the_sickness_the_hours_are_168_more():
    assert round(_worked(incapacity=[]).hours_to_date, 3) == D("7386.857")


def test_maternity_leave_counts_no_hours():
    leave = [(date(2023, 1, 1), date(2023, 1, 7))]
    difference = _worked().hours_to_date - _worked(maternity=leave).hours_to_date
    assert round(difference, 3) == round(7 * D(32) / 7, 3)


def test_a_sickness_still_open_ends_on_date_max_and_counts_up_to_as_of():
    """The absence engine gives an open stretch the end date.max: no overflow, and the sick
    days up to `as_of` count as not worked."""
    still_sick = [Incapacity(date(2026, 11, 1), date.max, D(1))]
    difference = _worked(incapacity=[]).hours_to_date - _worked(incapacity=still_sick).hours_to_date
    assert round(difference, 3) == round(26 * D(28) / 7, 3)  # 1 to 26 November
    leave = [(date(2026, 11, 20), date.max)]
    assert (
        _worked(incapacity=[], maternity=leave).hours_to_date < _worked(incapacity=[]).hours_to_date
    )


def test_the_anniversary_of_29_february_is_1_march():
    assert expires_on(date(2020, 2, 29)) == date(2025, 2, 28)
    assert expires_on(date(2024, 2, 29)) == date(2029, 2, 28)  # 2029-03-01 minus one day


def test_the_deadline_is_the_months_last_day_when_the_day_does_not_exist():
    assert submission_deadline(date(2027, 5, 31)) == date(2027, 2, 28)
    assert submission_deadline(date(2028, 5, 31)) == date(2028, 2, 29)


def test_complete_overdue_expired_and_on_track():
    done = [
        *ACTIVITIES,
        Activity("training", D(4), date(2026, 10, 1)),
        Activity("reflection", D(20), date(2026, 10, 2)),
    ]
    complete = _worked(activities=done)
    assert (complete.status, complete.warnings, complete.next_warning) == (COMPLETE, [], None)
    assert _worked(as_of=date(2026, 12, 15)).status == OVERDUE
    assert _worked(as_of=date(2027, 3, 15)).status == EXPIRED
    assert _worked(as_of=date(2023, 1, 1)).status == ON_TRACK


def test_activities_after_expiry_or_after_as_of_do_not_count():
    late = [*ACTIVITIES, Activity("reflection", D(20), date(2027, 3, 15))]
    assert _worked(activities=late, as_of=date(2027, 4, 1)).points["reflection"] == D(30)
    assert _worked(as_of=date(2026, 8, 31)).points["training"] == D(40)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))
def test_the_period_is_five_years_less_a_day(registered):
    expiry = expires_on(registered)
    assert 365 * 5 - 1 <= (expiry - registered).days <= 366 * 5
    assert (
        expiry + timedelta(days=1)
        in {
            date(registered.year + 5, registered.month, min(registered.day, 28)),
            date(registered.year + 5, 3, 1),
        }
        or (expiry + timedelta(days=1)).day == registered.day
    )
    deadline = submission_deadline(expiry)
    assert 89 <= (expiry - deadline).days <= 92
