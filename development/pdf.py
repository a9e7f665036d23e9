"""The signed record of an interview as one PDF (WeasyPrint): the two people, team, cycle, the
time and place of the talk, the preparations that were shared (an unshared one never appears,
not even for its author), the agreements, both signatures with the first characters of the hash
they cover, and the follow-up note."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from development.models import Interview, Side
from development.records import record_view
from development.signing import short
from hrm.selectors import organisation_settings


def _team(interview: Interview):
    """The employee's team on the day of the talk (or today, without a slot)."""
    day = (
        timezone.localtime(interview.slot.start).date()
        if interview.slot is not None
        else timezone.localdate()
    )
    contract = interview.employee.current_or_last_contract(day)
    return contract.team if contract is not None else None


def context(interview: Interview) -> dict:
    view = record_view(None, interview, shared_only=True)
    return {
        "view": view,
        "interview": interview,
        "slot": interview.slot,
        "team": _team(interview),
        "short_hash": short(view.text_hash),
        "signatures": [
            {"signature": signature, "short_hash": short(signature.text_hash)}
            for signature in (view.valid.get(side) for side in (Side.EMPLOYEE, Side.MANAGER))
            if signature is not None
        ],
        "organisation": organisation_settings().name,
        "printed_at": timezone.localtime(),
    }


def render_pdf(interview: Interview) -> bytes:
    from weasyprint import HTML

    html = render_to_string("development/record.html", context(interview))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
