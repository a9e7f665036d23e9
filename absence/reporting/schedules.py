"""The beat schedule of the absence e-mails, kept in django-celery-beat's tables (the
DatabaseScheduler reads them) and rewritten from the organisation settings whenever those are
saved, so HR changes the day and time in the settings, not in code."""

from __future__ import annotations

from django.conf import settings

DIGEST = "absence: weekly digest"
BOARD_REPORT = "absence: monthly board report"


def sync() -> None:
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    from hrm.models import OrganisationSettings

    s = OrganisationSettings.get()
    cron_weekday = (s.digest_weekday + 1) % 7  # Django/ISO Monday=0 -> cron Monday=1
    entries: dict[str, tuple[str, dict[str, int | str]]] = {  # name: (task, cron fields)
        DIGEST: (
            "absence.weekly_digest",
            {
                "minute": s.digest_time.minute,
                "hour": s.digest_time.hour,
                "day_of_week": cron_weekday,
            },
        ),
        BOARD_REPORT: (  # every day; the task itself checks for the first working day
            "absence.monthly_board_report",
            {
                "minute": s.board_report_time.minute,
                "hour": s.board_report_time.hour,
                "day_of_week": "*",
            },
        ),
    }
    for name, (task, cron) in entries.items():
        schedule, _created = CrontabSchedule.objects.get_or_create(
            minute=str(cron["minute"]),
            hour=str(cron["hour"]),
            day_of_week=str(cron["day_of_week"]),
            day_of_month="*",
            month_of_year="*",
            timezone=settings.TIME_ZONE,
        )
        PeriodicTask.objects.update_or_create(
            name=name,
            defaults={"task": task, "crontab": schedule, "interval": None, "enabled": True},
        )
