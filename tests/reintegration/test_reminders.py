"""Deadline reminders to the case owner: 14 and 3 days before each deadline and the day after
it, each once, caught up after a missed day, none for what is done, closed, unowned or owned by
someone inactive; and the daily task that syncs the cases and sends them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail

from absence.models import Episode
from reintegration.models import ReintegrationCase
from reintegration.services import (
    record_add,
)
from reintegration.tasks import reintegration_daily_task
from tests.reintegration.helpers import (
    AP_DUE,
    PA_DUE,
    SICK_SINCE,
    Kind,
    case_of,
    freeze,
    named,
    notified,
    recover,
    report_sick,
    send,
    sent,
)

pytestmark = pytest.mark.usefixtures("_today")


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
    record_add(actor=adjunct, case=sick_case, kind=Kind.PROBLEM_ANALYSIS, date=date(2025, 5, 28))
    record_add(actor=adjunct, case=sick_case, kind=Kind.ACTION_PLAN, date=date(2025, 5, 30))

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
