"""The reminders of the interview cycle: to book (two weeks before the deadline, to those who have
not booked) and to sign (one mail per manager listing held but unsigned interviews), each sent
once, also when the task runs twice or two runs meet, and on the daily beat at 08:00 Amsterdam."""

from datetime import date, datetime
from smtplib import SMTPException

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from development import reminders
from development.models import Interview
from development.notifications import real_email
from development.reminders import send_booking_reminders, send_signing_reminders
from development.series import AMSTERDAM
from development.services import interview_book
from development.tasks import development_reminders_task
from tests.development.conftest import interview_of

pytestmark = pytest.mark.django_db


def _on(day: date, hour: int = 8):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=AMSTERDAM))


def _recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


# To book -----------------------------------------------------------------------------------------


def test_no_booking_reminder_before_two_weeks_ahead_of_the_deadline(cycle, employee):
    with _on(date(2026, 11, 30)):  # the deadline is 15 December
        assert send_booking_reminders() == 0
    assert mail.outbox == []


def test_booking_reminder_to_those_who_have_not_booked(
    cycle, employee, colleague, manager, slots, settings
):
    settings.SITE_URL = "https://hr.plusteam.example"
    interview_book(actor=employee, slot=slots[0])
    to_plan = Interview.objects.filter(
        cycle=cycle, status=Interview.Status.TO_PLAN, manager__isnull=False
    )

    with _on(date(2026, 12, 1)):
        sent = send_booking_reminders()

    assert sent == to_plan.count() == len(mail.outbox)
    assert real_email(colleague.employee) in _recipients()
    assert real_email(employee.employee) not in _recipients()
    assert real_email(manager.employee) not in _recipients()  # has no manager: nothing to book
    (to_colleague,) = [m for m in mail.outbox if m.to == [real_email(colleague.employee)]]
    assert "15 december 2026" in to_colleague.subject
    assert manager.employee.full_name in to_colleague.body
    assert "https://hr.plusteam.example/development/" in to_colleague.body
    assert interview_of(colleague).booking_reminder_sent_at is not None
    assert interview_of(employee).booking_reminder_sent_at is None


def test_the_booking_reminder_goes_once(cycle, colleague):
    with _on(date(2026, 12, 1)):
        first = send_booking_reminders()
    with _on(date(2026, 12, 2)):
        second = send_booking_reminders()
    assert first > 0
    assert second == 0
    assert len(mail.outbox) == first


def test_a_run_that_finds_the_reminder_claimed_by_another_sends_nothing(
    cycle, colleague, monkeypatch
):
    """Two runs at once: both list the interview; the conditional update lets one send."""
    real_claim = reminders._claim

    def another_run_was_first(interview, field, now):
        Interview.objects.filter(pk=interview.pk).update(**{field: now})
        return real_claim(interview, field, now)

    monkeypatch.setattr(reminders, "_claim", another_run_was_first)
    with _on(date(2026, 12, 1)):
        assert send_booking_reminders() == 0
    assert mail.outbox == []


def test_a_reminder_the_mail_server_refused_is_tried_again(cycle, colleague, monkeypatch):
    def refuse(self, fail_silently=False):
        raise SMTPException("server down")

    with _on(date(2026, 12, 1)):
        monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
        assert send_booking_reminders() == 0
        assert interview_of(colleague).booking_reminder_sent_at is None
        monkeypatch.undo()
        assert send_booking_reminders() > 0
    assert real_email(colleague.employee) in _recipients()


def test_nobody_without_an_address_is_reminded(cycle, colleague):
    person = colleague.employee
    person.email = ""
    person.save()
    colleague.email = ""
    colleague.save()
    with _on(date(2026, 12, 1)):
        send_booking_reminders()
    assert interview_of(colleague).booking_reminder_sent_at is None
    assert not any("invalid" in address for address in _recipients())


# To sign -----------------------------------------------------------------------------------------


@pytest.fixture
def two_held(employee, colleague, slots):
    """Both of the manager's people booked 6 October; it is now 7 October."""
    interview_book(actor=employee, slot=slots[0])
    interview_book(actor=colleague, slot=slots[1])


def test_one_signing_reminder_per_manager_listing_the_unsigned(
    employee, colleague, manager, other_manager, two_held, hr
):
    hr_interview = interview_of(hr)  # hr's interview, held by nobody: no manager to remind
    assert hr_interview.manager is None
    with _on(date(2026, 10, 7)):
        assert send_signing_reminders() == 1

    (message,) = mail.outbox
    assert message.to == [real_email(manager.employee)]
    assert employee.employee.full_name in message.body
    assert colleague.employee.full_name in message.body
    assert message.subject.startswith("2 ")
    assert interview_of(employee).signing_reminder_sent_at is not None


def test_signed_interviews_and_those_still_ahead_are_not_listed(
    employee, colleague, manager, two_held
):
    Interview.objects.filter(pk=interview_of(colleague).pk).update(status=Interview.Status.SIGNED)
    with _on(date(2026, 10, 6), hour=9):  # the employee's talk has started, the colleague's not
        assert send_signing_reminders() == 0  # the colleague's is signed; 9:00 is not < 9:00
    with _on(date(2026, 10, 6), hour=10):
        assert send_signing_reminders() == 1
    (message,) = mail.outbox
    assert employee.employee.full_name in message.body
    assert colleague.employee.full_name not in message.body


def test_the_signing_reminder_goes_once_and_a_newly_held_one_gets_its_own(
    employee, colleague, manager, two_held
):
    Interview.objects.filter(pk=interview_of(colleague).pk).update(
        status=Interview.Status.HELD, slot=None
    )
    with _on(date(2026, 10, 5)):  # the colleague's was marked held; the employee's is ahead
        assert send_signing_reminders() == 1
    with _on(date(2026, 10, 5)):
        assert send_signing_reminders() == 0
    with _on(date(2026, 10, 7)):
        assert send_signing_reminders() == 1
    first, second = mail.outbox
    assert colleague.employee.full_name in first.body
    assert employee.employee.full_name not in first.body
    assert employee.employee.full_name in second.body
    assert colleague.employee.full_name not in second.body


# The daily task ----------------------------------------------------------------------------------


def test_the_task_runs_every_morning_at_eight_amsterdam_time():
    entry = settings.CELERY_BEAT_SCHEDULE["development-reminders"]
    assert entry["task"] == development_reminders_task.name == "development.reminders"
    assert entry["schedule"] == crontab(hour=8, minute=0)
    assert settings.CELERY_TIMEZONE == "Europe/Amsterdam"


def test_the_task_sends_both_kinds_once(cycle, employee, colleague, manager, slots):
    interview_book(actor=employee, slot=slots[0])
    with _on(date(2026, 12, 1)):
        first = development_reminders_task.delay().get()
        again = development_reminders_task.delay().get()
    assert first["signing"] == 1
    assert first["booking"] >= 1
    assert again == {"booking": 0, "signing": 0}
    assert len(mail.outbox) == first["booking"] + first["signing"]
