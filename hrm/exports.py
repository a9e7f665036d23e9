"""Export employees' contract periods with the import's columns (CSV and Excel), so an export
can be edited and imported again."""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core import spreadsheet
from hrm.importers import COLUMNS
from hrm.models import ContractPeriod, Employee


def export_rows(employees: QuerySet[Employee]) -> list[list]:
    contracts = (
        ContractPeriod.objects.filter(employee__in=employees)
        .select_related("employee", "team")
        .order_by("employee__personnel_number", "start")
    )
    return [
        [
            c.employee.personnel_number,
            c.employee.first_name,
            c.employee.last_name,
            c.employee.email,
            c.team.name,
            c.job_title,
            c.hours_per_week,
            c.start,
            c.end,
        ]
        for c in contracts
    ]


def _text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Decimal):
        text = f"{value:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def to_csv(rows: list[list]) -> bytes:
    return spreadsheet.csv_bytes(COLUMNS, rows, text=_text)


def to_xlsx(rows: list[list], sheet_title: str | None = None) -> bytes:
    workbook = Workbook()
    sheet = cast(Worksheet, workbook.active)  # a new workbook starts with one worksheet
    sheet.title = sheet_title or str(_("Employees"))
    spreadsheet.append(sheet, COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        spreadsheet.append(sheet, [float(v) if isinstance(v, Decimal) else v for v in row])
    for index, name in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        width = max([len(name)] + [len(str(r[index - 1] or "")) for r in rows]) + 2
        sheet.column_dimensions[letter].width = min(width, 40)
        if name in {"contract_start", "contract_end"}:
            for cell in sheet[letter][1:]:
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    return spreadsheet.xlsx_bytes(workbook)
