"""Groups of fewer than 5 people are shown to PVT and board as "<5", with no figures, in the
report API (/api/absence/report/).

privacy.md: PVT and board see aggregates only; any group with fewer than 5 different people
employed in it during the period is shown as "<5". A group is hidden for the whole calendar year
once it has fewer than 5 people on some day, and so is the next smallest group (its complement)
when the total would otherwise give the hidden group's figures by subtraction. HR, the
(adjunct-)director and managers get every figure. Also the engine alone, without the database:
`stats.publish` and `stats.report(..., suppress_below=5)`. absence-metrics.md defines the figures
themselves (the report engine is the only source of numbers)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from absence import stats
from core.roles import Role
from tests.absence.helpers import ALL_NULL, METRICS, groups_by_key, person, sick, without
from tests.factories import ContractFactory, TeamFactory, make_person

REPORT = "/api/absence/report/"
JANUARY = {"start": "2024-01-01", "end": "2024-01-31"}


def get_report(client, **params):
    response = client.get(REPORT, params)
    assert response.status_code == 200, response.content
    return response.json()


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
