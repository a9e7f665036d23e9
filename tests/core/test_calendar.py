"""Everyone's own calendar (core/calendar.py): the feed assembled from the sources apps register,
read back with icalendar as a calendar program would: stable UIDs, SEQUENCE and DTSTAMP that
move only when an event changes, times in Europe/Amsterdam with its VTIMEZONE; one private,
revocable address per user, for any user a source is for."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from icalendar import Calendar

from core import calendar
from core.calendar import CalendarEvent, calendar_feed_for, register_source
from core.models import CalendarEventVersion, CalendarFeed
from tests.factories import UserFactory

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=AMS)


@pytest.fixture
def sources(monkeypatch):
    """Only the sources a test registers (the apps' own are put back afterwards)."""
    monkeypatch.setattr(calendar, "_sources", {})
    return calendar._sources


@pytest.fixture
def agenda(sources):
    """A source for everyone whose events a test may change between two fetches."""
    events = {
        "interview-1": CalendarEvent(
            uid="interview-1",
            start=datetime(2026, 11, 23, 10, 0, tzinfo=AMS),
            end=datetime(2026, 11, 23, 11, 0, tzinfo=AMS),
            summary="Ontwikkelgesprek",
            location="Kamer 2",
            busy=True,
        ),
        "deadline-1": CalendarEvent(uid="deadline-1", start=date(2026, 12, 1), summary="Plan"),
    }
    register_source("test", lambda user, today: list(events.values()))
    return events


@pytest.fixture
def plain_user(db):
    """A login without any role or employee record."""
    return UserFactory(username="plain")


def _fetch(client, feed: CalendarFeed) -> Calendar:
    response = client.get(f"/calendar/{feed.token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def _events(cal: Calendar) -> dict[str, object]:
    return {str(event["UID"]): event for event in cal.walk("VEVENT")}


def test_the_feed_reads_back_as_a_calendar_in_amsterdam_time(client, plain_user, agenda):
    feed = calendar_feed_for(plain_user)
    with time_machine.travel(NOW, tick=False):
        cal = _fetch(client, feed)

    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"])
    [tz] = cal.walk("VTIMEZONE")
    assert str(tz["TZID"]) == "Europe/Amsterdam"
    events = _events(cal)
    assert set(events) == {"interview-1@plusteam-hr", "deadline-1@plusteam-hr"}
    interview = events["interview-1@plusteam-hr"]
    assert interview["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert interview.decoded("DTSTART") == datetime(2026, 11, 23, 10, 0, tzinfo=AMS)
    assert interview.decoded("DTEND") == datetime(2026, 11, 23, 11, 0, tzinfo=AMS)
    assert str(interview["LOCATION"]) == "Kamer 2"
    assert str(interview["TRANSP"]) == "OPAQUE"
    deadline = events["deadline-1@plusteam-hr"]
    assert deadline.decoded("DTSTART") == date(2026, 12, 1)  # all day
    assert deadline.decoded("DTEND") == date(2026, 12, 2)
    assert str(deadline["TRANSP"]) == "TRANSPARENT"
    for event in events.values():
        assert event["SEQUENCE"] == 0
        assert event.decoded("DTSTAMP") == NOW.astimezone(UTC)


def test_a_time_given_in_utc_is_shown_in_amsterdam_time(client, plain_user, sources):
    start = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    register_source(
        "test",
        lambda user, today: [
            CalendarEvent(uid="x", start=start, end=start + timedelta(hours=1), summary="X")
        ],
    )

    cal = _fetch(client, calendar_feed_for(plain_user))

    event = _events(cal)["x@plusteam-hr"]
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert event.decoded("DTSTART").replace(tzinfo=None) == datetime(2026, 7, 1, 10, 0)  # CEST
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Amsterdam"]


def test_an_unchanged_event_keeps_uid_sequence_and_dtstamp(client, plain_user, agenda):
    feed = calendar_feed_for(plain_user)
    with time_machine.travel(NOW, tick=False):
        first = client.get(f"/calendar/{feed.token}.ics").content
    with time_machine.travel(NOW + timedelta(days=3), tick=False):
        second = client.get(f"/calendar/{feed.token}.ics").content

    assert second == first  # byte for byte: a calendar program sees nothing new
    assert CalendarEventVersion.objects.filter(feed=feed).count() == 2


def test_a_changed_event_gets_the_next_sequence_and_a_new_dtstamp(client, plain_user, agenda):
    feed = calendar_feed_for(plain_user)
    with time_machine.travel(NOW, tick=False):
        _fetch(client, feed)
    later = NOW + timedelta(days=1)
    agenda["interview-1"] = CalendarEvent(
        uid="interview-1",
        start=datetime(2026, 11, 24, 14, 0, tzinfo=AMS),  # moved a day
        end=datetime(2026, 11, 24, 15, 0, tzinfo=AMS),
        summary="Ontwikkelgesprek",
        location="Kamer 2",
        busy=True,
    )
    with time_machine.travel(later, tick=False):
        events = _events(_fetch(client, feed))
    with time_machine.travel(later + timedelta(days=1), tick=False):
        again = _events(_fetch(client, feed))

    moved = events["interview-1@plusteam-hr"]
    assert moved["SEQUENCE"] == 1
    assert moved.decoded("DTSTAMP") == later.astimezone(UTC)
    kept = events["deadline-1@plusteam-hr"]
    assert kept["SEQUENCE"] == 0
    assert kept.decoded("DTSTAMP") == NOW.astimezone(UTC)
    assert again["interview-1@plusteam-hr"]["SEQUENCE"] == 1  # no change, no new version


def test_an_event_that_returns_unchanged_keeps_its_sequence(client, plain_user, agenda):
    feed = calendar_feed_for(plain_user)
    _fetch(client, feed)
    gone = agenda.pop("deadline-1")
    assert set(_events(_fetch(client, feed))) == {"interview-1@plusteam-hr"}
    agenda["deadline-1"] = gone

    assert _events(_fetch(client, feed))["deadline-1@plusteam-hr"]["SEQUENCE"] == 0


def test_two_events_with_one_uid_are_refused():
    event = CalendarEvent(uid="same", start=date(2026, 1, 1), summary="A")
    versions = {"same": CalendarEventVersion(uid="same", sequence=0, changed_at=NOW)}

    with pytest.raises(ValueError, match="same"):
        calendar.to_ical([event, event], versions)


@pytest.mark.parametrize(
    "start, end",
    [(datetime(2026, 1, 1, 10, 0), datetime(2026, 1, 1, 11, 0)), (NOW, None)],
    ids=["naive time", "time without end"],
)
def test_a_timed_event_needs_a_time_zone_and_an_end(start, end):
    with pytest.raises(ValueError):
        CalendarEvent(uid="x", start=start, end=end, summary="X")


def test_the_sources_of_a_user_are_the_ones_for_them(plain_user, sources):
    register_source("b.everyone", lambda user, today: [])
    register_source("a.nobody", lambda user, today: [], is_for=lambda user: False)
    register_source("c.plain", lambda user, today: [], is_for=lambda user: user == plain_user)

    assert [s.key for s in calendar.sources_for(plain_user)] == ["b.everyone", "c.plain"]


# The address: any user a source is for ---------------------------------------------------------


def test_any_user_gets_an_address_and_a_feed(client, plain_user, agenda):
    client.force_login(plain_user)

    page = client.get("/reintegration/calendar/")
    renewed = client.post("/reintegration/calendar/renew/")

    assert page.status_code == 200
    assert renewed.status_code == 302
    assert renewed["Location"] == "/reintegration/calendar/"
    token = CalendarFeed.objects.get(user=plain_user).token
    page = client.get("/reintegration/calendar/").content.decode()
    assert f"/calendar/{token}.ics" in page
    assert 'action="/reintegration/calendar/renew/"' in page
    client.logout()
    assert client.get(f"/calendar/{token}.ics").status_code == 200


def test_without_a_source_for_the_user_there_is_no_page_and_no_feed(client, plain_user, sources):
    register_source("test", lambda user, today: [], is_for=lambda user: False)
    token = calendar_feed_for(plain_user).token
    client.force_login(plain_user)

    assert client.get("/reintegration/calendar/").status_code == 403
    assert client.post("/reintegration/calendar/renew/").status_code == 403
    assert CalendarFeed.objects.get(user=plain_user).token == token
    client.logout()
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_the_feed_of_a_switched_off_login_is_404(client, plain_user, agenda):
    token = calendar_feed_for(plain_user).token
    plain_user.is_active = False
    plain_user.save()

    assert client.get(f"/calendar/{token}.ics").status_code == 404
