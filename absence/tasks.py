"""Scheduled and queued absence work: pass a sick report to ArboNed, the weekly digest, the monthly
board report. Tasks get ids and call services."""

from celery import shared_task


@shared_task(
    name="absence.notify_arbo", autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5
)
def notify_arbo_task(episode_id: int) -> bool:
    """Pass a sick report to ArboNed by e-mail (idempotent: never twice for one episode)."""
    from absence.arbo import episode_notify_arbo

    return episode_notify_arbo(episode_id)


@shared_task(name="absence.weekly_digest", autoretry_for=(ConnectionError,), retry_backoff=True)
def weekly_digest_task(week: str | None = None) -> dict:
    """Monday morning (a setting): last week's digest to the adjunct-director. Idempotent: a
    recipient who already has this week's digest does not get it again."""
    from django.utils import timezone

    from absence.reporting import digest

    return digest.send(week or digest.previous_week(timezone.localdate())).as_dict()


@shared_task(
    name="absence.monthly_board_report", autoretry_for=(ConnectionError,), retry_backoff=True
)
def monthly_board_report_task(month: str | None = None) -> dict:
    """Runs every day (time is a setting); sends the previous month's board report from the
    first working day of the month on, once per recipient: a day the worker was down is caught
    up the next day. With `month`, sends that month now."""
    from django.utils import timezone

    from absence.reporting import board_report

    today = timezone.localdate()
    if month is None:
        if today < board_report.first_working_day(today.year, today.month):
            return {
                "period": None,
                "sent": [],
                "skipped": [],
                "reason": "before the first working day",
            }
        month = board_report.previous_month(today)
    return board_report.send(month).as_dict()
