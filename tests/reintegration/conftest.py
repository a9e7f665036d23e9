"""Fixtures of the reintegration tests: the people of a case and cases at their stages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from reintegration.services import record_add
from tests.reintegration.helpers import (
    SICK_SINCE,
    TODAY,
    Kind,
    case_of,
    freeze,
    named,
    notified,
    pdf,
    report_sick,
    sync,
)


@pytest.fixture
def _today():
    """Today is TODAY (used by the modules that need it, with pytest.mark.usefixtures)."""
    with freeze(TODAY):
        yield


@pytest.fixture
def person(employee):
    """The employee record of the `employee` login (team A, managed by `manager`)."""
    return named(employee.employee, "Sanne", "Zwanenburg")


@pytest.fixture
def stranger(outsider):
    """The employee record of `outsider` (team B)."""
    return named(outsider.employee, "Joris", "Kwakernaak")


@pytest.fixture
def sick_case(person, adjunct):
    """`person` sick since 5 May 2025, passed to ArboNed that day, with a case (owner: the
    adjunct-director) since sick day 8."""
    episode = report_sick(person, SICK_SINCE)
    notified(episode, SICK_SINCE)
    sync(person, SICK_SINCE + timedelta(days=7))
    return case_of(person)


@pytest.fixture
def january_case(person, adjunct):
    """poortwachter.md's first worked example: sick since Monday 8 Jan 2024, still sick."""
    report_sick(person, date(2024, 1, 8), today=date(2024, 1, 20))
    return case_of(person)


@pytest.fixture
def plan(sick_case, adjunct):
    """The action plan of `sick_case`, with a PDF."""
    return record_add(
        actor=adjunct,
        case=sick_case,
        kind=Kind.ACTION_PLAN,
        date=date(2025, 5, 28),
        goal="Opbouw naar eigen werk",
        track="1",
        documents=[pdf("plan-van-aanpak.pdf")],
    )
