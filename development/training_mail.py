"""The e-mails of training requests: the manager hears that one of their people asked for a
training (`request_made_on_commit`), the requester hears that it was declined and why
(`declined_on_commit`). Plain text with a link to the page; they leave only when the service's
transaction commits, and a mail server that is down never undoes the change (logged)."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from core.links import site_link
from development.models import PlanItem
from development.notifications import language_of, real_email


def _send(person, template: str, context: dict, link: str) -> None:
    address = real_email(person)
    if not address:
        return
    with translation.override(language_of(person)):
        context = {**context, "person": person, "url": site_link(link)}
        subject = render_to_string(f"development/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"development/email/{template}.txt", context)
    EmailMessage(" ".join(subject.split()), body, to=[address]).send()


def request_made_on_commit(item: PlanItem, requester) -> None:
    """Tell the requester's manager (if they have one with an address) after the commit."""
    manager = requester.manager
    if manager is None:
        return
    context = {"item": item, "requester": requester, "year": item.plan.year}
    transaction.on_commit(
        lambda: _send(manager, "training_requested", context, "development:plan_approvals"),
        robust=True,
    )


def declined_on_commit(item: PlanItem) -> None:
    """Tell the requester their request was declined, with the reason, after the commit."""
    requester = item.requested_by
    if requester is None:
        return
    context = {"item": item, "reason": item.decline_reason, "year": item.plan.year}
    transaction.on_commit(
        lambda: _send(requester, "training_declined", context, "development:training_requests"),
        robust=True,
    )
