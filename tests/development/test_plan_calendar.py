"""Training sessions in each participant's own calendar feed: approved and planned items only,
one event per session with a stable UID; a cancelled training leaves the feed; people who do
not take part do not see it."""

from datetime import UTC, date, datetime

import pytest
import vobject

from core.calendar import calendar_feed_for
from development.models import PlanItem, PlanSession
from development.series import AMSTERDAM
from development.services import plan as services

pytestmark = pytest.mark.django_db


def _events(client, user):
    response = client.get(f"/calendar/{calendar_feed_for(user).token}.ics")
    if response.status_code == 404:
        return None
    assert response.status_code == 200
    calendar = vobject.readOne(response.content.decode())
    return {e.uid.value: e for e in calendar.contents.get("vevent", [])}


@pytest.fixture
def training(now, hr, employee):
    plan = services.plan_save(hr, year=2026, budget=5000)
    start = datetime(2026, 11, 3, 9, tzinfo=AMSTERDAM)
    return services.item_save(
        hr,
        plan,
        title="SCHIP-training",
        participants=[employee.employee],
        sessions=[
            (start, start.replace(hour=12), "Kantoor Waalre"),
            (start.replace(day=10), start.replace(day=10, hour=12), "Kantoor Waalre"),
        ],
    )


def _uids(item):
    return {
        f"development-training-session-{pk}@plusteam-hr"
        for pk in PlanSession.objects.filter(item=item).values_list("pk", flat=True)
    }


def test_a_wish_is_not_in_the_calendar(client, training, employee):
    events = _events(client, employee)
    assert events is None or not set(events) & _uids(training)


def test_planned_sessions_are_in_the_participants_feed(client, hr, training, employee, colleague):
    services.item_set_status(hr, training, PlanItem.Status.PLANNED)
    events = _events(client, employee)
    assert set(events) >= _uids(training)
    first = events[min(_uids(training))]
    assert first.summary.value == "Opleiding: SCHIP-training"  # the feed speaks Dutch
    assert first.location.value == "Kantoor Waalre"
    assert first.dtstart.value.astimezone(UTC) == datetime(2026, 11, 3, 8, 0, tzinfo=UTC)
    other = _events(client, colleague)
    assert other is None or not set(other) & _uids(training)


def test_moving_a_session_keeps_its_uid(client, hr, training, employee):
    services.item_set_status(hr, training, PlanItem.Status.APPROVED)
    before = _uids(training)
    start = datetime(2026, 11, 4, 13, tzinfo=AMSTERDAM)
    services.item_save(
        hr,
        training.plan,
        item=training,
        title="SCHIP-training",
        participants=[employee.employee],
        sessions=[
            (start, start.replace(hour=16), "Kantoor Waalre"),
            (start.replace(day=11), start.replace(day=11, hour=16), ""),
        ],
    )
    events = _events(client, employee)
    assert _uids(training) == before
    assert {e.dtstart.value.date() for uid, e in events.items() if uid in before} == {
        date(2026, 11, 4),
        date(2026, 11, 11),
    }


def test_a_cancelled_training_leaves_the_feed(client, hr, training, employee):
    services.item_set_status(hr, training, PlanItem.Status.PLANNED)
    assert set(_events(client, employee)) >= _uids(training)
    services.item_set_status(hr, training, PlanItem.Status.CANCELLED)
    events = _events(client, employee)
    assert events is None or not set(events) & _uids(training)
