"""The audit trail of reads of individual sickness records (privacy.md)."""

from __future__ import annotations

from collections.abc import Iterable

from core.models import AuditEvent


def record_reads(actor, records: Iterable[tuple[object, str, str, object]]) -> int:
    """Write one audit row per (employee, action, object_type, object_id) read by `actor`,
    skipping the employee's own records. One query, however many rows."""
    from core.permissions import employee_of

    me = employee_of(actor)
    rows = [
        AuditEvent(
            actor=actor,
            actor_username=actor.get_username(),
            subject=employee,
            subject_label=f"{employee.personnel_number} {employee.full_name}",
            action=action,
            object_type=object_type,
            object_id=str(object_id or ""),
        )
        for employee, action, object_type, object_id in records
        if me is None or employee.pk != me.pk
    ]
    AuditEvent.objects.bulk_create(rows)
    return len(rows)


def record_read(actor, employee, action: str, object_type: str, object_id=None) -> int:
    return record_reads(actor, [(employee, action, object_type, object_id)])
