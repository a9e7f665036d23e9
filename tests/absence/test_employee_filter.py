"""`?employee=<id>` on the API's lists of individual records answers for an id you may not see
exactly as for one that does not exist (an empty list), so nobody can find out which ids exist.
A value that is not a whole number is refused (400, the schema's integer type) for every
requester alike, whatever exists."""

from __future__ import annotations

from datetime import date

import pytest

from absence.models import Episode, MaternityLeave
from hrm.models import Employee
from reintegration import sync

LISTS = [
    "/api/absence/episodes/",
    "/api/absence/maternity-leave/",
    "/api/reintegration/cases/",
]


@pytest.fixture
def records(employee, outsider, adjunct):
    """`employee` (team A) and `outsider` (team B) each had a leave and are sick with a case."""
    people = [employee.employee, outsider.employee]
    for person in people:
        MaternityLeave.objects.create(
            employee=person, start=date(2025, 1, 6), end=date(2025, 2, 27)
        )
        Episode.objects.create(employee=person, first_sick_day=date(2025, 5, 5))
    sync.sync_employees([p.pk for p in people], today=date(2025, 6, 2))
    return people


def _answer(client, url: str, value: str):
    response = client.get(url, {"employee": value})
    return response.status_code, response.json()


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("role", ["employee", "manager"])
def test_an_id_you_may_not_see_answers_like_one_that_does_not_exist(
    request, api, records, outsider, url, role
):
    client = api(request.getfixturevalue(role))
    missing = Employee.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000

    invisible = _answer(client, url, str(outsider.employee.pk))

    assert invisible == (200, {"count": 0, "next": None, "previous": None, "results": []})
    for value in [str(missing), "-1", "0", "99999999999999999999999"]:
        assert _answer(client, url, value) == invisible, value


@pytest.mark.parametrize("url", LISTS)
def test_a_value_that_is_not_a_whole_number_is_refused_alike_for_everyone(
    api, employee, manager, hr, records, url
):
    answers = [_answer(api(user), url, "abc") for user in (employee, manager, hr)]

    assert answers[0] == answers[1] == answers[2]
    status, body = answers[0]
    assert (status, body["code"], set(body["fields"])) == (400, "invalid", {"employee"})
    for value in ("1.5", "1e3", "0x10", "7abc"):
        status, body = _answer(api(employee), url, value)
        assert (status, body["code"], set(body["fields"])) == (400, "invalid", {"employee"})


@pytest.mark.parametrize("url", LISTS)
def test_an_id_you_may_see_filters_the_list(api, manager, employee, records, url):
    body = api(manager).get(url, {"employee": employee.employee.pk}).json()

    assert body["count"] == 1
    whose = body["results"][0]["employee"]  # an id, or the episode's {"id", ...}
    assert (whose["id"] if isinstance(whose, dict) else whose) == employee.employee.pk


@pytest.mark.parametrize("url", LISTS)
def test_without_the_filter_the_list_holds_what_you_may_see(api, hr, records, url):
    assert api(hr).get(url).json()["count"] == 2
    assert api(hr).get(url, {"employee": ""}).json()["count"] == 2


def test_the_schema_still_documents_the_filter_as_an_integer(api, hr):
    schema = api(hr).get("/api/schema/", {"format": "json"}).json()
    for path in LISTS:
        parameters = schema["paths"][path]["get"]["parameters"]
        [employee] = [p for p in parameters if p["name"] == "employee"]
        assert employee["in"] == "query"
        assert employee["schema"]["type"] == "integer"
