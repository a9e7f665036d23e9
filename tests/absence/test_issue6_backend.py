"""Issue 6, the back end: suppression of groups under 5 for PVT and board, who is sick now
(/api/absence/current/), the weekly digest, the monthly board report (PDF), their Celery tasks
(eagerly) and the django-celery-beat schedule that follows the organisation settings.

privacy.md: PVT and board see aggregates only; any group with fewer than 5 different people
employed in it during the period is shown as "<5" with no figures. absence-metrics.md: the figures
themselves (the report engine is the only source of numbers)."""

from __future__ import annotations

import io
import itertools
import re
import shutil
import subprocess
from datetime import date, datetime, time
from decimal import Decimal
from typing import ClassVar
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends import locmem
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.utils import translation

from absence import figures, stats
from absence.models import Dispatch, Episode, PartialRecovery
from absence.reporting import board_report, digest, schedules
from absence.tasks import monthly_board_report_task, weekly_digest_task
from core.errors import ApplicationError
from core.models import AuditEvent
from core.roles import Role
from hrm.models import OrganisationSettings
from tests.factories import ContractFactory, EmployeeFactory, TeamFactory, make_person

AMS = ZoneInfo("Europe/Amsterdam")
REPORT = "/api/absence/report/"
CURRENT = "/api/absence/current/"
JANUARY = {"start": "2024-01-01", "end": "2024-01-31"}
METRICS = list(stats.METRIC_KEYS)
ALL_NULL = dict.fromkeys(METRICS)

# Last names nobody would mistake for words in a template or an SVG chart (48, then again).
NAMES = itertools.cycle(
    [
        f"{stem}{suffix}"
        for suffix in ("", "-Aerts", "-Bakx", "-Coppens")
        for stem in (
            "Zwanenburg",
            "Kwakernaak",
            "Hogerwerf",
            "Vlasblom",
            "Spierings",
            "Rietbergen",
            "Oudejans",
            "Tichelaar",
            "Wijnhoven",
            "Blokzijl",
            "Dekkers",
            "Mertens",
        )
    ]
)


def person(team, *, start=date(2022, 1, 1), end=None, hours="36", last_name=None):
    """An employee (no login) with one contract in `team`."""
    employee = EmployeeFactory(last_name=last_name or next(NAMES))
    ContractFactory(
        employee=employee, team=team, start=start, end=end, hours_per_week=Decimal(hours)
    )
    return employee


def sick(employee, first, recovered=None, **fields):
    return Episode.objects.create(
        employee=employee, first_sick_day=first, recovered_on=recovered, **fields
    )


def get_report(client, **params):
    response = client.get(REPORT, params)
    assert response.status_code == 200, response.content
    return response.json()


def groups_by_key(body: dict) -> dict[str, dict]:
    return {group["key"]: group for group in body["groups"]}


def without(row: dict, *keys: str) -> dict:
    return {k: v for k, v in row.items() if k not in keys}


# 1. Suppression of groups under 5 (PVT and board) ----------------------------------------------


@pytest.fixture
def viewers(db):
    """One login per role, none of them an employee: they add nobody to the groups."""
    klein = TeamFactory(name="Klein")
    return {
        "hr": make_person("v_hr", Role.HR, employee=False),
        "adjunct": make_person("v_adjunct", Role.ADJUNCT_DIRECTOR, employee=False),
        "director": make_person("v_director", Role.DIRECTOR, employee=False),
        "manager": make_person("v_manager", Role.MANAGER, manages=klein, employee=False),
        "pvt": make_person("v_pvt", Role.PVT, employee=False),
        "board": make_person("v_board", Role.BOARD, employee=False),
    }


@pytest.fixture
def four_and_five(viewers):
    """Team Klein: 4 people, teams Buur and Groot: 5 people each, all employed all of 2024; one
    sick spell in Klein and one in Groot. Klein is hidden for PVT and board; Buur (the first of
    the two teams of 5 by name) is hidden as its complement, so Groot stays in full."""
    klein, groot = TeamFactory(name="Klein"), TeamFactory(name="Groot")
    buur = TeamFactory(name="Buur")
    small = [person(klein) for _ in range(4)]
    large = [person(groot) for _ in range(5)]
    neighbours = [person(buur) for _ in range(5)]
    sick(small[0], date(2024, 1, 8), date(2024, 1, 13))
    sick(large[0], date(2024, 1, 15), date(2024, 1, 25))
    return {"Klein": small, "Groot": large, "Buur": neighbours}


@pytest.mark.parametrize("role", ["pvt", "board"])
def test_pvt_and_board_get_the_team_of_4_suppressed_and_the_team_of_5_in_full(
    api, viewers, four_and_five, role
):
    hr_body = get_report(api(viewers["hr"]), **JANUARY, by="team")
    body = get_report(api(viewers[role]), **JANUARY, by="team")

    groups = groups_by_key(body)
    assert set(groups) == {"Klein", "Groot", "Buur"}
    # the interface: {"key": ..., "suppressed": true} with every figure null
    assert groups["Klein"] == {"key": "Klein", "suppressed": True, **ALL_NULL}
    assert list(groups["Klein"]) == ["key", "suppressed", *METRICS]
    # the complement: total minus Groot would otherwise be Klein's figures
    assert groups["Buur"] == {"key": "Buur", "suppressed": True, **ALL_NULL}
    groot = groups["Groot"]
    assert groot["suppressed"] is False
    assert without(groot, "suppressed") == groups_by_key(hr_body)["Groot"]
    assert groot["absence_percentage"] == pytest.approx(100 * 10 / (5 * 31))
    assert groot["episodes_started"] == 1
    # the whole organisation has 14 people: the total is shown, with HR's figures
    assert body["total"] == {"suppressed": False, **hr_body["total"]}
    assert body["total"]["sick_days"] == pytest.approx(15)


@pytest.mark.parametrize("role", ["hr", "adjunct", "director", "manager"])
def test_roles_that_see_individuals_get_no_suppression(api, viewers, four_and_five, role):
    body = get_report(api(viewers[role]), **JANUARY, by="team")

    assert "suppressed" not in body["total"]
    assert all("suppressed" not in group for group in body["groups"])
    klein = groups_by_key(body)["Klein"]
    assert klein["absence_percentage"] == pytest.approx(100 * 5 / (4 * 31))
    assert klein["average_headcount"] == pytest.approx(4)
    if role == "manager":  # manages Klein: only their own people
        assert set(groups_by_key(body)) == {"Klein"}
    else:
        assert set(groups_by_key(body)) == {"Klein", "Groot", "Buur"}


@pytest.mark.parametrize("role", ["pvt", "board"])
def test_a_team_filter_cannot_single_out_a_small_team(api, viewers, four_and_five, role):
    body = get_report(api(viewers[role]), **JANUARY, team="Klein", by="week")

    assert body["total"] == {"suppressed": True, **ALL_NULL}
    assert body["groups"]
    assert all(g["suppressed"] and g["absence_percentage"] is None for g in body["groups"])


@pytest.mark.parametrize(("headcount", "suppressed"), [(4, True), (5, False)])
@pytest.mark.parametrize("role", ["pvt", "board"])
def test_the_total_is_suppressed_when_the_organisation_has_fewer_than_5(
    api, viewers, role, headcount, suppressed
):
    team = TeamFactory(name="Groot")
    people = [person(team) for _ in range(headcount)]
    sick(people[0], date(2024, 1, 8), date(2024, 1, 13))

    body = get_report(api(viewers[role]), **JANUARY)

    assert body["total"]["suppressed"] is suppressed
    if suppressed:
        assert body["total"] == {"suppressed": True, **ALL_NULL}
    else:
        assert body["total"]["sick_days"] == pytest.approx(5)
        assert body["total"]["available_days"] == pytest.approx(5 * 31)
        assert body["total"]["absence_percentage_by_class"]["short"] == pytest.approx(100 * 5 / 155)


def test_a_team_that_drops_to_4_people_on_some_day_is_hidden_all_year(api, viewers):
    """5 people in January until one leaves on the 15th: the days after have 4. Showing January
    (5 different people) and asking 1-15 January too would give 16-31 January (4 people) by
    subtraction, so the team, here the whole organisation, is hidden for all of 2024."""
    team = TeamFactory(name="Klein")
    for _ in range(4):
        person(team)
    person(team, end=date(2024, 1, 15))  # the 5th person left mid-January

    for period in (JANUARY, {"start": "2024-01-01", "end": "2024-01-15"}):
        body = get_report(api(viewers["board"]), **period, by="team")
        assert body["total"] == {"suppressed": True, **ALL_NULL}
        assert groups_by_key(body)["Klein"]["suppressed"] is True
    # the year before, 5 people every day: shown
    body = get_report(api(viewers["board"]), start="2023-01-01", end="2023-12-31", by="team")
    assert body["total"]["suppressed"] is False
    assert groups_by_key(body)["Klein"]["suppressed"] is False


def test_people_outside_the_period_do_not_count(api, viewers):
    team = TeamFactory(name="Klein")
    for _ in range(4):
        person(team)
    person(team, end=date(2023, 12, 31))  # left before the period
    person(team, start=date(2024, 2, 1))  # joins after the period

    body = get_report(api(viewers["pvt"]), **JANUARY, by="team")

    assert body["total"] == {"suppressed": True, **ALL_NULL}
    assert groups_by_key(body)["Klein"] == {"key": "Klein", "suppressed": True, **ALL_NULL}


def test_different_people_are_counted_not_contracts(api, viewers):
    """3 people plus one whose hours change mid-January (two contracts): 4 people."""
    team = TeamFactory(name="Klein")
    for _ in range(3):
        person(team)
    changed = person(team, end=date(2024, 1, 15))
    ContractFactory(employee=changed, team=team, start=date(2024, 1, 16), hours_per_week=24)

    body = get_report(api(viewers["board"]), **JANUARY, by="team")

    assert body["total"]["suppressed"] is True
    assert groups_by_key(body)["Klein"]["suppressed"] is True


def test_someone_who_moved_leaves_both_teams_short_on_some_days(api, viewers):
    """Klein has 4 people all month, plus one who moved to Groot on 16 Jan: 5 different people
    were employed in each team during January, but each had only 4 on some days. Both teams
    are hidden; together they have 9 people every day, so the total is shown."""
    klein, groot = TeamFactory(name="Klein"), TeamFactory(name="Groot")
    for _ in range(4):
        person(klein)
        person(groot)
    mover = person(klein, end=date(2024, 1, 15))
    ContractFactory(employee=mover, team=groot, start=date(2024, 1, 16))

    body = get_report(api(viewers["pvt"]), **JANUARY, by="team")
    groups = groups_by_key(body)

    assert groups["Klein"]["suppressed"] is True
    assert groups["Groot"]["suppressed"] is True
    assert body["total"]["suppressed"] is False


@pytest.mark.parametrize("role", ["pvt", "board"])
def test_a_month_with_4_people_hides_the_whole_year(api, viewers, role):
    """January (4 people) hidden and February shown would give January as the total minus
    February, so a year with a day of 4 people is hidden throughout."""
    team = TeamFactory(name="Groot")
    people = [person(team) for _ in range(4)]
    person(team, start=date(2024, 2, 10))  # the 5th joins in February
    sick(people[0], date(2024, 1, 8), date(2024, 1, 13))
    sick(people[1], date(2024, 2, 12), date(2024, 2, 14))

    body = get_report(api(viewers[role]), start="2024-01-01", end="2024-02-29", by="month")

    january, february = body["groups"]
    assert january == {"key": "2024-01", "suppressed": True, **ALL_NULL}
    assert february == {"key": "2024-02", "suppressed": True, **ALL_NULL}
    assert body["total"] == {"suppressed": True, **ALL_NULL}


def test_a_week_with_4_people_hides_the_other_weeks_of_the_year_too(api, viewers):
    team = TeamFactory(name="Groot")
    for _ in range(4):
        person(team)
    person(team, start=date(2024, 1, 10))  # joins on Wednesday of week 2

    body = get_report(api(viewers["board"]), start="2024-01-01", end="2024-01-14", by="week")

    assert [(g["key"], g["suppressed"]) for g in body["groups"]] == [
        ("2024-W01", True),
        ("2024-W02", True),
    ]
    assert body["groups"][1]["available_days"] is None
    # the year after, 5 people every day: shown
    body = get_report(api(viewers["board"]), start="2025-01-06", end="2025-01-12", by="week")
    assert body["groups"][0]["available_days"] == pytest.approx(5 * 7)


def test_publish_suppresses_a_row_of_fewer_people_than_the_minimum():
    row = {
        "key": "Klein",
        "absence_percentage": 4.0,
        "status": "green",
        "population": 4,
        "bucket": "total",
    }

    assert stats.publish(row) == {"key": "Klein", "absence_percentage": 4.0, "status": "green"}
    assert stats.publish(row, 5) == {
        "key": "Klein",
        "suppressed": True,
        "absence_percentage": None,
        "status": None,
    }
    assert stats.publish({**row, "population": 5}, 5) == {
        "key": "Klein",
        "suppressed": False,
        "absence_percentage": 4.0,
        "status": "green",
    }
    total = without(row, "key")
    assert list(stats.publish(total, 5)) == ["suppressed", "absence_percentage", "status"]
    assert row["population"] == 4  # the input is not changed


def test_report_suppresses_with_plain_frames():
    """The engine without the database: stats.report(..., suppress_below=5)."""
    contracts = pd.DataFrame(
        [
            {"employee_id": n, "team": team, "start": "2022-01-01", "end": None}
            for n, team in enumerate(["Klein"] * 4 + ["Groot"] * 5)
        ]
    ).assign(hours_per_week=36.0)
    episodes = pd.DataFrame(
        [{"episode_id": 1, "employee_id": 0, "first_sick_day": "2024-01-08"}]
    ).assign(recovered_on=pd.NaT)
    prepared = stats.prepare(contracts, episodes)

    plain = stats.report(prepared, start=date(2024, 1, 1), end=date(2024, 1, 31), by="team")
    hidden = stats.report(
        prepared, start=date(2024, 1, 1), end=date(2024, 1, 31), by="team", suppress_below=5
    )

    assert groups_by_key(hidden)["Klein"] == {"key": "Klein", "suppressed": True, **ALL_NULL}
    assert groups_by_key(plain)["Klein"]["sick_days"] == pytest.approx(24)
    # Groot is Klein's complement: the total minus Groot would be Klein
    assert groups_by_key(hidden)["Groot"] == {"key": "Groot", "suppressed": True, **ALL_NULL}
    assert hidden["total"] == {"suppressed": False, **plain["total"]}


# 2. Who is sick now: /api/absence/current/ -------------------------------------------------------

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


# 3. The weekly digest ---------------------------------------------------------------------------

W10 = "2026-W10"  # Monday 2 March to Sunday 8 March 2026; week 9 is 23 Feb to 1 Mar
NOTIFIED = datetime(2026, 2, 26, 10, 0, tzinfo=AMS)


@pytest.mark.parametrize(
    ("text", "monday", "sunday"),
    [
        ("2026-W10", date(2026, 3, 2), date(2026, 3, 8)),
        ("2020-W53", date(2020, 12, 28), date(2021, 1, 3)),
        ("2026-W53", date(2026, 12, 28), date(2027, 1, 3)),  # 1 Jan 2026 is a Thursday
        ("2026-W01", date(2025, 12, 29), date(2026, 1, 4)),
        (" 2026-W10 ", date(2026, 3, 2), date(2026, 3, 8)),
    ],
)
def test_parse_week(text, monday, sunday):
    assert digest.parse_week(text) == (monday, sunday)


@pytest.mark.parametrize(
    "text",
    ["2025-W53", "2027-W53", "2026-W00", "2026-W54", "2026-10", "2026W10", "bad", "", None],
)
def test_parse_week_refuses(text):
    with pytest.raises(ApplicationError) as error:
        digest.parse_week(text)

    assert error.value.code == "week_invalid"
    assert error.value.field == "week"


@pytest.mark.parametrize(
    ("today", "week"),
    [
        (date(2026, 3, 9), "2026-W10"),  # Monday
        (date(2026, 3, 15), "2026-W10"),  # Sunday of the week after
        (date(2026, 3, 8), "2026-W09"),  # Sunday of week 10 itself: not complete yet
        (date(2021, 1, 4), "2020-W53"),
        (date(2026, 1, 1), "2025-W52"),  # a Thursday in 2026-W01
        (date(2025, 12, 29), "2025-W52"),  # a Monday in 2026-W01
        (date(2026, 1, 5), "2026-W01"),
    ],
)
def test_previous_week(today, week):
    assert digest.previous_week(today) == week


@pytest.fixture
def digest_org(db):
    """Alpha (3 people) and Beta (2), and Leeg, whose only member left in 2025.

    a1 sick Wed 25 Feb - Tue 3 Mar (recovered Wed 4 Mar), passed to ArboNed
    a2 sick since Mon 16 Feb, works 50% from Mon 2 Mar, never passed on: overdue
    a3 sick Mon 23 Feb - Wed 25 Feb, never passed on, but fit before sick day 7: not overdue
    b1 reported sick Thu 5 Mar: sick day 7 is next week, not overdue yet
    c  reported sick Mon 2 Mar, never passed on: sick day 7 is Sun 8 Mar, overdue
    """
    alpha, beta = TeamFactory(name="Alpha"), TeamFactory(name="Beta")
    a1, a2, a3 = person(alpha), person(alpha), person(alpha)
    b1, c = person(beta), person(beta)
    person(TeamFactory(name="Leeg"), end=date(2025, 12, 31))
    episodes = {
        "a1": sick(a1, date(2026, 2, 25), date(2026, 3, 4), arbo_notified_at=NOTIFIED),
        "a2": sick(a2, date(2026, 2, 16)),
        "a3": sick(a3, date(2026, 2, 23), date(2026, 2, 26)),
        "b1": sick(b1, date(2026, 3, 5)),
        "c": sick(c, date(2026, 3, 2)),
    }
    PartialRecovery.objects.create(episode=episodes["a2"], start=date(2026, 3, 2), percentage=50)
    return episodes


@pytest.fixture
def adjuncts(db):
    """The default recipients: active adjunct-directors with an e-mail address."""
    active = make_person("adjunct", Role.ADJUNCT_DIRECTOR, employee=False)
    gone = make_person("old_adjunct", Role.ADJUNCT_DIRECTOR, employee=False)
    gone.is_active = False
    gone.save()
    no_email = make_person("adjunct_no_mail", Role.ADJUNCT_DIRECTOR, employee=False)
    no_email.email = ""
    no_email.save()
    make_person("hr", Role.HR, employee=False)  # may receive it, but is not a default
    make_person("board", Role.BOARD, employee=False)
    return active


def test_digest_figures_are_the_report_of_that_week(digest_org):
    ctx = digest.context(W10)
    this_week = figures.absence_report(start=date(2026, 3, 2), end=date(2026, 3, 8), by="team")
    week_before = figures.absence_report(start=date(2026, 2, 23), end=date(2026, 3, 1), by="team")

    rows = {row.key: row for row in ctx["rows"]}
    assert [row.key for row in ctx["rows"]] == ["Totaal", "Alpha", "Beta"]  # not Leeg: empty
    assert ctx["total"] is ctx["rows"][0]
    assert without(rows["Totaal"].now, "key") == this_week["total"]
    assert without(rows["Totaal"].before, "key") == week_before["total"]
    for team in ("Alpha", "Beta"):
        assert without(rows[team].now, "key") == without(groups_by_key(this_week)[team], "key")
        assert without(rows[team].before, "key") == without(groups_by_key(week_before)[team], "key")
    # by hand: Alpha 2 + 3.5 of 21 days, the week before 5 + 7 + 3 of 21; Beta 4 + 7 of 14
    assert rows["Alpha"].now["absence_percentage"] == pytest.approx(100 * 5.5 / 21)
    assert rows["Alpha"].before["absence_percentage"] == pytest.approx(100 * 15 / 21)
    assert rows["Alpha"].change == pytest.approx(100 * (5.5 - 15) / 21)
    assert rows["Beta"].change == pytest.approx(100 * 11 / 14)
    assert rows["Totaal"].now["absence_percentage"] == pytest.approx(100 * 16.5 / 35)
    assert rows["Totaal"].now["status"] == "red"
    assert (ctx["week_number"], ctx["start"], ctx["end"]) == (
        10,
        date(2026, 3, 2),
        date(2026, 3, 8),
    )
    assert ctx["target"] == 5.5


def test_digest_lists_who_reported_sick_recovered_and_is_overdue(digest_org):
    ctx = digest.context(W10)

    assert [e.pk for e in ctx["reported"]] == [digest_org["c"].pk, digest_org["b1"].pk]
    assert [e.pk for e in ctx["recovered"]] == [digest_org["a1"].pk]
    assert [e.pk for e in ctx["overdue"]] == [digest_org["a2"].pk, digest_org["c"].pk]
    assert [e.team_name for e in ctx["reported"]] == ["Beta", "Beta"]


def test_digest_is_a_dutch_multipart_email(digest_org):
    message = digest.render(W10)

    assert "Verzuim week 10" in message.subject
    assert "47,1%" in message.subject and "rood" in message.subject
    assert message.message().get_content_type() == "multipart/alternative"
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert html.lstrip().startswith("<!doctype html>")
    text = message.body
    for part in (text, html):
        assert "week 10" in part
        assert "maandag 2 maart" in part  # Dutch dates
        assert "26,2" in part  # Alpha, with a decimal comma
        assert "−45,2" in part  # Alpha against the week before
        for key in ("a2", "b1", "c"):  # overdue or reported
            assert digest_org[key].employee.full_name in part
        assert digest_org["a1"].employee.full_name in part  # recovered
        assert digest_org["a3"].employee.full_name not in part  # nothing in week 10
    assert "ZIEK GEMELD (2)" in text
    assert "HERSTELD (1)" in text
    assert "NOG NIET DOORGEGEVEN AAN ARBONED (2)" in text


def test_digest_goes_to_the_active_adjunct_directors(digest_org, adjuncts):
    assert digest.recipients() == ["adjunct@plusteam.example"]

    outcome = digest.send(W10)

    assert outcome.sent == ["adjunct@plusteam.example"]
    [message] = mail.outbox
    assert message.to == ["adjunct@plusteam.example"]
    assert "Verzuim week 10" in message.subject
    assert Dispatch.objects.filter(kind="digest", period=W10).count() == 1


def test_digest_is_sent_once_per_week_unless_forced(digest_org, adjuncts):
    digest.send(W10)

    again = digest.send(W10)

    assert (again.sent, again.skipped) == ([], ["adjunct@plusteam.example"])
    assert len(mail.outbox) == 1
    assert digest.send("2026-W09").sent == ["adjunct@plusteam.example"]  # another week
    assert len(mail.outbox) == 2

    forced = digest.send(W10, force=True)

    assert forced.sent == ["adjunct@plusteam.example"]
    assert len(mail.outbox) == 3
    assert Dispatch.objects.filter(kind="digest", period=W10).count() == 1


def test_configured_digest_recipients_who_may_not_see_names_get_nothing(digest_org, adjuncts):
    org = OrganisationSettings.get()
    org.digest_recipients = "HR@plusteam.example\nboard@plusteam.example\nnobody@example.org"
    org.save()  # bypassing the form: the role is checked again when sending

    outcome = digest.send(W10)

    assert outcome.sent == ["hr@plusteam.example"]
    assert [m.to for m in mail.outbox] == [["hr@plusteam.example"]]


def test_settings_refuse_a_digest_recipient_who_may_not_see_names(adjuncts):
    org = OrganisationSettings.get()
    org.digest_recipients = "hr@plusteam.example, board@plusteam.example"

    with pytest.raises(ValidationError) as error:
        org.full_clean()

    [message] = error.value.message_dict["digest_recipients"]
    assert "board@plusteam.example" in message
    assert "hr@plusteam.example" not in message

    org.digest_recipients = "hr@plusteam.example\nadjunct@plusteam.example"
    org.full_clean()  # HR and the adjunct-director may


def test_settings_refuse_an_invalid_address(db):
    org = OrganisationSettings.get()
    org.board_report_recipients = "board@plusteam.example; geen-adres"

    with pytest.raises(ValidationError) as error:
        org.full_clean()

    assert "geen-adres" in error.value.message_dict["board_report_recipients"][0]


class FlakyBackend(locmem.EmailBackend):
    """The locmem backend, except that the addresses in `fail_once` fail on their first send."""

    fail_once: ClassVar[set[str]] = set()

    def send_messages(self, messages):
        for message in messages:
            if message.to[0] in self.fail_once:
                self.fail_once.discard(message.to[0])
                raise ConnectionError("the mail server went away")
        return super().send_messages(messages)


def test_a_failed_send_is_sent_again_by_the_retry(digest_org, adjuncts, settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.fail_once = {"adjunct@plusteam.example"}
    org = OrganisationSettings.get()
    org.digest_recipients = "hr@plusteam.example\nadjunct@plusteam.example"
    org.save()

    with pytest.raises(ConnectionError):
        digest.send(W10)

    assert [m.to for m in mail.outbox] == [["hr@plusteam.example"]]
    assert list(Dispatch.objects.values_list("recipient", flat=True)) == ["hr@plusteam.example"]

    retry = digest.send(W10)

    assert (retry.sent, retry.skipped) == (["adjunct@plusteam.example"], ["hr@plusteam.example"])
    assert [m.to for m in mail.outbox] == [["hr@plusteam.example"], ["adjunct@plusteam.example"]]


def test_names_are_escaped_in_the_html_and_plain_in_the_text(digest_org, adjuncts):
    employee = digest_org["b1"].employee
    employee.last_name = "<b>O'Brien & Zn</b>"
    employee.save()

    message = digest.render(W10)

    [(html, _mimetype)] = message.alternatives
    assert "<b>O'Brien & Zn</b>" in message.body
    assert "&lt;b&gt;O&#x27;Brien &amp; Zn&lt;/b&gt;" in html
    assert "<b>O'Brien" not in html


def test_a_week_with_spaces_is_the_same_week(digest_org, adjuncts):
    digest.send(W10)

    again = digest.send(f" {W10} ")

    assert again.sent == []
    assert len(mail.outbox) == 1


def test_the_subject_of_a_week_with_spaces(digest_org):
    assert "Verzuim week 10 " in digest.render(f"{W10} ").subject


def test_a_month_with_spaces_is_the_same_month(board_org):
    board_report.send(OCTOBER)

    again = board_report.send(f" {OCTOBER}")

    assert again.sent == []
    assert len(mail.outbox) == 2


def test_digest_command_dry_run_prints_and_sends_nothing(digest_org, adjuncts):
    out = io.StringIO()

    call_command("absence_digest", "--week", W10, "--dry-run", stdout=out)

    text = out.getvalue()
    assert "To: adjunct@plusteam.example" in text
    assert "Subject: Verzuim week 10" in text
    assert "ZIEK GEMELD (2)" in text
    assert mail.outbox == []
    assert not Dispatch.objects.exists()


def test_digest_command_sends_and_then_skips(digest_org, adjuncts):
    first, second = io.StringIO(), io.StringIO()

    call_command("absence_digest", "--week", W10, stdout=first)
    call_command("absence_digest", "--week", W10, stdout=second)

    assert f"sent {W10} to adjunct@plusteam.example" in first.getvalue()
    assert "skipped adjunct@plusteam.example" in second.getvalue()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("week", ["bad", "2025-W53", "2026-W54"])
def test_digest_command_refuses_a_bad_week(db, adjuncts, week):
    with pytest.raises(CommandError):
        call_command("absence_digest", "--week", week, stdout=io.StringIO())

    assert mail.outbox == []


# 4. The monthly board report --------------------------------------------------------------------

OCTOBER = "2026-10"


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2026-10", date(2026, 10, 1), date(2026, 10, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2026-12", date(2026, 12, 1), date(2026, 12, 31)),
        ("2027-01", date(2027, 1, 1), date(2027, 1, 31)),
    ],
)
def test_parse_month(text, first, last):
    assert board_report.parse_month(text) == (first, last)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        *((t, "month_invalid") for t in ["2026-13", "2026-00", "2026-1", "26-10", "2026-10-01"]),
        *((t, "month_invalid") for t in ["oktober", "", None]),
        ("1899-12", "date_out_of_range"),
        ("9999-12", "date_out_of_range"),
    ],
)
def test_parse_month_refuses(text, code):
    with pytest.raises(ApplicationError) as error:
        board_report.parse_month(text)

    assert error.value.code == code


@pytest.mark.parametrize(
    ("year", "month", "day"),
    [
        (2027, 1, date(2027, 1, 4)),  # Fri 1 Jan New Year's Day, Sat 2, Sun 3
        (2026, 10, date(2026, 10, 1)),  # a Thursday
        (2026, 11, date(2026, 11, 2)),  # Sun 1 Nov
        (2026, 2, date(2026, 2, 2)),  # Sun 1 Feb
        (2024, 4, date(2024, 4, 2)),  # Mon 1 Apr 2024 was Easter Monday
        (2022, 1, date(2022, 1, 3)),  # Sat 1 Jan
        (2027, 5, date(2027, 5, 3)),  # Sat 1 May, Sun 2 May
    ],
)
def test_first_working_day(year, month, day):
    assert board_report.first_working_day(year, month) == day


@pytest.fixture
def board_org(db):
    """Klein (4 people), Buur and Groot (5 people each) all through 2026; a sick spell in Klein
    and Groot in October 2026 and one in September. Buur (first by name of the two teams of 5)
    is hidden as Klein's complement. Two board members with a login and e-mail."""
    klein, groot = TeamFactory(name="Klein"), TeamFactory(name="Groot")
    buur = TeamFactory(name="Buur")
    small = [person(klein) for _ in range(4)]
    large = [person(groot) for _ in range(5)]
    for _ in range(5):
        person(buur)
    sick(small[0], date(2026, 10, 5), date(2026, 10, 9), arbo_notified_at=NOTIFIED)
    sick(large[0], date(2026, 9, 21), date(2026, 10, 12), arbo_notified_at=NOTIFIED)
    sick(large[1], date(2026, 10, 26), arbo_notified_at=NOTIFIED)
    make_person("board", Role.BOARD, employee=False)
    make_person("board2", Role.BOARD, employee=False)
    make_person("hr", Role.HR, employee=False)
    return {"Klein": small, "Groot": large}


def page_count(pdf: bytes, tmp_path) -> int:
    if shutil.which("pdfinfo"):
        path = tmp_path / "report.pdf"
        path.write_bytes(pdf)
        info = subprocess.run(
            ["pdfinfo", str(path)], capture_output=True, text=True, check=True
        ).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_board_report_pdf_has_exactly_one_page(board_org, tmp_path):
    pdf = board_report.render_pdf(OCTOBER)

    assert pdf.startswith(b"%PDF-")
    assert page_count(pdf, tmp_path) == 1


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="needs pdftoppm (poppler-utils)")
def test_board_report_pdf_turns_into_an_image(board_org, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(board_report.render_pdf(OCTOBER))

    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-singlefile", str(path), str(tmp_path / "page")],
        check=True,
    )

    image = tmp_path / "page.png"
    assert image.exists()
    assert image.read_bytes().startswith(b"\x89PNG")


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext (poppler-utils)")
def test_the_pdf_itself_has_no_names_and_shows_the_small_team_as_under_5(board_org, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(board_report.render_pdf(OCTOBER))

    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout

    assert "Verzuimrapportage oktober 2026" in text
    assert re.search(r"Klein\s+<5", text)
    assert re.search(r"Groot\s+11,0%", text)  # 17 of 155 days
    for employee in board_org["Klein"] + board_org["Groot"]:
        assert employee.last_name not in text


TEAM_NAMES = [
    "Geldrop-Mierlo",
    "Waalre",
    "Staf",
    "Heeze-Leende",
    "Valkenswaard",
    "Cranendonck",
    "Nuenen",
    "Son en Breugel",
    "Bergeijk",
    "Eersel",
]


@pytest.mark.parametrize("teams", [3, 8, 10], ids=lambda n: f"{n}-teams")
def test_board_report_stays_on_one_page_with_more_teams(db, tmp_path, teams):
    for name in TEAM_NAMES[:teams]:
        members = [person(TeamFactory(name=name)) for _ in range(5)]
        sick(members[0], date(2026, 10, 5), date(2026, 10, 9))

    assert page_count(board_report.render_pdf(OCTOBER), tmp_path) == 1


def test_board_report_shows_no_names_and_suppresses_the_team_of_4(board_org):
    ctx = board_report.context(OCTOBER)
    html = render_to_string("absence/board_report.html", ctx)

    people = board_org["Klein"] + board_org["Groot"]
    for employee in people:
        assert employee.last_name not in html
        assert employee.personnel_number not in html
    teams = {g["key"]: g for g in ctx["teams"]}
    assert teams["Klein"] == {"key": "Klein", "suppressed": True, **ALL_NULL}
    assert teams["Buur"] == {"key": "Buur", "suppressed": True, **ALL_NULL}
    assert teams["Groot"]["suppressed"] is False
    assert ctx["total"]["suppressed"] is False  # 14 people
    assert re.search(r"<td>Klein</td>\s*<td class=\"num\">&lt;5</td>", html)
    # Groot in October: 11 days (1-11 Oct, of the September spell) + 6 days (26-31 Oct) of 155
    assert teams["Groot"]["absence_percentage"] == pytest.approx(100 * 17 / 155)


def test_board_report_of_an_organisation_under_5_shows_no_figures(db):
    team = TeamFactory(name="Klein")
    people = [person(team) for _ in range(4)]
    sick(people[0], date(2026, 10, 5), date(2026, 10, 9))

    ctx = board_report.context(OCTOBER)

    assert ctx["total"] == {"key": "total", "suppressed": True, **ALL_NULL}
    assert all(row["suppressed"] for row in ctx["trend"])
    assert "%" not in ctx["summary"]  # no figure in the generated line either
    with translation.override("nl"):
        summary = board_report.context(OCTOBER)["summary"]
    assert summary.startswith("In oktober 2026 waren minder dan 5 mensen in dienst")


def test_board_report_command_writes_the_pdf(board_org, tmp_path):
    output = tmp_path / "x.pdf"

    call_command("board_report", "--month", OCTOBER, "--output", str(output), stdout=io.StringIO())

    assert output.read_bytes().startswith(b"%PDF-")
    assert page_count(output.read_bytes(), tmp_path) == 1


@pytest.mark.parametrize("month", ["2026-13", "oktober", "2026-1"])
def test_board_report_command_refuses_a_bad_month(db, tmp_path, month):
    output = tmp_path / "x.pdf"

    with pytest.raises(CommandError):
        call_command("board_report", "--month", month, "--output", str(output))

    assert not output.exists()


def test_board_report_command_refuses_a_missing_folder(db, tmp_path):
    with pytest.raises(CommandError):
        call_command("board_report", "--month", OCTOBER, "--output", str(tmp_path / "no" / "x.pdf"))


def test_board_report_is_mailed_with_the_pdf_once(board_org):
    outcome = board_report.send(OCTOBER)

    assert outcome.sent == ["board2@plusteam.example", "board@plusteam.example"]
    assert sorted(m.to[0] for m in mail.outbox) == outcome.sent
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)
    for message in mail.outbox:
        [(filename, content, mimetype)] = message.attachments
        assert filename == "verzuimrapportage-2026-10.pdf"
        assert mimetype == "application/pdf"
        assert content.startswith(b"%PDF-")
        assert "oktober 2026" in message.subject
        for employee in board_org["Klein"] + board_org["Groot"]:
            assert employee.last_name not in message.body

    again = board_report.send(OCTOBER)

    assert again.sent == []
    assert again.skipped == outcome.sent
    assert len(mail.outbox) == 2


def test_board_report_goes_to_configured_recipients(board_org):
    org = OrganisationSettings.get()
    org.board_report_recipients = "rvt@example.org"
    org.save()

    assert board_report.send(OCTOBER).sent == ["rvt@example.org"]
    assert [m.to for m in mail.outbox] == [["rvt@example.org"]]


def travel(moment: datetime):
    return time_machine.travel(moment, tick=False)


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 11, 1, 7, 0, tzinfo=AMS),  # Sunday
        datetime(2027, 1, 1, 7, 0, tzinfo=AMS),  # New Year's Day
        datetime(2027, 1, 3, 23, 30, tzinfo=AMS),  # the evening before 4 Jan, the first working day
    ],
)
def test_monthly_task_does_nothing_before_the_first_working_day(board_org, moment):
    with travel(moment):
        result = monthly_board_report_task.delay().get()

    assert result["sent"] == []
    assert result["reason"] == "before the first working day"
    assert mail.outbox == []


def test_monthly_task_catches_up_a_missed_first_working_day_once(board_org):
    with travel(datetime(2026, 11, 3, 7, 0, tzinfo=AMS)):  # the worker was down on 2 Nov
        first = monthly_board_report_task.delay().get()
    with travel(datetime(2026, 11, 4, 7, 0, tzinfo=AMS)):
        second = monthly_board_report_task.delay().get()

    assert first["period"] == OCTOBER and len(first["sent"]) == 2
    assert second["sent"] == [] and second["skipped"] == first["sent"]
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 11, 2, 7, 0, tzinfo=AMS),
        datetime(2026, 11, 2, 0, 30, tzinfo=AMS),  # still 1 Nov in UTC
    ],
)
def test_monthly_task_sends_last_month_on_the_first_working_day(board_org, moment):
    with travel(moment):
        first = monthly_board_report_task.delay().get()
        second = monthly_board_report_task.delay().get()

    assert first["period"] == OCTOBER
    assert first["sent"] == ["board2@plusteam.example", "board@plusteam.example"]
    assert second["sent"] == []
    assert second["skipped"] == first["sent"]
    assert len(mail.outbox) == 2
    assert all("oktober 2026" in m.subject for m in mail.outbox)


def test_monthly_task_after_new_year(board_org):
    with travel(datetime(2027, 1, 4, 7, 0, tzinfo=AMS)):
        result = monthly_board_report_task.delay().get()

    assert result["period"] == "2026-12"
    assert len(mail.outbox) == 2


def test_monthly_task_with_a_month_sends_that_month_on_any_day(board_org):
    with travel(datetime(2026, 11, 17, 12, 0, tzinfo=AMS)):
        result = monthly_board_report_task.delay(OCTOBER).get()

    assert result["sent"] == ["board2@plusteam.example", "board@plusteam.example"]


# 5. The tasks (eagerly: no broker in tests) and the beat schedule -------------------------------


def test_weekly_digest_task_sends_once(digest_org, adjuncts, settings):
    assert settings.CELERY_TASK_ALWAYS_EAGER

    first = weekly_digest_task.delay(W10).get()
    second = weekly_digest_task.delay(W10).get()

    assert first == {"period": W10, "sent": ["adjunct@plusteam.example"], "skipped": []}
    assert second == {"period": W10, "sent": [], "skipped": ["adjunct@plusteam.example"]}
    assert len(mail.outbox) == 1


def test_weekly_digest_task_without_a_week_sends_last_week(digest_org, adjuncts):
    with travel(datetime(2026, 3, 9, 7, 0, tzinfo=AMS)):  # Monday of week 11
        result = weekly_digest_task.delay().get()

    assert result["period"] == W10
    [message] = mail.outbox
    assert "Verzuim week 10" in message.subject


def crontab_of(name: str):
    from django_celery_beat.models import PeriodicTask

    return PeriodicTask.objects.select_related("crontab").get(name=name)


def test_beat_schedule_from_the_default_settings(db):
    schedules.sync()

    digest_entry = crontab_of(schedules.DIGEST)
    board_entry = crontab_of(schedules.BOARD_REPORT)

    assert digest_entry.task == weekly_digest_task.name == "absence.weekly_digest"
    assert digest_entry.enabled
    cron = digest_entry.crontab
    assert (cron.minute, cron.hour, cron.day_of_week) == ("0", "7", "1")  # Monday 07:00
    assert (cron.day_of_month, cron.month_of_year) == ("*", "*")
    assert str(cron.timezone) == "Europe/Amsterdam"
    assert board_entry.task == monthly_board_report_task.name
    cron = board_entry.crontab
    assert (cron.minute, cron.hour, cron.day_of_week) == ("0", "7", "*")  # the task checks the day
    assert str(cron.timezone) == "Europe/Amsterdam"


@pytest.mark.parametrize(("weekday", "cron_day"), [(0, "1"), (2, "3"), (6, "0")])
def test_saving_the_settings_moves_the_schedule(db, weekday, cron_day):
    from django_celery_beat.models import PeriodicTask

    org = OrganisationSettings.get()
    org.digest_weekday = weekday
    org.digest_time = time(8, 30)
    org.board_report_time = time(6, 15)
    org.save()

    cron = crontab_of(schedules.DIGEST).crontab
    assert (cron.minute, cron.hour, cron.day_of_week) == ("30", "8", cron_day)
    cron = crontab_of(schedules.BOARD_REPORT).crontab
    assert (cron.minute, cron.hour, cron.day_of_week) == ("15", "6", "*")
    assert PeriodicTask.objects.filter(name__startswith="absence:").count() == 2


def test_the_digest_runs_at_7_dutch_time_also_after_the_clocks_change(db):
    """Summer time starts on Sunday 29 March 2026: the Monday after, 07:00 is 05:00 UTC."""
    schedules.sync()
    schedule = crontab_of(schedules.DIGEST).crontab.schedule
    last_run = datetime(2026, 3, 23, 7, 0, tzinfo=AMS)

    with travel(datetime(2026, 3, 30, 6, 59, tzinfo=AMS)):
        assert not schedule.is_due(last_run).is_due
    with travel(datetime(2026, 3, 30, 7, 0, 30, tzinfo=AMS)):
        assert schedule.is_due(last_run).is_due
