"""The training plan of a year as an Excel file in the layout an HR partner expects: one row per
item and participant (an item without participants, such as an organisation-wide one still to
fill, is one row), then the totals (hours and cost, without cancelled items) and the budget
lines. Written through core.spreadsheet, so no cell is ever a formula."""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from core import spreadsheet
from development.models import PlanItem, TrainingPlan
from development.plan import (
    budget_of,
    category_names,
    cost_per_participant,
    item_total,
    items_of,
)


def _number(value: Decimal) -> float | int:
    return int(value) if value == value.to_integral_value() else float(round(value, 2))


def _sessions(item: PlanItem) -> str:
    return ", ".join(
        f"{timezone.localtime(s.starts_at):%Y-%m-%d %H:%M}-{timezone.localtime(s.ends_at):%H:%M}"
        for s in item.sessions.all()
    )


EURO = '"€" #,##0.00;[Red]-"€" #,##0.00'


def _status(item: PlanItem) -> str:
    if item.status == PlanItem.Status.CANCELLED and item.declined_by_id is not None:
        return pgettext("training", "Declined")
    return str(item.get_status_display())


def plan_rows(plan: TrainingPlan) -> tuple[list[str], list[list], list[PlanItem]]:
    """(header, rows, items) of the plan's sheet, without the totals and budget lines."""
    items = list(items_of(plan))
    categories = sorted({key for item in items for key in (item.points or {})})
    names = category_names()
    header = [
        _("Year"),
        _("Training"),
        _("Provider"),
        _("Status"),
        _("Organisation-wide"),
        _("Team budget"),
        _("Participant"),
        _("Personnel number"),
        _("Sessions"),
        _("Hours"),
        _("Cost per participant (euro)"),
        *[_("Points: %(category)s") % {"category": names.get(key, key)} for key in categories],
    ]
    rows = []
    for item in items:
        participants = list(item.participants.all())
        common = [
            plan.year,
            item.title,
            item.provider,
            _status(item),
            _("yes") if item.organisation_wide else _("no"),
            item.team.name if item.team else "",
        ]
        each = _number(cost_per_participant(item, len(participants)))
        points = [(item.points or {}).get(key, "") for key in categories]
        people = [(p.employee.full_name, p.employee.personnel_number) for p in participants]
        sessions = _sessions(item)  # once per item, not per participant
        for name, number in people or [("", "")]:
            rows.append([*common, name, number, sessions, _number(item.hours), each, *points])
    return header, rows, items


def plan_xlsx(plan: TrainingPlan) -> tuple[bytes, list[PlanItem]]:
    """The workbook's bytes, and the items it holds (for the audit of the export)."""
    header, rows, items = plan_rows(plan)
    workbook = Workbook()
    sheet = cast(Worksheet, workbook.active)  # a new workbook starts with one worksheet
    sheet.title = str(_("Training plan %(year)s") % {"year": plan.year})[:31]
    spreadsheet.append(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        spreadsheet.append(sheet, row)
    counted = [item for item in items if item.status != PlanItem.Status.CANCELLED]
    hours = sum((item.hours * max(1, len(item.participants.all())) for item in counted), Decimal(0))
    cost = sum((item_total(item) for item in counted), Decimal(0))
    spreadsheet.append(sheet, [])
    total_row: list[object] = [""] * len(header)
    total_row[0] = _("Total (without cancelled)")
    total_row[9], total_row[10] = _number(hours), _number(cost)
    spreadsheet.append(sheet, total_row)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    figures = budget_of(plan)
    spreadsheet.append(sheet, [])
    for label, amount in (
        (_("Budget"), figures.budget),
        (_("Committed"), figures.committed),
        (_("Spent"), figures.spent),
        (pgettext("budget", "Left"), figures.left),
    ):
        spreadsheet.append(sheet, [label, _number(amount)])
    for team in figures.teams:
        spreadsheet.append(sheet, [])
        for label, amount in (
            (_("Budget of team %(team)s") % {"team": team.name}, team.budget),
            (_("Committed"), team.committed),
            (_("Spent"), team.spent),
            (pgettext("budget", "Left"), team.left),
        ):
            spreadsheet.append(sheet, [label, _number(amount)])
    for index, name in enumerate(header, start=1):
        width = max([len(str(name))] + [len(str(r[index - 1])) for r in rows]) + 2
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 10), 50)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    for cells in sheet.iter_rows(min_row=2, min_col=11, max_col=11):  # cost per participant
        for cell in cells:
            cell.number_format = EURO
    for cells in sheet.iter_rows(min_row=len(rows) + 3, min_col=2, max_col=2):  # budget lines
        for cell in cells:
            cell.number_format = EURO
    return spreadsheet.xlsx_bytes(workbook), items
