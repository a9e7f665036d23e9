"""Warnings about professional registrations (SKJ) by e-mail, to the employee and to HR: 12, 6
and 1 month(s) before the submission deadline and on the deadline itself, while anything is
short (development.md, "Warnings"). Run every morning by the daily task (tasks.py).

Which warning is due: of the registration's warning dates (`skj.warning_dates`), the most recent
one on or before today, and only that one: a first run that comes after several warning dates
(a registration entered late, a beat that did not run) sends the latest only, never the older
ones. Once the deadline has passed by more than `LATE_DAYS`, nothing is sent any more (HR's
page shows the overdue registration). Only the current registration of each employee still
employed counts (the newest per register), and only while it is neither complete nor expired:
a registration that becomes complete gets no further warnings.

Once means once, also when two workers run at the same moment: a `RegistrationWarning` row
(unique on registration and warning date) is inserted first, in the transaction that queues the
mails; the second insert waits for the first transaction and then fails with IntegrityError, so
that run sends nothing. The mails leave when that transaction commits. When no mail at all could
be sent (the mail server refused), the row is removed again, so the next run tries once more.

The mail states the deadline, what is short per category and in work hours, the projected hours
against the requirement, and a link to "Mijn SKJ" (for HR: to the registration's page). It does
not mention sickness: the hours are enough to act on, and e-mail is no place for health data."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch
from django.utils import timezone, translation
from django.utils.formats import date_format

from core.links import site_link
from core.permissions import addresses_of_users_who_can
from development import skj
from development.models import Registration, RegistrationWarning
from development.notifications import language_of, real_email
from development.registrations import (
    RegistrationFigures,
    figures_for,
    latest_per_employee,
    of_people_employed_on,
    with_requirements,
)

logger = logging.getLogger(__name__)

LATE_DAYS = 7  # after the deadline, a missed "deadline" warning still goes out this long


def due_warning(deadline: date, today: date) -> date | None:
    """The warning date due on `today`: the latest of `skj.warning_dates(deadline)` on or
    before today; None before the first, and more than `LATE_DAYS` after the deadline."""
    if today > deadline + timedelta(days=LATE_DAYS):
        return None
    due = [day for day in skj.warning_dates(deadline) if day <= today]
    return due[-1] if due else None


def current_registrations(today: date) -> list[Registration]:
    """The newest registration per employee and register, of the employees still employed
    today, ready for `figures_for` (constant queries)."""
    registrations = with_requirements(
        of_people_employed_on(Registration.objects.all(), today)
    ).select_related("employee__user")
    return latest_per_employee(registrations)


@dataclass(frozen=True)
class Due:
    registration: Registration
    warning_on: date


def due_warnings(today: date) -> list[Due]:
    """The warnings due today that were not sent before (without looking at the points and
    hours yet: `send_registration_warnings` does, for these only)."""
    candidates = []
    for registration in current_registrations(today):
        deadline = skj.submission_deadline(skj.expires_on(registration.registered_on))
        warning_on = due_warning(deadline, today)
        if warning_on is not None:
            candidates.append(Due(registration, warning_on))
    if not candidates:
        return []
    sent = set(
        RegistrationWarning.objects.filter(
            registration__in=[c.registration.pk for c in candidates]
        ).values_list("registration_id", "warning_on")
    )
    return [c for c in candidates if (c.registration.pk, c.warning_on) not in sent]


def registration_link(registration: Registration) -> str:
    try:
        return site_link("development:registration", registration.pk)
    except NoReverseMatch:  # the page is not mounted
        return own_link()


def own_link() -> str:
    """The link to "Mijn SKJ"."""
    try:
        return site_link("development:registration_mine")
    except NoReverseMatch:  # the page is not mounted
        return site_link("development:mine")


def _context(row: RegistrationFigures, today: date, *, for_hr: bool) -> dict:
    registration, figures = row.registration, row.figures
    return {
        "for_hr": for_hr,
        "name": registration.employee.full_name,
        "register": registration.register,
        "number": registration.number,
        "profession": registration.profession.name,
        "deadline": date_format(figures.submission_deadline, "j F Y"),
        "expires": date_format(figures.expires_on, "j F Y"),
        "days_left": (figures.submission_deadline - today).days,
        "categories": [line for line in row.categories if line.short > 0],
        "hours_to_date": figures.hours_to_date,
        "hours_projected": figures.hours_projected,
        "hours_required": row.hours_required,
        "hours_short": max(Decimal(0), row.hours_required - figures.hours_to_date),
        "projected_short": row.projected_short,
        "url": registration_link(registration) if for_hr else own_link(),
    }


def _message(
    row: RegistrationFigures, today: date, to: list[str], language: str, *, for_hr: bool
) -> EmailMultiAlternatives:
    with translation.override(language):
        context = _context(row, today, for_hr=for_hr)
        subject = render_to_string(
            "development/email/registration_warning_subject.txt", context
        ).strip()
        body = render_to_string("development/email/registration_warning.txt", context)
    return EmailMultiAlternatives(subject, body, to=to)


def messages_for(
    row: RegistrationFigures, today: date, hr_addresses: set[str]
) -> list[EmailMultiAlternatives]:
    """The employee's mail (in their language) and one to HR (in the site's language)."""
    employee = row.registration.employee
    messages = []
    own = real_email(employee)
    if own:
        messages.append(_message(row, today, [own], language_of(employee), for_hr=False))
    hr = sorted(hr_addresses - {own.lower()})
    if hr:
        messages.append(_message(row, today, hr, settings.LANGUAGE_CODE, for_hr=True))
    return messages


def _send(warning_pk: int, messages: list[EmailMultiAlternatives]) -> None:
    """After the commit: send the mails; when none could go, drop the claim for a next run."""
    sent = 0
    for message in messages:
        try:
            message.send()
            sent += 1
        except OSError:  # smtplib's errors, a refused connection
            logger.exception("registration warning not sent to %s", message.to)
    if not sent:
        RegistrationWarning.objects.filter(pk=warning_pk).delete()


def send_registration_warnings(today: date | None = None) -> dict[str, int]:
    """Warn about each current registration with a warning due today and anything short, once
    per warning date. Returns {"sent": registrations warned, "skipped": already warned by a
    run at the same time}. Constant queries but for one insert per warning."""
    today = today or timezone.localdate()
    due = due_warnings(today)
    if not due:
        return {"sent": 0, "skipped": 0}
    warning_on = {d.registration.pk: d.warning_on for d in due}
    hr_addresses = addresses_of_users_who_can("development.registration_manage")
    sent = skipped = 0
    for row in figures_for([d.registration for d in due], today, explain_sickness=False):
        if row.status in {skj.COMPLETE, skj.EXPIRED}:
            continue
        messages = messages_for(row, today, hr_addresses)
        if not messages:
            continue  # no one to tell: tried again tomorrow
        try:
            with transaction.atomic():
                warning = RegistrationWarning.objects.create(
                    registration=row.registration, warning_on=warning_on[row.registration.pk]
                )
                transaction.on_commit(partial(_send, warning.pk, messages))
        except IntegrityError:  # another run warned about it first
            skipped += 1
            continue
        sent += 1
    return {"sent": sent, "skipped": skipped}
