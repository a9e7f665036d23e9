"""Employees acknowledge that they read a published version of a chapter.

Acknowledging is idempotent: acknowledging a version again answers the acknowledgement made
first (its date unchanged), so a double click or a retried request is not an error. Two requests
at the same moment are decided by the database's one-acknowledgement-per-person-and-version
constraint; the loser answers the winner's row. Whether a person still has to acknowledge a
chapter is a read: `handbook.selectors.needs_acknowledgement` (re-exported here)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.permissions import employee_of
from handbook.models import Acknowledgement, Version
from handbook.selectors import needs_acknowledgement
from handbook.services.common import require
from handbook.services.reading import mark_read

__all__ = ["acknowledge", "needs_acknowledgement"]


def acknowledge(*, actor, version: Version) -> Acknowledgement:
    """The signed-in employee read and acknowledges `version` (published only)."""
    require(actor, "handbook.acknowledge")
    employee = employee_of(actor)
    if employee is None:
        raise PermissionDenied
    status = Version.objects.filter(pk=version.pk).values_list("status", flat=True).first()
    if status != Version.Status.PUBLISHED:
        raise ApplicationError(
            _("Only the published version of a chapter can be acknowledged."),
            code="not_published",
        )
    # whoever acknowledges a version has read it
    version.status = status
    mark_read(actor=actor, version=version)
    existing = Acknowledgement.objects.filter(version=version, employee=employee).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Acknowledgement.objects.create(version=version, employee=employee)
    except IntegrityError:  # a parallel request acknowledged it first
        return Acknowledgement.objects.get(version=version, employee=employee)
