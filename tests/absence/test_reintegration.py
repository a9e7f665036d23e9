"""Issue 7: reintegration cases under the Gatekeeper Act, from the database to the pages.

The pure schedule (absence/poortwachter.py) has its own tests in test_poortwachter.py; these
cover what is built on it: cases following the chains of episodes (shared/domain/poortwachter.md),
the `poortwachter_schedule` command and its API twin, who may read the file and the audit of
every read by someone else (shared/domain/privacy.md), PDF-only documents, the reminders, the
private iCalendar feed, the case file PDF and the list of open cases."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from icalendar import Calendar

from absence import cases, services
from absence.models import (
    CalendarFeed,
    CaseDocument,
    CaseRecord,
    Episode,
    ReintegrationCase,
    ReminderSent,
)
from absence.tasks import reintegration_daily_task
from core.errors import ApplicationError
from core.models import AuditEvent
from core.roles import Role
from hrm.models import RoleAssignment
from tests.factories import TeamFactory, make_person

AMS = ZoneInfo("Europe/Amsterdam")
Kind = CaseRecord.Kind

# The milestone keys of poortwachter.md's table, in its order.
DOC_KEYS = [
    "arbodienst_notification",
    "problem_analysis",
    "action_plan",
    "plan_evaluation",
    "uwv_42_week_report",
    "first_year_evaluation",
    "final_evaluation",
    "wia_application",
    "waiting_period_end",
]
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% advies bedrijfsarts\n%%EOF\n"

# Most tests: sick since Monday 5 May 2025; today Monday 2 June 2025 is sick day 29.
SICK_SINCE = date(2025, 5, 5)
TODAY = date(2025, 6, 2)
PA_DUE = date(2025, 6, 15)  # problem analysis: sick day 42
AP_DUE = date(2025, 6, 29)  # action plan: sick day 56


@contextmanager
def freeze(day: date, hour: int = 10):
    """Today is `day` (Europe/Amsterdam), the clock stands still."""
    with time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=AMS), tick=False):
        yield


@pytest.fixture(autouse=True)
def _today():
    with freeze(TODAY):
        yield


def report_sick(person, first: date, *, today: date | None = None) -> Episode:
    """Through the service, so the case sync runs; `today` defaults to the first sick day."""
    with freeze(today or first):
        return services.episode_report_sick(
            actor=None, employee=person, first_sick_day=first, notify_arbo=False
        )


def recover(episode: Episode, on: date, *, today: date | None = None) -> Episode:
    with freeze(today or on):
        return services.episode_recover(actor=None, episode=episode, recovered_on=on)


def sync(person, day: date) -> dict:
    with freeze(day):
        return cases.sync_employees([person.pk], today=day)


def case_of(person) -> ReintegrationCase:
    return ReintegrationCase.objects.get(employee=person)


def notified(episode: Episode, on: date) -> None:
    Episode.objects.filter(pk=episode.pk).update(
        arbo_notified_at=datetime(on.year, on.month, on.day, 9, tzinfo=AMS)
    )


def pdf(name: str = "advies.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/pdf")


def milestones(schedule) -> dict:
    return {m.key: m for m in schedule.milestones}


def schedule_json(personnel_number: str, as_of: str) -> dict:
    out = io.StringIO()
    call_command("poortwachter_schedule", personnel_number, "--as-of", as_of, stdout=out)
    return json.loads(out.getvalue())


def by_key(body: dict) -> dict:
    return {m["key"]: m for m in body["milestones"]}


def named(someone, first: str, last: str):
    """Fixed names (Faker's may hold characters that HTML escapes)."""
    someone.first_name, someone.last_name = first, last
    someone.save()
    return someone


def colleague(team, last: str):
    return named(make_person(None, team=team), "Kim", last)


@pytest.fixture
def person(employee):
    """The employee record of the `employee` login (team A, managed by `manager`)."""
    return named(employee.employee, "Sanne", "Zwanenburg")


@pytest.fixture
def stranger(outsider):
    """The employee record of `outsider` (team B)."""
    return named(outsider.employee, "Joris", "Kwakernaak")


@pytest.fixture
def sick_case(person, adjunct):
    """`person` sick since 5 May 2025, passed to ArboNed that day, with a case (owner: the
    adjunct-director) since sick day 8."""
    episode = report_sick(person, SICK_SINCE)
    notified(episode, SICK_SINCE)
    sync(person, SICK_SINCE + timedelta(days=7))
    return case_of(person)


# 1. The case follows the chain -----------------------------------------------------------------


def test_no_case_before_sick_day_8_and_one_from_sick_day_8(person, adjunct):
    report_sick(person, date(2024, 1, 8))
    assert not ReintegrationCase.objects.exists()

    assert sync(person, date(2024, 1, 14)) == {"created": 0, "closed": 0, "reopened": 0}
    assert not ReintegrationCase.objects.exists(), "sick day 7: no case yet"

    assert sync(person, date(2024, 1, 15))["created"] == 1  # sick day 8
    case = case_of(person)
    assert case.chain_start == date(2024, 1, 8)
    assert case.closed_on is None
    assert case.is_open

    assert sync(person, date(2024, 1, 16))["created"] == 0, "one case per chain"
    assert ReintegrationCase.objects.count() == 1


def test_owner_defaults_to_an_active_adjunct_director(person, hr):
    gone = make_person("former-adjunct", Role.ADJUNCT_DIRECTOR, employee=False)
    gone.is_active = False
    gone.save()
    adjunct = make_person("new-adjunct", Role.ADJUNCT_DIRECTOR, employee=False)
    assert gone.pk < adjunct.pk

    report_sick(person, date(2024, 1, 8))
    sync(person, date(2024, 1, 15))

    assert case_of(person).owner == adjunct


def test_recovery_closes_the_case_on_the_recovery_day(person, adjunct):
    episode = report_sick(person, date(2024, 1, 8), today=date(2024, 1, 20))
    assert case_of(person).is_open

    recover(episode, date(2024, 3, 1))

    case = case_of(person)
    assert case.closed_on == date(2024, 3, 1)
    view = cases.view_of(case, date(2024, 3, 1))
    status = {m.key: m.status for m in view.schedule.milestones}
    assert status["action_plan"] == "not_needed"  # due 3 March, after the recovery
    assert status["waiting_period_end"] == "not_needed"
    assert status["problem_analysis"] == "overdue"  # was due 18 February, before it
    assert view.schedule.sick_day == 53


def test_a_recovery_recorded_ahead_closes_the_case_when_the_day_comes(person, adjunct):
    episode = report_sick(person, date(2024, 1, 8), today=date(2024, 1, 20))
    recover(episode, date(2024, 3, 4), today=date(2024, 3, 1))
    assert case_of(person).closed_on is None, "still sick on 1 March"

    with freeze(date(2024, 3, 4)):
        counts = cases.sync_all()
    assert counts["closed"] == 1
    assert case_of(person).closed_on == date(2024, 3, 4)


def test_new_episode_27_days_after_recovery_reopens_the_same_case_with_the_count_continued(
    person, adjunct
):
    first = report_sick(person, date(2024, 1, 8), today=date(2024, 1, 20))
    recover(first, date(2024, 3, 1))  # 53 sick days
    case = case_of(person)
    assert case.closed_on == date(2024, 3, 1)

    report_sick(person, date(2024, 3, 28))  # gap 1-27 March: 27 days

    assert ReintegrationCase.objects.count() == 1
    reopened = case_of(person)
    assert reopened.pk == case.pk
    assert reopened.chain_start == date(2024, 1, 8)
    assert reopened.closed_on is None
    view = cases.view_of(reopened, date(2024, 3, 28))
    assert view.schedule.sick_day == 54, "the gap is not counted"
    assert cases.view_of(reopened, date(2024, 4, 7)).schedule.sick_day == 64


def test_new_episode_28_days_after_recovery_starts_a_new_case_from_its_sick_day_8(person, adjunct):
    first = report_sick(person, date(2024, 1, 8), today=date(2024, 1, 20))
    recover(first, date(2024, 3, 1))
    old = case_of(person)

    report_sick(person, date(2024, 3, 29))  # gap 28 days: a new chain at sick day 1
    sync(person, date(2024, 4, 4))  # its sick day 7
    assert list(ReintegrationCase.objects.all()) == [old]
    old.refresh_from_db()
    assert old.closed_on == date(2024, 3, 1), "the old case stays closed"

    sync(person, date(2024, 4, 5))  # its sick day 8
    new = ReintegrationCase.objects.exclude(pk=old.pk).get()
    assert new.chain_start == date(2024, 3, 29)
    assert new.closed_on is None
    assert cases.view_of(new, date(2024, 4, 5)).schedule.sick_day == 8


def test_leave_adjacent_on_both_sides_merges_two_cases_into_one_keeping_the_records(
    person, adjunct, hr
):
    # poortwachter.md: sick from 1 Feb 2024, maternity leave 1 Mar - 20 Jun, sick again 21 Jun
    first = report_sick(person, date(2024, 2, 1), today=date(2024, 2, 20))
    recover(first, date(2024, 3, 1))
    before = case_of(person)
    with freeze(date(2024, 2, 20)):
        cases.record_add(actor=adjunct, case=before, kind=Kind.CONSULTATION, date=date(2024, 2, 9))
    report_sick(person, date(2024, 6, 21), today=date(2024, 7, 1))
    assert ReintegrationCase.objects.count() == 2, "without the leave: two chains, two cases"
    after = ReintegrationCase.objects.exclude(pk=before.pk).get()
    with freeze(date(2024, 7, 1)):
        cases.record_add(actor=adjunct, case=after, kind=Kind.CONSULTATION, date=date(2024, 6, 28))

    # the leave is recorded afterwards: it bridges the chains
    with freeze(date(2024, 7, 1)):
        services.maternity_leave_record(
            actor=hr, employee=person, start=date(2024, 3, 1), end=date(2024, 6, 20)
        )

    merged = case_of(person)
    assert merged.chain_start == date(2024, 2, 1)
    assert merged.closed_on is None
    assert sorted(merged.records.values_list("date", flat=True)) == [
        date(2024, 2, 9),
        date(2024, 6, 28),
    ]
    assert cases.view_of(merged, date(2024, 6, 21)).schedule.sick_day == 30


def test_leave_recorded_while_sick_ends_the_episode_and_the_next_episode_reopens_the_case(
    person, adjunct, hr
):
    report_sick(person, date(2024, 2, 1), today=date(2024, 2, 20))
    with freeze(date(2024, 2, 20)):
        leave = services.maternity_leave_record(
            actor=hr, employee=person, start=date(2024, 3, 1), end=date(2024, 6, 20)
        )
    assert leave.notes, "the running episode now ends when the leave starts"
    assert Episode.objects.get(employee=person).recovered_on == date(2024, 3, 1)
    with freeze(date(2024, 3, 1)):
        cases.sync_all()
    assert case_of(person).closed_on == date(2024, 3, 1)

    report_sick(person, date(2024, 6, 21))  # the day after the leave

    case = case_of(person)
    assert case.closed_on is None
    assert case.chain_start == date(2024, 2, 1)
    assert cases.view_of(case, date(2024, 6, 21)).schedule.sick_day == 30


def test_leave_not_adjacent_does_not_bridge(person, adjunct, hr):
    first = report_sick(person, date(2024, 2, 1), today=date(2024, 2, 20))
    recover(first, date(2024, 3, 1))
    with freeze(date(2024, 3, 1)):
        services.maternity_leave_record(
            actor=hr, employee=person, start=date(2024, 3, 1), end=date(2024, 6, 20)
        )
    report_sick(person, date(2024, 6, 24), today=date(2024, 7, 1))  # 3 days after the leave

    starts = sorted(ReintegrationCase.objects.values_list("chain_start", "closed_on"))
    assert starts == [(date(2024, 2, 1), date(2024, 3, 1)), (date(2024, 6, 24), None)]


def test_records_entered_out_of_order_give_the_next_evaluation_after_the_latest(person, adjunct):
    report_sick(person, date(2024, 1, 8), today=date(2024, 1, 20))
    case = case_of(person)
    with freeze(date(2024, 7, 1)):
        # the later evaluation is entered first, the older one catches up afterwards
        cases.record_add(actor=adjunct, case=case, kind=Kind.PLAN_EVALUATION, date=date(2024, 6, 3))
        cases.record_add(actor=adjunct, case=case, kind=Kind.ACTION_PLAN, date=date(2024, 3, 1))
        cases.record_add(
            actor=adjunct, case=case, kind=Kind.PLAN_EVALUATION, date=date(2024, 4, 12)
        )
        cases.record_add(
            actor=adjunct, case=case, kind=Kind.PROBLEM_ANALYSIS, date=date(2024, 2, 16)
        )

    got = milestones(cases.view_of(case, date(2024, 7, 1)).schedule)
    assert got["plan_evaluation"].due == date(2024, 6, 3) + timedelta(days=42)  # 15 July
    assert got["plan_evaluation"].status == "due_soon"
    assert got["action_plan"].done_on == date(2024, 3, 1)
    assert got["action_plan"].due == date(2024, 3, 1), "14 days after the problem analysis"
    assert got["problem_analysis"].status == "done"

    # the command agrees, and as of May it only knows the April evaluation
    number = person.personnel_number
    assert by_key(schedule_json(number, "2024-07-01"))["plan_evaluation"]["due"] == "2024-07-15"
    assert by_key(schedule_json(number, "2024-05-01"))["plan_evaluation"]["due"] == "2024-05-24"


def test_partial_recovery_keeps_the_case_open_and_counts_as_a_sick_day(person, adjunct):
    episode = report_sick(person, date(2024, 1, 8), today=date(2024, 1, 20))
    with freeze(date(2024, 2, 1)):
        services.episode_partial_recovery(
            actor=None, episode=episode, start=date(2024, 2, 1), percentage=50
        )
        cases.sync_all()

    case = case_of(person)
    assert case.closed_on is None
    assert cases.view_of(case, date(2024, 3, 1)).schedule.sick_day == 54


def test_correcting_the_first_sick_day_to_a_later_date_keeps_the_one_case(person, adjunct, hr):
    episode = report_sick(person, date(2024, 1, 8), today=date(2024, 1, 20))
    case = case_of(person)
    with freeze(date(2024, 1, 20)):
        cases.record_add(actor=adjunct, case=case, kind=Kind.CONSULTATION, date=date(2024, 1, 15))
        services.episode_correct(
            actor=hr,
            episode=episode,
            reason="Eerste ziektedag verkeerd ingevoerd",
            first_sick_day=date(2024, 1, 10),
            recovered_on=None,
        )

    [corrected] = ReintegrationCase.objects.all()
    assert corrected.pk == case.pk
    assert corrected.chain_start == date(2024, 1, 10)
    assert corrected.records.count() == 1
    assert cases.view_of(corrected, date(2024, 1, 20)).schedule is not None


def test_a_record_before_the_chain_start_is_refused(sick_case, adjunct):
    with pytest.raises(ApplicationError) as error:
        cases.record_add(
            actor=adjunct, case=sick_case, kind=Kind.CONSULTATION, date=date(2025, 5, 1)
        )
    assert error.value.code == "date_before_case"
    assert not CaseRecord.objects.exists()


@pytest.mark.parametrize("role", ["hr", "adjunct"])
def test_hr_and_the_adjunct_director_record(request, sick_case, role):
    actor = request.getfixturevalue(role)
    record = cases.record_add(
        actor=actor,
        case=sick_case,
        kind=Kind.ACTION_PLAN,
        date=date(2025, 6, 1),
        goal="Terug in eigen werk, 4 uur per dag",
        track="1",
        activities=[{"description": "Aangepast werk", "owner": "Teamleider", "due": TODAY}],
        documents=[pdf()],
    )
    assert record.created_by == actor
    assert record.activities.get().description == "Aangepast werk"
    assert record.documents.get().name == "advies.pdf"


@pytest.mark.parametrize("role", ["manager", "director", "employee", "pvt"])
def test_others_may_not_record(request, sick_case, role):
    with pytest.raises(PermissionDenied):
        cases.record_add(
            actor=request.getfixturevalue(role),
            case=sick_case,
            kind=Kind.CONSULTATION,
            date=TODAY,
        )
    assert not CaseRecord.objects.exists()


# 2. The schedule command and its API twin -------------------------------------------------------


@pytest.fixture
def january_case(person, adjunct):
    """poortwachter.md's first worked example: sick since Monday 8 Jan 2024, still sick."""
    report_sick(person, date(2024, 1, 8), today=date(2024, 1, 20))
    return case_of(person)


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
        cases.record_add(
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
        cases.case_update(
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


def test_api_schedule_is_the_command_json(january_case, person, adjunct, hr, api):
    with freeze(date(2024, 3, 1)):
        cases.record_add(
            actor=adjunct, case=january_case, kind=Kind.PROBLEM_ANALYSIS, date=date(2024, 2, 10)
        )
        response = api(hr).get(f"/api/reintegration/cases/{january_case.pk}/schedule/")

    assert response.status_code == 200
    assert response.json() == schedule_json(person.personnel_number, "2024-03-01")
    view = cases.view_of(january_case, date(2024, 3, 1))
    assert response.json() == view.schedule.as_json()


def test_a_record_dated_after_today_is_not_done_yet_in_the_api_either(
    sick_case, person, adjunct, hr, api
):
    cases.record_add(
        actor=adjunct, case=sick_case, kind=Kind.PROBLEM_ANALYSIS, date=date(2025, 6, 10)
    )

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


# 3. Privacy: who reads the file, and the audit of every read by someone else -------------------


@pytest.fixture
def plan(sick_case, adjunct):
    """The action plan of `sick_case`, with a PDF."""
    return cases.record_add(
        actor=adjunct,
        case=sick_case,
        kind=Kind.ACTION_PLAN,
        date=date(2025, 5, 28),
        goal="Opbouw naar eigen werk",
        track="1",
        documents=[pdf("plan-van-aanpak.pdf")],
    )


def reads(**filters) -> list[tuple]:
    return list(
        AuditEvent.objects.filter(**filters)
        .order_by("pk")
        .values_list("actor__username", "subject_id", "action", "object_type", "object_id")
    )


def body_of(response) -> bytes:
    # (never response.close() here: it sends request_finished, which closes the database
    # connection of the test on PostgreSQL; the test client already closed the response)
    return response.content


def test_employee_sees_their_own_case_file_and_documents_without_audit(
    client, employee, person, plan
):
    client.force_login(employee)
    document = plan.documents.get()

    page = client.get(f"/reintegration/cases/{plan.case_id}/")
    assert page.status_code == 200
    assert "Opbouw naar eigen werk" in page.content.decode()
    assert f"/reintegration/records/{plan.pk}/my-view/" in page.content.decode()

    file = client.get(f"/reintegration/cases/{plan.case_id}/file.pdf")
    assert file.status_code == 200
    assert file.content.startswith(b"%PDF-")

    served = client.get(f"/reintegration/documents/{document.pk}/")
    assert served.status_code == 200
    assert body_of(served) == PDF_BYTES

    schedule = client.get(f"/api/reintegration/cases/{plan.case_id}/schedule/")
    assert schedule.status_code == 200

    assert reads() == [], "the employee's own reads are not audited"


def test_employee_adds_their_view_on_the_action_plan(client, employee, plan):
    client.force_login(employee)
    url = f"/reintegration/records/{plan.pk}/my-view/"
    assert client.get(url).status_code == 200

    response = client.post(url, {"text": "Ik wil eerst halve dagen proberen."})

    assert response.status_code == 302
    assert response["Location"] == f"/reintegration/cases/{plan.case_id}/"
    plan.refresh_from_db()
    assert plan.employee_view == "Ik wil eerst halve dagen proberen."
    page = client.get(response["Location"])
    assert "Ik wil eerst halve dagen proberen." in page.content.decode()


def test_employee_cannot_add_a_view_on_a_consultation(client, employee, sick_case, adjunct):
    consultation = cases.record_add(
        actor=adjunct, case=sick_case, kind=Kind.CONSULTATION, date=TODAY
    )
    client.force_login(employee)

    response = client.post(f"/reintegration/records/{consultation.pk}/my-view/", {"text": "x"})

    assert response.status_code == 200
    assert "Je kunt je visie toevoegen aan het plan van aanpak" in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.employee_view == ""


@pytest.mark.parametrize(("role", "status"), [("manager", 403), ("hr", 403), ("outsider", 404)])
def test_only_the_employee_writes_their_view(request, client, plan, role, status):
    client.force_login(request.getfixturevalue(role))
    response = client.post(f"/reintegration/records/{plan.pk}/my-view/", {"text": "Niet van mij"})
    assert response.status_code == status
    plan.refresh_from_db()
    assert plan.employee_view == ""


def test_employee_view_service_refuses_anyone_else(plan, hr):
    with pytest.raises(PermissionDenied):
        cases.employee_view_set(actor=hr, record=plan, text="Namens de werknemer")


def test_another_employee_gets_404_for_everything_of_the_case(client, api, outsider, person, plan):
    case_id, document = plan.case_id, plan.documents.get()
    client.force_login(outsider)
    for url in [
        f"/reintegration/cases/{case_id}/",
        f"/reintegration/cases/{case_id}/file.pdf",
        f"/reintegration/documents/{document.pk}/",
        f"/reintegration/records/{plan.pk}/my-view/",
    ]:
        assert client.get(url).status_code == 404, url
    for url in [
        f"/api/reintegration/cases/{case_id}/",
        f"/api/reintegration/cases/{case_id}/schedule/",
    ]:
        assert api(outsider).get(url).status_code == 404, url
    assert api(outsider).get("/api/reintegration/cases/").json()["results"] == []
    assert person.full_name not in client.get("/reintegration/").content.decode()
    assert reads() == []


@pytest.mark.parametrize("role", ["pvt", "board"])
def test_pvt_and_board_cannot_read_the_case(request, client, api, plan, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    assert client.get(f"/reintegration/cases/{plan.case_id}/").status_code == 404
    assert client.get(f"/reintegration/documents/{plan.documents.get().pk}/").status_code == 404
    assert api(user).get(f"/api/reintegration/cases/{plan.case_id}/schedule/").status_code == 404
    assert reads() == []


def test_the_manager_reads_the_case_and_each_read_is_audited(client, manager, person, plan):
    client.force_login(manager)
    document = plan.documents.get()

    assert client.get(f"/reintegration/cases/{plan.case_id}/").status_code == 200
    served = client.get(f"/reintegration/documents/{document.pk}/")
    assert served.status_code == 200
    assert body_of(served) == PDF_BYTES

    assert reads() == [
        ("manager", person.pk, "view_case", "case", str(plan.case_id)),
        ("manager", person.pk, "read_case_document", "case_document", str(document.pk)),
    ]


@pytest.mark.parametrize("role", ["manager", "hr", "adjunct", "director"])
@pytest.mark.parametrize(
    ("url", "action"),
    [
        ("/reintegration/cases/{case}/", "view_case"),
        ("/reintegration/cases/{case}/file.pdf", "view_case"),
        ("/reintegration/documents/{document}/", "read_case_document"),
        ("/api/reintegration/cases/{case}/", "view_case"),
        ("/api/reintegration/cases/{case}/schedule/", "view_case"),
        ("/reintegration/", "list_case"),
        ("/api/reintegration/cases/", "list_case"),
    ],
)
def test_every_read_by_someone_else_is_audited_once(
    request, client, api, plan, person, role, url, action
):
    user = request.getfixturevalue(role)
    url = url.format(case=plan.case_id, document=plan.documents.get().pk)
    if url.startswith("/api/"):
        response = api(user).get(url)
    else:
        client.force_login(user)
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            body_of(response)

    assert response.status_code == 200
    [(actor, subject, got, _type, _id)] = reads()
    assert (actor, subject, got) == (role, person.pk, action)


def test_the_absence_dashboard_audits_the_cases_it_lists(client, adjunct, person, plan):
    client.force_login(adjunct)
    response = client.get("/absence/")
    assert response.status_code == 200
    assert person.full_name in response.content.decode()
    assert ("adjunct", person.pk, "list_case", "case", str(plan.case_id)) in reads()


def test_a_non_pdf_upload_is_refused_beside_the_field_and_nothing_is_saved(client, hr, sick_case):
    client.force_login(hr)
    fake = SimpleUploadedFile("advies.pdf", b"<html>not a pdf</html>", "application/pdf")

    response = client.post(
        f"/reintegration/cases/{sick_case.pk}/records/new/?kind=consultation",
        {"date": "2025-06-02", "company_doctor": "Dr. Visser", "documents": [fake]},
    )

    assert response.status_code == 200
    html = response.content.decode()
    error = re.search(r'<ul class="field__errors" id="id_documents_error">(.*?)</ul>', html, re.S)
    assert error is not None, "the error is shown beside the documents field"
    assert "advies.pdf is geen pdf-bestand." in error.group(1)
    assert not CaseRecord.objects.exists()
    assert not CaseDocument.objects.exists()


def test_a_non_pdf_is_refused_by_the_service_with_its_code(sick_case, adjunct, plan):
    with pytest.raises(ApplicationError) as error:
        cases.record_add(
            actor=adjunct,
            case=sick_case,
            kind=Kind.CONSULTATION,
            date=TODAY,
            documents=[pdf(), pdf("foto.pdf", b"\x89PNG\r\n\x1a\n")],
        )
    assert error.value.code == "document_not_pdf"
    assert error.value.field == "documents"
    with pytest.raises(ApplicationError) as error:
        cases.document_add(actor=adjunct, record=plan, upload=pdf("leeg.pdf", b""))
    assert error.value.code == "document_not_pdf"
    assert CaseRecord.objects.count() == 1, "only the plan of the fixture"
    assert CaseDocument.objects.count() == 1


def test_a_non_pdf_added_to_a_record_later_is_refused_too(client, hr, plan):
    client.force_login(hr)
    response = client.post(
        f"/reintegration/records/{plan.pk}/documents/",
        {"documents": [SimpleUploadedFile("brief.docx", b"PK\x03\x04", "application/msword")]},
    )
    assert response.status_code == 200
    assert "brief.docx is geen pdf-bestand." in response.content.decode()
    assert plan.documents.count() == 1


def test_a_pdf_uploaded_with_a_record_is_stored_and_served_only_through_the_check(
    client, hr, outsider, sick_case
):
    content = PDF_BYTES + b"% consult 2 juni\n"
    client.force_login(hr)

    response = client.post(
        f"/reintegration/cases/{sick_case.pk}/records/new/?kind=consultation",
        {
            "date": "2025-06-02",
            "company_doctor": "Dr. Visser",
            "hours_per_day": "4",
            "can_do": "Administratief werk",
            "next_consultation": "2025-06-16",
            "documents": [pdf("consult.pdf", content)],
        },
    )

    assert response.status_code == 302
    record = CaseRecord.objects.get()
    assert (record.kind, record.date, record.created_by) == (Kind.CONSULTATION, TODAY, hr)
    assert record.next_consultation == date(2025, 6, 16)
    document = record.documents.get()
    assert (document.name, document.size, document.uploaded_by) == ("consult.pdf", len(content), hr)

    served = client.get(f"/reintegration/documents/{document.pk}/")
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert body_of(served) == content

    # the storage path is not a page of the site
    assert client.get("/" + document.file.name).status_code == 404
    client.force_login(outsider)
    assert client.get(f"/reintegration/documents/{document.pk}/").status_code == 404


def test_an_action_plan_with_agreed_activities_through_the_form(client, adjunct, sick_case):
    client.force_login(adjunct)
    url = f"/reintegration/cases/{sick_case.pk}/records/new/?kind=action_plan"
    assert client.get(url).status_code == 200
    data = {
        "date": "2025-06-02",
        "goal": "Terug in eigen werk",
        "track": "1",
        "signed_by_employer": "2025-06-02",
        "signed_by_employee": "2025-06-02",
        "activities-TOTAL_FORMS": "2",
        "activities-INITIAL_FORMS": "0",
        "activities-MIN_NUM_FORMS": "0",
        "activities-MAX_NUM_FORMS": "20",
        "activities-0-description": "Therapeutisch werk, 2 uur per dag",
        "activities-0-owner": "Leidinggevende",
        "activities-0-due": "2025-06-16",
    }

    response = client.post(url, data)

    assert response.status_code == 302
    record = CaseRecord.objects.get(kind=Kind.ACTION_PLAN)
    assert [(a.description, a.due) for a in record.activities.all()] == [
        ("Therapeutisch werk, 2 uur per dag", date(2025, 6, 16))
    ]
    got = milestones(cases.view_of(sick_case, TODAY).schedule)
    assert got["action_plan"].status == "done"
    assert got["plan_evaluation"].due == date(2025, 7, 14)


@pytest.mark.parametrize("role", ["employee", "manager", "director"])
def test_only_hr_and_the_adjunct_director_use_the_record_form(request, client, sick_case, role):
    client.force_login(request.getfixturevalue(role))
    response = client.post(
        f"/reintegration/cases/{sick_case.pk}/records/new/?kind=consultation",
        {"date": "2025-06-02", "documents": [pdf()]},
    )
    assert response.status_code == 403
    assert not CaseRecord.objects.exists()


def test_case_edit_sets_the_owner_and_the_wia_letter_date(client, adjunct, hr, sick_case):
    client.force_login(adjunct)
    response = client.post(
        f"/reintegration/cases/{sick_case.pk}/edit/",
        {"owner": hr.pk, "wia_letter_date": "2027-02-01"},
    )
    assert response.status_code == 302
    sick_case.refresh_from_db()
    assert (sick_case.owner, sick_case.wia_letter_date) == (hr, date(2027, 2, 1))
    got = milestones(cases.view_of(sick_case, TODAY).schedule)
    assert got["wia_application"].due == date(2027, 2, 1)


def test_the_owner_must_keep_cases(sick_case, adjunct, manager):
    with pytest.raises(ApplicationError) as error:
        cases.case_update(actor=adjunct, case=sick_case, owner=manager)
    assert error.value.code == "owner_invalid"
    sick_case.refresh_from_db()
    assert sick_case.owner == adjunct


# 4. Reminders -----------------------------------------------------------------------------------


def send(day: date) -> dict:
    with freeze(day, hour=7):
        return cases.send_reminders()


def sent() -> list[tuple]:
    return list(
        ReminderSent.objects.order_by("pk").values_list("milestone", "due", "stage", "sent_on")
    )


def test_14_days_before_the_problem_analysis_one_email_to_the_owner(sick_case, adjunct, person):
    day = PA_DUE - timedelta(days=14)

    assert send(day) == {"sent": 1, "skipped": 0}

    [message] = mail.outbox
    assert message.to == [adjunct.email]
    assert "Probleemanalyse" in message.subject
    assert person.full_name in message.subject
    assert f"/reintegration/cases/{sick_case.pk}/" in message.body
    assert sent() == [("problem_analysis", PA_DUE, "14", day)]


def test_the_reminder_subject_is_plain_text(sick_case, person):
    named(person, "Sanne", "van 't Veld")

    send(PA_DUE - timedelta(days=14))

    [message] = mail.outbox
    assert "van 't Veld" in message.body
    assert "van 't Veld" in message.subject


def test_running_again_the_same_day_sends_nothing(sick_case):
    day = PA_DUE - timedelta(days=14)
    send(day)
    assert send(day) == {"sent": 0, "skipped": 1}
    assert len(mail.outbox) == 1


def test_nothing_between_the_14_and_the_3_day_reminder(sick_case):
    send(PA_DUE - timedelta(days=14))
    for n in range(13, 3, -1):
        assert send(PA_DUE - timedelta(days=n))["sent"] == 0
    assert len(mail.outbox) == 1


def test_3_days_before_another_one(sick_case):
    send(PA_DUE - timedelta(days=14))

    assert send(PA_DUE - timedelta(days=3))["sent"] == 1

    assert len(mail.outbox) == 2
    assert sent()[-1] == ("problem_analysis", PA_DUE, "3", PA_DUE - timedelta(days=3))


def test_the_day_after_the_deadline_an_overdue_one(sick_case, person):
    send(PA_DUE - timedelta(days=3))
    send(PA_DUE)  # the action plan's 14-day reminder; nothing new for the analysis

    send(PA_DUE + timedelta(days=1))

    stages = [s for m, _due, s, _on in sent() if m == "problem_analysis"]
    assert stages == ["3", "overdue"]
    overdue = mail.outbox[-1]
    assert overdue.subject.startswith("Te laat: Probleemanalyse")
    assert person.full_name in overdue.subject
    assert send(PA_DUE + timedelta(days=2))["sent"] == 0, "overdue once, not every day"


def test_a_missed_day_is_caught_up(sick_case):
    assert send(PA_DUE - timedelta(days=12)) == {"sent": 1, "skipped": 0}
    assert sent() == [("problem_analysis", PA_DUE, "14", PA_DUE - timedelta(days=12))]


def test_a_month_of_daily_runs_sends_each_reminder_exactly_once(sick_case):
    day = SICK_SINCE + timedelta(days=7)
    while day <= date(2025, 7, 1):
        send(day)
        day += timedelta(days=1)

    assert sent() == [
        ("problem_analysis", PA_DUE, "14", date(2025, 6, 1)),
        ("problem_analysis", PA_DUE, "3", date(2025, 6, 12)),
        ("action_plan", AP_DUE, "14", date(2025, 6, 15)),
        ("problem_analysis", PA_DUE, "overdue", date(2025, 6, 16)),
        ("action_plan", AP_DUE, "3", date(2025, 6, 26)),
        ("action_plan", AP_DUE, "overdue", date(2025, 6, 30)),
    ]
    assert len(mail.outbox) == 6


def test_a_done_milestone_gets_none(sick_case, adjunct):
    cases.record_add(
        actor=adjunct, case=sick_case, kind=Kind.PROBLEM_ANALYSIS, date=date(2025, 5, 28)
    )
    cases.record_add(actor=adjunct, case=sick_case, kind=Kind.ACTION_PLAN, date=date(2025, 5, 30))

    for n in (14, 3, -1):
        assert send(PA_DUE - timedelta(days=n))["sent"] == 0
    assert mail.outbox == []


def test_a_closed_case_gets_none(person, adjunct):
    episode = report_sick(person, SICK_SINCE, today=date(2025, 5, 20))  # never passed to ArboNed
    assert send(date(2025, 5, 20))["sent"] == 1, "the ArboNed notification is overdue"
    mail.outbox.clear()

    recover(episode, date(2025, 5, 30))
    assert case_of(person).closed_on == date(2025, 5, 30)

    for day in (date(2025, 6, 1), date(2025, 6, 12), date(2025, 6, 16)):
        assert send(day) == {"sent": 0, "skipped": 0}
    assert mail.outbox == []


def test_a_case_without_owner_gets_none(sick_case):
    ReintegrationCase.objects.filter(pk=sick_case.pk).update(owner=None)
    assert send(PA_DUE - timedelta(days=14)) == {"sent": 0, "skipped": 0}
    assert mail.outbox == []


def test_a_deactivated_owner_gets_no_reminders(sick_case, adjunct):
    adjunct.is_active = False
    adjunct.save()

    send(PA_DUE - timedelta(days=14))

    assert adjunct.email not in [to for message in mail.outbox for to in message.to]


def test_the_daily_task_syncs_the_cases_and_sends_the_reminders(person, adjunct):
    # written directly: only the daily sync can notice that the chain passed sick day 7
    episode = Episode.objects.create(employee=person, first_sick_day=SICK_SINCE)
    notified(episode, SICK_SINCE)

    with freeze(PA_DUE - timedelta(days=14), hour=7):
        result = reintegration_daily_task.delay().get()
        again = reintegration_daily_task.delay().get()

    assert result == {
        "cases": {"created": 1, "closed": 0, "reopened": 0},
        "reminders": {"sent": 1, "skipped": 0},
    }
    assert again["cases"]["created"] == 0
    assert again["reminders"] == {"sent": 0, "skipped": 1}
    assert case_of(person).owner == adjunct
    [message] = mail.outbox
    assert message.to == [adjunct.email]


# 5. The private iCalendar feed ------------------------------------------------------------------


def uids(response) -> list[str]:
    calendar = Calendar.from_ical(response.content)
    return [str(event["UID"]) for event in calendar.walk("VEVENT")]


def test_calendar_feed_for_creates_one_token_and_renew_replaces_it(adjunct):
    feed = cases.calendar_feed_for(adjunct)
    assert len(feed.token) >= 32
    assert cases.calendar_feed_for(adjunct).token == feed.token
    renewed = cases.calendar_feed_for(adjunct, renew=True)
    assert renewed.token != feed.token
    assert CalendarFeed.objects.filter(user=adjunct).count() == 1


def test_feed_without_login_with_stable_unique_uids(client, sick_case, adjunct):
    consultation = cases.record_add(
        actor=adjunct,
        case=sick_case,
        kind=Kind.CONSULTATION,
        date=TODAY,
        next_consultation=date(2025, 6, 16),
    )
    token = cases.calendar_feed_for(adjunct).token

    first = client.get(f"/calendar/{token}.ics")
    second = client.get(f"/calendar/{token}.ics")

    assert first.status_code == 200
    assert first["Content-Type"].startswith("text/calendar")
    assert uids(first) == uids(second)
    assert len(uids(first)) == len(set(uids(first)))
    expected = {
        f"case-{sick_case.pk}-{key}@plusteam-hr"
        for key in DOC_KEYS
        if key != "arbodienst_notification"  # passed to ArboNed: done
    }
    assert set(uids(first)) == expected | {f"consultation-{consultation.pk}@plusteam-hr"}
    events = {str(e["UID"]): e for e in Calendar.from_ical(first.content).walk("VEVENT")}
    analysis = events[f"case-{sick_case.pk}-problem_analysis@plusteam-hr"]
    assert analysis.decoded("DTSTART") == PA_DUE


def test_renewing_the_token_makes_the_old_url_404(client, sick_case, adjunct):
    old = cases.calendar_feed_for(adjunct).token
    client.force_login(adjunct)
    assert client.post("/reintegration/calendar/renew/").status_code == 302
    client.logout()

    new = CalendarFeed.objects.get(user=adjunct).token
    assert new != old
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{new}.ics").status_code == 200


def test_the_calendar_page_shows_the_address(client, adjunct):
    client.force_login(adjunct)
    assert (
        'data-testid="calendar-url"' not in client.get("/reintegration/calendar/").content.decode()
    )
    client.post("/reintegration/calendar/renew/")
    page = client.get("/reintegration/calendar/").content.decode()
    token = CalendarFeed.objects.get(user=adjunct).token
    assert f"/calendar/{token}.ics" in page


def test_feed_of_someone_who_lost_the_role_is_404(client, sick_case, adjunct):
    token = cases.calendar_feed_for(adjunct).token
    RoleAssignment.objects.filter(user=adjunct, role=Role.ADJUNCT_DIRECTOR).delete()
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_feed_of_an_inactive_user_is_404(client, sick_case, adjunct):
    token = cases.calendar_feed_for(adjunct).token
    adjunct.is_active = False
    adjunct.save()
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_unknown_token_is_404(client, db):
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_done_milestones_and_other_peoples_cases_are_not_in_the_feed(
    client, sick_case, adjunct, hr, stranger
):
    cases.record_add(
        actor=adjunct, case=sick_case, kind=Kind.PROBLEM_ANALYSIS, date=date(2025, 5, 30)
    )
    report_sick(stranger, date(2025, 5, 1), today=TODAY)
    other_case = case_of(stranger)
    cases.case_update(actor=hr, case=other_case, owner=hr)
    token = cases.calendar_feed_for(adjunct).token

    got = uids(client.get(f"/calendar/{token}.ics"))

    assert f"case-{sick_case.pk}-problem_analysis@plusteam-hr" not in got
    assert f"case-{sick_case.pk}-arbodienst_notification@plusteam-hr" not in got
    assert f"case-{sick_case.pk}-action_plan@plusteam-hr" in got
    assert not [uid for uid in got if uid.startswith(f"case-{other_case.pk}-")]
    # the other case is HR's: it is in HR's feed
    hr_feed = uids(client.get(f"/calendar/{cases.calendar_feed_for(hr).token}.ics"))
    assert f"case-{other_case.pk}-problem_analysis@plusteam-hr" in hr_feed


def test_closed_cases_leave_the_feed(client, person, adjunct):
    episode = report_sick(person, SICK_SINCE, today=date(2025, 5, 20))
    token = cases.calendar_feed_for(adjunct).token
    assert uids(client.get(f"/calendar/{token}.ics"))

    recover(episode, TODAY)

    assert uids(client.get(f"/calendar/{token}.ics")) == []


# 6. The case file as one PDF --------------------------------------------------------------------


def test_case_file_pdf(client, adjunct, person, plan, tmp_path):
    cases.employee_view_set(
        actor=person.user, record=plan, text="Ik ben het eens met het plan van aanpak."
    )
    for n in range(12):
        cases.record_add(
            actor=adjunct,
            case=plan.case,
            kind=Kind.CONSULTATION,
            date=SICK_SINCE + timedelta(days=n),
            company_doctor="Dr. Visser",
            hours_per_day=2,
            can_do="Lichte administratieve taken\n" * 3,
            cannot_do="Tillen, lang staan",
        )
    client.force_login(adjunct)

    response = client.get(f"/reintegration/cases/{plan.case_id}/file.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert person.personnel_number in response["Content-Disposition"]
    assert "20250505" in response["Content-Disposition"]
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        return
    path = tmp_path / "file.pdf"
    path.write_bytes(response.content)
    info = subprocess.run([pdfinfo, path], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert pages >= 2, "timeline and thirteen records do not fit on one page"
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        text = subprocess.run(
            [pdftotext, "-layout", path, "-"], capture_output=True, text=True, check=True
        ).stdout
        assert person.full_name in text
        assert "plan-van-aanpak.pdf" in text  # the documents are listed
        assert "Ik ben het eens met het plan van aanpak." in text
        assert "Probleemanalyse" in text


# 7. The list of open cases ----------------------------------------------------------------------


def test_case_list_shows_open_cases_overdue_first(client, adjunct, team_a):
    on_time = colleague(team_a, "Hogerwerf")
    late = colleague(team_a, "Vlasblom")
    soon = colleague(team_a, "Spierings")
    recovered = colleague(team_a, "Rietbergen")
    for someone, since in [
        (on_time, date(2025, 5, 20)),  # sick day 14: the analysis is due 30 June
        (late, date(2025, 4, 1)),  # sick day 63: analysis and action plan overdue
        (soon, date(2025, 4, 28)),  # sick day 36: the analysis is due 8 June
    ]:
        notified(report_sick(someone, since, today=TODAY), since)
    gone = report_sick(recovered, date(2025, 3, 3), today=date(2025, 4, 1))
    recover(gone, date(2025, 5, 1))
    client.force_login(adjunct)

    html = client.get("/reintegration/").content.decode()

    rows = re.findall(r"<tr( class=\"is-overdue\")?>\s*<td><a [^>]*>([^<]+)</a>", html)
    assert [name for _cls, name in rows] == [late.full_name, soon.full_name, on_time.full_name]
    assert [bool(cls) for cls, _name in rows] == [True, False, False]
    assert recovered.full_name not in html

    closed = client.get("/reintegration/?status=closed").content.decode()
    assert recovered.full_name in closed
    assert late.full_name not in closed


def test_open_cases_order_and_next_deadline(adjunct, team_a):
    people = [colleague(team_a, "Oudejans"), colleague(team_a, "Tichelaar")]
    notified(report_sick(people[0], date(2025, 5, 20), today=TODAY), date(2025, 5, 20))
    report_sick(people[1], date(2025, 5, 22), today=TODAY)  # not passed to ArboNed: overdue

    views = cases.open_cases(adjunct, TODAY)

    assert [v.case.employee for v in views] == [people[1], people[0]]
    assert [m.key for m in views[0].overdue] == ["arbodienst_notification"]
    assert views[0].next_milestone.key == "arbodienst_notification"
    assert views[1].next_milestone.key == "problem_analysis"
    assert views[1].next_milestone.due == date(2025, 6, 30)


@pytest.mark.parametrize("role", ["manager", "employee"])
def test_the_list_holds_only_the_cases_one_may_read(
    request, client, person, stranger, adjunct, role
):
    report_sick(person, SICK_SINCE, today=TODAY)
    report_sick(stranger, SICK_SINCE, today=TODAY)
    client.force_login(request.getfixturevalue(role))
    html = client.get("/reintegration/").content.decode()
    assert person.full_name in html
    assert stranger.full_name not in html


def test_sync_all_creates_the_cases_of_everybody_on_their_sick_day_8(adjunct):
    people = [make_person(None, team=TeamFactory(name=f"Team {n}")) for n in range(3)]
    for n, someone in enumerate(people):
        Episode.objects.create(employee=someone, first_sick_day=TODAY - timedelta(days=5 + n))
    assert cases.sync_all(TODAY)["created"] == 1  # sick days 6, 7 and 8
    assert cases.sync_all(TODAY + timedelta(days=1))["created"] == 1
    assert cases.sync_all(TODAY + timedelta(days=2))["created"] == 1
    assert cases.sync_all(TODAY + timedelta(days=3))["created"] == 0
    assert sorted(ReintegrationCase.objects.values_list("employee_id", flat=True)) == sorted(
        p.pk for p in people
    )
