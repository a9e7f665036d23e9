"""Interviews in each person's own calendar feed (core/calendar.py): the employee's planned
interview and the manager's, at the right local time, with the interview's UID; not in a
colleague's feed; interviews long past or not planned are left out."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
import vobject

from core.calendar import calendar_feed_for
from development.services import interview_book, interview_cancel, slots_publish
from tests.development.conftest import at, interview_of

pytestmark = pytest.mark.django_db


def _feed(client, user):
    """The user's feed as vobject reads it: {uid: event}; None when they have no feed."""
    response = client.get(f"/calendar/{calendar_feed_for(user).token}.ics")
    if response.status_code == 404:
        return None
    assert response.status_code == 200
    text = response.content.decode()
    calendar = vobject.readOne(text)
    return text, {e.uid.value: e for e in calendar.contents.get("vevent", [])}


@pytest.fixture
def winter_booking(employee, manager, cycle):
    """The employee's interview on Tuesday 3 November 2026, 9:00 (winter time)."""
    (slot,) = slots_publish(
        actor=manager, manager=manager.employee, slots=[at(date(2026, 11, 3), 9)]
    )
    return interview_book(actor=employee, slot=slot)


def test_the_employee_and_the_manager_see_the_interview_at_local_time(
    client, employee, manager, winter_booking
):
    uid = f"development-interview-{winter_booking.uid}@plusteam-hr"
    for user, summary in (
        (employee, f"Ontwikkelgesprek met {manager.employee.full_name}"),
        (manager, f"Ontwikkelgesprek: {employee.employee.full_name}"),
    ):
        text, events = _feed(client, user)
        assert set(events) == {uid}
        event = events[uid]
        assert event.summary.value == summary
        assert event.location.value == "Kantoor Geldrop"
        assert "DTSTART;TZID=Europe/Amsterdam:20261103T090000" in text
        assert event.dtstart.value.astimezone(UTC) == datetime(2026, 11, 3, 8, 0, tzinfo=UTC)
        assert event.dtend.value.astimezone(UTC) == datetime(2026, 11, 3, 8, 45, tzinfo=UTC)
        assert event.transp.value == "OPAQUE"


def test_a_colleague_does_not_see_it(client, colleague, winter_booking, other_manager):
    _text, events = _feed(client, colleague)  # the colleague has an interview to plan
    assert events == {}
    assert _feed(client, other_manager)[1] == {}


def test_without_any_interview_there_is_no_development_calendar(client, outsider, db):
    assert _feed(client, outsider) is None


def test_a_cancelled_interview_leaves_the_feed_and_a_long_past_one_too(
    client, employee, manager, now, winter_booking
):
    interview_cancel(actor=employee, interview=interview_of(employee))
    assert _feed(client, employee)[1] == {}

    (slot,) = slots_publish(
        actor=manager, manager=manager.employee, slots=[at(date(2026, 10, 2), 9)]
    )
    interview_book(actor=employee, slot=slot)
    assert len(_feed(client, employee)[1]) == 1
    with time_machine.travel(datetime(2026, 10, 2, 9, tzinfo=UTC) + timedelta(days=31)):
        assert _feed(client, employee)[1] == {}
