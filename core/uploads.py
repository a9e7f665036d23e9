"""Uploaded files the apps keep: only PDFs, up to a size, checked before anything is written."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.errors import ApplicationError

PDF_MAGIC = b"%PDF-"
MAX_PDF_BYTES = 20 * 1024 * 1024


def check_pdf(upload, *, field: str, code_prefix: str, max_bytes: int = MAX_PDF_BYTES) -> None:
    """Refuse an upload that does not start like a PDF (`<code_prefix>_not_pdf`) or is larger
    than `max_bytes` (`<code_prefix>_too_large`), with the message beside `field`."""
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head != PDF_MAGIC:
        raise ApplicationError(
            _("%(name)s is not a PDF file.") % {"name": upload.name},
            code=f"{code_prefix}_not_pdf",
            field=field,
        )
    if upload.size > max_bytes:
        raise ApplicationError(
            _("%(name)s is larger than 20 MB.") % {"name": upload.name},
            code=f"{code_prefix}_too_large",
            field=field,
        )
