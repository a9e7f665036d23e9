"""The SKJ registration warnings by e-mail: 12, 6 and 1 month(s) before the submission deadline
and on it, to the employee and HR, each once (also when the run repeats or two runs meet), only
while something is short, only the latest when dates were missed, never to leavers; and the
same once through Redis and a real Celery worker."""

import os
from datetime import date, timedelta
from decimal import Decimal as D
from smtplib import SMTPException

import pytest
from celery.result import EagerResult
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from development import registration_warnings
from development.models import (
    Activity,
    Profession,
    Registration,
    RegistrationWarning,
)
from development.notifications import real_email
from development.registration_warnings import due_warning, send_registration_warnings
from development.tasks import registration_warnings_task
from hrm.services import employee_offboard
from tests.development.registration_helpers import make_professions

pytestmark = pytest.mark.django_db

# registered 15 March 2022: expires 2027-03-14, deadline 2026-12-14
REGISTERED = date(2022, 3, 15)
DEADLINE = date(2026, 12, 14)
WARNINGS = [date(2025, 12, 14), date(2026, 6, 14), date(2026, 11, 14), DEADLINE]


def _register(person, registered_on: date = REGISTERED, number: str = "110123456"):
    profession = Profession.objects.filter(key="jeugdzorgwerker").first() or make_professions()[0]
    return Registration.objects.create(
        employee=person, number=number, profession=profession, registered_on=registered_on
    )


def _log(person, category: str, points: int, completed_on: date = date(2023, 5, 10)):
    Activity.objects.create(
        employee=person,
        title=f"{category} {points}",
        category=category,
        points=D(points),
        completed_on=completed_on,
    )


def _complete(person):
    for category, points in (("training", 60), ("reflection", 50), ("free", 50)):
        _log(person, category, points)


@pytest.fixture
def registration(employee, hr):
    """The `employee` login (36 h a week since 2022: hours are fine), no points yet; HR can
    manage registrations."""
    return _register(employee.employee)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the warnings on a day, the mails going out as the transaction commits."""

    def run_on(day: date) -> dict:
        with django_capture_on_commit_callbacks(execute=True):
            return send_registration_warnings(today=day)

    return run_on


def _to(employee, hr) -> list[list[str]]:
    """The employee at their work address; HR at their login's."""
    return sorted([[real_email(employee.employee)], [hr.email]])


def test_the_due_warning_is_the_latest_date_on_or_before_today():
    assert due_warning(DEADLINE, date(2025, 12, 13)) is None
    assert due_warning(DEADLINE, date(2025, 12, 14)) == date(2025, 12, 14)
    assert due_warning(DEADLINE, date(2026, 6, 13)) == date(2025, 12, 14)
    assert due_warning(DEADLINE, date(2026, 11, 30)) == date(2026, 11, 14)
    assert due_warning(DEADLINE, DEADLINE) == DEADLINE
    late = registration_warnings.LATE_DAYS
    assert due_warning(DEADLINE, DEADLINE + timedelta(days=late)) == DEADLINE
    assert due_warning(DEADLINE, DEADLINE + timedelta(days=late + 1)) is None


def test_each_warning_date_sends_once_to_the_employee_and_hr(registration, employee, hr, run):
    for day in WARNINGS:
        mail.outbox = []
        assert run(day - timedelta(days=1)) == {"sent": 0, "skipped": 0}
        mail.outbox = []
        assert run(day) == {"sent": 1, "skipped": 0}
        assert sorted(m.to for m in mail.outbox) == _to(employee, hr)
        assert run(day) == {"sent": 0, "skipped": 0}  # the same day again
        assert run(day + timedelta(days=1)) == {"sent": 0, "skipped": 0}
        assert len(mail.outbox) == 2
    assert (
        list(
            RegistrationWarning.objects.order_by("warning_on").values_list("warning_on", flat=True)
        )
        == WARNINGS
    )


def test_nothing_before_the_first_warning_date(registration, run):
    assert run(date(2025, 12, 13)) == {"sent": 0, "skipped": 0}
    assert mail.outbox == []


def test_a_complete_registration_gets_no_warning(registration, employee, run):
    _complete(employee.employee)
    for day in WARNINGS:
        assert run(day) == {"sent": 0, "skipped": 0}
    assert mail.outbox == []
    assert not RegistrationWarning.objects.exists()


def test_a_registration_that_becomes_complete_gets_no_further_warnings(registration, employee, run):
    assert run(WARNINGS[0])["sent"] == 1
    _complete(employee.employee)
    mail.outbox = []
    for day in WARNINGS[1:]:
        assert run(day) == {"sent": 0, "skipped": 0}
    assert mail.outbox == []


def test_a_first_run_after_missed_dates_sends_only_the_latest(registration, run):
    assert run(date(2026, 11, 20)) == {"sent": 1, "skipped": 0}
    assert list(RegistrationWarning.objects.values_list("warning_on", flat=True)) == [
        date(2026, 11, 14)
    ]
    assert run(date(2026, 11, 21))["sent"] == 0
    assert run(DEADLINE)["sent"] == 1  # the next date still comes
    assert run(DEADLINE + timedelta(days=30))["sent"] == 0


def test_a_late_first_run_long_after_the_deadline_sends_nothing(registration, run):
    assert run(DEADLINE + timedelta(days=registration_warnings.LATE_DAYS + 1))["sent"] == 0
    assert mail.outbox == []


def test_leavers_get_no_warning(registration, employee, run):
    employee_offboard(
        actor=None, employee=employee.employee, exit_date=date(2025, 6, 30), reason="own_request"
    )
    for day in WARNINGS:
        assert run(day)["sent"] == 0
    assert mail.outbox == []


def test_only_the_current_registration_is_warned_about(registration, employee, run):
    # re-registered after the previous period: the old one's dates are not this one's
    newer = _register(employee.employee, registered_on=date(2024, 3, 15), number="110654321")
    assert run(WARNINGS[0])["sent"] == 0  # the old registration's first warning date
    assert run(date(2027, 12, 14))["sent"] == 1  # the new one's: deadline 2028-12-14
    assert list(RegistrationWarning.objects.values_list("registration_id", flat=True)) == [newer.pk]


def test_a_run_that_finds_the_warning_claimed_by_another_sends_nothing(
    registration, run, monkeypatch
):
    """Two workers at the same moment: both see the warning as due; the database lets the first
    insert stand and the second gets IntegrityError and sends nothing."""
    found = registration_warnings.due_warnings(WARNINGS[0])
    RegistrationWarning.objects.create(registration=registration, warning_on=WARNINGS[0])
    monkeypatch.setattr(registration_warnings, "due_warnings", lambda today: found)
    assert run(WARNINGS[0]) == {"sent": 0, "skipped": 1}
    assert mail.outbox == []
    assert RegistrationWarning.objects.count() == 1


def test_a_mail_server_failure_lets_the_next_run_try_again(registration, run, monkeypatch):
    def refuse(self, fail_silently=False):
        raise SMTPException("refused")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
    assert run(WARNINGS[0])["sent"] == 1  # claimed, then released: nothing went out
    assert not RegistrationWarning.objects.exists()
    monkeypatch.undo()
    assert run(WARNINGS[0] + timedelta(days=1))["sent"] == 1
    assert len(mail.outbox) == 2


def test_the_mails_state_the_deadline_what_is_short_and_the_links(
    registration, employee, hr, run, settings
):
    settings.SITE_URL = "https://hr.plusteam.example"
    employee.language = "en"
    employee.save()
    _log(employee.employee, "training", 40)
    _log(employee.employee, "reflection", 50)
    _log(employee.employee, "free", 35)

    run(date(2026, 11, 14))

    own, to_hr = sorted(mail.outbox, key=lambda m: m.to != [real_email(employee.employee)])
    assert "14 December 2026" in own.subject
    assert "in 30 days" in own.body
    assert "Scholing: 20 points (40 of 60)" in own.body
    assert "Vrije ruimte: 15 points (35 of 50)" in own.body
    assert "Reflectie" not in own.body  # nothing short there
    assert "Work hours:" not in own.body  # the hours to date are enough
    assert "of the 1,664 required" in own.body
    assert "My SKJ: https://hr.plusteam.example/development/registration/\n" in own.body
    assert "110123456" in own.body
    # HR: in the site's language, with the employee's name and a link of its own
    assert to_hr.to == [hr.email]
    assert employee.employee.full_name in to_hr.subject
    assert f"https://hr.plusteam.example/development/registration/{registration.pk}/" in (
        to_hr.body
    )
    assert "ziek" not in own.body.lower() + to_hr.body.lower()  # no health data by e-mail
    assert "sick" not in own.body.lower() + to_hr.body.lower()


def test_short_hours_are_stated(employee, hr, run, settings):
    """A requirement SKJ set higher for this person: the hours to date and projected fall
    short, and the mail says so."""
    employee.language = "en"
    employee.save()
    registration = _register(employee.employee)
    registration.hours_required = D(20000)
    registration.save()

    run(WARNINGS[0])

    own = next(m for m in mail.outbox if m.to == [real_email(employee.employee)])
    assert "Work hours:" in own.body
    assert "of 20,000 so far" in own.body
    assert "That is not enough" in own.body


def test_the_warnings_read_in_a_constant_number_of_queries(hr, team_a, run):
    """Besides one insert (in a savepoint) per warning, the reads do not grow with the number
    of registrations."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_person

    def reads(people: int) -> int:
        RegistrationWarning.objects.all().delete()
        Registration.objects.all().delete()
        for k in range(people):
            _register(make_person(None, team=team_a), number=f"1100000{k:02d}")
        with CaptureQueriesContext(connection) as captured:
            assert run(WARNINGS[0])["sent"] == people
        writes = ("INSERT", "SAVEPOINT", "RELEASE SAVEPOINT")
        return sum(1 for q in captured.captured_queries if not q["sql"].startswith(writes))

    assert reads(1) == reads(4)


def test_the_beat_runs_the_warnings_every_morning():
    entry = settings.CELERY_BEAT_SCHEDULE["development-registration-warnings"]
    assert entry["task"] == registration_warnings_task.name == "development.registration_warnings"
    schedule = entry["schedule"]
    assert isinstance(schedule, crontab)
    assert schedule.hour == {8} and schedule.day_of_week == set(range(7))


@pytest.mark.redis
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI starts Redis)")
@pytest.mark.django_db(transaction=True)
def test_warning_through_a_real_worker_arrives_once(employee, hr):
    from dateutil.relativedelta import relativedelta
    from django.utils import timezone

    from development import skj
    from tests.core.test_celery import real_worker

    today = timezone.localdate()
    # the deadline about five months ahead: the 12-month warning is due
    registered_on = today + relativedelta(months=8) - relativedelta(years=5)
    _register(employee.employee, registered_on=registered_on)
    due = due_warning(skj.submission_deadline(skj.expires_on(registered_on)), today)
    assert due is not None

    with real_worker():
        result = registration_warnings_task.delay()
        first = result.get(timeout=30)
        second = registration_warnings_task.delay().get(timeout=30)

    assert not isinstance(result, EagerResult)  # it went through Redis and the worker
    assert first == {"sent": 1, "skipped": 0}
    assert second == {"sent": 0, "skipped": 0}
    assert sorted(m.to for m in mail.outbox) == _to(employee, hr)
    assert list(RegistrationWarning.objects.values_list("warning_on", flat=True)) == [due]
