"""Every write to development interviews, split by subject: the cycle (`cycles`), managers'
slots (`slots`) and booking, moving and cancelling (`booking`). Pages, the API, tasks and the
demo all call these."""

from development.services.booking import (
    change_cutoff,
    interview_book,
    interview_cancel,
    interview_reschedule,
)
from development.services.cycles import cycle_close, cycle_open, interview_mark_not_this_year
from development.services.slots import slots_publish, slots_publish_series

__all__ = [
    "change_cutoff",
    "cycle_close",
    "cycle_open",
    "interview_book",
    "interview_cancel",
    "interview_mark_not_this_year",
    "interview_reschedule",
    "slots_publish",
    "slots_publish_series",
]
