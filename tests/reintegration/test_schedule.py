"""Gatekeeper Act schedule (shared/domain/poortwachter.md): chaining, sick days, deadlines."""

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reintegration.poortwachter import (
    MILESTONE_KEYS,
    STATUSES,
    Chain,
    Leave,
    Spell,
    chains,
    latest_chain,
    schedule,
)

JAN_8 = date(2024, 1, 8)


def chain_of(*spells: tuple[date, date | None], leaves=()) -> Chain:
    (chain,) = chains([Spell(first, recovered) for first, recovered in spells], leaves)
    return chain


def milestones(chain, **kwargs):
    kwargs.setdefault("as_of", chain.start)
    return {m.key: m for m in schedule(chain, **kwargs).milestones}


def dues(chain, **kwargs):
    return {key: m.due for key, m in milestones(chain, **kwargs).items()}


# Worked examples (poortwachter.md)


def test_worked_example_still_sick():
    chain = chain_of((JAN_8, None))
    assert JAN_8.weekday() == 0
    got = milestones(chain)
    assert dues(chain) == {
        "arbodienst_notification": date(2024, 1, 14),
        "problem_analysis": date(2024, 2, 18),
        "action_plan": date(2024, 3, 3),
        "plan_evaluation": date(2024, 4, 14),
        "uwv_42_week_report": date(2024, 10, 28),
        "first_year_evaluation": date(2025, 1, 5),
        "final_evaluation": date(2025, 10, 5),
        "wia_application": date(2025, 10, 19),
        "waiting_period_end": date(2026, 1, 4),
    }
    assert got["uwv_42_week_report"].earliest == date(2024, 10, 21)
    assert got["first_year_evaluation"].earliest == chain.date_of_sick_day(316)


def test_worked_example_two_episodes_one_chain():
    (chain,) = chains([Spell(JAN_8, date(2024, 3, 1)), Spell(date(2024, 3, 20), None)])
    assert chain.sick_day_on(date(2024, 2, 29)) == 53
    assert chain.sick_day_on(date(2024, 3, 20)) == 54
    assert chain.date_of_sick_day(54) == date(2024, 3, 20)
    assert chain.date_of_sick_day(295) == date(2024, 11, 16)
    assert date(2024, 11, 16).weekday() == 5
    got = dues(chain)
    assert got["uwv_42_week_report"] == date(2024, 11, 18)
    assert got["first_year_evaluation"] == date(2025, 1, 24)
    assert got["waiting_period_end"] == date(2026, 1, 23)


def test_worked_example_gap_of_28_days_starts_a_new_chain():
    first, second = chains([Spell(JAN_8, date(2024, 3, 1)), Spell(date(2024, 3, 29), None)])
    assert first.spells == (Spell(JAN_8, date(2024, 3, 1)),)
    assert second.start == date(2024, 3, 29)
    assert second.sick_day_on(date(2024, 3, 29)) == 1


def test_worked_example_maternity_leave_bridges_the_chain():
    leave = Leave(date(2024, 3, 1), date(2024, 6, 20))
    (chain,) = chains(
        [Spell(date(2024, 2, 1), date(2024, 3, 1)), Spell(date(2024, 6, 21), None)], [leave]
    )
    assert chain.sick_day_on(date(2024, 2, 29)) == 29
    assert chain.sick_day_on(date(2024, 6, 20)) == 29  # leave days are not counted
    assert chain.sick_day_on(date(2024, 6, 21)) == 30
    assert chain.date_of_sick_day(30) == date(2024, 6, 21)


# Chaining


@pytest.mark.parametrize(("gap", "n_chains"), [(1, 1), (27, 1), (28, 2), (60, 2)])
def test_gap_under_four_weeks_chains(gap, n_chains):
    recovered = date(2024, 3, 1)
    spells = [Spell(JAN_8, recovered), Spell(recovered + timedelta(days=gap), None)]
    assert len(chains(spells)) == n_chains


def test_gap_of_zero_days_continues_the_count():
    chain = chain_of((JAN_8, date(2024, 1, 10)), (date(2024, 1, 10), None))
    assert chain.sick_day_on(date(2024, 1, 10)) == 3


def test_chains_sorts_its_input():
    later, earlier = Spell(date(2024, 2, 1), None), Spell(JAN_8, date(2024, 1, 20))
    (chain,) = chains([later, earlier])
    assert chain.spells == (earlier, later)


def test_long_leave_bridges_only_when_adjacent_on_both_sides():
    leave = Leave(date(2024, 3, 1), date(2024, 9, 1))
    before = Spell(date(2024, 2, 1), date(2024, 3, 1))
    assert len(chains([before, Spell(date(2024, 9, 2), None)], [leave])) == 1
    # One day off on either side: the normal rule, on calendar days (leave days are gap days).
    assert len(chains([before, Spell(date(2024, 9, 3), None)], [leave])) == 2
    early = Spell(date(2024, 2, 1), date(2024, 2, 29))
    assert len(chains([early, Spell(date(2024, 9, 2), None)], [leave])) == 2


def test_short_leave_not_adjacent_still_chains_by_the_28_day_rule():
    leave = Leave(date(2024, 3, 5), date(2024, 3, 10))
    spells = [Spell(date(2024, 2, 1), date(2024, 3, 1)), Spell(date(2024, 3, 20), None)]
    (chain,) = chains(spells, [leave])
    assert chain.sick_day_on(date(2024, 3, 20)) == 30


def test_a_leave_elsewhere_does_not_bridge():
    leave = Leave(date(2023, 3, 1), date(2023, 6, 20))
    spells = [Spell(date(2024, 2, 1), date(2024, 3, 1)), Spell(date(2024, 6, 21), None)]
    assert len(chains(spells, [leave])) == 2


def test_overlapping_spells_are_rejected():
    with pytest.raises(ValueError, match="overlap"):
        chains([Spell(JAN_8, None), Spell(date(2024, 2, 1), None)])
    with pytest.raises(ValueError, match="overlap"):
        chains([Spell(JAN_8, date(2024, 2, 1)), Spell(date(2024, 1, 20), None)])


def test_empty_spell_is_rejected():
    with pytest.raises(ValueError):
        Spell(JAN_8, JAN_8)


def test_no_spells_no_chains():
    assert chains([]) == []


# Counting sick days


def test_chain_properties():
    closed = chain_of((JAN_8, date(2024, 2, 1)), (date(2024, 2, 5), date(2024, 2, 10)))
    assert (closed.start, closed.is_open, closed.recovered_on) == (JAN_8, False, date(2024, 2, 10))
    still_sick = chain_of((JAN_8, None))
    assert (still_sick.is_open, still_sick.recovered_on) == (True, None)


def test_leap_day_counts_as_a_sick_day():
    leap = chain_of((date(2024, 2, 28), None))
    assert leap.date_of_sick_day(2) == date(2024, 2, 29)
    assert leap.sick_day_on(date(2024, 3, 1)) == 3
    plain = chain_of((date(2023, 2, 28), None))
    assert plain.sick_day_on(date(2023, 3, 1)) == 2


def test_sick_day_on_before_in_and_after_a_gap():
    chain = chain_of((JAN_8, date(2024, 1, 18)), (date(2024, 2, 1), None))
    assert chain.sick_day_on(date(2024, 1, 7)) == 0
    assert chain.sick_day_on(JAN_8) == 1
    assert chain.sick_day_on(date(2024, 1, 17)) == 10
    for gap_day in (date(2024, 1, 18), date(2024, 1, 25), date(2024, 1, 31)):
        assert chain.sick_day_on(gap_day) == 10
    assert chain.sick_day_on(date(2024, 2, 1)) == 11
    assert chain.date_of_sick_day(11) == date(2024, 2, 1)


def test_closed_chain_counts_no_days_after_recovery_but_extrapolates_dates():
    chain = chain_of((JAN_8, date(2024, 1, 18)))
    assert chain.sick_day_on(date(2024, 6, 1)) == 10
    # Past the last recorded sick day, dates go on from recovered_on as if it had not ended.
    assert chain.date_of_sick_day(10) == date(2024, 1, 17)
    assert chain.date_of_sick_day(11) == date(2024, 1, 18)
    assert chain.date_of_sick_day(42) == date(2024, 2, 18)


def test_sick_day_zero_is_rejected():
    with pytest.raises(ValueError):
        chain_of((JAN_8, None)).date_of_sick_day(0)


@st.composite
def spell_lists(draw):
    day = draw(st.dates(date(2020, 1, 1), date(2030, 1, 1)))
    spells = []
    for _ in range(draw(st.integers(1, 6))):
        length = draw(st.integers(1, 120))
        spells.append(Spell(day, day + timedelta(days=length)))
        day += timedelta(days=length + draw(st.integers(0, 40)))
    if draw(st.booleans()):
        spells[-1] = Spell(spells[-1].first_sick_day, None)
    return spells


@given(spell_lists())
def test_date_of_sick_day_and_sick_day_on_are_inverse(spells):
    for chain in chains(spells):
        recorded = chain.sick_day_on(date(2099, 1, 1)) if not chain.is_open else 800
        dates = [chain.date_of_sick_day(k) for k in range(1, recorded + 1)]
        assert all(a < b for a, b in pairwise(dates))
        assert [chain.sick_day_on(d) for d in dates] == list(range(1, recorded + 1))
        # Extrapolated dates keep increasing past the last recorded sick day.
        assert chain.date_of_sick_day(recorded + 1) > dates[-1]


@given(spell_lists())
def test_chains_keep_every_spell_and_split_only_on_long_gaps(spells):
    found = chains(spells)
    assert [s for c in found for s in c.spells] == spells
    for prev, nxt in pairwise(found):
        assert (nxt.start - prev.recovered_on).days >= 28


@pytest.mark.parametrize(
    ("first_sick_day", "week_42_ends", "report_due"),
    [
        (date(2024, 1, 27), date(2024, 11, 16), date(2024, 11, 18)),  # Saturday
        (date(2024, 3, 6), date(2024, 12, 25), date(2024, 12, 27)),  # Christmas, Boxing Day
        (date(2022, 3, 5), date(2022, 12, 24), date(2022, 12, 27)),  # Sat, Sun, Boxing Day
        (date(2025, 7, 7), date(2026, 4, 27), date(2026, 4, 28)),  # King's Day
        (date(2023, 7, 20), date(2024, 5, 9), date(2024, 5, 10)),  # Ascension Day
        (date(2024, 7, 1), date(2025, 4, 21), date(2025, 4, 22)),  # Easter Monday
        (date(2023, 7, 31), date(2024, 5, 20), date(2024, 5, 21)),  # Whit Monday
        (date(2024, 7, 15), date(2025, 5, 5), date(2025, 5, 6)),  # 5 May
        (date(2026, 3, 13), date(2027, 1, 1), date(2027, 1, 4)),  # New Year's Day, Friday
        (date(2024, 6, 28), date(2025, 4, 18), date(2025, 4, 18)),  # Good Friday: working day
    ],
)
def test_uwv_report_due_on_first_working_day_after_week_42(
    first_sick_day, week_42_ends, report_due
):
    chain = chain_of((first_sick_day, None))
    assert chain.date_of_sick_day(295) == week_42_ends
    report = milestones(chain)["uwv_42_week_report"]
    assert report.due == report_due
    assert report.earliest == week_42_ends - timedelta(days=7)


# Records


def test_action_plan_due_14_days_after_recorded_problem_analysis():
    chain = chain_of((JAN_8, None))
    got = dues(chain, done={"problem_analysis": date(2024, 2, 10)})
    assert got["action_plan"] == date(2024, 2, 24)
    assert got["plan_evaluation"] == date(2024, 2, 24) + timedelta(days=42)


def test_late_problem_analysis_moves_the_action_plan_past_week_8():
    chain = chain_of((JAN_8, None))
    got = dues(chain, done={"problem_analysis": date(2024, 3, 1)})
    assert got["action_plan"] == date(2024, 3, 15)


def test_plan_evaluation_repeats_from_the_latest_record_in_any_order():
    chain = chain_of((JAN_8, None))
    evaluation = milestones(
        chain,
        as_of=date(2024, 7, 1),
        done={"problem_analysis": date(2024, 2, 12), "action_plan": date(2024, 2, 26)},
        evaluations=[date(2024, 5, 30), None, date(2024, 4, 8)],
    )["plan_evaluation"]
    assert evaluation.due == date(2024, 7, 11)  # 30 May + 42 days
    assert evaluation.done_on is None
    assert evaluation.status == "due_soon"


def test_plan_evaluation_after_the_action_plan_when_no_evaluation_yet():
    chain = chain_of((JAN_8, None))
    got = milestones(chain, done={"action_plan": date(2024, 2, 26)})
    assert got["plan_evaluation"].due == date(2024, 4, 8)
    assert got["action_plan"].status == "done"


def test_evaluation_recorded_without_action_plan_still_counts():
    chain = chain_of((JAN_8, None))
    got = dues(chain, evaluations=[date(2024, 4, 10)])
    assert got["plan_evaluation"] == date(2024, 5, 22)


def test_wia_letter_date_prevails():
    chain = chain_of((JAN_8, None))
    assert dues(chain, wia_letter_date=date(2025, 10, 1))["wia_application"] == date(2025, 10, 1)


def test_notification_days_is_a_setting():
    chain = chain_of((JAN_8, None))
    assert dues(chain, notification_days=3)["arbodienst_notification"] == date(2024, 1, 10)


def test_done_records_and_none_values():
    chain = chain_of((JAN_8, None))
    got = milestones(
        chain,
        as_of=date(2024, 3, 1),
        done={"arbodienst_notification": date(2024, 1, 9), "problem_analysis": None},
    )
    assert got["arbodienst_notification"].status == "done"
    assert got["arbodienst_notification"].done_on == date(2024, 1, 9)
    assert got["problem_analysis"].status == "overdue"
    assert got["problem_analysis"].done_on is None
    assert got["action_plan"].due == date(2024, 3, 3)


def test_waiting_period_end_and_plan_evaluation_are_never_done():
    chain = chain_of((JAN_8, None))
    got = milestones(
        chain,
        as_of=date(2026, 2, 1),
        done={"waiting_period_end": date(2026, 1, 4), "plan_evaluation": date(2024, 4, 1)},
    )
    assert got["waiting_period_end"].done_on is None
    assert got["waiting_period_end"].status == "overdue"
    assert got["plan_evaluation"].done_on is None


# Statuses


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        (date(2024, 1, 8), "upcoming"),  # problem analysis due 18 Feb: 41 days ahead
        (date(2024, 2, 3), "upcoming"),  # 15 days ahead
        (date(2024, 2, 4), "due_soon"),  # 14 days ahead
        (date(2024, 2, 18), "due_soon"),  # due today
        (date(2024, 2, 19), "overdue"),
    ],
)
def test_status_boundaries(as_of, status):
    chain = chain_of((JAN_8, None))
    assert milestones(chain, as_of=as_of)["problem_analysis"].status == status


def test_due_soon_days_is_a_setting():
    chain = chain_of((JAN_8, None))
    got = milestones(chain, as_of=date(2024, 2, 1), due_soon_days=30)
    assert got["problem_analysis"].status == "due_soon"


def test_recovery_closes_the_case():
    chain = chain_of((JAN_8, date(2024, 3, 1)))
    got = milestones(chain, as_of=date(2024, 3, 10), done={"arbodienst_notification": JAN_8})
    assert {k: m.status for k, m in got.items()} == {
        "arbodienst_notification": "done",
        "problem_analysis": "overdue",  # a missed step stays missed
        "action_plan": "not_needed",  # due 3 Mar, after the recovery
        "plan_evaluation": "not_needed",
        "uwv_42_week_report": "not_needed",
        "first_year_evaluation": "not_needed",
        "final_evaluation": "not_needed",
        "wia_application": "not_needed",
        "waiting_period_end": "not_needed",
    }


def test_recovery_after_as_of_does_not_close_the_case_yet():
    chain = chain_of((JAN_8, date(2024, 3, 1)))
    got = milestones(chain, as_of=date(2024, 2, 20))
    assert got["action_plan"].status == "due_soon"
    assert got["problem_analysis"].status == "overdue"


def test_milestone_due_on_recovery_day_is_not_needed():
    chain = chain_of((JAN_8, date(2024, 2, 18)))  # 18 Feb: sick day 42, first fit day
    got = milestones(chain, as_of=date(2024, 2, 18))
    assert got["problem_analysis"].status == "not_needed"
    assert got["arbodienst_notification"].status == "overdue"


def test_future_as_of_extrapolates_an_open_chain():
    chain = chain_of((JAN_8, date(2024, 1, 18)), (date(2024, 2, 1), None))
    result = schedule(chain, as_of=date(2025, 6, 1))
    assert result.sick_day == chain.sick_day_on(date(2025, 6, 1)) == 10 + 487
    assert result.is_open
    got = {m.key: m for m in result.milestones}
    assert got["waiting_period_end"].due == chain.date_of_sick_day(728) == date(2026, 1, 18)
    assert got["first_year_evaluation"].status == "overdue"
    assert got["final_evaluation"].status == "upcoming"


def test_schedule_as_json():
    chain = chain_of((JAN_8, None))
    data = schedule(
        chain, as_of=date(2024, 2, 20), done={"problem_analysis": date(2024, 2, 15)}
    ).as_json()
    assert data["chain_start"] == "2024-01-08"
    assert data["sick_day"] == 44
    assert [m["key"] for m in data["milestones"]] == list(MILESTONE_KEYS)
    assert data["milestones"][1] == {
        "key": "problem_analysis",
        "due": "2024-02-18",
        "earliest": None,
        "done_on": "2024-02-15",
        "status": "done",
    }
    assert data["milestones"][4]["earliest"] == "2024-10-21"
    assert {m["status"] for m in data["milestones"]} <= set(STATUSES)


# The chain as known on a day


def test_latest_chain_ignores_spells_after_as_of_and_unknown_recoveries():
    spells = [
        Spell(date(2023, 1, 2), date(2023, 2, 1)),
        Spell(JAN_8, date(2024, 3, 1)),
        Spell(date(2024, 3, 20), None),
    ]
    as_of = date(2024, 2, 1)
    chain = latest_chain(spells, as_of=as_of)
    assert chain == Chain((Spell(JAN_8, None),))
    assert schedule(chain, as_of=as_of).sick_day == 25


def test_latest_chain_keeps_a_recovery_on_or_before_as_of():
    spells = [Spell(JAN_8, date(2024, 3, 1)), Spell(date(2024, 3, 20), None)]
    chain = latest_chain(spells, as_of=date(2024, 3, 1))
    assert chain == Chain((Spell(JAN_8, date(2024, 3, 1)),))
    assert latest_chain(spells, as_of=date(2024, 3, 20)).spells == tuple(spells)


def test_latest_chain_uses_leaves():
    leave = Leave(date(2024, 3, 1), date(2024, 6, 20))
    spells = [Spell(date(2024, 2, 1), date(2024, 3, 1)), Spell(date(2024, 6, 21), None)]
    chain = latest_chain(spells, [leave], as_of=date(2024, 7, 1))
    assert chain.start == date(2024, 2, 1)
    assert chain.sick_day_on(date(2024, 7, 1)) == 40


def test_latest_chain_none_before_any_sickness():
    assert latest_chain([Spell(JAN_8, None)], as_of=date(2024, 1, 7)) is None
    assert latest_chain([], as_of=JAN_8) is None
