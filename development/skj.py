"""Professional registration in the Kwaliteitsregister Jeugd (SKJ): the rules this product
computes (development.md, "The rules this product computes"), pure: dates, contracts,
incapacity and activities in, the registration's figures out. The database glue (contracts from
hrm, the incapacity factor from the absence engine, activities from the training plan) comes
with the pages.

- period: from `registered_on` to `expires_on`, the day before the 5th anniversary (the
  anniversary of 29 February is 1 March), both inclusive;
- submission deadline: `expires_on` minus 3 months (the month's last day when the day does not
  exist);
- points per category: activities completed inside the period and on or before `as_of`; no
  surplus moves between categories;
- work hours to date: per day of the period up to `as_of`, hours per week / 7 of the contract in
  force, times (1 - incapacity factor), 0 on maternity leave; projected: plus the contract hours
  of today's contract from the day after `as_of` to `expires_on`;
- status on `as_of`: expired, complete, overdue, at_risk or on_track; warnings 12, 6 and 1
  month(s) before the deadline and on it, while not complete."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from dateutil.relativedelta import relativedelta

EXPIRED, COMPLETE, OVERDUE, AT_RISK, ON_TRACK = (
    "expired",
    "complete",
    "overdue",
    "at_risk",
    "on_track",
)


@dataclass(frozen=True)
class Contract:
    start: date
    end: date | None  # inclusive; None: open
    hours_per_week: Decimal


@dataclass(frozen=True)
class Incapacity:
    """A stretch of days (both inclusive) with the absence engine's incapacity factor: 1 while
    fully sick, 1 - P/100 after a partial recovery."""

    start: date
    end: date
    factor: Decimal


@dataclass(frozen=True)
class Activity:
    category: str
    points: Decimal
    completed_on: date


@dataclass(frozen=True)
class Requirement:
    points: Mapping[str, Decimal]  # per category
    hours: Decimal


@dataclass(frozen=True)
class Figures:
    registered_on: date
    expires_on: date
    submission_deadline: date
    points: dict[str, Decimal]  # earned per required category
    short: dict[str, Decimal]  # still missing per category (0 when reached)
    counted: list[Activity]  # the activities that count
    hours_to_date: Decimal
    hours_projected: Decimal
    complete: bool
    status: str
    warnings: list[date]
    next_warning: date | None


def anniversary(day: date, years: int) -> date:
    """The same day `years` later; 29 February's anniversary in a common year is 1 March."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return date(day.year + years, 3, 1)


def expires_on(registered_on: date) -> date:
    return anniversary(registered_on, 5) - timedelta(days=1)


def submission_deadline(expiry: date) -> date:
    """Three months before expiry; the month's last day when that day does not exist."""
    return expiry - relativedelta(months=3)


def warning_dates(deadline: date) -> list[date]:
    return [
        deadline - relativedelta(months=12),
        deadline - relativedelta(months=6),
        deadline - relativedelta(months=1),
        deadline,
    ]


@lru_cache(maxsize=4096)
def _period(registered_on: date) -> tuple[date, date, tuple[date, ...]]:
    """(expires_on, submission deadline, warning dates) of a registration date; the first
    warning date is also where `at_risk` starts. Remembered: dateutil's month arithmetic is
    the slowest step of `figures`, and HR's page asks it for every registration."""
    expiry = expires_on(registered_on)
    deadline = submission_deadline(expiry)
    return expiry, deadline, tuple(warning_dates(deadline))


def _hours_on(day: date, contracts: Sequence[Contract]) -> Fraction:
    for contract in contracts:
        if contract.start <= day and (contract.end is None or day <= contract.end):
            return Fraction(contract.hours_per_week) / 7
    return Fraction(0)


def _factor_on(day: date, incapacity: Sequence[Incapacity]) -> Fraction:
    for stretch in incapacity:
        if stretch.start <= day <= stretch.end:
            return Fraction(stretch.factor)
    return Fraction(0)


def _hours(
    first: date,
    last: date,
    contracts: Sequence[Contract],
    incapacity: Sequence[Incapacity],
    maternity: Sequence[tuple[date, date]],
) -> Fraction:
    """The sum over the days `first`..`last` of the day's contract hours times (1 - incapacity
    factor), 0 on maternity leave: per stretch of days on which nothing changes, so that the
    cost follows the number of contracts and sickness spells, not of days. Exact (fractions)."""
    if last < first:
        return Fraction(0)
    edges = {first, last + timedelta(days=1)}
    for contract in contracts:
        edges.add(contract.start)
        if contract.end is not None:
            edges.add(min(contract.end, last) + timedelta(days=1))
    for stretch in incapacity:  # an open stretch ends on date.max: cut at `last`
        edges.update((stretch.start, min(stretch.end, last) + timedelta(days=1)))
    for leave_start, leave_end in maternity:
        edges.update((leave_start, min(leave_end, last) + timedelta(days=1)))
    cuts = sorted(day for day in edges if first <= day <= last + timedelta(days=1))
    total = Fraction(0)
    for lo, hi in itertools.pairwise(cuts):
        if any(start <= lo <= end for start, end in maternity):
            continue
        per_day = _hours_on(lo, contracts) * (1 - _factor_on(lo, incapacity))
        total += per_day * (hi - lo).days
    return total


def _decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def figures(
    *,
    registered_on: date,
    as_of: date,
    requirement: Requirement,
    activities: Iterable[Activity],
    contracts: Sequence[Contract],
    incapacity: Sequence[Incapacity] = (),
    maternity: Sequence[tuple[date, date]] = (),
) -> Figures:
    expiry, deadline, warning_days = _period(registered_on)
    counted_until = min(as_of, expiry)
    counted = sorted(
        (a for a in activities if registered_on <= a.completed_on <= counted_until),
        key=lambda a: (a.completed_on, a.category),
    )
    points = {category: Decimal(0) for category in requirement.points}
    for activity in counted:
        if activity.category in points:
            points[activity.category] += activity.points
    short = {
        category: max(Decimal(0), needed - points[category])
        for category, needed in requirement.points.items()
    }
    worked = _hours(registered_on, counted_until, contracts, incapacity, maternity)
    still = Fraction(0)
    if as_of < expiry:
        start = max(as_of + timedelta(days=1), registered_on)
        still = (
            _hours_on(max(as_of, registered_on), contracts)
            * (expiry - start + timedelta(days=1)).days
        )
    hours = _decimal(worked)
    projected = _decimal(worked + still)
    complete = all(v == 0 for v in short.values()) and hours >= requirement.hours
    if as_of > expiry:
        status = EXPIRED
    elif complete:
        status = COMPLETE
    elif as_of > deadline:
        status = OVERDUE
    elif as_of >= warning_days[0] or projected < requirement.hours:
        status = AT_RISK
    else:
        status = ON_TRACK
    warnings = [] if complete else list(warning_days)
    upcoming = [day for day in warnings if day >= as_of]
    return Figures(
        registered_on=registered_on,
        expires_on=expiry,
        submission_deadline=deadline,
        points=points,
        short=short,
        counted=counted,
        hours_to_date=hours,
        hours_projected=projected,
        complete=complete,
        status=status,
        warnings=warnings,
        next_warning=upcoming[0] if upcoming else None,
    )
