"""The training plan as Excel for the HR partner: one row per item and participant, an item
without participants still one row, the totals and the budget lines; bold frozen header; HR
only; a formula in a title stays text."""

from datetime import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import translation
from openpyxl import load_workbook

from development.series import AMSTERDAM
from development.services import plan as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(now, hr, employee, colleague):
    plan = services.plan_save(hr, year=2026, budget=Decimal("5000"))
    start = datetime(2026, 11, 3, 9, tzinfo=AMSTERDAM)
    trauma = services.item_save(
        hr,
        plan,
        title="Traumatherapie",
        provider="Fier",
        hours="8",
        cost="300",
        cost_basis="total",
        points={"training": 8},
        participants=[employee.employee, colleague.employee],
        sessions=[(start, start.replace(hour=17), "")],
    )
    services.item_set_status(hr, trauma, "planned")
    schip = services.item_save(
        hr,
        plan,
        title="=SCHIP-training",
        organisation_wide=True,
        hours="4",
        cost="1000",
        cost_basis="total",
    )
    services.item_set_status(hr, schip, "done")
    return plan


def _sheet(client, user, year=2026):
    user.language = "en"  # the headers in English (the user's language decides)
    user.save()
    client.force_login(user)
    with translation.override("en"):
        return client.get(f"/development/plan/{year}/export.xlsx")


def test_export_rows_totals_and_budget(client, hr, plan, employee):
    response = _sheet(client, hr)
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = rows[0]
    assert header[:11] == [
        "Year",
        "Training",
        "Provider",
        "Status",
        "Organisation-wide",
        "Team budget",
        "Participant",
        "Personnel number",
        "Sessions",
        "Hours",
        "Cost per participant (euro)",
    ]
    assert header[11] == "Points: training"
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width >= 10
    items = [r for r in rows[1:] if r[0] == 2026]
    # the title is text, not a formula
    schip = [r for r in items if r[1] == "=SCHIP-training"]
    assert len(schip) == 1 and schip[0][6] in (None, "") and schip[0][10] == 1000
    trauma = [r for r in items if r[1] == "Traumatherapie"]
    assert len(trauma) == 2
    assert employee.employee.personnel_number in {r[7] for r in trauma}
    assert len({r[6] for r in trauma}) == 2
    assert all(r[10] == 150 and r[9] == 8 and r[11] == 8 for r in trauma)
    assert trauma[0][8] == "2026-11-03 09:00-17:00"
    labels = {r[0]: r for r in rows if isinstance(r[0], str)}
    total = labels["Total (without cancelled)"]
    assert total[9] == 20 and total[10] == 1300
    assert labels["Budget"][1] == 5000
    assert labels["Committed"][1] == 300
    assert labels["Spent"][1] == 1000
    assert labels["Left"][1] == 3700
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "=SCHIP-training")
    assert cell.data_type == "s"


def test_export_is_for_hr_only(client, plan, manager, director):
    assert _sheet(client, manager).status_code == 403
    assert _sheet(client, director).status_code == 403


def test_export_of_a_year_without_plan_is_404(client, hr, plan):
    assert _sheet(client, hr, year=2031).status_code == 404
