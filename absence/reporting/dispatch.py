"""Sending a scheduled report once per recipient and period (the Dispatch table is the memory).

A row is written in the same transaction as the e-mail is handed to the mail backend: a retried
task, a second worker or a repeated command finds the row and skips that recipient; a failed
send rolls the row back so the retry sends it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction

from absence.models import Dispatch


@dataclass
class Outcome:
    period: str
    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already sent earlier

    def as_dict(self) -> dict:
        return {"period": self.period, "sent": self.sent, "skipped": self.skipped}


def send_once(
    kind: str, period: str, recipients: list[str], build, *, force: bool = False
) -> Outcome:
    """For each recipient not yet sent this `kind` for `period`: `build()` gives an
    EmailMultiAlternatives (without `to`), sent to that one recipient (nobody sees the others).
    `force` sends again to everyone."""
    outcome = Outcome(period)
    message: EmailMultiAlternatives | None = None
    for address in recipients:
        try:
            with transaction.atomic():
                if force:
                    Dispatch.objects.filter(kind=kind, period=period, recipient=address).delete()
                Dispatch.objects.create(kind=kind, period=period, recipient=address)
                message = message or build()
                message.to = [address]
                message.send()
        except IntegrityError:
            outcome.skipped.append(address)
            continue
        outcome.sent.append(address)
    return outcome
