"""Scheduled work on people: the nightly switch-off of leavers' logins."""

from celery import shared_task


@shared_task(name="hrm.deactivate_leavers")
def deactivate_leavers_task() -> int:
    """Daily: switch off the logins of people whose last working day has passed."""
    from hrm.services import deactivate_leavers

    return deactivate_leavers()
