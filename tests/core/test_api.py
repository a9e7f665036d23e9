"""The API's error format and codes, authentication, filters, pagination, /api/me/, the OpenAPI
schema and the number of queries of the lists."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from core.roles import Role
from hrm.models import Employee, Team
from tests.factories import ContractFactory, EmployeeFactory, TeamFactory, UserFactory, make_person

ERROR_KEYS = {"code", "detail", "fields"}


@pytest.fixture(autouse=True)
def _frozen_today():
    moment = datetime(2025, 6, 2, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    with time_machine.travel(moment, tick=False):
        yield


def new_employee(team: Team, **overrides) -> dict:
    return {
        "personnel_number": "N0001",
        "first_name": "Sanne",
        "last_name": "de Vries",
        "email": "sanne.devries@plusteam.example",
        "team": team.pk,
        "job_title": "Jobcoach",
        "hours_per_week": "28.5",
        "contract_start": "2025-07-01",
    } | overrides


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.content[:300]
    assert "json" in response["Content-Type"]
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert isinstance(body["detail"], str)
    assert body["detail"]
    assert isinstance(body["fields"], dict)
    return body


# Errors ----------------------------------------------------------------------------------------


def test_create_with_missing_and_bad_fields(api, hr, team_a):
    data = new_employee(team_a, hours_per_week="0", email="no-address")
    del data["last_name"]

    body = error_of(api(hr).post("/api/employees/", data, format="json"), 400)

    assert body["code"] == "invalid"
    assert set(body["fields"]) == {"last_name", "hours_per_week", "email"}
    assert all(isinstance(m, str) for msgs in body["fields"].values() for m in msgs)
    assert body["detail"] in {m for msgs in body["fields"].values() for m in msgs}
    assert not Employee.objects.filter(personnel_number="N0001").exists()


def test_create_with_an_unknown_team(api, hr, team_a):
    body = error_of(api(hr).post("/api/employees/", new_employee(team_a) | {"team": 99999}), 400)

    assert body["code"] == "invalid"
    assert set(body["fields"]) == {"team"}


def test_create_with_a_taken_personnel_number(api, hr, employee, team_a):
    taken = employee.employee.personnel_number
    count = Employee.objects.count()

    response = api(hr).post("/api/employees/", new_employee(team_a, personnel_number=taken))

    body = error_of(response, 400)
    assert body["code"] == "personnel_number_taken"
    assert set(body["fields"]) == {"personnel_number"}
    assert Employee.objects.count() == count


def test_update_to_a_taken_personnel_number(api, hr, employee, outsider):
    person = outsider.employee
    data = {
        "personnel_number": employee.employee.personnel_number,
        "first_name": person.first_name,
        "last_name": person.last_name,
    }

    body = error_of(api(hr).put(f"/api/employees/{person.pk}/", data), 400)

    assert body["code"] == "personnel_number_taken"
    assert set(body["fields"]) == {"personnel_number"}


def test_create_with_the_contract_ending_before_it_starts(api, hr, team_a):
    data = new_employee(team_a, contract_start="2025-07-01", contract_end="2025-06-30")

    body = error_of(api(hr).post("/api/employees/", data), 400)

    assert body["code"] == "contract_dates"
    assert set(body["fields"]) == {"contract_end"}  # the input's name, not the model's
    assert not Employee.objects.filter(personnel_number="N0001").exists()


def test_create_answers_the_new_employee(api, hr, manager, team_a):
    data = new_employee(team_a, manager=manager.employee.pk)

    response = api(hr).post("/api/employees/", data)

    assert response.status_code == 201
    body = response.json()
    assert body["personnel_number"] == "N0001"
    assert body["manager"]["id"] == manager.employee.pk
    assert body["employed_now"] is False  # starts next month
    assert body["current_team"] is None
    assert [(c["start"], c["end"], c["team"], c["hours_per_week"]) for c in body["contracts"]] == [
        ("2025-07-01", None, team_a.name, 28.5)
    ]


def _offboard(api, hr, person, exit_date, reason="own_request"):
    return api(hr).post(
        f"/api/employees/{person.pk}/offboard/", {"exit_date": exit_date, "exit_reason": reason}
    )


def test_offboard_before_a_later_contract_starts(api, hr, team_a):
    person = make_person(None, team=team_a, start=date(2022, 1, 1))
    person.contracts.update(end=date(2024, 12, 31))
    ContractFactory(employee=person, team=team_a, start=date(2025, 1, 1))

    body = error_of(_offboard(api, hr, person, "2024-06-30"), 400)

    assert body["code"] == "contract_after_exit"
    assert set(body["fields"]) == {"exit_date"}
    person.refresh_from_db()
    assert person.exit_date is None
    assert list(person.contracts.order_by("start").values_list("end", flat=True)) == [
        date(2024, 12, 31),
        None,
    ]


def test_offboard_after_the_last_contract_ended(api, hr, team_a):
    person = make_person(None, team=team_a)
    person.contracts.update(end=date(2025, 3, 31))

    body = error_of(_offboard(api, hr, person, "2025-06-30"), 400)

    assert body["code"] == "exit_after_contract_end"
    assert set(body["fields"]) == {"exit_date"}


def test_offboard_twice_with_a_later_date(api, hr, team_a):
    person = make_person(None, team=team_a)
    assert _offboard(api, hr, person, "2025-06-30").status_code == 200

    body = error_of(_offboard(api, hr, person, "2025-07-31"), 400)

    assert body["code"] == "exit_after_contract_end"
    person.refresh_from_db()
    assert person.exit_date == date(2025, 6, 30)


def test_offboard_without_a_contract(api, hr):
    person = EmployeeFactory()

    body = error_of(_offboard(api, hr, person, "2025-06-30"), 400)

    assert body["code"] == "no_contract"


def test_offboard_with_an_unknown_reason(api, hr, team_a):
    person = make_person(None, team=team_a)

    body = error_of(_offboard(api, hr, person, "2025-06-30", reason="bored"), 400)

    assert body["code"] == "invalid"
    assert set(body["fields"]) == {"exit_reason"}


def test_offboard_ends_the_last_contract(api, hr, team_a):
    person = make_person(None, team=team_a)

    response = _offboard(api, hr, person, "2025-06-30")

    assert response.status_code == 200
    body = response.json()
    assert (body["exit_date"], body["exit_reason"]) == ("2025-06-30", "own_request")
    assert body["contracts"][-1]["end"] == "2025-06-30"


def test_leavers_and_starters_are_found_by_id(api, hr, team_a):
    """The list defaults to status=active; reading, changing or offboarding one person does not."""
    leaver = make_person(None, team=team_a)
    leaver.contracts.update(end=date(2024, 12, 31))
    leaver.exit_date, leaver.exit_reason = date(2024, 12, 31), "own_request"
    leaver.save()
    starter = make_person(None, team=team_a, start=date(2025, 9, 1))
    client = api(hr)

    assert client.get(f"/api/employees/{leaver.pk}/").status_code == 200
    data = {"personnel_number": "X1", "first_name": "Oud", "last_name": leaver.last_name}
    assert client.put(f"/api/employees/{leaver.pk}/", data).status_code == 200
    assert client.get(f"/api/employees/{starter.pk}/").status_code == 200
    body = error_of(_offboard(api, hr, starter, "2025-08-31"), 400)
    assert body["code"] == "contract_after_exit"


def test_unknown_id_is_not_found(api, hr):
    body = error_of(api(hr).get("/api/employees/999999/"), 404)
    assert body["code"] == "not_found"


def test_someone_you_may_not_see_is_not_found(api, employee, outsider):
    body = error_of(api(employee).get(f"/api/employees/{outsider.employee.pk}/"), 404)
    assert body["code"] == "not_found"


def test_a_write_you_may_not_do_is_denied(api, manager, employee, team_a):
    client = api(manager)

    body = error_of(client.post("/api/employees/", new_employee(team_a)), 403)
    assert body["code"] == "permission_denied"
    body = error_of(client.post(f"/api/employees/{employee.employee.pk}/offboard/", {}), 403)
    assert body["code"] == "permission_denied"
    body = error_of(client.post("/api/teams/", {"name": "Nieuw"}), 403)
    assert body["code"] == "permission_denied"
    assert not Employee.objects.filter(personnel_number="N0001").exists()
    assert not Team.objects.filter(name="Nieuw").exists()


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/me/"),
        ("get", "/api/teams/"),
        ("get", "/api/employees/"),
        ("post", "/api/employees/"),
        ("get", "/api/schema/?format=json"),
    ],
)
def test_anonymous_is_not_authenticated(api, db, method, url):
    body = error_of(getattr(api(), method)(url), 401)
    assert body["code"] == "not_authenticated"


def test_team_name_taken(api, hr, team_a):
    body = error_of(api(hr).post("/api/teams/", {"name": team_a.name.upper()}), 400)
    assert body["code"] == "team_exists"
    assert set(body["fields"]) == {"name"}


def test_method_not_allowed(api, hr, employee):
    body = error_of(api(hr).delete(f"/api/employees/{employee.employee.pk}/"), 405)
    assert body["code"] == "method_not_allowed"
    assert Employee.objects.filter(pk=employee.employee.pk).exists()


def test_malformed_json(api, hr):
    response = api(hr).post("/api/teams/", "{not json", content_type="application/json")
    body = error_of(response, 400)
    assert body["code"] == "parse_error"


# Authentication ------------------------------------------------------------------------------


def test_token_authentication(hr):
    token = Token.objects.create(user=hr)
    client = Client()

    response = client.get("/api/me/", HTTP_AUTHORIZATION=f"Token {token.key}")

    assert response.status_code == 200  # not a redirect to the login page
    assert response.json()["username"] == "hr"
    assert "sessionid" not in response.cookies


def test_token_writes_need_no_csrf_token(hr):
    token = Token.objects.create(user=hr)
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        "/api/teams/",
        {"name": "Eindhoven"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )

    assert response.status_code == 201
    assert Team.objects.filter(name="Eindhoven").exists()


def test_session_writes_need_a_csrf_token(hr):
    client = Client(enforce_csrf_checks=True)
    client.force_login(hr)

    response = client.post("/api/teams/", {"name": "Eindhoven"}, content_type="application/json")

    body = error_of(response, 403)
    assert body["code"] == "permission_denied"
    assert not Team.objects.filter(name="Eindhoven").exists()


def test_a_wrong_token_fails(db):
    response = Client().get("/api/me/", HTTP_AUTHORIZATION="Token not-a-real-key")
    body = error_of(response, 401)
    assert body["code"] == "authentication_failed"


def test_token_of_a_leaver_is_refused(hr, team_a):
    user = make_person("leaver", team=team_a)
    user.employee.exit_date, user.employee.exit_reason = date(2025, 5, 31), "own_request"
    user.employee.save()
    user.is_active = False  # deactivate_leavers runs every night
    user.save()
    token = Token.objects.create(user=user)

    response = Client().get("/api/me/", HTTP_AUTHORIZATION=f"Token {token.key}")

    assert error_of(response, 401)["code"] == "authentication_failed"


# Filters and pagination ------------------------------------------------------------------------


@pytest.fixture
def people(team_a, team_b):
    """Two in team A, one in team B, one who left team A and one who starts in team B."""
    names = {}
    names["anna"] = make_person(None, team=team_a)
    names["anna"].first_name, names["anna"].last_name = "Anna", "Jansen"
    names["anna"].save()
    names["bram"] = make_person(None, team=team_a)
    names["bram"].first_name, names["bram"].last_name = "Bram", "de Jong"
    names["bram"].save()
    names["cees"] = make_person(None, team=team_b)
    names["cees"].first_name, names["cees"].last_name = "Cees", "Jansen-Smit"
    names["cees"].save()
    left = make_person(None, team=team_a)
    left.contracts.update(end=date(2024, 12, 31))
    left.exit_date, left.exit_reason = date(2024, 12, 31), "retirement"
    left.first_name, left.last_name = "Dirk", "Jansen"
    left.save()
    names["dirk"] = left
    names["eva"] = make_person(None, team=team_b, start=date(2025, 9, 1))
    names["eva"].first_name, names["eva"].last_name = "Eva", "Bakker"
    names["eva"].save()
    return names


def _listed(api, user, **params) -> set[str]:
    response = api(user).get("/api/employees/", params)
    assert response.status_code == 200
    return {row["first_name"] for row in response.json()["results"]}


def test_list_defaults_to_employed_today(api, admin_user, people):
    assert _listed(api, admin_user) == {"Anna", "Bram", "Cees"}


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("active", {"Anna", "Bram", "Cees"}),
        ("left", {"Dirk"}),
        ("future", {"Eva"}),
        ("all", {"Anna", "Bram", "Cees", "Dirk", "Eva"}),
    ],
)
def test_filter_on_status(api, admin_user, people, status, expected):
    assert _listed(api, admin_user, status=status) == expected


def test_filter_on_team(api, admin_user, people, team_a, team_b):
    assert _listed(api, admin_user, team=team_a.pk) == {"Anna", "Bram"}
    assert _listed(api, admin_user, team=team_a.pk, status="all") == {"Anna", "Bram", "Dirk"}
    assert _listed(api, admin_user, team=team_b.pk) == {"Cees"}


def test_filter_on_an_unknown_team(api, admin_user, people):
    body = error_of(api(admin_user).get("/api/employees/", {"team": 99999}), 400)
    assert body["code"] == "invalid"
    assert set(body["fields"]) == {"team"}


def test_filter_on_an_unknown_status(api, admin_user, people):
    body = error_of(api(admin_user).get("/api/employees/", {"status": "gone"}), 400)
    assert body["code"] == "invalid"
    assert set(body["fields"]) == {"status"}


def test_search(api, admin_user, people):
    assert _listed(api, admin_user, q="jansen") == {"Anna", "Cees"}
    assert _listed(api, admin_user, q="jansen", status="all") == {"Anna", "Cees", "Dirk"}
    assert _listed(api, admin_user, q="anna jansen") == {"Anna"}
    assert _listed(api, admin_user, q=people["bram"].personnel_number) == {"Bram"}
    assert _listed(api, admin_user, q="nobody") == set()


def test_filters_stay_within_what_you_may_see(api, employee, people, team_a):
    numbers = {
        row["personnel_number"]
        for row in api(employee).get("/api/employees/", {"team": team_a.pk}).json()["results"]
    }
    assert numbers == {employee.employee.personnel_number}


def test_ordering(api, admin_user, people):
    response = api(admin_user).get("/api/employees/", {"ordering": "-first_name"})
    assert [row["first_name"] for row in response.json()["results"]] == ["Cees", "Bram", "Anna"]


def test_pagination(api, hr, team_a):
    for _ in range(59):
        make_person(None, team=team_a)  # with hr: 60 employed today
    client = api(hr)

    first = client.get("/api/employees/").json()
    assert set(first) == {"count", "next", "previous", "results"}
    assert first["count"] == 60
    assert len(first["results"]) == 50
    assert first["previous"] is None
    assert "page=2" in first["next"]

    second = client.get(first["next"]).json()
    assert len(second["results"]) == 10
    assert second["next"] is None
    ids = {r["id"] for r in first["results"]} | {r["id"] for r in second["results"]}
    assert len(ids) == 60

    small = client.get("/api/employees/", {"page_size": 7, "page": 3}).json()
    assert len(small["results"]) == 7
    assert small["count"] == 60
    huge = client.get("/api/employees/", {"page_size": 1000}).json()
    assert len(huge["results"]) == 60

    body = error_of(client.get("/api/employees/", {"page": 99}), 404)
    assert body["code"] == "not_found"


def test_page_size_is_capped(api, hr, team_a):
    for _ in range(205):
        EmployeeFactory()
    response = api(hr).get("/api/employees/", {"status": "all", "page_size": 1000})
    assert len(response.json()["results"]) == 200


# /api/me/ ---------------------------------------------------------------------------------------


def test_me_for_a_manager(api, manager, team_a):
    body = api(manager).get("/api/me/").json()

    assert body["username"] == "manager"
    assert body["roles"] == ["employee", "manager"]
    assert body["managed_teams"] == [
        {"id": team_a.pk, "name": team_a.name, "description": team_a.description}
    ]
    assert body["employee"]["id"] == manager.employee.pk
    assert body["employee"]["personnel_number"] == manager.employee.personnel_number
    assert body["employee"]["current_team"] == team_a.name
    assert body["employee"]["employed_now"] is True
    assert body["language"] == "nl"


def test_me_for_hr(api, hr):
    body = api(hr).get("/api/me/").json()
    assert body["roles"] == ["employee", "hr"]
    assert body["managed_teams"] == []
    assert body["employee"]["username"] == "hr"


def test_me_without_an_employee_record(api, board, admin_user):
    body = api(board).get("/api/me/").json()
    assert body["roles"] == ["board"]
    assert body["employee"] is None
    assert body["managed_teams"] == []

    body = api(admin_user).get("/api/me/").json()
    assert body["roles"] == ["admin"]
    assert body["employee"] is None


def test_me_with_several_roles(api, team_a, team_b):
    user = make_person("both", Role.MANAGER, Role.PVT, team=team_a, manages=team_a)
    from hrm.models import RoleAssignment

    RoleAssignment.objects.create(user=user, role=Role.MANAGER, team=team_b)

    body = api(user).get("/api/me/").json()

    assert body["roles"] == ["employee", "manager", "pvt"]
    assert {t["name"] for t in body["managed_teams"]} == {team_a.name, team_b.name}


# Schema and docs ------------------------------------------------------------------------------


def test_schema_is_json_with_every_path(client, hr):
    client.force_login(hr)

    response = client.get("/api/schema/?format=json")

    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) >= {
        "/api/me/",
        "/api/teams/",
        "/api/teams/{id}/",
        "/api/employees/",
        "/api/employees/{id}/",
        "/api/employees/{id}/offboard/",
    }
    assert set(schema["paths"]["/api/employees/"]) >= {"get", "post"}
    assert "patch" in schema["paths"]["/api/teams/{id}/"]
    assert "delete" not in schema["paths"]["/api/employees/{id}/"]
    errors = schema["paths"]["/api/employees/{id}/"]["get"]["responses"]
    assert {"401", "403", "404"} <= set(errors)
    assert schema["components"]["schemas"]["Error"]["required"] == ["code", "detail", "fields"]
    parameters = {p["name"] for p in schema["paths"]["/api/employees/"]["get"]["parameters"]}
    assert {"team", "status", "q", "page", "page_size", "ordering"} <= parameters


def test_schema_validates_without_warnings(tmp_path, db):
    from django.core.management import call_command

    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/employees/" in target.read_text()


def test_docs_page_for_a_signed_in_user(client, employee):
    client.force_login(employee)

    response = client.get("/api/docs/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert b"swagger" in response.content.lower()
    assert b"<title>PlusTeam HR API</title>" in response.content


def test_docs_page_sends_anonymous_visitors_to_login(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/api/docs/"


# Query counts ---------------------------------------------------------------------------------


def _staff(n: int, team_a: Team, team_b: Team) -> None:
    """n employees, each with a login, a manager and two contract periods in two teams."""
    boss = make_person(None, team=team_b)
    for i in range(n):
        user = UserFactory(username=f"staff{n}-{i}")
        person = EmployeeFactory(user=user, manager=boss)
        ContractFactory(
            employee=person, team=team_b, start=date(2022, 1, 1), end=date(2023, 12, 31)
        )
        ContractFactory(employee=person, team=team_a, start=date(2024, 1, 1))


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/api/employees/", "/api/employees/?status=all", "/people/"])
@pytest.mark.parametrize("role", ["hr", "manager"])
def test_lists_take_a_constant_number_of_queries(request, team_a, team_b, url, role):
    user = request.getfixturevalue(role)
    client = Client()
    client.force_login(user)

    _staff(3, team_a, team_b)
    few = _queries(client, url)
    _staff(27, team_a, team_b)
    many = _queries(client, url)

    assert few == many
    assert many <= 12


def test_list_lists_30_people(api, hr, team_a, team_b):
    _staff(30, team_a, team_b)
    assert (
        api(hr).get("/api/employees/").json()["count"] == 30 + 2
    )  # the staff, their manager and hr


def test_team_list_queries(api, hr, django_assert_max_num_queries):
    for i in range(20):
        TeamFactory(name=f"Team {i:02d}")
    with django_assert_max_num_queries(6):
        response = api(hr).get("/api/teams/")
    assert response.json()["count"] == 22  # and team A and Staf (the fixtures')
