"""Who sees and changes what in the absence API (privacy.md), for every demo role and anonymous.

The employee sees their own records; their manager, the adjunct-director, the director and HR
see individual records; PVT and board see aggregates only (the report). A record you may not see
answers 404. Every read of an individual sickness record by someone other than the employee
writes one audit row. Errors are `{"code", "detail", "fields"}`."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from absence.models import Episode, MaternityLeave
from core.models import AuditEvent

AMS = ZoneInfo("Europe/Amsterdam")
EPISODES = "/api/absence/episodes/"
LEAVE = "/api/absence/maternity-leave/"
REPORT = "/api/absence/report/"
PERIOD = {"start": "2024-01-01", "end": "2024-02-29"}
UNAUTHENTICATED = {401, 403}

# Whose episodes each role sees (the people of the `records` fixture).
VISIBLE = {
    "employee": {"employee"},
    "manager": {"manager", "employee", "pvt"},  # own, direct report, team member
    "hr": {"employee", "manager", "pvt", "outsider", "hr"},
    "adjunct": {"employee", "manager", "pvt", "outsider", "hr"},
    "director": {"employee", "manager", "pvt", "outsider", "hr"},
    "pvt": {"pvt"},
    "board": set(),
    "admin_user": set(),
    "outsider": {"outsider"},
}
ROLES = list(VISIBLE)
PEOPLE = ["employee", "manager", "pvt", "outsider", "hr"]


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime(2024, 3, 4, 10, 0, tzinfo=AMS), tick=False):
        yield


@pytest.fixture
def users(employee, manager, hr, adjunct, director, pvt, board, admin_user, outsider):
    return {
        "employee": employee,
        "manager": manager,
        "hr": hr,
        "adjunct": adjunct,
        "director": director,
        "pvt": pvt,
        "board": board,
        "admin_user": admin_user,
        "outsider": outsider,
        None: None,
    }


@pytest.fixture
def records(users) -> dict[str, Episode]:
    """One closed episode for each person with an employee record."""
    return {
        name: Episode.objects.create(
            employee=users[name].employee,
            first_sick_day=date(2024, 1, 8 + n),
            recovered_on=date(2024, 1, 15 + n),
        )
        for n, name in enumerate(PEOPLE)
    }


def assert_error(response, status: int, code: str, field: str | None = None) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "detail", "fields"}
    assert body["code"] == code
    assert isinstance(body["detail"], str) and body["detail"]
    if field is not None:
        assert field in body["fields"], body
    return body


# Episodes: reading ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_episode_list_shows_exactly_the_visible_set(api, users, records, role):
    response = api(users[role]).get(EPISODES)

    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert ids == {records[name].pk for name in VISIBLE[role]}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("whose", PEOPLE)
def test_episode_detail_is_404_unless_visible(api, users, records, role, whose):
    response = api(users[role]).get(f"{EPISODES}{records[whose].pk}/")

    if whose in VISIBLE[role]:
        assert response.status_code == 200
        assert response.json()["id"] == records[whose].pk
    else:
        assert_error(response, 404, "not_found")


def test_anonymous_reads_nothing(api, records):
    assert api().get(EPISODES).status_code in UNAUTHENTICATED
    response = api().get(f"{EPISODES}{records['employee'].pk}/")
    assert response.status_code in UNAUTHENTICATED
    assert response.json()["code"] == "not_authenticated"
    assert not AuditEvent.objects.exists()


def test_filter_cannot_widen_the_visible_set(api, users, records):
    response = api(users["employee"]).get(EPISODES, {"employee": users["outsider"].employee.pk})

    assert response.status_code == 200
    assert response.json()["results"] == []


# Episodes: writing ------------------------------------------------------------------------------

# Reporting `employee` sick: who may (201), who sees them but may not (403), who does not see
# them at all (404).
REPORT_SICK = {
    "employee": 201,
    "manager": 201,
    "hr": 201,
    "adjunct": 403,
    "director": 403,
    "pvt": 404,
    "board": 404,
    "admin_user": 404,
    "outsider": 404,
}


@pytest.mark.parametrize(("role", "status"), REPORT_SICK.items())
def test_reporting_a_team_member_sick(api, users, role, status):
    response = api(users[role]).post(
        EPISODES, {"employee": users["employee"].employee.pk, "first_sick_day": "2024-03-04"}
    )

    assert response.status_code == status, response.content
    assert Episode.objects.exists() == (status == 201)
    if status == 201:
        body = response.json()
        assert body["employee"]["id"] == users["employee"].employee.pk
        assert body["first_sick_day"] == "2024-03-04"
        assert body["recovered_on"] is None
    else:
        assert_error(response, status, {403: "permission_denied", 404: "not_found"}[status])


@pytest.mark.parametrize("role", ["employee", "manager", "hr", "adjunct", "director", "pvt"])
def test_everyone_with_an_employee_record_reports_themselves_sick(api, users, role):
    response = api(users[role]).post(
        EPISODES, {"employee": users[role].employee.pk, "first_sick_day": "2024-03-04"}
    )

    assert response.status_code == 201, response.content


def test_anonymous_cannot_report_sick(api, users):
    response = api().post(
        EPISODES, {"employee": users["employee"].employee.pk, "first_sick_day": "2024-03-04"}
    )

    assert response.status_code in UNAUTHENTICATED
    assert not Episode.objects.exists()


RECOVER = {
    "employee": 200,
    "manager": 200,
    "hr": 200,
    "adjunct": 403,
    "director": 403,
    "pvt": 404,
    "board": 404,
    "admin_user": 404,
    "outsider": 404,
}


@pytest.mark.parametrize(("role", "status"), RECOVER.items())
def test_reporting_a_team_member_recovered(api, users, role, status):
    episode = Episode.objects.create(
        employee=users["employee"].employee, first_sick_day=date(2024, 2, 26)
    )

    response = api(users[role]).post(
        f"{EPISODES}{episode.pk}/recover/", {"recovered_on": "2024-03-04"}
    )

    assert response.status_code == status, response.content
    episode.refresh_from_db()
    assert (episode.recovered_on is not None) == (status == 200)


CORRECT = {
    "employee": 403,
    "manager": 403,
    "hr": 200,
    "adjunct": 403,
    "director": 403,
    "pvt": 404,
    "board": 404,
    "admin_user": 404,
    "outsider": 404,
}


@pytest.mark.parametrize(("role", "status"), CORRECT.items())
def test_only_hr_corrects(api, users, role, status):
    episode = Episode.objects.create(
        employee=users["employee"].employee,
        first_sick_day=date(2024, 2, 12),
        recovered_on=date(2024, 2, 20),
    )

    response = api(users[role]).post(
        f"{EPISODES}{episode.pk}/correct/",
        {"reason": "typo", "first_sick_day": "2024-02-13", "recovered_on": "2024-02-20"},
    )

    assert response.status_code == status, response.content
    episode.refresh_from_db()
    assert (episode.first_sick_day == date(2024, 2, 13)) == (status == 200)


@pytest.mark.parametrize(("role", "status"), CORRECT.items())
def test_only_hr_records_details_and_the_arbo_portal(api, users, role, status):
    episode = Episode.objects.create(
        employee=users["employee"].employee, first_sick_day=date(2024, 2, 26)
    )
    client = api(users[role])

    details = client.post(f"{EPISODES}{episode.pk}/details/", {"safety_net": True})
    portal = client.post(f"{EPISODES}{episode.pk}/arbo-portal/")

    assert (details.status_code, portal.status_code) == (status, status)
    episode.refresh_from_db()
    assert episode.safety_net == (status == 200)
    assert (episode.arbo_notified_at is not None) == (status == 200)


# Maternity leave --------------------------------------------------------------------------------

LEAVE_VISIBLE = {
    "employee": {"employee"},
    "manager": {"employee"},
    "hr": {"employee", "outsider"},
    "adjunct": {"employee", "outsider"},
    "director": {"employee", "outsider"},
    "pvt": set(),
    "board": set(),
    "admin_user": set(),
    "outsider": {"outsider"},
}


@pytest.fixture
def leaves(users) -> dict[str, MaternityLeave]:
    return {
        name: MaternityLeave.objects.create(
            employee=users[name].employee, start=date(2024, 4, 1), end=date(2024, 7, 21)
        )
        for name in ("employee", "outsider")
    }


@pytest.mark.parametrize("role", ROLES)
def test_leave_list_shows_exactly_the_visible_set(api, users, leaves, role):
    response = api(users[role]).get(LEAVE)

    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == {
        leaves[name].pk for name in LEAVE_VISIBLE[role]
    }


@pytest.mark.parametrize("role", ROLES)
def test_only_hr_records_leave(api, users, role):
    response = api(users[role]).post(
        LEAVE,
        {"employee": users["outsider"].employee.pk, "start": "2024-04-01", "end": "2024-07-21"},
    )

    if role == "hr":
        assert response.status_code == 201, response.content
        assert response.json()["employee"]["id"] == users["outsider"].employee.pk
        assert MaternityLeave.objects.count() == 1
    else:
        assert_error(response, 403, "permission_denied")
        assert not MaternityLeave.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_hr_deletes_leave(api, users, leaves, role):
    response = api(users[role]).delete(f"{LEAVE}{leaves['employee'].pk}/")

    if role == "hr":
        assert response.status_code == 204
        assert not MaternityLeave.objects.filter(pk=leaves["employee"].pk).exists()
    else:
        assert_error(response, 403, "permission_denied")
        assert MaternityLeave.objects.filter(pk=leaves["employee"].pk).exists()


def test_anonymous_and_leave(api, users, leaves):
    assert api().get(LEAVE).status_code in UNAUTHENTICATED
    new = {"employee": users["employee"].employee.pk, "start": "2025-01-01", "end": "2025-04-01"}
    assert api().post(LEAVE, new).status_code in UNAUTHENTICATED
    assert api().delete(f"{LEAVE}{leaves['employee'].pk}/").status_code in UNAUTHENTICATED
    assert MaternityLeave.objects.count() == 2


# The report: aggregates -------------------------------------------------------------------------

REPORT_STATUS = {
    "employee": 403,
    "admin_user": 403,
    "outsider": 403,
    "pvt": 200,
    "board": 200,
    "manager": 200,
    "hr": 200,
    "adjunct": 200,
    "director": 200,
}


@pytest.mark.parametrize(("role", "status"), REPORT_STATUS.items())
def test_report_access(api, users, records, role, status):
    response = api(users[role]).get(REPORT, PERIOD)

    if status == 200:
        assert response.status_code == 200
        assert set(response.json()) == {"period", "target_percentage", "total", "groups"}
    else:
        assert_error(response, 403, "permission_denied")
    assert not AuditEvent.objects.exists()  # aggregates are not individual records


def test_anonymous_report(api, records):
    response = api().get(REPORT, PERIOD)

    assert response.status_code in UNAUTHENTICATED
    assert response.json()["code"] == "not_authenticated"


def test_pvt_and_board_see_the_whole_organisation_with_small_groups_suppressed(api, users, records):
    everyone = api(users["hr"]).get(REPORT, PERIOD).json()

    for role in ("adjunct", "director"):
        assert api(users[role]).get(REPORT, PERIOD).json() == everyone
    assert everyone["total"]["episodes_started"] == len(PEOPLE)
    assert "suppressed" not in everyone["total"]
    for role in ("pvt", "board"):
        body = api(users[role]).get(REPORT, PERIOD).json()
        # 9 people are employed in the period: the total is shown, with the same figures
        assert body["total"] == {**everyone["total"], "suppressed": False}


def test_manager_report_covers_their_people_only(api, users, records):
    body = api(users["manager"]).get(REPORT, PERIOD).json()

    assert body["total"]["episodes_started"] == 3  # manager, employee, pvt
    assert body["total"]["average_headcount"] == pytest.approx(3.0)


# Audit ------------------------------------------------------------------------------------------


def test_hr_list_read_writes_one_audit_row_per_episode(api, users, records):
    response = api(users["hr"]).get(EPISODES)

    assert response.status_code == 200
    events = AuditEvent.objects.all()
    others = [records[name] for name in PEOPLE if name != "hr"]  # reading your own is not audited
    assert sorted(e.object_id for e in events) == sorted(str(ep.pk) for ep in others)
    for event in events:
        episode = Episode.objects.get(pk=int(event.object_id))
        assert event.actor == users["hr"]
        assert event.actor_username == "hr"
        assert event.subject == episode.employee
        assert episode.employee.personnel_number in event.subject_label
        assert event.object_type == "episode"
        assert event.action == "list_episode"
        assert event.at is not None


def test_list_audit_covers_the_page_only(api, users, records):
    response = api(users["hr"]).get(EPISODES, {"page_size": 2, "ordering": "first_sick_day"})

    assert len(response.json()["results"]) == 2
    assert sorted(AuditEvent.objects.values_list("object_id", flat=True)) == sorted(
        str(row["id"]) for row in response.json()["results"]
    )


def test_list_audit_follows_the_filter(api, users, records):
    api(users["hr"]).get(EPISODES, {"employee": users["employee"].employee.pk})

    event = AuditEvent.objects.get()
    assert event.subject == users["employee"].employee


def test_detail_read_writes_one_audit_row(api, users, records):
    episode = records["employee"]

    response = api(users["director"]).get(f"{EPISODES}{episode.pk}/")

    assert response.status_code == 200
    event = AuditEvent.objects.get()
    assert (event.actor, event.subject, event.action, event.object_type, event.object_id) == (
        users["director"],
        users["employee"].employee,
        "view_episode",
        "episode",
        str(episode.pk),
    )


def test_manager_reads_are_audited_except_their_own(api, users, records):
    api(users["manager"]).get(EPISODES)
    api(users["manager"]).get(f"{EPISODES}{records['manager'].pk}/")

    assert set(AuditEvent.objects.values_list("subject", flat=True)) == {
        users["employee"].employee.pk,
        users["pvt"].employee.pk,
    }
    assert AuditEvent.objects.count() == 2


@pytest.mark.parametrize("role", ["employee", "pvt", "outsider"])
def test_reading_your_own_records_is_not_audited(api, users, records, role):
    client = api(users[role])

    assert client.get(EPISODES).status_code == 200
    assert client.get(f"{EPISODES}{records[role].pk}/").status_code == 200

    assert not AuditEvent.objects.exists()


def test_a_refused_read_is_not_audited(api, users, records):
    assert api(users["outsider"]).get(f"{EPISODES}{records['employee'].pk}/").status_code == 404
    assert api(users["pvt"]).get(f"{EPISODES}{records['employee'].pk}/").status_code == 404

    assert not AuditEvent.objects.exists()


# Error bodies -----------------------------------------------------------------------------------


def test_error_first_sick_day_future(api, users):
    response = api(users["employee"]).post(
        EPISODES, {"employee": users["employee"].employee.pk, "first_sick_day": "2024-03-07"}
    )

    assert_error(response, 400, "first_sick_day_future", "first_sick_day")


def test_error_episode_overlap(api, users):
    Episode.objects.create(employee=users["employee"].employee, first_sick_day=date(2024, 2, 26))

    response = api(users["employee"]).post(
        EPISODES, {"employee": users["employee"].employee.pk, "first_sick_day": "2024-03-04"}
    )

    assert_error(response, 400, "episode_overlap", "first_sick_day")


def test_error_not_employed(api, users):
    response = api(users["hr"]).post(
        EPISODES, {"employee": users["employee"].employee.pk, "first_sick_day": "2021-06-01"}
    )

    assert_error(response, 400, "not_employed", "first_sick_day")


def test_error_maternity_leave_overlap(api, users, leaves):
    response = api(users["hr"]).post(
        f"{LEAVE}",
        {"employee": users["employee"].employee.pk, "start": "2024-07-01", "end": "2024-09-01"},
    )
    assert_error(response, 400, "leave_overlap", "start")

    MaternityLeave.objects.filter(employee=users["employee"].employee).update(
        start=date(2024, 3, 1)
    )
    response = api(users["employee"]).post(
        EPISODES, {"employee": users["employee"].employee.pk, "first_sick_day": "2024-03-04"}
    )
    assert_error(response, 400, "maternity_leave_overlap", "first_sick_day")


def test_error_episode_inside_leave(api, users):
    Episode.objects.create(
        employee=users["employee"].employee,
        first_sick_day=date(2024, 2, 12),
        recovered_on=date(2024, 2, 20),
    )

    response = api(users["hr"]).post(
        LEAVE,
        {"employee": users["employee"].employee.pk, "start": "2024-02-01", "end": "2024-05-01"},
    )

    assert_error(response, 400, "episode_inside_leave", "start")


def test_leave_through_the_api_ends_a_running_episode_with_a_note(api, users):
    episode = Episode.objects.create(
        employee=users["employee"].employee, first_sick_day=date(2024, 2, 12)
    )

    response = api(users["hr"]).post(
        LEAVE,
        {"employee": users["employee"].employee.pk, "start": "2024-02-26", "end": "2024-06-16"},
    )

    assert response.status_code == 201
    assert len(response.json()["notes"]) == 1
    episode.refresh_from_db()
    assert episode.recovered_on == date(2024, 2, 26)


def test_report_sick_before_a_leave_answers_with_a_note(api, users):
    MaternityLeave.objects.create(
        employee=users["employee"].employee, start=date(2024, 3, 20), end=date(2024, 7, 10)
    )

    response = api(users["employee"]).post(
        EPISODES, {"employee": users["employee"].employee.pk, "first_sick_day": "2024-03-04"}
    )

    assert response.status_code == 201
    body = response.json()
    assert body["recovered_on"] == "2024-03-20"
    assert len(body["notes"]) == 1


@pytest.mark.parametrize(
    ("action", "data", "code", "field"),
    [
        ("recover", {"recovered_on": "2024-02-26"}, "recovery_before_start", "recovered_on"),
        (
            "partial",
            {"start": "2024-02-20", "percentage": "50"},
            "partial_outside_episode",
            "start",
        ),
        ("recover", {"recovered_on": "26-02-2024"}, "invalid", "recovered_on"),
        ("partial", {"start": "2024-03-01", "percentage": "101"}, "invalid", "percentage"),
        (
            "correct",
            {"reason": "", "first_sick_day": "2024-02-26", "recovered_on": None},
            "invalid",
            "reason",
        ),
        (
            "correct",
            {"reason": "typo", "first_sick_day": "2024-02-26", "recovered_on": "2024-02-26"},
            "recovery_before_start",
            "recovered_on",
        ),
    ],
)
def test_error_bodies_of_the_episode_actions(api, users, action, data, code, field):
    episode = Episode.objects.create(
        employee=users["employee"].employee, first_sick_day=date(2024, 2, 26)
    )

    response = api(users["hr"]).post(f"{EPISODES}{episode.pk}/{action}/", data)

    assert_error(response, 400, code, field)


def test_error_recovery_before_partial(api, users):
    episode = Episode.objects.create(
        employee=users["employee"].employee, first_sick_day=date(2024, 2, 12)
    )
    client = api(users["employee"])
    assert (
        client.post(
            f"{EPISODES}{episode.pk}/partial/", {"start": "2024-02-26", "percentage": "50"}
        ).status_code
        == 200
    )

    response = client.post(f"{EPISODES}{episode.pk}/recover/", {"recovered_on": "2024-02-26"})

    assert_error(response, 400, "recovery_before_partial", "recovered_on")


@pytest.mark.parametrize(
    ("params", "code", "field"),
    [
        ({"start": "2024-02-01", "end": "2024-01-01"}, "period_invalid", "end"),
        ({**PERIOD, "team": "Nergens"}, "unknown_team", "team"),
        ({**PERIOD, "by": "year"}, "invalid", "by"),
        ({"end": "2024-01-31"}, "invalid", "start"),
        ({"start": "2024-13-01", "end": "2024-01-31"}, "invalid", "start"),
    ],
)
def test_report_error_bodies(api, users, params, code, field):
    assert_error(api(users["hr"]).get(REPORT, params), 400, code, field)
