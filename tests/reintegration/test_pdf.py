"""The reintegration file as one PDF: the timeline, every record with the employee's view and
the documents listed."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import timedelta

import pytest

from reintegration.services import (
    employee_view_set,
    record_add,
)
from tests.reintegration.helpers import (
    SICK_SINCE,
    Kind,
)

pytestmark = pytest.mark.usefixtures("_today")


def test_case_file_pdf(client, adjunct, person, plan, tmp_path):
    employee_view_set(
        actor=person.user, record=plan, text="Ik ben het eens met het plan van aanpak."
    )
    for n in range(12):
        record_add(
            actor=adjunct,
            case=plan.case,
            kind=Kind.CONSULTATION,
            date=SICK_SINCE + timedelta(days=n),
            company_doctor="Dr. Visser",
            hours_per_day=2,
            can_do="Lichte administratieve taken\n" * 3,
            cannot_do="Tillen, lang staan",
        )
    client.force_login(adjunct)

    response = client.get(f"/reintegration/cases/{plan.case_id}/file.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert person.personnel_number in response["Content-Disposition"]
    assert "20250505" in response["Content-Disposition"]
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        return
    path = tmp_path / "file.pdf"
    path.write_bytes(response.content)
    info = subprocess.run([pdfinfo, path], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert pages >= 2, "timeline and thirteen records do not fit on one page"
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        text = subprocess.run(
            [pdftotext, "-layout", path, "-"], capture_output=True, text=True, check=True
        ).stdout
        assert person.full_name in text
        assert "plan-van-aanpak.pdf" in text  # the documents are listed
        assert "Ik ben het eens met het plan van aanpak." in text
        assert "Probleemanalyse" in text
