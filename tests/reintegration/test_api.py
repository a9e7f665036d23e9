"""/api/reintegration/cases/: the list (open and closed apart) and each case's schedule, the same
JSON as the `poortwachter_schedule` command."""

from __future__ import annotations

from datetime import date

import pytest

from reintegration.selectors import view_of
from reintegration.services import (
    record_add,
)
from tests.reintegration.helpers import (
    TODAY,
    Kind,
    by_key,
    freeze,
    recover,
    report_sick,
    schedule_json,
)

pytestmark = pytest.mark.usefixtures("_today")


def test_api_schedule_is_the_command_json(january_case, person, adjunct, hr, api):
    with freeze(date(2024, 3, 1)):
        record_add(
            actor=adjunct, case=january_case, kind=Kind.PROBLEM_ANALYSIS, date=date(2024, 2, 10)
        )
        response = api(hr).get(f"/api/reintegration/cases/{january_case.pk}/schedule/")

    assert response.status_code == 200
    assert response.json() == schedule_json(person.personnel_number, "2024-03-01")
    view = view_of(january_case, date(2024, 3, 1))
    assert response.json() == view.schedule.as_json()


def test_a_record_dated_after_today_is_not_done_yet_in_the_api_either(
    sick_case, person, adjunct, hr, api
):
    record_add(actor=adjunct, case=sick_case, kind=Kind.PROBLEM_ANALYSIS, date=date(2025, 6, 10))

    response = api(hr).get(f"/api/reintegration/cases/{sick_case.pk}/schedule/")

    assert response.json() == schedule_json(person.personnel_number, TODAY.isoformat())
    assert by_key(response.json())["problem_analysis"]["status"] == "due_soon"


def test_api_lists_the_cases(january_case, person, hr, api):
    with freeze(date(2024, 3, 1)):
        response = api(hr).get("/api/reintegration/cases/")
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["id"] == january_case.pk
    assert row["personnel_number"] == person.personnel_number
    assert row["chain_start"] == "2024-01-08"
    assert row["is_open"] is True
    assert row["owner"] == "adjunct"


def test_api_lists_open_and_closed_cases_apart(person, adjunct, hr, api):
    first = report_sick(person, date(2024, 1, 8), today=date(2024, 1, 20))
    recover(first, date(2024, 3, 1))
    report_sick(person, date(2024, 5, 1), today=date(2024, 5, 20))

    with freeze(date(2024, 5, 20)):
        every = api(hr).get("/api/reintegration/cases/").json()["results"]
        open_ = api(hr).get("/api/reintegration/cases/", {"status": "open"}).json()["results"]
        closed = api(hr).get("/api/reintegration/cases/", {"status": "closed"}).json()["results"]

    assert [r["chain_start"] for r in every] == ["2024-05-01", "2024-01-08"]
    assert [(r["chain_start"], r["closed_on"]) for r in open_] == [("2024-05-01", None)]
    assert [(r["chain_start"], r["closed_on"]) for r in closed] == [("2024-01-08", "2024-03-01")]
