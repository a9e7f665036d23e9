"""Dutch working days: weekends and the holidays of the Algemene termijnenwet (art. 3).

A deadline that falls on a Saturday, a Sunday or one of these holidays moves to the next working
day (the Gatekeeper Act's 42nd-week report); the monthly board report goes out on the first
working day of the month. Pure Python: no Django, no database."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from dateutil.easter import easter

DAY = timedelta(days=1)


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    """Holidays of the Algemene termijnenwet (art. 3) in ``year``."""
    easter_sunday = easter(year)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == 6:
        kings_day = date(year, 4, 26)
    return frozenset(
        {
            date(year, 1, 1),
            easter_sunday + timedelta(days=1),  # Easter Monday
            kings_day,
            date(year, 5, 5),
            easter_sunday + timedelta(days=39),  # Ascension Day
            easter_sunday + timedelta(days=50),  # Whit Monday
            date(year, 12, 25),
            date(year, 12, 26),
        }
    )


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def first_working_day_on_or_after(day: date) -> date:
    while not is_working_day(day):
        day += DAY
    return day
