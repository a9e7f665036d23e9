"""The reminders of the interview cycle, sent once each by the daily task (tasks.py):

- to book: every employee whose interview in the open cycle is still to plan, from two weeks
  before the deadline on (`booking_reminder_sent_at`); not those without a manager, who have
  no slots to choose from;
- to sign: each manager with interviews that took place (held, or planned with a start in the
  past) but are not signed, one mail listing them all (`signing_reminder_sent_at`, per interview).

Once means once, also when two runs meet: an interview is claimed by a conditional UPDATE
(`... WHERE sent_at IS NULL`) in the transaction that sends its mail. The database lets one run
claim it (the other's UPDATE waits for the row, then finds it claimed and sends nothing), and a
mail that cannot be sent rolls its claim back, so the next run tries again. People without an
e-mail address are skipped and stay unclaimed."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date, datetime, timedelta

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch
from django.utils import timezone, translation
from django.utils.formats import date_format

from core.links import site_link
from development.models import Cycle, Interview
from development.notifications import language_of, real_email
from development.selectors import open_cycle

logger = logging.getLogger(__name__)

BOOKING_REMINDER_DAYS = 14


def _claim(interview: Interview, field: str, now: datetime) -> bool:
    """Mark the interview as reminded, if no one else did: True when this call did."""
    return bool(
        Interview.objects.filter(pk=interview.pk, **{f"{field}__isnull": True}).update(
            **{field: now}
        )
    )


def _claim_and_send(
    interview: Interview, field: str, now: datetime, message: EmailMultiAlternatives
) -> int:
    """In one transaction: claim the interview, then send the mail (1); nothing if another
    run claimed it first, or if the mail server refused (0: the claim is rolled back)."""
    try:
        with transaction.atomic():
            if not _claim(interview, field, now):
                return 0
            message.send()
    except OSError:  # smtplib's errors, a refused connection: tried again on the next run
        logger.exception("development booking reminder not sent")
        return 0
    return 1


def booking_due(cycle: Cycle, today: date) -> bool:
    return today >= cycle.deadline - timedelta(days=BOOKING_REMINDER_DAYS)


def send_booking_reminders(today: date | None = None, now: datetime | None = None) -> int:
    """E-mail each employee of the open cycle who has not booked yet, from two weeks before the
    deadline on; once per interview. Returns how many were sent."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    cycle = open_cycle()
    if cycle is None or not booking_due(cycle, today):
        return 0
    interviews = (
        Interview.objects.filter(
            cycle=cycle,
            status=Interview.Status.TO_PLAN,
            booking_reminder_sent_at__isnull=True,
            manager__isnull=False,  # without a manager there are no slots to book: P&O's matter
        )
        .select_related("employee__user", "manager", "cycle")
        .order_by("pk")
    )
    sent = 0
    for interview in interviews:
        employee = interview.employee
        address = real_email(employee)
        if not address or _gone(employee, today):
            continue
        with translation.override(language_of(employee)):
            context = {
                "name": employee.full_name,
                "manager": interview.manager.full_name if interview.manager else "",
                "year": cycle.year,
                "deadline": date_format(cycle.deadline, "l j F Y"),
                "url": site_link("development:mine"),
            }
            subject = render_to_string(
                "development/email/booking_reminder_subject.txt", context
            ).strip()
            body = render_to_string("development/email/booking_reminder.txt", context)
        message = EmailMultiAlternatives(subject, body, to=[address])
        sent += _claim_and_send(interview, "booking_reminder_sent_at", now, message)
    return sent


def _gone(person, today: date) -> bool:
    """Left the organisation, or their login is switched off."""
    user = person.user
    left = person.exit_date is not None and person.exit_date < today
    return left or (user is not None and not user.is_active)


def interview_link(pk: int) -> str:
    """The absolute link to an interview's record page."""
    try:
        return site_link("development:interview", pk)
    except NoReverseMatch:  # the record page is not mounted (yet)
        return site_link("development:slots")


def unsigned_held(now: datetime):
    """Interviews that took place but are not signed, and whose manager was not reminded."""
    return (
        Interview.objects.filter(signing_reminder_sent_at__isnull=True, manager__isnull=False)
        .filter(
            Q(status=Interview.Status.HELD)
            | Q(status=Interview.Status.PLANNED, slot__start__lt=now)
        )
        .select_related("employee", "manager__user", "slot", "cycle")
        .order_by("manager_id", "slot__start", "pk")
    )


def send_signing_reminders(now: datetime | None = None) -> int:
    """One e-mail per manager listing their held but unsigned interviews not reminded before;
    each interview is reminded once. Returns how many mails were sent."""
    now = now or timezone.now()
    by_manager: dict[int, list[Interview]] = defaultdict(list)
    for interview in unsigned_held(now):
        if interview.manager_id is not None:
            by_manager[interview.manager_id].append(interview)
    sent = 0
    for interviews in by_manager.values():
        manager = interviews[0].manager
        assert manager is not None  # filtered above
        address = real_email(manager)
        if not address or _gone(manager, timezone.localdate(now)):
            continue
        try:
            with transaction.atomic():  # the claims stand only if the mail goes
                claimed = [i for i in interviews if _claim(i, "signing_reminder_sent_at", now)]
                if not claimed:
                    continue  # another run reminded them
                _signing_mail(manager, address, claimed).send()
        except OSError:  # smtplib's errors, a refused connection: tried again on the next run
            logger.exception("development signing reminder not sent")
            continue
        sent += 1
    return sent


def _signing_mail(manager, address: str, interviews: list[Interview]) -> EmailMultiAlternatives:
    with translation.override(language_of(manager)):
        context = {
            "name": manager.full_name,
            "rows": [
                {
                    "name": i.employee.full_name,
                    "year": i.cycle.year,
                    "day": date_format(timezone.localtime(i.slot.start), "j F Y") if i.slot else "",
                    "url": interview_link(i.pk),
                }
                for i in interviews
            ],
        }
        subject = render_to_string(
            "development/email/signing_reminder_subject.txt", context
        ).strip()
        body = render_to_string("development/email/signing_reminder.txt", context)
    return EmailMultiAlternatives(subject, body, to=[address])


def send_reminders(today: date | None = None, now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    return {
        "booking": send_booking_reminders(today, now),
        "signing": send_signing_reminders(now),
    }
