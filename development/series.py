"""A series of interview slots ("Tuesdays and Thursdays 9:00-12:00 in March, 45 minutes, 15
minutes between"): pure, dates and wall-clock times in, aware datetimes out.

The window is laid out in local wall-clock time and each slot gets the offset of its own day in
Europe/Amsterdam, so 9:00 stays 9:00 on both sides of the daylight-saving change (09:00+02:00 in
October, 09:00+01:00 in November). A slot that would not fit in the window is left out; so is a
slot whose local time does not exist or occurs twice (the night of a change)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class SlotSpec:
    """One slot to publish: aware start and end, and where (a location or a video link)."""

    start: datetime
    end: datetime
    location: str = ""
    video_link: str = ""


def _unambiguous(local: datetime) -> bool:
    """The wall-clock time exists once on its day (not skipped, not repeated)."""
    there_and_back = local.astimezone(UTC).astimezone(AMSTERDAM)
    other_fold = local.replace(fold=1 - local.fold)
    return there_and_back.replace(tzinfo=None) == local.replace(tzinfo=None) and (
        other_fold.utcoffset() == local.utcoffset()
    )


def slot_series(
    *,
    first_day: date,
    last_day: date,
    weekdays: Iterable[int],
    window_start: time,
    window_end: time,
    length: timedelta,
    gap: timedelta = timedelta(0),
    location: str = "",
    video_link: str = "",
    tz: ZoneInfo = AMSTERDAM,
) -> list[SlotSpec]:
    """Slots on `weekdays` (Monday 0 ... Sunday 6) from `first_day` to `last_day` inclusive,
    each `length` long, `gap` apart, starting at `window_start` and ending by `window_end`
    (local time in `tz`). In time order."""
    if length <= timedelta(0):
        raise ValueError("length must be positive")
    if gap < timedelta(0):
        raise ValueError("gap must not be negative")
    days = set(weekdays)
    specs: list[SlotSpec] = []
    day = first_day
    while day <= last_day:
        if day.weekday() in days:
            start = datetime.combine(day, window_start)
            window_close = datetime.combine(day, window_end)
            while start + length <= window_close:
                local_start = start.replace(tzinfo=tz)
                local_end = (start + length).replace(tzinfo=tz)
                if _unambiguous(local_start) and _unambiguous(local_end):
                    specs.append(SlotSpec(local_start, local_end, location, video_link))
                start += length + gap
        day += timedelta(days=1)
    return specs
