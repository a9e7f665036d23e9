"""A handbook as one PDF (WeasyPrint): its current chapters in order, each with its version and
effective date, after a table of contents with page numbers. The text is the sanitised rendering
of `handbook.markdown`, as on the page."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from handbook.models import Handbook
from hrm.selectors import organisation_settings


def filename(handbook: Handbook) -> str:
    return f"{slugify(handbook.name) or 'handboek'}-{timezone.localdate():%Y-%m-%d}.pdf"


def render_pdf(handbook: Handbook, chapters: list) -> bytes:
    """`chapters`: (published version, its sanitised HTML) in order."""
    from weasyprint import HTML

    html = render_to_string(
        "handbook/handbook_pdf.html",
        {
            "handbook": handbook,
            "chapters": chapters,
            "organisation": organisation_settings().name,
            "printed_at": timezone.localtime(),
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
