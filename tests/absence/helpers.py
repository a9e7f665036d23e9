"""What the tests of the absence figures and reports share: people with one contract, sick spells,
the figures of a report by group, the figures a suppressed group shows (none), and a fixed clock.

privacy.md: PVT and board see aggregates only; any group with fewer than 5 different people
employed in it during the period is shown as "<5" with no figures."""

from __future__ import annotations

import itertools
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine

from absence import stats
from absence.models import Episode
from tests.factories import ContractFactory, EmployeeFactory

AMS = ZoneInfo("Europe/Amsterdam")
METRICS = list(stats.METRIC_KEYS)
ALL_NULL = dict.fromkeys(METRICS)
NOTIFIED = datetime(2026, 2, 26, 10, 0, tzinfo=AMS)  # when the reports' sick spells went to ArboNed

# Last names nobody would mistake for words in a template or an SVG chart (48, then again).
NAMES = itertools.cycle(
    [
        f"{stem}{suffix}"
        for suffix in ("", "-Aerts", "-Bakx", "-Coppens")
        for stem in (
            "Zwanenburg",
            "Kwakernaak",
            "Hogerwerf",
            "Vlasblom",
            "Spierings",
            "Rietbergen",
            "Oudejans",
            "Tichelaar",
            "Wijnhoven",
            "Blokzijl",
            "Dekkers",
            "Mertens",
        )
    ]
)


def person(team, *, start=date(2022, 1, 1), end=None, hours="36", last_name=None):
    """An employee (no login) with one contract in `team`."""
    employee = EmployeeFactory(last_name=last_name or next(NAMES))
    ContractFactory(
        employee=employee, team=team, start=start, end=end, hours_per_week=Decimal(hours)
    )
    return employee


def sick(employee, first, recovered=None, **fields):
    return Episode.objects.create(
        employee=employee, first_sick_day=first, recovered_on=recovered, **fields
    )


def groups_by_key(body: dict) -> dict[str, dict]:
    return {group["key"]: group for group in body["groups"]}


def without(row: dict, *keys: str) -> dict:
    return {k: v for k, v in row.items() if k not in keys}


def travel(moment: datetime):
    return time_machine.travel(moment, tick=False)
