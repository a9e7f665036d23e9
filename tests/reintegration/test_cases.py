"""Reintegration cases follow the chains of sickness episodes (shared/domain/poortwachter.md):
one case per chain from sick day 8, closed on recovery, reopened when a new episode joins the
chain, merged when a leave bridges two chains, kept when a first sick day is corrected; and the
daily sync that catches a chain passing sick day 7 by itself."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from absence import services
from absence.models import Episode
from core.roles import Role
from reintegration.models import ReintegrationCase
from reintegration.selectors import view_of
from reintegration.services import (
    record_add,
)
from reintegration.sync import sync_all
from tests.factories import TeamFactory, make_person
from tests.reintegration.helpers import (
    TODAY,
    Kind,
    by_key,
    case_of,
    freeze,
    milestones,
    recover,
    report_sick,
    schedule_json,
    sync,
)

pytestmark = pytest.mark.usefixtures("_today")


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
    view = view_of(case, date(2024, 3, 1))
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
        counts = sync_all()
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
    view = view_of(reopened, date(2024, 3, 28))
    assert view.schedule.sick_day == 54, "the gap is not counted"
    assert view_of(reopened, date(2024, 4, 7)).schedule.sick_day == 64


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
    assert view_of(new, date(2024, 4, 5)).schedule.sick_day == 8


def test_leave_adjacent_on_both_sides_merges_two_cases_into_one_keeping_the_records(
    person, adjunct, hr
):
    # poortwachter.md: sick from 1 Feb 2024, maternity leave 1 Mar - 20 Jun, sick again 21 Jun
    first = report_sick(person, date(2024, 2, 1), today=date(2024, 2, 20))
    recover(first, date(2024, 3, 1))
    before = case_of(person)
    with freeze(date(2024, 2, 20)):
        record_add(actor=adjunct, case=before, kind=Kind.CONSULTATION, date=date(2024, 2, 9))
    report_sick(person, date(2024, 6, 21), today=date(2024, 7, 1))
    assert ReintegrationCase.objects.count() == 2, "without the leave: two chains, two cases"
    after = ReintegrationCase.objects.exclude(pk=before.pk).get()
    with freeze(date(2024, 7, 1)):
        record_add(actor=adjunct, case=after, kind=Kind.CONSULTATION, date=date(2024, 6, 28))

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
    assert view_of(merged, date(2024, 6, 21)).schedule.sick_day == 30


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
        sync_all()
    assert case_of(person).closed_on == date(2024, 3, 1)

    report_sick(person, date(2024, 6, 21))  # the day after the leave

    case = case_of(person)
    assert case.closed_on is None
    assert case.chain_start == date(2024, 2, 1)
    assert view_of(case, date(2024, 6, 21)).schedule.sick_day == 30


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
        record_add(actor=adjunct, case=case, kind=Kind.PLAN_EVALUATION, date=date(2024, 6, 3))
        record_add(actor=adjunct, case=case, kind=Kind.ACTION_PLAN, date=date(2024, 3, 1))
        record_add(actor=adjunct, case=case, kind=Kind.PLAN_EVALUATION, date=date(2024, 4, 12))
        record_add(actor=adjunct, case=case, kind=Kind.PROBLEM_ANALYSIS, date=date(2024, 2, 16))

    got = milestones(view_of(case, date(2024, 7, 1)).schedule)
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
        sync_all()

    case = case_of(person)
    assert case.closed_on is None
    assert view_of(case, date(2024, 3, 1)).schedule.sick_day == 54


def test_correcting_the_first_sick_day_to_a_later_date_keeps_the_one_case(person, adjunct, hr):
    episode = report_sick(person, date(2024, 1, 8), today=date(2024, 1, 20))
    case = case_of(person)
    with freeze(date(2024, 1, 20)):
        record_add(actor=adjunct, case=case, kind=Kind.CONSULTATION, date=date(2024, 1, 15))
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
    assert view_of(corrected, date(2024, 1, 20)).schedule is not None


def test_sync_all_creates_the_cases_of_everybody_on_their_sick_day_8(adjunct):
    people = [make_person(None, team=TeamFactory(name=f"Team {n}")) for n in range(3)]
    for n, someone in enumerate(people):
        Episode.objects.create(employee=someone, first_sick_day=TODAY - timedelta(days=5 + n))
    assert sync_all(TODAY)["created"] == 1  # sick days 6, 7 and 8
    assert sync_all(TODAY + timedelta(days=1))["created"] == 1
    assert sync_all(TODAY + timedelta(days=2))["created"] == 1
    assert sync_all(TODAY + timedelta(days=3))["created"] == 0
    assert sorted(ReintegrationCase.objects.values_list("employee_id", flat=True)) == sorted(
        p.pk for p in people
    )
