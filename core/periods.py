"""Date periods. One rule for "do two periods overlap", used by models, services, importers and
the demo: half-open periods [start, end_exclusive), with None meaning open-ended."""

from __future__ import annotations

from datetime import date, timedelta


def overlaps(
    a_start: date, a_end_exclusive: date | None, b_start: date, b_end_exclusive: date | None
) -> bool:
    return a_start < (b_end_exclusive or date.max) and b_start < (a_end_exclusive or date.max)


def exclusive(end_inclusive: date | None) -> date | None:
    """An inclusive last day (contracts, leave) as the exclusive end the rule above takes. The
    last day of the calendar has no day after it: that end is as good as open (None), so a
    model's `clean()` never overflows on a date that its field validation refuses anyway."""
    if end_inclusive is None or end_inclusive == date.max:
        return None
    return end_inclusive + timedelta(days=1)
