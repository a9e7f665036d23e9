"""The `poortwachter_schedule` command: the Gatekeeper Act schedule of an employee's latest
chain as JSON or a table, with the worked examples of shared/domain/poortwachter.md."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from absence.models import Episode
from reintegration.services import (
    case_update,
    record_add,
)
from tests.reintegration.helpers import (
    DOC_KEYS,
    Kind,
    by_key,
    freeze,
    notified,
    recover,
    report_sick,
    schedule_json,
)

pytestmark = pytest.mark.usefixtures("_today")


def test_command_json_shape_and_every_milestone_in_order(january_case, person):
    body = schedule_json(person.personnel_number, "2024-03-01")

    assert list(body) == ["chain_start", "sick_day", "milestones"]
    assert [m["key"] for m in body["milestones"]] == DOC_KEYS
    for m in body["milestones"]:
        assert list(m) == ["key", "due", "earliest", "done_on", "status"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", m["due"])
    assert body["chain_start"] == "2024-01-08"
    assert body["sick_day"] == 54


def test_command_worked_example_still_sick(january_case, person):
    got = by_key(schedule_json(person.personnel_number, "2024-03-01"))

    assert {key: m["due"] for key, m in got.items() if key != "arbodienst_notification"} == {
        "problem_analysis": "2024-02-18",
        "action_plan": "2024-03-03",
        "plan_evaluation": "2024-04-14",
        "uwv_42_week_report": "2024-10-28",
        "first_year_evaluation": "2025-01-05",
        "final_evaluation": "2025-10-05",
        "wia_application": "2025-10-19",
        "waiting_period_end": "2026-01-04",
    }
    assert got["uwv_42_week_report"]["earliest"] == "2024-10-21"
    assert got["problem_analysis"]["earliest"] is None
    assert {key: m["status"] for key, m in got.items()} == {
        "arbodienst_notification": "overdue",  # nobody passed it to ArboNed
        "problem_analysis": "overdue",
        "action_plan": "due_soon",
        "plan_evaluation": "upcoming",
        "uwv_42_week_report": "upcoming",
        "first_year_evaluation": "upcoming",
        "final_evaluation": "upcoming",
        "wia_application": "upcoming",
        "waiting_period_end": "upcoming",
    }
    assert all(m["done_on"] is None for m in got.values())


def test_command_interrupted_chain_example(person, adjunct):
    first = report_sick(person, date(2024, 1, 8), today=date(2024, 1, 20))
    recover(first, date(2024, 3, 1))
    report_sick(person, date(2024, 3, 20))

    body = schedule_json(person.personnel_number, "2024-03-20")
    got = by_key(body)
    assert body["chain_start"] == "2024-01-08"
    assert body["sick_day"] == 54
    assert got["uwv_42_week_report"]["due"] == "2024-11-18"  # sick day 295 is Saturday 16 Nov
    assert got["first_year_evaluation"]["due"] == "2025-01-24"
    assert got["waiting_period_end"]["due"] == "2026-01-23"


def test_command_gap_of_28_days_gives_the_new_chain(person, adjunct):
    first = report_sick(person, date(2024, 1, 8), today=date(2024, 1, 20))
    recover(first, date(2024, 3, 1))
    report_sick(person, date(2024, 3, 29))

    body = schedule_json(person.personnel_number, "2024-03-29")
    assert body["chain_start"] == "2024-03-29"
    assert body["sick_day"] == 1
    # as of a day before the new episode, the old (recovered) chain is the latest
    before = schedule_json(person.personnel_number, "2024-03-28")
    assert before["chain_start"] == "2024-01-08"
    assert before["sick_day"] == 53
    assert by_key(before)["waiting_period_end"]["status"] == "not_needed"


def test_command_recorded_problem_analysis_moves_the_action_plan(january_case, person, adjunct):
    with freeze(date(2024, 3, 1)):
        record_add(
            actor=adjunct, case=january_case, kind=Kind.PROBLEM_ANALYSIS, date=date(2024, 2, 10)
        )

    got = by_key(schedule_json(person.personnel_number, "2024-03-01"))
    assert got["problem_analysis"]["done_on"] == "2024-02-10"
    assert got["problem_analysis"]["status"] == "done"
    assert got["action_plan"]["due"] == "2024-02-24"
    assert got["action_plan"]["status"] == "overdue"
    # before the analysis was held, the command does not know it yet
    assert by_key(schedule_json(person.personnel_number, "2024-02-09"))["action_plan"]["due"] == (
        "2024-03-03"
    )


def test_command_wia_letter_date_becomes_the_wia_due_date(january_case, person, adjunct):
    with freeze(date(2025, 8, 1)):
        case_update(
            actor=adjunct, case=january_case, owner=adjunct, wia_letter_date=date(2025, 9, 29)
        )

    got = by_key(schedule_json(person.personnel_number, "2025-08-01"))
    assert got["wia_application"]["due"] == "2025-09-29"
    assert got["final_evaluation"]["due"] == "2025-10-05", "the others stay"


def test_command_arbo_notification_is_done_on_the_day_it_was_passed_on(january_case, person):
    notified(Episode.objects.get(employee=person), date(2024, 1, 9))
    got = by_key(schedule_json(person.personnel_number, "2024-03-01"))
    assert got["arbodienst_notification"]["done_on"] == "2024-01-09"
    assert got["arbodienst_notification"]["status"] == "done"


def test_command_table_format(january_case, person):
    out = io.StringIO()
    call_command(
        "poortwachter_schedule",
        person.personnel_number,
        "--as-of",
        "2024-03-01",
        "--format",
        "table",
        stdout=out,
    )
    text = out.getvalue()
    lines = text.splitlines()

    assert lines[0] == "chain start 2024-01-08, sick day 54"
    assert lines[2].split() == ["milestone", "due", "earliest", "done", "on", "status"]
    assert set(lines[3].replace(" ", "")) == {"-"}
    rows = {line.split()[0]: line.split()[1:] for line in lines[4:]}
    assert list(rows) == DOC_KEYS
    assert rows["uwv_42_week_report"] == ["2024-10-28", "2024-10-21", "-", "upcoming"]
    assert rows["problem_analysis"] == ["2024-02-18", "-", "-", "overdue"]


def test_command_42nd_week_ending_on_christmas_moves_the_report_past_the_holidays(person, adjunct):
    report_sick(person, date(2025, 3, 6), today=date(2025, 3, 20))  # sick day 295: Thu 25 Dec

    got = by_key(schedule_json(person.personnel_number, "2025-12-01"))

    assert got["uwv_42_week_report"]["due"] == "2025-12-29"  # 25, 26 Dec; weekend
    assert got["uwv_42_week_report"]["earliest"] == "2025-12-18"
    assert got["uwv_42_week_report"]["status"] == "upcoming"


def test_command_unknown_personnel_number(db):
    with pytest.raises(CommandError, match="X9999"):
        call_command("poortwachter_schedule", "X9999", stdout=io.StringIO())


def test_command_person_without_episodes(person):
    with pytest.raises(CommandError, match="no sickness episode"):
        call_command("poortwachter_schedule", person.personnel_number, stdout=io.StringIO())


def test_command_person_whose_only_episode_is_after_the_date(january_case, person):
    with pytest.raises(CommandError):
        schedule_json(person.personnel_number, "2024-01-07")


def test_command_bad_date(january_case, person):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        schedule_json(person.personnel_number, "1-3-2024")


def test_command_defaults_to_today(january_case, person):
    out = io.StringIO()
    with freeze(date(2024, 3, 1)):
        call_command("poortwachter_schedule", person.personnel_number, stdout=out)
    assert json.loads(out.getvalue()) == schedule_json(person.personnel_number, "2024-03-01")
