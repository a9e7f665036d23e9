"""Every write to the handbooks, by subject: chapters and versions (`chapters`), the steps
through the PVT and the board to publication (`review`), employees acknowledging what was
published (`acknowledgements`), what each person last read (`reading`), HR's reminders to
acknowledge (`reminders`)."""

from handbook.services.acknowledgements import acknowledge
from handbook.services.chapters import (
    chapter_create,
    version_create,
    version_update,
    version_withdraw,
)
from handbook.services.comments import comment_add, thread_resolve, thread_start
from handbook.services.reading import mark_read
from handbook.services.reminders import remind_unacknowledged
from handbook.services.review import (
    default_deadline,
    version_decide,
    version_publish,
    version_respond,
    version_submit,
)

__all__ = [
    "acknowledge",
    "chapter_create",
    "comment_add",
    "default_deadline",
    "mark_read",
    "remind_unacknowledged",
    "thread_resolve",
    "thread_start",
    "version_create",
    "version_decide",
    "version_publish",
    "version_respond",
    "version_submit",
    "version_update",
    "version_withdraw",
]
