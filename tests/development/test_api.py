"""The development API: free slots, booking, moving, cancelling and the invitation file."""

from datetime import date

import pytest
import vobject
from rest_framework.test import APIClient

from tests.development.conftest import at, interview_of

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def _book(user, slot):
    return _client(user).post(f"/api/development/slots/{slot.pk}/book/")


def test_free_slots_are_the_own_managers_with_offsets(employee, slots, other_slot):
    response = _client(employee).get("/api/development/slots/", {"available": "true"})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [slot.pk for slot in slots]
    assert set(rows[0]) == {"id", "start", "end", "manager", "location"}
    assert rows[0]["start"] == "2026-10-06T09:00:00+02:00"
    assert rows[2]["end"] == "2026-10-08T14:45:00+02:00"


def test_book_answers_201_with_the_interview(employee, slots):
    response = _book(employee, slots[0])
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["id"] == interview_of(employee).pk
    assert body["status"] == "planned"
    assert body["slot"]["id"] == slots[0].pk
    assert body["sequence"] == 1
    listed = _client(employee).get("/api/development/slots/?available=true").json()["results"]
    assert slots[0].pk not in [row["id"] for row in listed]


def test_booking_errors_have_stable_codes(employee, colleague, slots, other_slot):
    assert _book(colleague, slots[0]).status_code == 201
    taken = _book(employee, slots[0])
    assert taken.status_code == 400
    assert taken.json()["code"] == "slot_taken"
    assert set(taken.json()) == {"code", "detail", "fields"}
    assert _book(employee, other_slot).json()["code"] == "slot_not_yours"
    assert _book(employee, slots[1]).status_code == 201
    again = _book(employee, slots[2])
    assert again.status_code == 400
    assert again.json()["code"] == "already_booked"


def test_reschedule_and_cancel(employee, slots):
    interview_id = _book(employee, slots[0]).json()["id"]
    client = _client(employee)
    moved = client.post(
        f"/api/development/interviews/{interview_id}/reschedule/",
        {"slot": slots[1].pk},
        format="json",
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["slot"]["id"] == slots[1].pk
    assert moved.json()["sequence"] == 2
    cancelled = client.post(f"/api/development/interviews/{interview_id}/cancel/")
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "to_plan"
    assert cancelled.json()["slot"] is None
    assert cancelled.json()["sequence"] == 3


def _calendar(response):
    return vobject.readOne(response.content.decode("utf-8"))


def test_invite_ics_request_then_cancel(employee, slots):
    interview_id = _book(employee, slots[0]).json()["id"]
    interview = interview_of(employee)
    client = _client(employee)
    url = f"/api/development/interviews/{interview_id}/invite.ics"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar; method=REQUEST")
    calendar = _calendar(response)
    assert calendar.method.value == "REQUEST"
    event = calendar.vevent
    assert event.uid.value == f"development-interview-{interview.uid}@plusteam-hr"
    assert event.sequence.value == "1"
    assert event.dtstart.value.isoformat() == "2026-10-06T09:00:00+02:00"

    client.post(f"/api/development/interviews/{interview_id}/cancel/")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar; method=CANCEL")
    calendar = _calendar(response)
    assert calendar.method.value == "CANCEL"
    assert calendar.vevent.uid.value == event.uid.value
    assert calendar.vevent.sequence.value == "2"
    assert calendar.vevent.dtstart.value.isoformat() == "2026-10-06T09:00:00+02:00"


def test_invite_ics_after_october_is_winter_time(cycle, employee, manager):
    from development.services import slots_publish

    [slot] = slots_publish(
        actor=manager, manager=manager.employee, slots=[at(date(2026, 11, 2), 9)]
    )
    interview_id = _book(employee, slot).json()["id"]
    response = _client(employee).get(f"/api/development/interviews/{interview_id}/invite.ics")
    assert _calendar(response).vevent.dtstart.value.isoformat() == "2026-11-02T09:00:00+01:00"


def test_invite_ics_for_the_two_people_and_hr_only(employee, colleague, manager, hr, slots):
    interview_id = _book(employee, slots[0]).json()["id"]
    url = f"/api/development/interviews/{interview_id}/invite.ics"
    assert _client(manager).get(url).status_code == 200
    assert _client(hr).get(url).status_code == 200
    response = _client(colleague).get(url)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    # the colleague cannot move or cancel it either
    assert (
        _client(colleague).post(f"/api/development/interviews/{interview_id}/cancel/").status_code
        == 404
    )


def test_invite_ics_without_a_slot_is_404(employee, cycle):
    interview = interview_of(employee)
    response = _client(employee).get(f"/api/development/interviews/{interview.pk}/invite.ics")
    assert response.status_code == 404


def test_available_is_the_only_kind_of_list(employee, slots):
    client = _client(employee)
    assert client.get("/api/development/slots/").json()["count"] == 3
    assert client.get("/api/development/slots/?available=1").json()["count"] == 3
    refused = client.get("/api/development/slots/?available=false")
    assert refused.status_code == 400
    assert refused.json()["code"] == "invalid" and "available" in refused.json()["fields"]
