"""The pure rules of a version's steps (handbook.workflow): which step each participation right
allows when, and the earliest effective date of a decision that departs from the PVT's advice."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handbook import workflow
from handbook.workflow import Facts


@pytest.fixture(autouse=True)
def _rules_in_english():
    """The rules' messages are asserted in their English source text (Dutch is the default)."""
    from django.utils import translation

    with translation.override("en"):
        yield


TODAY = date(2026, 3, 2)

DRAFT = Facts(
    participation="consent",
    status="draft",
    body="# Ziekmelding\n\nMeld je ziek voor 9 uur.",
    request="Reden, gevolgen en maatregelen.",
    deadline=TODAY + timedelta(weeks=6),
)


def at(status: str, participation: str = "consent", **changes) -> Facts:
    return replace(DRAFT, status=status, participation=participation, **changes)


# earliest effective date -----------------------------------------------------------------------


def test_nothing_takes_effect_before_a_decision():
    assert workflow.earliest_effective(at("responded", outcome="consent_given")) is None


@pytest.mark.parametrize(
    ("participation", "outcome"),
    [
        ("consent", "consent_given"),
        ("advice", "advice_positive"),
        ("information", ""),
        ("advice", ""),  # the deadline passed without advice
    ],
)
def test_a_decision_that_follows_the_pvt_takes_effect_on_its_date(participation, outcome):
    facts = at("decided", participation, outcome=outcome, decided_on=date(2026, 1, 31))
    assert workflow.earliest_effective(facts) == date(2026, 1, 31)


@pytest.mark.parametrize("outcome", ["advice_negative", "advice_conditional"])
def test_a_decision_against_the_advice_waits_one_month(outcome):
    facts = at("decided", "advice", outcome=outcome, decided_on=date(2026, 1, 15))
    assert workflow.earliest_effective(facts) == date(2026, 2, 15)


@pytest.mark.parametrize(
    ("decided_on", "earliest"),
    [
        (date(2026, 1, 31), date(2026, 2, 28)),  # no 31 February: the last day of the month
        (date(2028, 1, 31), date(2028, 2, 29)),  # a leap year
        (date(2026, 3, 31), date(2026, 4, 30)),
        (date(2026, 12, 15), date(2027, 1, 15)),  # over the year's end
    ],
)
def test_one_month_after_a_decision_at_the_end_of_a_month(decided_on, earliest):
    facts = at("decided", "advice", outcome="advice_negative", decided_on=decided_on)
    assert workflow.earliest_effective(facts) == earliest


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_the_suspension_is_at_least_28_and_at_most_31_days(decided_on):
    facts = at("decided", "advice", outcome="advice_negative", decided_on=decided_on)
    earliest = workflow.earliest_effective(facts)
    assert earliest is not None
    assert 28 <= (earliest - decided_on).days <= 31
    assert earliest.month == decided_on.month % 12 + 1


# submit ----------------------------------------------------------------------------------------


def test_a_complete_draft_can_be_submitted():
    assert workflow.cannot_submit(DRAFT, TODAY) is None


@pytest.mark.parametrize("status", ["submitted", "responded", "decided", "published", "archived"])
def test_only_a_draft_is_submitted(status):
    assert workflow.cannot_submit(at(status), TODAY)


def test_an_empty_text_is_not_submitted():
    assert workflow.cannot_submit(replace(DRAFT, body="  \n"), TODAY)


@pytest.mark.parametrize("participation", ["consent", "advice"])
def test_consent_and_advice_need_a_written_request(participation):
    facts = at("draft", participation, request=" ")
    assert "reasons" in workflow.cannot_submit(facts, TODAY)


def test_information_needs_no_request():
    assert workflow.cannot_submit(at("draft", "information", request=""), TODAY) is None


@pytest.mark.parametrize(
    ("deadline", "allowed"),
    [(None, False), (TODAY - timedelta(days=1), False), (TODAY, True)],
)
def test_the_deadline_lies_today_or_later(deadline, allowed):
    assert (workflow.cannot_submit(replace(DRAFT, deadline=deadline), TODAY) is None) == allowed


# respond ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("participation", "outcome", "allowed"),
    [
        ("consent", "consent_given", True),
        ("consent", "consent_withheld", True),
        ("consent", "advice_positive", False),
        ("advice", "advice_positive", True),
        ("advice", "advice_negative", True),
        ("advice", "advice_conditional", True),
        ("advice", "consent_given", False),
        ("information", "advice_positive", False),
        ("information", "consent_given", False),
    ],
)
def test_the_response_fits_the_right(participation, outcome, allowed):
    facts = at("submitted", participation)
    assert (workflow.cannot_respond(facts, outcome) is None) == allowed


@pytest.mark.parametrize("status", ["draft", "responded", "decided", "published", "withdrawn"])
def test_the_pvt_responds_once_to_a_submitted_version(status):
    assert workflow.cannot_respond(at(status), "consent_given")


# decide ----------------------------------------------------------------------------------------


def test_consent_given_can_be_decided():
    assert workflow.cannot_decide(at("responded", outcome="consent_given"), TODAY) is None


def test_consent_withheld_cannot_be_decided():
    rule = workflow.cannot_decide(at("responded", outcome="consent_withheld"), TODAY)
    assert "consent" in rule


def test_consent_is_not_decided_before_the_pvt_responded():
    past_deadline = at("submitted", deadline=TODAY - timedelta(days=1))
    assert workflow.cannot_decide(past_deadline, TODAY)


def test_advice_is_decided_once_the_pvt_responded():
    facts = at("responded", "advice", outcome="advice_negative")
    assert workflow.cannot_decide(facts, TODAY) is None


@pytest.mark.parametrize(
    ("deadline", "allowed"),
    [(TODAY - timedelta(days=1), True), (TODAY, False), (TODAY + timedelta(days=1), False)],
)
def test_advice_without_a_response_waits_until_the_deadline_passed(deadline, allowed):
    facts = at("submitted", "advice", deadline=deadline)
    assert (workflow.cannot_decide(facts, TODAY) is None) == allowed


@pytest.mark.parametrize("participation", ["consent", "advice", "information"])
def test_a_draft_is_never_decided(participation):
    assert workflow.cannot_decide(at("draft", participation), TODAY)


def test_information_is_decided_once_shared():
    assert workflow.cannot_decide(at("submitted", "information"), TODAY) is None


# publish ---------------------------------------------------------------------------------------


def test_a_decided_consent_chapter_is_published():
    facts = at("decided", outcome="consent_given", decided_on=TODAY)
    assert workflow.cannot_publish(facts, TODAY, TODAY) is None


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        ("draft", ""),
        ("submitted", ""),
        ("responded", "consent_withheld"),
        ("decided", "consent_withheld"),
        ("responded", "consent_given"),
    ],
)
def test_a_consent_chapter_is_never_published_without_consent_and_decision(status, outcome):
    facts = at(status, outcome=outcome, decided_on=TODAY if status == "decided" else None)
    assert workflow.cannot_publish(facts, TODAY, TODAY)


def test_the_refusal_without_consent_names_the_rule():
    rule = workflow.cannot_publish(at("submitted"), TODAY, TODAY)
    assert rule == "A chapter that needs consent is never published without the PVT's consent."


@pytest.mark.parametrize("status", ["draft", "submitted", "responded"])
def test_an_advice_chapter_is_published_after_the_decision(status):
    facts = at(status, "advice", outcome="advice_positive" if status == "responded" else "")
    assert workflow.cannot_publish(facts, TODAY, TODAY)


def test_an_effective_date_before_the_end_of_the_suspension_is_refused():
    decided_on = date(2026, 1, 31)
    facts = at("decided", "advice", outcome="advice_conditional", decided_on=decided_on)
    assert "25(6)" in workflow.cannot_publish(facts, date(2026, 2, 27), TODAY)
    assert workflow.cannot_publish(facts, date(2026, 2, 28), TODAY) is None


def test_an_effective_date_before_the_decision_is_refused():
    facts = at("decided", outcome="consent_given", decided_on=TODAY)
    assert workflow.cannot_publish(facts, TODAY - timedelta(days=1), TODAY)


def test_information_is_published_once_shared_with_the_pvt():
    assert workflow.cannot_publish(at("submitted", "information"), TODAY, TODAY) is None
    assert workflow.cannot_publish(at("draft", "information"), TODAY, TODAY)


# edit and withdraw -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        ("draft", True),
        ("submitted", False),
        ("responded", False),
        ("decided", False),
        ("published", False),
        ("archived", False),
        ("withdrawn", False),
    ],
)
def test_only_a_draft_is_edited(status, allowed):
    assert (workflow.cannot_edit(at(status)) is None) == allowed


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        ("draft", True),
        ("submitted", True),
        ("responded", True),
        ("decided", True),
        ("published", False),
        ("archived", False),
        ("withdrawn", False),
    ],
)
def test_only_a_version_in_progress_is_withdrawn(status, allowed):
    assert (workflow.cannot_withdraw(at(status)) is None) == allowed
