"""Every morning at 08:00 (Amsterdam): the reminders of the interview cycle, once each."""

from celery import shared_task

from development import reminders


@shared_task(name="development.reminders")
def development_reminders_task() -> dict:
    """To book (two weeks before the deadline) and to sign (held, not signed), once each."""
    return reminders.send_reminders()
