"""The e-mails of the handbook: the PVT hears of every version submitted to it (after the
submission commits; a failing mail server does not undo it)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format

from core.links import site_link
from core.permissions import users_with_role
from core.roles import Role
from handbook import workflow
from handbook.models import Version

log = logging.getLogger(__name__)


def pvt_addresses() -> list[str]:
    return sorted({u.email for u in users_with_role(Role.PVT) if u.email})


def notify_pvt_on_commit(version: Version) -> None:
    version_id = version.pk
    transaction.on_commit(lambda: send_submission_mail(version_id), robust=True)


def send_submission_mail(version_id: int) -> int:
    """One mail to each PVT member with an address; returns how many were sent."""
    version = Version.objects.select_related("chapter__handbook").get(pk=version_id)
    sent = 0
    for address in pvt_addresses():
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "version": version,
                "chapter": version.chapter,
                "deadline": date_format(version.deadline, "j F Y") if version.deadline else "",
                "url": site_link("handbook:review", version.pk),
            }
            subject = render_to_string("handbook/email/submitted_subject.txt", context).strip()
            body = render_to_string("handbook/email/submitted.txt", context)
        sent += send_mail(subject, body, None, [address])
    return sent


def notify_pvt_of_decision_on_commit(version: Version) -> None:
    """The PVT hears of the board's decision on what it was asked (WOR art. 25(5) for advice)."""
    version_id = version.pk
    transaction.on_commit(lambda: send_decision_mail(version_id), robust=True)


def send_decision_mail(version_id: int) -> int:
    version = Version.objects.select_related("chapter__handbook").get(pk=version_id)
    sent = 0
    for address in pvt_addresses():
        with translation.override(settings.LANGUAGE_CODE):
            earliest = workflow.earliest_effective(
                workflow.Facts(
                    participation=version.chapter.participation,
                    status=version.status,
                    outcome=version.outcome,
                    decided_on=version.decided_on,
                )
            )
            context = {
                "version": version,
                "chapter": version.chapter,
                "decided_on": date_format(version.decided_on, "j F Y")
                if version.decided_on
                else "",
                "earliest": date_format(earliest, "j F Y") if earliest else "",
                "url": site_link("handbook:review", version.pk),
            }
            subject = render_to_string("handbook/email/decided_subject.txt", context).strip()
            body = render_to_string("handbook/email/decided.txt", context)
        sent += send_mail(subject, body, None, [address])
    return sent
