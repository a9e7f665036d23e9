"""What a person last read of a chapter (`ReadMark`): opening a chapter's page moves the mark to
the version shown, so the next visit can show what changed since."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.permissions import employee_of
from handbook.models import ReadMark, Version


def mark_read(*, actor, version: Version) -> ReadMark | None:
    """`actor` read the published `version` of its chapter. Nothing for a login without an
    employee record or a version that is not the published one. Two requests at once: the
    one-mark-per-person-and-chapter constraint decides, the other updates the winner's row."""
    employee = employee_of(actor)
    if employee is None or version.status != Version.Status.PUBLISHED:
        return None
    now = timezone.now()
    marks = ReadMark.objects.filter(chapter_id=version.chapter_id, employee=employee)
    if not marks.update(version=version, read_at=now):
        try:
            with transaction.atomic():
                return ReadMark.objects.create(
                    chapter_id=version.chapter_id, employee=employee, version=version
                )
        except IntegrityError:  # a parallel request made the mark first
            marks.update(version=version, read_at=now)
    return marks.first()
