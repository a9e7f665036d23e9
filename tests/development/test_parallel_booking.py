"""Two people book the same slot at the same moment, on two real database connections: exactly
one interview gets it, the other gets `slot_taken` with the times still free, and the slot
carries one interview. PostgreSQL only (CI): the in-memory SQLite test database is one shared
connection, so nothing runs in parallel there; on SQLite the constraint itself is tested in
test_booking.py."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token

from core.errors import ApplicationError
from development.models import Interview, Slot
from development.services import interview_book
from tests.development.conftest import in_parallel

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs two real database connections (PostgreSQL)",
)


@pytest.mark.django_db(transaction=True)
def test_two_bookings_of_one_slot_on_two_connections_give_one_interview(employee, colleague, slots):
    def book(user):
        def call():
            try:
                return interview_book(actor=user, slot=Slot.objects.get(pk=slots[0].pk)).pk
            except ApplicationError as error:
                return error.code

        return call

    for _round in range(3):
        outcomes = in_parallel([book(employee), book(colleague)])
        assert sorted(map(str, outcomes))[-1] == "slot_taken", outcomes
        assert Interview.objects.filter(slot=slots[0]).count() == 1
        # free the slot again for the next round
        Interview.objects.filter(slot=slots[0]).update(slot=None, status="to_plan")


@pytest.mark.django_db(transaction=True)
def test_two_api_bookings_of_one_slot_give_one_201_and_one_clear_400(
    live_server, employee, colleague, slots
):
    url = f"{live_server.url}/api/development/slots/{slots[0].pk}/book/"

    def post(user):
        token = Token.objects.create(user=user).key

        def call():
            request = urllib.request.Request(
                url, data=b"{}", method="POST",
                headers={"Content-Type": "application/json", "Authorization": f"Token {token}"},
            )  # fmt: skip
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    return response.status, json.loads(response.read())
            except urllib.error.HTTPError as error:
                return error.code, json.loads(error.read())

        return call

    results = in_parallel([post(employee), post(colleague)])
    statuses = sorted(status for status, _body in results)
    assert statuses == [201, 400], results
    (refused,) = [body for status, body in results if status == 400]
    assert refused["code"] == "slot_taken"
    assert Interview.objects.filter(slot=slots[0]).count() == 1
