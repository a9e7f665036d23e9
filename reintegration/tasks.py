"""Every morning: bring the cases in step with sickness, then send the deadline reminders."""

from celery import shared_task

from reintegration import reminders, sync


@shared_task(name="absence.reintegration_daily")  # the name beat schedules already hold
def reintegration_daily_task() -> dict:
    """Every morning: bring the cases in step with the episodes (a chain passes sick day 7 by
    itself), then send the deadline reminders (once per milestone, deadline and stage)."""
    return {"cases": sync.sync_all(), "reminders": reminders.send_reminders()}
