"""Who is sick now: /api/absence/current/ lists the open sickness episodes of today, longest
first, with the sick day, the latest partial recovery and the expected duration.

Only the roles that see individuals may ask (privacy.md): HR and the (adjunct-)director see
everyone, a manager their own people; everyone else gets 403. Every row shown is an audited read
of that episode."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine

from absence.models import Episode, PartialRecovery
from core.models import AuditEvent
from tests.absence.helpers import AMS, sick

CURRENT = "/api/absence/current/"
CURRENT_VISIBLE = {
    "hr": {"employee", "outsider"},
    "adjunct": {"employee", "outsider"},
    "director": {"employee", "outsider"},
    "manager": {"employee"},
}
CURRENT_FORBIDDEN = ["employee", "pvt", "board", "admin_user", "outsider"]


@pytest.fixture
def today_4_march_2024():
    with time_machine.travel(datetime(2024, 3, 4, 10, 0, tzinfo=AMS), tick=False):
        yield date(2024, 3, 4)


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
    }


@pytest.fixture
def sick_now(users, today_4_march_2024) -> dict[str, Episode]:
    """Today (Monday 4 March 2024): `employee` (Geldrop-Mierlo) is sick since 26 Feb and works
    50% since 1 Mar; `outsider` (Waalre) reported sick today. `hr` recovered today, `pvt` in
    February, and `adjunct` reports sick from tomorrow: none of them is sick now."""
    episode = sick(users["employee"].employee, date(2024, 2, 26), expected_duration="weeks")
    PartialRecovery.objects.create(episode=episode, start=date(2024, 2, 28), percentage=25)
    PartialRecovery.objects.create(episode=episode, start=date(2024, 3, 1), percentage=50)
    return {
        "employee": episode,
        "outsider": sick(users["outsider"].employee, date(2024, 3, 4)),
        "hr": sick(users["hr"].employee, date(2024, 2, 20), date(2024, 3, 4)),
        "pvt": sick(users["pvt"].employee, date(2024, 2, 1), date(2024, 2, 9)),
        "adjunct": sick(users["adjunct"].employee, date(2024, 3, 5)),
    }


@pytest.mark.parametrize(("role", "visible"), CURRENT_VISIBLE.items())
def test_current_lists_the_open_episodes_the_role_may_see(api, users, sick_now, role, visible):
    response = api(users[role]).get(CURRENT)

    assert response.status_code == 200, response.content
    assert {row["episode"] for row in response.json()} == {sick_now[n].pk for n in visible}


@pytest.mark.parametrize("role", CURRENT_FORBIDDEN)
def test_current_is_forbidden_for_everyone_else(api, users, sick_now, role):
    response = api(users[role]).get(CURRENT)

    assert response.status_code == 403
    body = response.json()
    assert set(body) == {"code", "detail", "fields"}
    assert body["code"] == "permission_denied"
    assert not AuditEvent.objects.exists()


def test_current_for_anonymous(api, sick_now):
    response = api().get(CURRENT)

    assert response.status_code in {401, 403}
    assert response.json()["code"] == "not_authenticated"


def test_current_rows(api, users, sick_now):
    employee = users["employee"].employee
    outsider = users["outsider"].employee

    rows = api(users["hr"]).get(CURRENT).json()

    assert rows == [  # longest first
        {
            "episode": sick_now["employee"].pk,
            "employee": employee.pk,
            "personnel_number": employee.personnel_number,
            "name": employee.full_name,
            "team": "Geldrop-Mierlo",
            "first_sick_day": "2024-02-26",
            "sick_day": 8,  # 26, 27, 28, 29 Feb (a leap year), 1, 2, 3, 4 Mar
            "work_percentage": 50.0,  # the latest partial step, not the first
            "expected_duration": "weeks",
        },
        {
            "episode": sick_now["outsider"].pk,
            "employee": outsider.pk,
            "personnel_number": outsider.personnel_number,
            "name": outsider.full_name,
            "team": "Waalre",
            "first_sick_day": "2024-03-04",
            "sick_day": 1,
            "work_percentage": 0.0,
            "expected_duration": "unknown",
        },
    ]


@pytest.mark.parametrize("role", list(CURRENT_VISIBLE))
def test_each_current_row_is_audited(api, users, sick_now, role):
    rows = api(users[role]).get(CURRENT).json()

    events = list(AuditEvent.objects.order_by("object_id"))
    assert sorted(e.object_id for e in events) == sorted(str(row["episode"]) for row in rows)
    for event in events:
        episode = Episode.objects.get(pk=int(event.object_id))
        assert event.actor == users[role]
        assert event.subject == episode.employee
        assert event.object_type == "episode"
        assert event.action == "list_episode"


def test_current_team_filter(api, users, sick_now):
    hr = api(users["hr"])

    waalre = hr.get(CURRENT, {"team": "Waalre"}).json()
    staf = hr.get(CURRENT, {"team": "Staf"}).json()
    manager_waalre = api(users["manager"]).get(CURRENT, {"team": "Waalre"}).json()

    assert [row["episode"] for row in waalre] == [sick_now["outsider"].pk]
    assert staf == []
    assert manager_waalre == []  # a filter cannot widen what the manager sees
    assert AuditEvent.objects.count() == 1  # only the one row read


def test_the_recovered_are_not_listed_the_day_they_recover(api, users, sick_now):
    outsider_episode = Episode.objects.filter(pk=sick_now["outsider"].pk)
    outsider_episode.update(recovered_on=date(2024, 3, 5))  # fit tomorrow: still sick today
    assert len(api(users["hr"]).get(CURRENT).json()) == 2

    Episode.objects.filter(pk=sick_now["employee"].pk).update(recovered_on=date(2024, 3, 4))

    rows = api(users["hr"]).get(CURRENT).json()

    assert [row["episode"] for row in rows] == [sick_now["outsider"].pk]
