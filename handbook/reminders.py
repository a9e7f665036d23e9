"""The periodic review of the handbook: when a chapter's review date (`Chapter.review_on`) has
passed, HR gets one e-mail listing the chapters due, sent by the daily task (tasks.py).

Once per review date: a chapter is claimed by a conditional UPDATE that sets
`review_reminder_sent_for` to its review date (`... WHERE review_reminder_sent_for IS DISTINCT
FROM review_on`), in the transaction that sends the mail. So two runs never both remind, a new
review date gives a new reminder, and a mail that cannot be sent rolls the claim back: the next
run tries again. Without anyone in HR with an address nothing is claimed."""

from __future__ import annotations

import logging
from datetime import date

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format

from core.links import site_link
from core.permissions import users_with_role
from core.roles import Role
from handbook.models import Chapter

log = logging.getLogger(__name__)


def review_due(today: date):
    """Chapters whose review date has passed (lies before today) and were not reminded for it."""
    return (
        Chapter.objects.filter(review_on__lt=today)
        .exclude(review_reminder_sent_for=F("review_on"))
        .select_related("handbook")
        .order_by("review_on", "handbook__position", "position", "pk")
    )


def _claim(chapter: Chapter) -> bool:
    """Mark the chapter reminded for its review date, unless a run did already."""
    return bool(
        Chapter.objects.filter(pk=chapter.pk, review_on=chapter.review_on)
        .filter(
            Q(review_reminder_sent_for__isnull=True) | ~Q(review_reminder_sent_for=F("review_on"))
        )
        .update(review_reminder_sent_for=chapter.review_on)
    )


def _message(user, chapters: list[Chapter]) -> EmailMessage:
    with translation.override(getattr(user, "language", "") or "nl"):
        context = {
            "name": user.get_full_name() or user.username,
            "rows": [
                {
                    "title": c.title,
                    "handbook": c.handbook.name,
                    "review_on": date_format(c.review_on, "j F Y") if c.review_on else "",
                    "url": site_link("handbook:chapter", c.pk),
                }
                for c in chapters
            ],
        }
        subject = render_to_string("handbook/email/review_due_subject.txt", context).strip()
        body = render_to_string("handbook/email/review_due.txt", context)
    return EmailMessage(subject, body, to=[user.email])


def send_review_reminders(today: date | None = None) -> int:
    """One e-mail to each HR login with an address, listing the chapters whose review date
    passed and were not reminded for it; returns how many chapters were reminded."""
    today = today or timezone.localdate()
    chapters = list(review_due(today))
    recipients = [u for u in users_with_role(Role.HR).order_by("pk") if u.email]
    if not chapters or not recipients:
        return 0
    try:
        with transaction.atomic():  # the claims stand only if the mails go
            claimed = [c for c in chapters if _claim(c)]
            if not claimed:
                return 0  # another run reminded them
            with get_connection() as connection:
                connection.send_messages([_message(u, claimed) for u in recipients])
    except OSError:  # smtplib's errors, a refused connection: tried again on the next run
        log.exception("handbook review reminder not sent")
        return 0
    return len(claimed)
