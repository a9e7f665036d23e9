"""Writes to the reintegration file: records (a consultation, the problem analysis, the action
plan with its agreed activities, an evaluation, a report to UWV...) with their PDF documents,
the employee's own view, and the case's owner and WIA date.

HR and the adjunct-director write the file; the employee writes only their view. A record and
its documents are stored together or not at all: MEDIA_ROOT never holds a file without its row,
and a document's file goes when its row goes (`delete_document_file_on_commit`)."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from datetime import timedelta
from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError, check_fields
from core.permissions import can, employee_of
from core.uploads import MAX_PDF_BYTES, check_pdf
from reintegration.models import CaseActivity, CaseDocument, CaseRecord, ReintegrationCase

logger = logging.getLogger(__name__)

MAX_DOCUMENT_BYTES = MAX_PDF_BYTES
EMPLOYEE_VIEW_KINDS = frozenset(
    {
        CaseRecord.Kind.ACTION_PLAN,
        CaseRecord.Kind.PLAN_EVALUATION,
        CaseRecord.Kind.FIRST_YEAR_EVALUATION,
        CaseRecord.Kind.FINAL_EVALUATION,
    }
)


def _require_manage(actor) -> None:
    if not can(actor, "reintegration.manage"):
        raise PermissionDenied


# Documents ----------------------------------------------------------------------------------------


def _check_document(upload) -> None:
    check_pdf(upload, field="documents", code_prefix="document", max_bytes=MAX_DOCUMENT_BYTES)


@contextmanager
def _files_with_their_rows(uploads):
    """One transaction for rows that carry files (CaseDocument), so that MEDIA_ROOT never holds
    a file without its row: each file written inside (listed in the yielded list) is deleted
    again when the block fails. When it writes files it must be the outermost transaction
    (durable): only then does leaving it without an error mean its rows are committed."""
    written: list[str] = []
    try:
        with transaction.atomic(durable=bool(uploads)):
            yield written
    except BaseException:
        for name in written:
            _delete_file(name)
        raise


def _store_document(*, actor, record: CaseRecord, upload, written: list[str]) -> CaseDocument:
    document = CaseDocument(
        record=record, name=upload.name[:200], size=upload.size, uploaded_by=actor
    )
    document.file.save(upload.name, upload, save=False)
    written.append(document.file.name)
    document.save()
    return document


def _delete_file(name: str) -> None:
    from django.core.files.storage import default_storage

    try:
        default_storage.delete(name)
    except OSError:
        logger.exception("Could not delete the document file %s", name)


def delete_document_file_on_commit(sender, instance: CaseDocument, **kwargs) -> None:
    """post_delete of a CaseDocument (also in a cascade: a record, a case, an employee; also
    from the admin): its file goes once the deletion is committed, never while it can still
    be rolled back."""
    if instance.file.name:
        transaction.on_commit(partial(_delete_file, instance.file.name))


# Records ------------------------------------------------------------------------------------------


def record_add(
    *,
    actor,
    case: ReintegrationCase,
    activities: list[dict] | None = None,
    documents=(),
    **fields,
) -> CaseRecord:
    """Record a consultation, analysis, plan, evaluation or report, with its agreed activities
    and PDF documents: all of it or nothing, files included."""
    _require_manage(actor)
    today = timezone.localdate()
    if fields.get("date") and fields["date"] > today + timedelta(days=366):
        raise ApplicationError(
            _("The date lies more than a year ahead."), code="date_too_late", field="date"
        )
    if fields.get("date") and fields["date"] < case.chain_start:
        raise ApplicationError(
            _("The date lies before the first sick day of this case."),
            code="date_before_case",
            field="date",
        )
    for upload in documents:
        _check_document(upload)
    record = CaseRecord(case=case, created_by=actor, **fields)
    check_fields(record, list(fields))
    planned = [CaseActivity(**activity) for activity in activities or []]
    for activity, given in zip(planned, activities or [], strict=True):
        check_fields(activity, list(given))
    with _files_with_their_rows(documents) as written:
        record.save()
        for activity in planned:
            activity.record = record
            activity.save()
        for upload in documents:
            _store_document(actor=actor, record=record, upload=upload, written=written)
    return record


def documents_add(*, actor, record: CaseRecord, uploads) -> list[CaseDocument]:
    """Add PDF documents to a record: every file is checked before any is written, and either
    all are stored with their rows or none."""
    _require_manage(actor)
    for upload in uploads:
        _check_document(upload)
    with _files_with_their_rows(uploads) as written:
        return [
            _store_document(actor=actor, record=record, upload=upload, written=written)
            for upload in uploads
        ]


def document_add(*, actor, record: CaseRecord, upload) -> CaseDocument:
    return documents_add(actor=actor, record=record, uploads=[upload])[0]


def employee_view_set(*, actor, record: CaseRecord, text: str) -> CaseRecord:
    """The employee's own view on the action plan or an evaluation (only the employee)."""
    me = employee_of(actor)
    if me is None or me.pk != record.case.employee_id:
        raise PermissionDenied
    if record.kind not in EMPLOYEE_VIEW_KINDS:
        raise ApplicationError(
            _("You can add your view to the action plan and the evaluations."),
            code="view_not_allowed",
        )
    record.employee_view = text
    check_fields(record, ["employee_view"])
    record.save(update_fields=["employee_view", "updated_at"])
    return record


# The case -----------------------------------------------------------------------------------------


def case_update(
    *, actor, case: ReintegrationCase, owner=None, wia_letter_date=None
) -> ReintegrationCase:
    _require_manage(actor)
    if owner is not None and not can(owner, "reintegration.manage"):
        raise ApplicationError(
            _("The case owner must be the adjunct-director or the absence specialist."),
            code="owner_invalid",
            field="owner",
        )
    case.owner = owner
    case.wia_letter_date = wia_letter_date
    case.save(update_fields=["owner", "wia_letter_date"])
    return case
