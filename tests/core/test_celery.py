"""Celery: eager without a broker; with REDIS_URL (CI) a real worker round trip through Redis."""

import os
from contextlib import contextmanager
from datetime import date

import pytest
from celery.result import EagerResult
from django.conf import settings
from django.core import mail

from config.celery import app
from hrm.services import employee_offboard
from hrm.tasks import deactivate_leavers_task
from tests.factories import ContractFactory, EmployeeFactory, UserFactory


def _leaver():
    user = UserFactory(username="leaver")
    employee = EmployeeFactory(user=user)
    ContractFactory(employee=employee, start=date(2020, 1, 1))
    employee_offboard(
        actor=None, employee=employee, exit_date=date(2024, 6, 30), reason="own_request"
    )
    return user


@pytest.mark.django_db
def test_task_runs_eagerly_without_broker():
    assert settings.CELERY_TASK_ALWAYS_EAGER
    user = _leaver()
    result = deactivate_leavers_task.delay()
    assert result.get() == 1
    user.refresh_from_db()
    assert not user.is_active


@pytest.mark.redis
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI starts Redis)")
@pytest.mark.django_db(transaction=True)
def test_task_round_trip_through_redis_and_a_real_worker():
    from celery.contrib.testing.worker import start_worker

    user = _leaver()
    app.conf.update(
        task_always_eager=False,
        broker_url=os.environ["REDIS_URL"],
        result_backend=os.environ["REDIS_URL"],
    )
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            result = deactivate_leavers_task.delay()
            assert result.get(timeout=20) == 1
    finally:
        app.conf.update(task_always_eager=True)
    user.refresh_from_db()
    assert not user.is_active


# The weekly digest and the monthly board report through a real worker ---------------------------


@contextmanager
def real_worker():
    """A Celery worker in a thread of this process, against the Redis of REDIS_URL. It shares
    django.core.mail.outbox (locmem) with the test, because it runs in the same process."""
    from celery.contrib.testing.worker import start_worker

    app.conf.update(
        task_always_eager=False,
        broker_url=os.environ["REDIS_URL"],
        result_backend=os.environ["REDIS_URL"],
    )
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        app.conf.update(task_always_eager=True)


def _absence_organisation():
    """Five people in one team, one of them sick in week 10 of 2026 and in October 2026; an
    adjunct-director (the digest) and a board member (the board report) with an e-mail."""
    from absence.models import Episode
    from core.roles import Role
    from tests.factories import TeamFactory, make_person

    team = TeamFactory(name="Geldrop-Mierlo")
    people = [make_person(None, team=team) for _ in range(5)]
    Episode.objects.create(
        employee=people[0], first_sick_day=date(2026, 3, 3), recovered_on=date(2026, 3, 6)
    )
    Episode.objects.create(
        employee=people[1], first_sick_day=date(2026, 10, 5), recovered_on=date(2026, 10, 9)
    )
    make_person("adjunct", Role.ADJUNCT_DIRECTOR, employee=False)
    make_person("board", Role.BOARD, employee=False)


@pytest.mark.redis
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI starts Redis)")
@pytest.mark.django_db(transaction=True)
def test_weekly_digest_through_a_real_worker_arrives_once():
    from absence.models import Dispatch
    from absence.tasks import weekly_digest_task

    _absence_organisation()
    with real_worker():
        result = weekly_digest_task.delay("2026-W10")
        first = result.get(timeout=30)
        second = weekly_digest_task.delay("2026-W10").get(timeout=30)

    assert not isinstance(result, EagerResult)  # it went through Redis and the worker

    assert first == {"period": "2026-W10", "sent": ["adjunct@plusteam.example"], "skipped": []}
    assert second["sent"] == []
    assert second["skipped"] == ["adjunct@plusteam.example"]
    [message] = mail.outbox
    assert message.to == ["adjunct@plusteam.example"]
    assert "Verzuim week 10" in message.subject
    assert [mimetype for _html, mimetype in message.alternatives] == ["text/html"]
    assert Dispatch.objects.filter(kind="digest", period="2026-W10").count() == 1


@pytest.mark.redis
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI starts Redis)")
@pytest.mark.django_db(transaction=True)
def test_board_report_through_a_real_worker_arrives_once():
    from absence.tasks import monthly_board_report_task

    _absence_organisation()
    with real_worker():
        result = monthly_board_report_task.delay("2026-10")
        first = result.get(timeout=60)
        second = monthly_board_report_task.delay("2026-10").get(timeout=60)

    assert not isinstance(result, EagerResult)

    assert first["sent"] == ["board@plusteam.example"]
    assert second["sent"] == []
    assert second["skipped"] == ["board@plusteam.example"]
    [message] = mail.outbox
    assert message.to == ["board@plusteam.example"]
    [(filename, content, mimetype)] = message.attachments
    assert filename == "verzuimrapportage-2026-10.pdf"
    assert mimetype == "application/pdf"
    assert content.startswith(b"%PDF-")


# The reintegration reminders through a real worker ----------------------------------------------


@pytest.mark.redis
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI starts Redis)")
@pytest.mark.django_db(transaction=True)
def test_reintegration_reminder_through_a_real_worker_arrives_once():
    from datetime import timedelta

    from django.utils import timezone

    from absence.models import Episode
    from core.roles import Role
    from reintegration.models import ReintegrationCase, ReminderSent
    from reintegration.tasks import reintegration_daily_task
    from tests.factories import TeamFactory, make_person

    today = timezone.localdate()
    sick = make_person(None, team=TeamFactory(name="Geldrop-Mierlo"))
    sick.first_name, sick.last_name = "Sanne", "Zwanenburg"
    sick.save()
    # sick day 28 today, passed to ArboNed: the problem analysis (day 42) is due in 14 days
    Episode.objects.create(
        employee=sick, first_sick_day=today - timedelta(days=27), arbo_notified_at=timezone.now()
    )
    make_person("adjunct", Role.ADJUNCT_DIRECTOR, employee=False)

    with real_worker():
        result = reintegration_daily_task.delay()
        first = result.get(timeout=30)
        second = reintegration_daily_task.delay().get(timeout=30)

    assert not isinstance(result, EagerResult)  # it went through Redis and the worker

    assert first == {
        "cases": {"created": 1, "closed": 0, "reopened": 0},
        "reminders": {"sent": 1, "skipped": 0},
    }
    assert second["cases"]["created"] == 0
    assert second["reminders"] == {"sent": 0, "skipped": 1}
    case = ReintegrationCase.objects.get(employee=sick)
    assert case.owner.username == "adjunct"
    [message] = mail.outbox
    assert message.to == ["adjunct@plusteam.example"]
    assert sick.full_name in message.subject
    assert list(ReminderSent.objects.values_list("milestone", "stage", "sent_on")) == [
        ("problem_analysis", "14", today)
    ]
