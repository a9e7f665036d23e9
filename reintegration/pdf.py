"""The reintegration file as one PDF: the timeline, every record with its agreed
activities and the employee's view, and the documents listed. The basis for the reintegration
report (re-integratieverslag) that goes with the WIA application."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.template.loader import render_to_string

from hrm.models import OrganisationSettings
from reintegration.models import ReintegrationCase
from reintegration.selectors import timeline, view_of


def context(case: ReintegrationCase, today: date) -> dict:
    records = list(case.records.prefetch_related("activities", "documents").order_by("date", "pk"))
    view = view_of(case, today, records=records)
    return {
        "case": case,
        "view": view,
        "timeline": timeline(view),
        "records": records,
        "documents": [d for r in records for d in r.documents.all()],
        "organisation": OrganisationSettings.get().name,
        "today": today,
    }


def render_pdf(case: ReintegrationCase, today: date) -> bytes:
    from weasyprint import HTML

    html = render_to_string("reintegration/case_file.html", context(case, today))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
