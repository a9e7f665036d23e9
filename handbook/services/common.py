"""What every handbook write shares: the permission check and the refusal of a step out of
order (code `step_out_of_order`, the rule in the message)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from core.errors import ApplicationError
from core.permissions import can
from handbook import workflow
from handbook.models import Version


def require(actor, action: str) -> None:
    if actor is not None and not can(actor, action):
        raise PermissionDenied


def facts(version: Version) -> workflow.Facts:
    return workflow.Facts(
        participation=version.chapter.participation,
        status=version.status,
        body=version.body,
        request=version.request,
        deadline=version.deadline,
        outcome=version.outcome,
        decided_on=version.decided_on,
    )


def refuse_if(rule: str | None, field: str | None = None) -> None:
    if rule:
        raise ApplicationError(rule, code="step_out_of_order", field=field)


def lock(version: Version) -> Version:
    """The version, locked for the rest of the transaction (its chapter read separately: no
    FOR UPDATE across an outer join)."""
    locked = Version.objects.select_for_update().get(pk=version.pk)
    locked.chapter = type(version.chapter).objects.get(pk=locked.chapter_id)
    return locked
