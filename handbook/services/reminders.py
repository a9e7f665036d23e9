"""HR reminds the employees who have not acknowledged a chapter's published version: one
e-mail per person per version, however often the button is pressed.

The version's row is locked for the send, so two sends for one chapter take turns and the
second finds everyone reminded; the database's one-reminder-per-person-and-version constraint
decides should two sends still meet (the loser then claims person by person and skips those
taken). A reminder whose mail cannot be sent is taken back, so a later press tries again.
People without an e-mail address are skipped and stay unreminded. The number of queries does
not grow with the number of employees."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.links import site_link
from handbook.models import AcknowledgementReminder, Chapter, Version
from handbook.selectors import outstanding_acknowledgements
from handbook.services.common import require
from hrm.selectors import employees_employed_on

log = logging.getLogger(__name__)


def address_of(employee) -> str:
    """The employee's work address, else their login's ("" when there is none)."""
    user = employee.user
    return employee.email or (user.email if user is not None else "")


def language_of(employee) -> str:
    user = employee.user
    return (user.language if user is not None else "") or settings.LANGUAGE_CODE


def _claim(version: Version, employees: list) -> list:
    """Record the reminders; those another send recorded first are left out."""
    try:
        with transaction.atomic():
            AcknowledgementReminder.objects.bulk_create(
                [AcknowledgementReminder(version=version, employee=e) for e in employees]
            )
        return employees
    except IntegrityError:  # a parallel send reminded some of them: claim one by one
        claimed = []
        for employee in employees:
            try:
                with transaction.atomic():
                    AcknowledgementReminder.objects.create(version=version, employee=employee)
            except IntegrityError:
                continue
            claimed.append(employee)
        return claimed


def _message(version: Version, employee) -> EmailMessage:
    with translation.override(language_of(employee)):
        context = {
            "name": employee.full_name,
            "chapter": version.chapter,
            "handbook": version.chapter.handbook,
            "number": version.number,
            "effective": date_format(version.effective_date, "j F Y")
            if version.effective_date
            else "",
            "url": site_link("handbook:chapter", version.chapter_id),
        }
        subject = render_to_string("handbook/email/ack_reminder_subject.txt", context).strip()
        body = render_to_string("handbook/email/ack_reminder.txt", context)
    return EmailMessage(subject, body, to=[address_of(employee)])


@transaction.atomic
def remind_unacknowledged(*, actor, chapter: Chapter) -> int:
    """E-mail everyone employed today who still has to acknowledge the chapter's published
    version and was not reminded of it before; returns how many were sent."""
    require(actor, "handbook.manage")
    version = (
        Version.objects.select_for_update()
        .filter(chapter_id=chapter.pk, status=Version.Status.PUBLISHED)
        .first()
    )
    if version is None:
        raise ApplicationError(
            _("This chapter has no published version to acknowledge."), code="not_published"
        )
    version.chapter = Chapter.objects.select_related("handbook").get(pk=chapter.pk)
    employees = list(employees_employed_on(timezone.localdate()))
    outstanding = outstanding_acknowledgements(employees, [chapter.pk])
    reminded = set(
        AcknowledgementReminder.objects.filter(version=version).values_list(
            "employee_id", flat=True
        )
    )
    due = [
        e
        for e in employees
        if (e.pk, chapter.pk) in outstanding and e.pk not in reminded and address_of(e)
    ]
    if not due:
        return 0
    claimed = _claim(version, due)
    failed = []
    with get_connection() as connection:
        for employee in claimed:
            message = _message(version, employee)
            message.connection = connection
            try:
                message.send()
            except OSError:  # smtplib's errors, a refused connection: the next press tries again
                log.exception("handbook acknowledgement reminder not sent")
                failed.append(employee.pk)
    if failed:
        AcknowledgementReminder.objects.filter(version=version, employee_id__in=failed).delete()
    return len(claimed) - len(failed)
