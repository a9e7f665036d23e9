"""`manage.py absence_report --start --end [--team] [--by team|month|week] [--format json|table]`.

JSON: {"period": {"start", "end"}, "target_percentage", "total": METRICS, "groups": [{"key",
...METRICS}]}; group keys are the team name, YYYY-MM or the ISO week YYYY-Www, month and week
groups clipped to the period. Unrounded floats, null where undefined. Episode-level figures go
to the team in force on the first sick day, day-level figures to the team of each day. The
table: rounded, Dutch labels, aligned. The API answers the same JSON."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from absence.models import Episode, PartialRecovery
from tests.factories import ContractFactory, EmployeeFactory, TeamFactory, make_person

METRICS = [
    "absence_percentage",
    "status",
    "sick_days",
    "available_days",
    "average_headcount",
    "episodes_started",
    "notification_frequency",
    "notification_frequency_annualised",
    "episodes_ended",
    "mean_duration_days",
    "zero_absence_percentage",
    "absence_percentage_by_class",
]
CLASSES = ["short", "medium", "long", "extra_long"]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("absence_report", *args, stdout=out)
    return out.getvalue()


def report(start: str, end: str, *args: str) -> dict:
    return json.loads(run("--start", start, "--end", end, *args))


def person(team, *, start=date(2022, 1, 1), hours="36"):
    return make_person(None, team=team, start=start, hours=Decimal(hours))


# The worked example of absence-metrics.md, through the ORM and the command ----------------------


@pytest.fixture
def worked_example(db):
    """January 2024. A: 36 h, sick 8 Jan, recovered 13 Jan. B: 18 h, sick since 20 Dec 2023,
    works 50% from 15 Jan, recovered 29 Jan. C: 36 h, employed from 16 Jan, never sick."""
    team = TeamFactory(name="Geldrop-Mierlo")
    a = person(team)
    b = person(team, hours="18")
    person(team, start=date(2024, 1, 16))
    Episode.objects.create(
        employee=a, first_sick_day=date(2024, 1, 8), recovered_on=date(2024, 1, 13)
    )
    episode_b = Episode.objects.create(
        employee=b, first_sick_day=date(2023, 12, 20), recovered_on=date(2024, 1, 29)
    )
    PartialRecovery.objects.create(episode=episode_b, start=date(2024, 1, 15), percentage=50)
    return team


def test_worked_example_january_2024(worked_example):
    body = report("2024-01-01", "2024-01-31")
    total = body["total"]

    assert body["period"] == {"start": "2024-01-01", "end": "2024-01-31"}
    assert body["target_percentage"] == 5.5
    assert body["groups"] == []
    assert total["available_days"] == pytest.approx(62.5)  # 31 + 15.5 + 16
    assert total["sick_days"] == pytest.approx(15.5)  # A 5.0 + B 7.0 + 3.5
    assert total["absence_percentage"] == pytest.approx(24.8)
    assert total["status"] == "red"
    assert total["absence_percentage_by_class"] == {
        "short": pytest.approx(8.0),  # A: 5 days
        "medium": pytest.approx(16.8),  # B: 40 days
        "long": 0,
        "extra_long": 0,
    }
    assert total["average_headcount"] == pytest.approx(78 / 31)
    assert total["episodes_started"] == 1
    assert total["notification_frequency"] == pytest.approx(0.3974, abs=1e-4)
    assert total["notification_frequency_annualised"] == pytest.approx(4.6795, abs=1e-4)
    assert total["episodes_ended"] == 2
    assert total["mean_duration_days"] == pytest.approx(22.5)
    assert total["zero_absence_percentage"] == pytest.approx(100 / 3)


def test_worked_example_floats_are_not_rounded(worked_example):
    total = report("2024-01-01", "2024-01-31")["total"]

    assert total["average_headcount"] == 78 / 31
    assert total["notification_frequency"] == pytest.approx(31 / 78, rel=1e-12)
    assert total["notification_frequency_annualised"] == pytest.approx(365 / 78, rel=1e-12)


def test_worked_example_as_a_table(worked_example):
    text = run("--start", "2024-01-01", "--end", "2024-01-31", "--format", "table", "--by", "week")

    assert "Verzuim" in text
    assert "Totaal" in text
    assert "24,8" in text  # rounded, Dutch decimal comma
    assert "rood" in text
    assert "24.8" not in text and "24.799" not in text
    lines = text.rstrip("\n").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Groep"))
    table = lines[header:]
    assert len(table) == 2 + 1 + 5  # header, rule, total and five weeks
    assert len({len(line) for line in table}) == 1, table  # aligned: every row equally wide
    total_row = next(line for line in table if line.startswith("Totaal"))
    assert total_row.split()[1] == "24,8"
    # the numbers are right-aligned under their labels
    label_end = table[0].index("Verzuim %") + len("Verzuim %")
    assert total_row[:label_end].endswith("24,8")


# Shape and grouping -----------------------------------------------------------------------------


def test_json_key_order(worked_example):
    body = report("2024-01-01", "2024-01-31", "--by", "month")

    assert list(body) == ["period", "target_percentage", "total", "groups"]
    assert list(body["period"]) == ["start", "end"]
    assert list(body["total"]) == METRICS
    assert list(body["total"]["absence_percentage_by_class"]) == CLASSES
    assert [list(group) for group in body["groups"]] == [["key", *METRICS]]


def test_by_team_groups_follow_the_team_of_each_day_and_of_the_first_sick_day(db):
    """D moves from Alpha to Beta on 16 Jan while sick from 10 Jan to 19 Jan (recovered 20 Jan)."""
    alpha, beta = TeamFactory(name="Alpha"), TeamFactory(name="Beta")
    d = EmployeeFactory()
    ContractFactory(employee=d, team=alpha, start=date(2022, 1, 1), end=date(2024, 1, 15))
    ContractFactory(employee=d, team=beta, start=date(2024, 1, 16))
    Episode.objects.create(
        employee=d, first_sick_day=date(2024, 1, 10), recovered_on=date(2024, 1, 20)
    )
    gone = EmployeeFactory()  # a team with nobody in it during the period is left out
    ContractFactory(
        employee=gone,
        team=TeamFactory(name="Gamma"),
        start=date(2022, 1, 1),
        end=date(2023, 12, 31),
    )

    body = report("2024-01-01", "2024-01-31", "--by", "team")
    groups = {g["key"]: g for g in body["groups"]}

    assert [g["key"] for g in body["groups"]] == ["Alpha", "Beta"]
    a, b = groups["Alpha"], groups["Beta"]
    # day level: the team of each day
    assert (a["available_days"], a["sick_days"]) == (pytest.approx(15), pytest.approx(6))
    assert (b["available_days"], b["sick_days"]) == (pytest.approx(16), pytest.approx(4))
    assert a["absence_percentage"] == pytest.approx(40.0)
    assert b["absence_percentage"] == pytest.approx(25.0)
    # episode level: the team on the first sick day
    assert (a["episodes_started"], a["episodes_ended"], a["mean_duration_days"]) == (1, 1, 10.0)
    assert (b["episodes_started"], b["episodes_ended"], b["mean_duration_days"]) == (0, 0, None)
    assert b["notification_frequency"] == 0
    # the short episode's sick days, per team; the classes add up to each team's total
    assert a["absence_percentage_by_class"]["short"] == pytest.approx(40.0)
    assert b["absence_percentage_by_class"]["short"] == pytest.approx(25.0)
    for group in (a, b):
        assert sum(group["absence_percentage_by_class"].values()) == pytest.approx(
            group["absence_percentage"]
        )
    # the total counts D once
    assert body["total"]["sick_days"] == pytest.approx(10)
    assert body["total"]["episodes_started"] == 1

    only_beta = report("2024-01-01", "2024-01-31", "--team", "Beta")
    assert only_beta["total"] == {k: v for k, v in b.items() if k != "key"}
    only_beta_by_team = report("2024-01-01", "2024-01-31", "--team", "Beta", "--by", "team")
    assert [g["key"] for g in only_beta_by_team["groups"]] == ["Beta"]


def test_team_filter(worked_example):
    other = TeamFactory(name="Waalre")
    Episode.objects.create(employee=person(other), first_sick_day=date(2024, 1, 2))

    everyone = report("2024-01-01", "2024-01-31")["total"]
    geldrop = report("2024-01-01", "2024-01-31", "--team", "Geldrop-Mierlo")["total"]
    waalre = report("2024-01-01", "2024-01-31", "--team", "Waalre", "--by", "month")

    assert geldrop["sick_days"] == pytest.approx(15.5)
    assert geldrop["available_days"] == pytest.approx(62.5)
    assert waalre["total"]["sick_days"] == pytest.approx(30)
    assert waalre["total"]["available_days"] == pytest.approx(31)
    assert waalre["groups"][0]["key"] == "2024-01"
    assert waalre["groups"][0]["sick_days"] == pytest.approx(30)
    assert everyone["sick_days"] == pytest.approx(45.5)


def test_months_are_clipped_to_the_period(db):
    person(TeamFactory(name="Waalre"))

    body = report("2024-01-15", "2024-03-10", "--by", "month")

    assert [g["key"] for g in body["groups"]] == ["2024-01", "2024-02", "2024-03"]
    assert [g["available_days"] for g in body["groups"]] == [17, 29, 10]
    assert [g["average_headcount"] for g in body["groups"]] == [1, 1, 1]


@pytest.mark.parametrize(
    ("start", "end", "keys"),
    [
        ("2023-12-25", "2024-01-14", ["2023-W52", "2024-W01", "2024-W02"]),
        ("2024-12-23", "2025-01-05", ["2024-W52", "2025-W01"]),
        ("2024-12-30", "2025-01-02", ["2025-W01"]),  # ISO year, not calendar year
        ("2020-12-27", "2021-01-04", ["2020-W52", "2020-W53", "2021-W01"]),
        ("2021-01-01", "2021-01-03", ["2020-W53"]),
    ],
)
def test_iso_week_keys_across_the_year_end(db, start, end, keys):
    person(TeamFactory(name="Waalre"), start=date(2020, 1, 1))

    body = report(start, end, "--by", "week")

    assert [g["key"] for g in body["groups"]] == keys
    days = (date.fromisoformat(end) - date.fromisoformat(start)).days + 1
    assert sum(g["available_days"] for g in body["groups"]) == pytest.approx(days)


def test_weeks_are_clipped_to_the_period(db):
    person(TeamFactory(name="Waalre"))

    body = report("2024-01-03", "2024-01-10", "--by", "week")

    assert [g["key"] for g in body["groups"]] == ["2024-W01", "2024-W02"]
    assert [g["available_days"] for g in body["groups"]] == [5, 3]  # Wed-Sun, Mon-Wed


def test_weekly_figures_add_up_to_the_month(worked_example):
    body = report("2024-01-01", "2024-01-31", "--by", "week")

    assert [g["key"] for g in body["groups"]] == [
        "2024-W01",
        "2024-W02",
        "2024-W03",
        "2024-W04",
        "2024-W05",
    ]
    for figure in ("sick_days", "available_days", "episodes_started", "episodes_ended"):
        assert sum(g[figure] for g in body["groups"]) == pytest.approx(body["total"][figure])
    w02 = body["groups"][1]  # 8-14 Jan: A sick 8-12 (5 days), B sick all week at pf 0.5
    assert w02["sick_days"] == pytest.approx(5 + 3.5)
    assert w02["available_days"] == pytest.approx(7 + 3.5)


def test_undefined_figures_are_null(db):
    TeamFactory(name="Waalre")

    total = report("2024-01-01", "2024-01-31")["total"]

    assert total["sick_days"] == 0
    assert total["available_days"] == 0
    for figure in (
        "absence_percentage",
        "status",
        "notification_frequency",
        "notification_frequency_annualised",
        "mean_duration_days",
        "zero_absence_percentage",
    ):
        assert total[figure] is None, figure
    assert total["absence_percentage_by_class"] == dict.fromkeys(CLASSES)


def test_open_episode_and_status_thresholds(db):
    """One full-timer sick from 1 Jan: class by period_end + 1 - first sick day."""
    team = TeamFactory(name="Waalre")
    sick = person(team)
    for _ in range(19):
        person(team)
    Episode.objects.create(employee=sick, first_sick_day=date(2024, 1, 1))

    january = report("2024-01-01", "2024-01-31")["total"]
    ten_days = report("2024-01-01", "2024-01-10")["total"]

    assert january["absence_percentage"] == pytest.approx(5.0)  # 31 of 620
    assert january["status"] == "green"
    assert january["absence_percentage_by_class"]["medium"] == pytest.approx(5.0)  # 31 days
    assert january["episodes_ended"] == 0
    assert january["mean_duration_days"] is None
    assert ten_days["absence_percentage_by_class"]["short"] == pytest.approx(5.0)  # 10 days
    assert january["zero_absence_percentage"] == pytest.approx(95.0)


# Errors -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["--start", "2024-02-01", "--end", "2024-01-31"],
        ["--start", "2024-01-01", "--end", "2024-01-31", "--team", "Nergens"],
        ["--start", "2024-02-30", "--end", "2024-03-31"],
        ["--start", "01-01-2024", "--end", "2024-03-31"],
        ["--start", "2024-01-01", "--end", "2024-1-31"],
        ["--start", "2024-01-01", "--end", "2024-01-31", "--by", "year"],
        ["--start", "2024-01-01", "--end", "2024-01-31", "--format", "csv"],
        ["--start", "2024-01-01"],
    ],
)
def test_bad_arguments_are_command_errors(db, args):
    TeamFactory(name="Waalre")

    with pytest.raises(CommandError):
        run(*args)


# Command and API agree --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"by": "team"},
        {"by": "month"},
        {"by": "week"},
        {"team": "Geldrop-Mierlo", "by": "week"},
        {"team": "Waalre"},
    ],
)
def test_command_and_api_give_identical_json(worked_example, api, hr, extra):
    waalre = TeamFactory(name="Waalre")
    Episode.objects.create(
        employee=person(waalre, hours="24"),
        first_sick_day=date(2023, 11, 2),
        recovered_on=date(2024, 2, 7),
    )
    params = {"start": "2023-12-18", "end": "2024-02-11", **extra}
    args = [item for key, value in params.items() for item in (f"--{key}", value)]

    from_command = run(*args)
    response = api(hr).get("/api/absence/report/", params)

    assert response.status_code == 200
    assert json.dumps(json.loads(from_command)) == json.dumps(response.json())  # order included


@pytest.mark.parametrize(
    ("extra_sick_days", "percentage", "status"),
    [(1, 5.5, "green"), (3, 6.5, "amber"), (4, 7.0, "red")],
)
def test_traffic_light_at_the_edges(db, extra_sick_days, percentage, status):
    """20 full-timers over 10 days: 200 available days; 10 + n sick days."""
    team = TeamFactory(name="Waalre")
    people = [person(team) for _ in range(20)]
    Episode.objects.create(
        employee=people[0], first_sick_day=date(2024, 1, 1), recovered_on=date(2024, 1, 11)
    )
    Episode.objects.create(
        employee=people[1],
        first_sick_day=date(2024, 1, 1),
        recovered_on=date(2024, 1, 1 + extra_sick_days),
    )

    total = report("2024-01-01", "2024-01-10")["total"]

    assert total["absence_percentage"] == pytest.approx(percentage)
    assert total["status"] == status
