"""A case owner's private iCalendar feed: one token (renewing revokes the old address), no
login, stable unique UIDs, only the owner's open deadlines and planned consultations."""

from __future__ import annotations

from datetime import date

import pytest
from icalendar import Calendar

from core.calendar import calendar_feed_for
from core.models import CalendarFeed
from core.roles import Role
from hrm.models import RoleAssignment
from reintegration.services import (
    case_update,
    record_add,
)
from tests.reintegration.helpers import (
    DOC_KEYS,
    PA_DUE,
    SICK_SINCE,
    TODAY,
    Kind,
    case_of,
    recover,
    report_sick,
    uids,
)

pytestmark = pytest.mark.usefixtures("_today")


def test_calendar_feed_for_creates_one_token_and_renew_replaces_it(adjunct):
    feed = calendar_feed_for(adjunct)
    assert len(feed.token) >= 32
    assert calendar_feed_for(adjunct).token == feed.token
    renewed = calendar_feed_for(adjunct, renew=True)
    assert renewed.token != feed.token
    assert CalendarFeed.objects.filter(user=adjunct).count() == 1


def test_feed_without_login_with_stable_unique_uids(client, sick_case, adjunct):
    consultation = record_add(
        actor=adjunct,
        case=sick_case,
        kind=Kind.CONSULTATION,
        date=TODAY,
        next_consultation=date(2025, 6, 16),
    )
    token = calendar_feed_for(adjunct).token

    first = client.get(f"/calendar/{token}.ics")
    second = client.get(f"/calendar/{token}.ics")

    assert first.status_code == 200
    assert first["Content-Type"].startswith("text/calendar")
    assert uids(first) == uids(second)
    assert len(uids(first)) == len(set(uids(first)))
    expected = {
        f"case-{sick_case.pk}-{key}@plusteam-hr"
        for key in DOC_KEYS
        if key != "arbodienst_notification"  # passed to ArboNed: done
    }
    assert set(uids(first)) == expected | {f"consultation-{consultation.pk}@plusteam-hr"}
    events = {str(e["UID"]): e for e in Calendar.from_ical(first.content).walk("VEVENT")}
    analysis = events[f"case-{sick_case.pk}-problem_analysis@plusteam-hr"]
    assert analysis.decoded("DTSTART") == PA_DUE


def test_renewing_the_token_makes_the_old_url_404(client, sick_case, adjunct):
    old = calendar_feed_for(adjunct).token
    client.force_login(adjunct)
    assert client.post("/reintegration/calendar/renew/").status_code == 302
    client.logout()

    new = CalendarFeed.objects.get(user=adjunct).token
    assert new != old
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{new}.ics").status_code == 200


def test_the_calendar_page_shows_the_address(client, adjunct):
    client.force_login(adjunct)
    assert (
        'data-testid="calendar-url"' not in client.get("/reintegration/calendar/").content.decode()
    )
    client.post("/reintegration/calendar/renew/")
    page = client.get("/reintegration/calendar/").content.decode()
    token = CalendarFeed.objects.get(user=adjunct).token
    assert f"/calendar/{token}.ics" in page


def test_feed_of_someone_who_lost_the_role_is_404(client, sick_case, adjunct):
    token = calendar_feed_for(adjunct).token
    RoleAssignment.objects.filter(user=adjunct, role=Role.ADJUNCT_DIRECTOR).delete()
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_feed_of_an_inactive_user_is_404(client, sick_case, adjunct):
    token = calendar_feed_for(adjunct).token
    adjunct.is_active = False
    adjunct.save()
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_unknown_token_is_404(client, db):
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_done_milestones_and_other_peoples_cases_are_not_in_the_feed(
    client, sick_case, adjunct, hr, stranger
):
    record_add(actor=adjunct, case=sick_case, kind=Kind.PROBLEM_ANALYSIS, date=date(2025, 5, 30))
    report_sick(stranger, date(2025, 5, 1), today=TODAY)
    other_case = case_of(stranger)
    case_update(actor=hr, case=other_case, owner=hr)
    token = calendar_feed_for(adjunct).token

    got = uids(client.get(f"/calendar/{token}.ics"))

    assert f"case-{sick_case.pk}-problem_analysis@plusteam-hr" not in got
    assert f"case-{sick_case.pk}-arbodienst_notification@plusteam-hr" not in got
    assert f"case-{sick_case.pk}-action_plan@plusteam-hr" in got
    assert not [uid for uid in got if uid.startswith(f"case-{other_case.pk}-")]
    # the other case is HR's: it is in HR's feed
    hr_feed = uids(client.get(f"/calendar/{calendar_feed_for(hr).token}.ics"))
    assert f"case-{other_case.pk}-problem_analysis@plusteam-hr" in hr_feed


def test_closed_cases_leave_the_feed(client, person, adjunct):
    episode = report_sick(person, SICK_SINCE, today=date(2025, 5, 20))
    token = calendar_feed_for(adjunct).token
    assert uids(client.get(f"/calendar/{token}.ics"))

    recover(episode, TODAY)

    assert uids(client.get(f"/calendar/{token}.ics")) == []
