"""Dutch working days (core/workdays.py): weekends and the holidays of the Algemene
termijnenwet, which move a Gatekeeper Act deadline and the board report's sending day."""

from datetime import date

import pytest

from core.workdays import _holidays, first_working_day_on_or_after, is_working_day

JAN_8 = date(2024, 1, 8)


@pytest.mark.parametrize(
    "holiday",
    [
        date(2024, 1, 1),  # New Year's Day (Monday)
        date(2024, 4, 1),  # Easter Monday
        date(2026, 4, 27),  # King's Day (Monday)
        date(2024, 5, 5),  # Sunday anyway
        date(2025, 5, 5),  # every year, not only in lustrum years
        date(2024, 5, 9),  # Ascension Day
        date(2024, 5, 20),  # Whit Monday
        date(2024, 12, 25),
        date(2024, 12, 26),
        date(2024, 1, 13),  # Saturday
        date(2024, 1, 14),  # Sunday
    ],
)
def test_not_a_working_day(holiday):
    assert not is_working_day(holiday)


@pytest.mark.parametrize(
    "day",
    [
        date(2024, 3, 29),  # Good Friday is not a holiday of the Algemene termijnenwet
        date(2025, 4, 18),  # Good Friday
        date(2024, 12, 24),
        date(2024, 12, 31),
        date(2025, 4, 28),  # the Monday after King's Day on Saturday 26 April
        JAN_8,
    ],
)
def test_a_working_day(day):
    assert is_working_day(day)


def test_kings_day_moves_to_26_april_when_27_april_is_a_sunday():
    # A Sunday 27 April always makes 26 April a Saturday, so no working day is affected.
    assert date(2025, 4, 27).weekday() == 6
    assert date(2025, 4, 26) in _holidays(2025)
    assert date(2031, 4, 26) in _holidays(2031)
    assert date(2024, 4, 27) in _holidays(2024)
    assert date(2024, 4, 26) not in _holidays(2024)


def test_first_working_day_on_or_after():
    assert first_working_day_on_or_after(JAN_8) == JAN_8
    assert first_working_day_on_or_after(date(2022, 12, 24)) == date(2022, 12, 27)
    assert first_working_day_on_or_after(date(2026, 12, 31)) == date(2026, 12, 31)
    assert first_working_day_on_or_after(date(2027, 1, 1)) == date(2027, 1, 4)
