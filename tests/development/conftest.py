"""Development interviews: a fixed "now" (1 October 2026, 10:00 in Amsterdam), an open 2026
cycle, and a second employee of the same manager (`colleague`) and another team's manager."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.db import connections

from core.errors import ApplicationError
from core.roles import Role
from development.models import Interview
from development.series import AMSTERDAM, SlotSpec
from development.services import cycle_open, slots_publish
from tests.factories import make_person

NOW = datetime(2026, 10, 1, 10, 0, tzinfo=AMSTERDAM)


def in_parallel(calls):
    """Run the calls each in a thread of its own (so on a database connection of its own),
    released together by a barrier; a refusal comes back as its code."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        try:
            barrier.wait(timeout=30)
            return call()
        except ApplicationError as error:
            return error.code
        finally:
            connections.close_all()  # this thread's connection, so teardown can drop the db

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def at(day: date, hour: int, minute: int = 0, minutes: int = 45) -> SlotSpec:
    start = datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMSTERDAM)
    return SlotSpec(start, start + timedelta(minutes=minutes), location="Kantoor Geldrop")


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def colleague(team_a, manager):
    user = make_person("colleague", team=team_a)
    user.employee.manager = manager.employee
    user.employee.save()
    return user


@pytest.fixture
def other_manager(team_b):
    return make_person("other_manager", Role.MANAGER, team=team_b, manages=team_b)


@pytest.fixture
def cycle(now, hr, employee, colleague, manager, other_manager):
    return cycle_open(actor=hr, year=2026, deadline=date(2026, 12, 15))


@pytest.fixture
def slots(cycle, manager):
    """Three slots of the manager: 6 October 9:00 and 10:00, 8 October 14:00."""
    return slots_publish(
        actor=manager,
        manager=manager.employee,
        slots=[at(date(2026, 10, 6), 9), at(date(2026, 10, 6), 10), at(date(2026, 10, 8), 14)],
    )


@pytest.fixture
def other_slot(cycle, other_manager):
    return slots_publish(
        actor=other_manager, manager=other_manager.employee, slots=[at(date(2026, 10, 6), 9)]
    )[0]


def interview_of(user) -> Interview:
    return Interview.objects.get(employee=user.employee)


@pytest.fixture(autouse=True)
def _vobject_reads_each_calendar_afresh():
    """vobject keeps every VTIMEZONE it has read in a global registry by TZID and uses it for
    later calendars: a feed whose Europe/Amsterdam covers only winter would make a later
    summer invitation read as CET. Each test starts with the registry empty (but UTC)."""
    import vobject.icalendar

    registry = vobject.icalendar.__dict__["__tzidMap"]
    saved = dict(registry)
    registry.clear()
    registry["UTC"] = saved.get("UTC", vobject.icalendar.utc)
    yield
    registry.clear()
    registry.update(saved)
