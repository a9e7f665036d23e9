"""What the two people of an interview are told by e-mail: the calendar invitation of its
current state (`invitation_of`, also served as invite.ics by the API), and the mail each of them
gets after a booking, move or cancellation (`notify_change_on_commit`).

The mail carries the invitation the way calendars want it (see `invitations.calendar_part`): a
`text/calendar; method=REQUEST` (or CANCEL) alternative next to the plain text body, so Outlook,
Google and Apple offer accept/decline, and the same text once more as the attachment invite.ics.

The invitation is built inside the service's transaction, from the state it writes, and the
mails leave only when that transaction commits: a change that is rolled back sends nothing.
People without an e-mail address get no mail; the placeholder address an invitation needs for
them is never a recipient."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format

from core.links import site_link
from development.invitations import TIME_ZONE, InvitationData, Method, content_type, invitation
from development.models import Interview

logger = logging.getLogger(__name__)

PLACEHOLDER_DOMAIN = "@plusteam-hr.invalid"

Change = Literal["booked", "moved", "cancelled", "not_this_year"]
Party = Literal["employee", "manager"]


def real_email(person) -> str:
    """The person's work address, else their login's; "" when there is none."""
    if person is None:
        return ""
    user = getattr(person, "user", None)
    email = person.email or (user.email if user is not None else "")
    return "" if not email or email.endswith(PLACEHOLDER_DOMAIN) else email


def _email(person) -> str:
    """An address for the invitation text, which needs one for both people: a placeholder
    that can never receive mail when the person has none."""
    return real_email(person) or f"employee-{person.pk}{PLACEHOLDER_DOMAIN}"


def language_of(person) -> str:
    user = getattr(person, "user", None)
    return (getattr(user, "language", "") if user is not None else "") or "nl"


def invitation_of(interview: Interview) -> tuple[bytes, Method]:
    """The current invitation: REQUEST for a planned interview, CANCEL after a cancel (from the
    freed slot's time and place); Http404 if it never had a slot."""
    method: Method
    if interview.slot is not None:
        method = "REQUEST"
        start, end = interview.slot.start, interview.slot.end
        location = interview.slot.location or interview.slot.video_link
    elif interview.last_start is not None and interview.last_end is not None:
        method = "CANCEL"
        start, end, location = interview.last_start, interview.last_end, interview.last_location
    else:
        raise Http404
    manager, employee = interview.manager, interview.employee
    if manager is None:
        raise Http404
    data = InvitationData(
        uid=f"development-interview-{interview.uid}@plusteam-hr",
        sequence=interview.sequence,
        start=start,
        end=end,
        location=location,
        summary=f"Ontwikkelgesprek {employee.full_name}",
        description="",
        organizer_name=manager.full_name,
        organizer_email=_email(manager),
        attendee_name=employee.full_name,
        attendee_email=_email(employee),
        dtstamp=interview.updated_at or timezone.now(),
    )
    return invitation(data, method), method


# The mail after a change -------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    role: Party
    name: str
    email: str
    language: str


@dataclass(frozen=True)
class ChangeMail:
    """Everything the two mails say, taken inside the transaction that made the change."""

    change: Change
    actor_role: str  # who made the change: "employee", "manager" or "hr" (P&O)
    message: str
    ics: bytes
    method: Method
    start: datetime
    end: datetime
    location: str
    employee: Recipient
    manager: Recipient

    def recipients(self) -> list[Recipient]:
        return [r for r in (self.employee, self.manager) if r.email]


def notify_change_on_commit(
    interview: Interview, change: Change, *, actor_role: str, message: str = ""
) -> None:
    """After the current transaction commits, e-mail both people the change with the
    invitation (REQUEST after booking or moving, CANCEL after cancelling)."""
    if interview.manager is None or actor_role not in ("employee", "manager", "hr"):
        return
    ics, method = invitation_of(interview)
    if interview.slot is not None:
        start, end = interview.slot.start, interview.slot.end
        location = interview.slot.location or interview.slot.video_link
    else:
        assert interview.last_start is not None and interview.last_end is not None
        start, end, location = interview.last_start, interview.last_end, interview.last_location
    employee, manager = interview.employee, interview.manager
    mail = ChangeMail(
        change=change,
        actor_role=actor_role,
        message=message,
        ics=ics,
        method=method,
        start=start,
        end=end,
        location=location,
        employee=Recipient(
            "employee", employee.full_name, real_email(employee), language_of(employee)
        ),
        manager=Recipient("manager", manager.full_name, real_email(manager), language_of(manager)),
    )
    # robust: the change stands even when the mail server is down (the error is logged)
    transaction.on_commit(lambda: send_change_mails(mail), robust=True)


def send_change_mails(mail: ChangeMail) -> int:
    """One mail to each of the two people who has an address; returns how many were sent."""
    sent = 0
    for recipient in mail.recipients():
        other = mail.manager if recipient.role == "employee" else mail.employee
        build_change_mail(mail, recipient, other).send()
        sent += 1
    return sent


def build_change_mail(
    mail: ChangeMail, recipient: Recipient, other: Recipient
) -> EmailMultiAlternatives:
    start = mail.start.astimezone(TIME_ZONE)
    end = mail.end.astimezone(TIME_ZONE)
    with translation.override(recipient.language):
        context = {
            "change": mail.change,
            "recipient": recipient,
            "other": other,
            "by_other": mail.actor_role != recipient.role,
            "actor_name": "P&O"
            if mail.actor_role == "hr"
            else (mail.employee if mail.actor_role == "employee" else mail.manager).name,
            "message": mail.message,
            "day": date_format(start, "l j F Y"),
            "start": date_format(start, "H:i"),
            "end": date_format(end, "H:i"),
            "location": mail.location,
            "url": site_link(
                "development:mine" if recipient.role == "employee" else "development:slots"
            ),
        }
        subject = render_to_string("development/email/change_subject.txt", context).strip()
        body = render_to_string("development/email/change.txt", context)
    message = EmailMultiAlternatives(
        subject,
        body,
        to=[recipient.email],
        reply_to=[other.email] if other.email else None,
    )
    text = mail.ics.decode("utf-8")
    # the invitation itself: an alternative of the body, so calendars offer accept/decline
    message.attach_alternative(text, content_type(mail.method))
    # and once more as a file, for clients that show no buttons (Outlook likes both)
    message.attach("invite.ics", text, content_type(mail.method))
    return message
