"""The reintegration file as one PDF (issue 7): the timeline, every record with its agreed
activities and the employee's view, and the documents listed. The basis for the reintegration
report (re-integratieverslag) that goes with the WIA application."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.template.loader import render_to_string

from absence import cases
from absence.models import ReintegrationCase
from hrm.models import OrganisationSettings


def context(case: ReintegrationCase, today: date) -> dict:
    records = list(case.records.prefetch_related("activities", "documents").order_by("date", "pk"))
    view = cases.view_of(case, today, records=records)
    return {
        "case": case,
        "view": view,
        "timeline": cases.timeline(view),
        "records": records,
        "documents": [d for r in records for d in r.documents.all()],
        "organisation": OrganisationSettings.get().name,
        "today": today,
    }


def render_pdf(case: ReintegrationCase, today: date) -> bytes:
    from weasyprint import HTML

    html = render_to_string("absence/case_file.html", context(case, today))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
