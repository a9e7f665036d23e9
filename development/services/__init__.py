"""Every write to development interviews, split by subject: the cycle (`cycles`), managers'
slots (`slots`), booking, moving and cancelling (`booking`), and the record of an interview:
preparation, agreements, signatures and the follow-up note (`records`). Pages, the API, tasks
and the demo all call these."""

from development.services.booking import (
    change_cutoff,
    interview_book,
    interview_cancel,
    interview_reschedule,
)
from development.services.cycles import (
    cycle_close,
    cycle_open,
    default_template,
    interview_mark_not_this_year,
)
from development.services.records import (
    agreement_save,
    agreement_sign,
    follow_up_note_save,
    preparation_save,
    preparation_share,
)
from development.services.slots import slot_withdraw, slots_publish, slots_publish_series

__all__ = [
    "agreement_save",
    "agreement_sign",
    "change_cutoff",
    "cycle_close",
    "cycle_open",
    "default_template",
    "follow_up_note_save",
    "interview_book",
    "interview_cancel",
    "interview_mark_not_this_year",
    "interview_reschedule",
    "preparation_save",
    "preparation_share",
    "slot_withdraw",
    "slots_publish",
    "slots_publish_series",
]
