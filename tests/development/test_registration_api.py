"""The exact registration API: professions, creating a registration (HR), logging activities
(the employee for themselves, HR for anyone) and a registration's figures on `as_of`: the worked
example of development.md end to end, and the rules' edges (29 February, 31 May, the first and
last day of the period, after `as_of`, before the period)."""

from datetime import date
from decimal import Decimal as D

import pytest
import time_machine

from absence.models import Episode, PartialRecovery
from core.models import AuditEvent
from development.models import Activity, Registration
from tests.development.registration_helpers import NOW, make_professions, register
from tests.factories import ContractFactory, EmployeeFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def professions(db):
    return make_professions()


def _post_registration(api, hr, employee, registered_on: str, **extra):
    body = {
        "employee": employee.pk,
        "register": "SKJ",
        "number": "110012345",
        "profession": "jeugdzorgwerker",
        "registered_on": registered_on,
        **extra,
    }
    return api(hr).post("/api/development/registrations/", body, format="json")


def _log(api, user, employee, category: str, points, completed_on: str, title="Activiteit"):
    return api(user).post(
        "/api/development/activities/",
        {
            "employee": employee.pk,
            "title": title,
            "category": category,
            "points": points,
            "completed_on": completed_on,
        },
        format="json",
    )


def _figures(api, user, pk, as_of: str | None = None):
    url = f"/api/development/registrations/{pk}/"
    return api(user).get(url, {"as_of": as_of} if as_of else {})


def test_professions_list_keys_and_categories(api, employee, professions):
    response = api(employee).get("/api/development/professions/")
    assert response.status_code == 200
    body = response.json()
    assert [p["key"] for p in body] == ["jeugdzorgwerker", "jeugd_en_gezinsprofessional"]
    assert body[0] == {
        "key": "jeugdzorgwerker",
        "name": "Jeugdzorgwerker",
        "register": "SKJ",
        "hours_required": 1664.0,
        "categories": [
            {"key": "training", "name": "Scholing", "required": 60.0},
            {"key": "reflection", "name": "Reflectie", "required": 50.0},
            {"key": "free", "name": "Vrije ruimte", "required": 50.0},
        ],
    }


def test_professions_are_not_for_the_board(api, board, professions):
    assert api(board).get("/api/development/professions/").status_code == 403


def test_the_worked_example_end_to_end(api, hr, professions):
    person = EmployeeFactory()
    team = TeamFactory(name="Geldrop-Mierlo")
    ContractFactory(
        employee=person, team=team, start=date(2020, 1, 1), end=date(2024, 8, 31),
        hours_per_week=D(32),
    )  # fmt: skip
    ContractFactory(employee=person, team=team, start=date(2024, 9, 1), hours_per_week=D(28))
    episode = Episode.objects.create(
        employee=person, first_sick_day=date(2025, 1, 6), recovered_on=date(2025, 3, 3)
    )
    PartialRecovery.objects.create(episode=episode, start=date(2025, 2, 3), percentage=D(50))

    created = _post_registration(api, hr, person, "2022-03-15")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert Registration.objects.get(pk=pk).employee == person
    for category, points, completed_on in [
        ("training", 24, "2022-02-01"),
        ("training", 40, "2023-05-10"),
        ("training", 16, "2026-09-01"),
        ("reflection", 30, "2024-06-30"),
        ("free", 50, "2025-10-01"),
    ]:
        response = _log(api, hr, person, category, points, completed_on)
        assert response.status_code == 201, response.content

    response = _figures(api, hr, pk, "2026-11-26")
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "id": pk,
        "employee": person.pk,
        "register": "SKJ",
        "number": "110012345",
        "profession": "jeugdzorgwerker",
        "registered_on": "2022-03-15",
        "expires_on": "2027-03-14",
        "submission_deadline": "2026-12-14",
        "warnings": ["2025-12-14", "2026-06-14", "2026-11-14", "2026-12-14"],
        "next_warning": "2026-12-14",
        "categories": [
            {"key": "training", "required": 60.0, "earned": 56.0, "short": 4.0},
            {"key": "reflection", "required": 50.0, "earned": 30.0, "short": 20.0},
            {"key": "free", "required": 50.0, "earned": 50.0, "short": 0.0},
        ],
        "hours": {
            "required": 1664.0,
            "to_date": body["hours"]["to_date"],
            "projected": body["hours"]["projected"],
        },
        "status": "at_risk",
    }
    # unrounded: 7,386.857... minus 168 hours of sickness; 108 more days at 4 hours
    assert body["hours"]["to_date"] == pytest.approx(7218 + 6 / 7, abs=1e-9)
    assert body["hours"]["to_date"] == 7218.857142857143
    assert body["hours"]["projected"] == pytest.approx(7650 + 6 / 7, abs=1e-9)


def test_as_of_defaults_to_today(api, hr, employee, professions):
    registration = register(employee.employee, professions[0])
    body = _figures(api, hr, registration.pk).json()
    dated = _figures(api, hr, registration.pk, "2026-11-26").json()
    assert body == dated


@pytest.mark.parametrize("as_of", ["26-11-2026", "2026-02-30", "x", ""])
def test_a_bad_as_of_is_a_json_400(api, hr, employee, professions, as_of):
    registration = register(employee.employee, professions[0])
    response = _figures(api, hr, registration.pk, None)
    response = api(hr).get(f"/api/development/registrations/{registration.pk}/?as_of={as_of}")
    assert response.status_code == 400
    assert response.json()["code"] == "date_invalid"
    assert set(response.json()) == {"code", "detail", "fields"}


def test_an_as_of_outside_the_sane_range_is_refused(api, hr, employee, professions):
    registration = register(employee.employee, professions[0])
    response = _figures(api, hr, registration.pk, "1850-01-01")
    assert response.status_code == 400
    assert response.json()["code"] == "date_out_of_range"


def test_registered_on_29_february_expires_on_28_february(api, hr, employee, professions):
    created = _post_registration(api, hr, employee.employee, "2024-02-29")
    body = _figures(api, hr, created.json()["id"], "2026-11-26").json()
    # the 5th anniversary of 29 February 2024 is 1 March 2029
    assert body["expires_on"] == "2029-02-28"
    assert body["submission_deadline"] == "2028-11-28"


@pytest.mark.parametrize(
    ("registered_on", "expires_on", "deadline"),
    [("2021-06-01", "2026-05-31", "2026-02-28"), ("2023-06-01", "2028-05-31", "2028-02-29")],
)
def test_expiry_on_31_may_gives_the_last_day_of_february(
    api, hr, employee, professions, registered_on, expires_on, deadline
):
    created = _post_registration(api, hr, employee.employee, registered_on)
    body = _figures(api, hr, created.json()["id"]).json()
    assert (body["expires_on"], body["submission_deadline"]) == (expires_on, deadline)


def test_the_periods_first_and_last_day_count_the_days_outside_do_not(
    api, hr, employee, professions
):
    person = employee.employee
    created = _post_registration(api, hr, person, "2021-06-01")
    for points, completed_on in [
        (1, "2021-05-31"),  # the day before the period
        (2, "2021-06-01"),  # its first day
        (4, "2026-05-31"),  # its last day
        (8, "2026-06-01"),  # the day after
    ]:
        assert _log(api, hr, person, "reflection", points, completed_on).status_code == 201
    body = _figures(api, hr, created.json()["id"], "2026-11-26").json()
    assert body["categories"][1] == {
        "key": "reflection", "required": 50.0, "earned": 6.0, "short": 44.0,
    }  # fmt: skip
    assert body["status"] == "expired"


def test_an_activity_after_as_of_does_not_count_yet(api, hr, employee, professions):
    person = employee.employee
    created = _post_registration(api, hr, person, "2022-03-15")
    _log(api, hr, person, "free", 10, "2025-06-01")
    before = _figures(api, hr, created.json()["id"], "2025-05-31").json()
    on_the_day = _figures(api, hr, created.json()["id"], "2025-06-01").json()
    assert before["categories"][2]["earned"] == 0.0
    assert on_the_day["categories"][2]["earned"] == 10.0


def test_only_hr_creates_registrations(api, employee, manager, professions):
    for user in (employee, manager):
        response = _post_registration(api, user, employee.employee, "2022-03-15")
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"
    assert not Registration.objects.exists()


def test_registration_input_errors_have_codes(api, hr, employee, professions):
    person = employee.employee
    unknown = _post_registration(api, hr, person, "2022-03-15", profession="arts")
    assert unknown.status_code == 400 and unknown.json()["code"] == "unknown_profession"
    assert "profession" in unknown.json()["fields"]
    assert _post_registration(api, hr, person, "2022-03-15").status_code == 201
    again = _post_registration(api, hr, person, "2022-03-15")
    assert again.status_code == 400 and again.json()["code"] == "registration_exists"
    nobody = api(hr).post(
        "/api/development/registrations/",
        {"employee": 999999, "number": "1", "profession": "jeugdzorgwerker",
         "registered_on": "2022-03-15"},
        format="json",
    )  # fmt: skip
    assert nobody.status_code == 400 and nobody.json()["code"] == "unknown_employee"
    bad_date = _post_registration(api, hr, person, "2022-13-01")
    assert bad_date.status_code == 400 and bad_date.json()["code"] == "invalid"


def test_the_registration_is_visible_to_the_employee_manager_and_hr_only(
    api, hr, employee, manager, outsider, director, board, professions
):
    registration = register(employee.employee, professions[0])
    for user in (employee, manager, hr):
        assert _figures(api, user, registration.pk).status_code == 200
    for user in (outsider, director, board):
        response = _figures(api, user, registration.pk)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    assert api(hr).get("/api/development/registrations/abc/").status_code == 404


def test_reads_by_others_are_audited_the_own_read_is_not(api, hr, employee, professions):
    registration = register(employee.employee, professions[0])
    _figures(api, employee, registration.pk)
    assert not AuditEvent.objects.exists()
    _figures(api, hr, registration.pk)
    event = AuditEvent.objects.get()
    assert (event.actor, event.subject, event.object_id) == (
        hr, employee.employee, str(registration.pk),
    )  # fmt: skip


def test_the_employee_logs_for_themselves_not_for_others(api, employee, outsider, professions):
    register(employee.employee, professions[0])
    register(outsider.employee, professions[0])
    own = _log(api, employee, employee.employee, "reflection", 5, "2026-11-01")
    assert own.status_code == 201, own.content
    assert own.json()["points"] == 5.0
    assert Activity.objects.get().created_by == employee
    other = _log(api, employee, outsider.employee, "reflection", 5, "2026-11-01")
    assert other.status_code == 403
    assert other.json()["code"] == "permission_denied"
    assert Activity.objects.count() == 1


def test_the_board_cannot_log(api, board, employee, professions):
    register(employee.employee, professions[0])
    assert _log(api, board, employee.employee, "free", 5, "2026-11-01").status_code == 403


@pytest.mark.parametrize(
    ("category", "points", "completed_on", "code"),
    [
        ("ethics", 5, "2026-11-01", "unknown_category"),
        ("free", 0, "2026-11-01", "points_invalid"),
        ("free", -3, "2026-11-01", "points_invalid"),
        ("free", 1001, "2026-11-01", "points_invalid"),
        ("free", 5, "2026-11-27", "date_in_future"),
        ("free", 5, "1800-01-01", "date_out_of_range"),
        ("free", "abc", "2026-11-01", "invalid"),
    ],
)
def test_activity_input_errors_have_codes(
    api, employee, professions, category, points, completed_on, code
):
    register(employee.employee, professions[0])
    response = _log(api, employee, employee.employee, category, points, completed_on)
    assert response.status_code == 400, response.content
    assert response.json()["code"] == code
    assert not Activity.objects.exists()


def test_a_category_set_for_the_person_can_be_logged(api, employee, professions):
    register(employee.employee, professions[0], category_overrides={"ethics": 10})
    response = _log(api, employee, employee.employee, "ethics", 5, "2026-11-01")
    assert response.status_code == 201


def test_without_a_registration_nothing_can_be_logged(api, employee, professions):
    response = _log(api, employee, employee.employee, "free", 5, "2026-11-01")
    assert response.status_code == 400
    assert response.json()["code"] == "no_registration"
