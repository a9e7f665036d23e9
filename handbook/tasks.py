"""Every morning at 07:45 (Amsterdam): HR hears of the chapters whose periodic review date
passed, once per review date (handbook/reminders.py)."""

from celery import shared_task

from handbook import reminders


@shared_task(name="handbook.review_reminders")
def handbook_review_reminders_task() -> int:
    return reminders.send_review_reminders()
