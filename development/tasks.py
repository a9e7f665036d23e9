"""Every morning (Amsterdam): at 08:00 the reminders of the interview cycle, at 08:15 the SKJ
registration warnings; each once."""

from celery import shared_task

from development import registration_warnings, reminders


@shared_task(name="development.reminders")
def development_reminders_task() -> dict:
    """To book (two weeks before the deadline) and to sign (held, not signed), once each."""
    return reminders.send_reminders()


@shared_task(name="development.registration_warnings")
def registration_warnings_task() -> dict:
    """SKJ registrations: the warning due today (12, 6, 1 month(s) before the submission
    deadline, and on it) to the employee and HR while anything is short, once each."""
    return registration_warnings.send_registration_warnings()
