"""Celery: eager without a broker; with REDIS_URL (CI) a real worker round trip through Redis."""

import os
from datetime import date

import pytest
from django.conf import settings

from config.celery import app
from core.tasks import deactivate_leavers_task
from hrm.services import employee_offboard
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
