"""The audit trail of reads of individual sickness and reintegration records (privacy.md).

Every door (page, API endpoint, PDF, document, calendar feed) takes such a record through
`audited_get` (one record) or `record_reads` (the rows of a list it shows), so a read by
someone other than the employee cannot go unrecorded. A DRF viewset of such records gets both
from `AuditedReads`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.http import Http404

from core.models import AuditEvent

if TYPE_CHECKING:
    # mypy checks the mixin below as the DRF view it is mixed into; at run time it stays a
    # plain class, and this module does not load DRF.
    from rest_framework.generics import GenericAPIView as _DrfView
else:
    _DrfView = object


def record_reads(actor, records: Iterable[tuple[Any, str, str, object]]) -> int:
    """Write one audit row per (employee, action, object_type, object_id) read by `actor`,
    skipping the employee's own records and repeats. One query, however many rows."""
    from core.permissions import employee_of

    me = employee_of(actor)
    rows: dict[tuple[int, str, str, str], AuditEvent] = {}
    for employee, action, object_type, object_id in records:
        if me is not None and employee.pk == me.pk:
            continue
        rows.setdefault(
            (employee.pk, action, object_type, str(object_id or "")),
            AuditEvent(
                actor=actor,
                actor_username=actor.get_username(),
                subject=employee,
                subject_label=f"{employee.personnel_number} {employee.full_name}",
                action=action,
                object_type=object_type,
                object_id=str(object_id or ""),
            ),
        )
    AuditEvent.objects.bulk_create(rows.values())
    return len(rows)


def record_read(actor, employee, action: str, object_type: str, object_id=None) -> int:
    return record_reads(actor, [(employee, action, object_type, object_id)])


def audit_list(
    actor, records: Iterable, *, action: str, object_type: str, subject: str = "employee"
) -> int:
    """Audit the rows of a list `actor` is shown; `subject` is the path to each row's employee."""
    whose = attrgetter(subject)
    return record_reads(actor, [(whose(r), action, object_type, r.pk) for r in records])


def audited_get(
    viewer,
    queryset,
    pk,
    *,
    action: str,
    object_type: str,
    subject: str | None = "employee",
    check: Callable[[object], None] | None = None,
):
    """The one way a door takes an individual record: the record `pk` among `queryset` (the
    records `viewer` may see; else 404, also for an id that is not a number), then `check(record)`
    (raises to refuse, before anything is read), then its audit row. `subject` is the path from
    the record to the employee it is about (None: the record is the employee)."""
    try:
        record = queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None
    if check is not None:
        check(record)
    whose = record if subject is None else attrgetter(subject)(record)
    record_read(viewer, whose, action, object_type, record.pk)
    return record


class AuditedReads(_DrfView):
    # For a DRF viewset of individual records: the object of every detail route (retrieve, its
    # actions, destroy) comes from `read_one(user, pk)` (an `audited_get`), and each page `list`
    # shows is audited with `read_page(user, rows)`. A viewset of such records must mix this in
    # (tests/absence/test_audited_reads.py checks the router). A comment, not a docstring:
    # drf-spectacular would show a mixin's docstring as the description of the operations.

    read_one: Callable
    read_page: Callable

    def get_object(self):
        pk = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        record = type(self).read_one(self.request.user, pk)
        self.check_object_permissions(self.request, record)
        return record

    def list(self, request, *args, **kwargs):
        rows = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(rows)
        shown = list(page if page is not None else rows)
        type(self).read_page(request.user, shown)
        data = self.get_serializer(shown, many=True).data
        return self.get_paginated_response(data) if page is not None else self._response(data)

    def _response(self, data):
        from rest_framework.response import Response

        return Response(data)
