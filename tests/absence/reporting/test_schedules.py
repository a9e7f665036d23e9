"""The django-celery-beat schedule of the weekly digest and the monthly board report: written
from the organisation settings, moved when they are saved, and kept in Dutch time across the
change to summer time."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from absence.reporting import schedules
from absence.tasks import monthly_board_report_task, weekly_digest_task
from hrm.models import OrganisationSettings
from tests.absence.helpers import AMS, travel


def crontab_of(name: str):
    from django_celery_beat.models import PeriodicTask

    return PeriodicTask.objects.select_related("crontab").get(name=name)


def test_beat_schedule_from_the_default_settings(db):
    schedules.sync()

    digest_entry = crontab_of(schedules.DIGEST)
    board_entry = crontab_of(schedules.BOARD_REPORT)

    assert digest_entry.task == weekly_digest_task.name == "absence.weekly_digest"
    assert digest_entry.enabled
    cron = digest_entry.crontab
    assert (cron.minute, cron.hour, cron.day_of_week) == ("0", "7", "1")  # Monday 07:00
    assert (cron.day_of_month, cron.month_of_year) == ("*", "*")
    assert str(cron.timezone) == "Europe/Amsterdam"
    assert board_entry.task == monthly_board_report_task.name
    cron = board_entry.crontab
    assert (cron.minute, cron.hour, cron.day_of_week) == ("0", "7", "*")  # the task checks the day
    assert str(cron.timezone) == "Europe/Amsterdam"


@pytest.mark.parametrize(("weekday", "cron_day"), [(0, "1"), (2, "3"), (6, "0")])
def test_saving_the_settings_moves_the_schedule(db, weekday, cron_day):
    from django_celery_beat.models import PeriodicTask

    org = OrganisationSettings.get()
    org.digest_weekday = weekday
    org.digest_time = time(8, 30)
    org.board_report_time = time(6, 15)
    org.save()

    cron = crontab_of(schedules.DIGEST).crontab
    assert (cron.minute, cron.hour, cron.day_of_week) == ("30", "8", cron_day)
    cron = crontab_of(schedules.BOARD_REPORT).crontab
    assert (cron.minute, cron.hour, cron.day_of_week) == ("15", "6", "*")
    assert PeriodicTask.objects.filter(name__startswith="absence:").count() == 2


def test_the_digest_runs_at_7_dutch_time_also_after_the_clocks_change(db):
    """Summer time starts on Sunday 29 March 2026: the Monday after, 07:00 is 05:00 UTC."""
    schedules.sync()
    schedule = crontab_of(schedules.DIGEST).crontab.schedule
    last_run = datetime(2026, 3, 23, 7, 0, tzinfo=AMS)

    with travel(datetime(2026, 3, 30, 6, 59, tzinfo=AMS)):
        assert not schedule.is_due(last_run).is_due
    with travel(datetime(2026, 3, 30, 7, 0, 30, tzinfo=AMS)):
        assert schedule.is_due(last_run).is_due
