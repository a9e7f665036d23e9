"""Exports of the absence figures. Excel for people: a sheet per grouping (total, per
team, per month, per week) with Dutch headings and number formats, and the definitions on a
sheet of their own. CSV for tools: the chosen grouping with the report's JSON keys as columns,
unrounded, dot decimals. Both carry the audience's suppression ("<5") like the pages."""

from __future__ import annotations

from datetime import date
from typing import cast

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from absence import stats
from absence.figures import Figures
from absence.reporting.report import STATUS_NL
from core import spreadsheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SUPPRESSED = "<5"

# (key, heading, number format); classes follow
FIGURES = [
    ("absence_percentage", "Verzuim %", "0.0"),
    ("status", "Stoplicht", None),
    ("sick_days", "Ziektedagen", "#,##0.0"),
    ("available_days", "Beschikbare dagen", "#,##0.0"),
    ("average_headcount", "Gem. bezetting", "0.00"),
    ("episodes_started", "Ziekmeldingen", "0"),
    ("notification_frequency", "Meldingsfrequentie", "0.00"),
    ("notification_frequency_annualised", "Meldingsfrequentie per jaar", "0.00"),
    ("episodes_ended", "Hersteld", "0"),
    ("mean_duration_days", "Gem. verzuimduur (dagen)", "0.0"),
    ("zero_absence_percentage", "Nulverzuim %", "0.0"),
]
CLASSES = [
    ("short", "Kort verzuim % (1-14 dagen)"),
    ("medium", "Middellang verzuim % (15-91 dagen)"),
    ("long", "Lang verzuim % (92-365 dagen)"),
    ("extra_long", "Extra lang verzuim % (366+ dagen)"),
]
FILLS = {
    "green": PatternFill("solid", fgColor="E6F4EA"),
    "amber": PatternFill("solid", fgColor="FFF1CC"),
    "red": PatternFill("solid", fgColor="FDECEA"),
}
DEFINITIONS = [
    (
        "Periode",
        "Van de begindatum tot en met de einddatum; weken zijn ISO-weken (maandag t/m zondag), maanden kalendermaanden.",
    ),
    (
        "Beschikbare dagen",
        "Som over alle kalenderdagen in dienst van de deeltijdfactor (uren per week / voltijd-uren).",
    ),
    (
        "Ziektedagen",
        "Som over alle kalenderdagen ziek én in dienst van deeltijdfactor × arbeidsongeschiktheid (1 − werkpercentage/100).",
    ),
    (
        "Verzuim %",
        "100 × ziektedagen / beschikbare dagen (Vernet/CBS-methode: kalenderdagen, zwangerschaps- en bevallingsverlof telt niet als verzuim).",
    ),
    ("Stoplicht", "Groen: t/m de norm; oranje: t/m de norm + de oranje marge; rood: daarboven."),
    ("Gem. bezetting", "Aantal mensdagen in dienst / aantal dagen in de periode."),
    ("Ziekmeldingen", "Aantal verzuimgevallen met de eerste ziektedag in de periode."),
    (
        "Meldingsfrequentie",
        "Ziekmeldingen / gemiddelde bezetting; per jaar: × 365 / dagen in de periode (een heel kalenderjaar of 12 hele maanden: × 1).",
    ),
    ("Hersteld", "Aantal verzuimgevallen met de hersteldatum in de periode."),
    (
        "Gem. verzuimduur",
        "Gemiddelde duur in kalenderdagen (hersteldatum − eerste ziektedag) van de gevallen die in de periode eindigden.",
    ),
    (
        "Nulverzuim %",
        "100 × medewerkers in dienst zonder ziektedag in de periode / medewerkers in dienst in de periode.",
    ),
    (
        "Verzuimduurklassen",
        "Naar duur van het geval: kort 1-14, middellang 15-91, lang 92-365, extra lang 366+ dagen; een lopend geval telt tot het einde van de periode. De klassen tellen op tot het totaal.",
    ),
    (
        "Team",
        "Het team van het contract dat op die dag gold; meldingen en herstel tellen bij het team op de eerste ziektedag.",
    ),
    (
        "<5",
        "Een groep met minder dan 5 verschillende medewerkers in dienst in de periode wordt voor PVT en bestuur niet getoond (privacy).",
    ),
]


def _sheet(workbook: Workbook, title: str, report: dict, key_heading: str, norms_note: str):
    sheet = workbook.create_sheet(title)
    headings = [key_heading] + [h for _k, h, _f in FIGURES] + [h for _k, h in CLASSES]
    spreadsheet.append(sheet, headings)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    rows = [("Totaal", report["total"]), *((g["key"], g) for g in report["groups"])]
    for key, row in rows:
        if row.get("suppressed"):
            spreadsheet.append(sheet, [key] + [SUPPRESSED] * (len(headings) - 1))
            continue
        values = [STATUS_NL.get(row[k]) if k == "status" else row[k] for k, _h, _f in FIGURES]
        classes = row["absence_percentage_by_class"]
        spreadsheet.append(sheet, [key, *values, *(classes[k] for k, _h in CLASSES)])
        line = sheet.max_row
        for column, (_k, _h, fmt) in enumerate(FIGURES, start=2):
            if fmt:
                sheet.cell(line, column).number_format = fmt
        for column in range(len(FIGURES) + 2, len(headings) + 1):
            sheet.cell(line, column).number_format = "0.0"
        if row["status"] in FILLS:
            sheet.cell(line, 3).fill = FILLS[row["status"]]
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 18
    for column in range(2, len(headings) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 14
    sheet.row_dimensions[1].height = 45
    sheet.freeze_panes = "B2"
    spreadsheet.append(sheet, [])
    spreadsheet.append(sheet, [norms_note])


def to_xlsx(figures: Figures, start: date, end: date, team: str | None) -> bytes:
    workbook = Workbook()
    workbook.remove(cast(Worksheet, workbook.active))  # the one a new workbook starts with
    norms = figures.norms
    note = (
        f"Periode {start:%d-%m-%Y} t/m {end:%d-%m-%Y}"
        + (f", team {team}" if team else "")
        + f"; norm {norms.target_percentage:g}%, oranje t/m {norms.target_percentage + norms.amber_band:g}%."
    )
    for title, by, heading in [
        ("Totaal", None, ""),
        ("Per team", "team", "Team"),
        ("Per maand", "month", "Maand"),
        ("Per week", "week", "Week"),
    ]:
        _sheet(workbook, title, figures.report(start, end, by, team), heading, note)
    definitions = workbook.create_sheet("Definities")
    spreadsheet.append(definitions, ["Begrip", "Definitie"])
    for cell in definitions[1]:
        cell.font = Font(bold=True)
    for row in DEFINITIONS:
        spreadsheet.append(definitions, list(row))
    spreadsheet.append(definitions, [])
    spreadsheet.append(
        definitions,
        [
            "Norm",
            f"{norms.target_percentage:g}% (instelling); oranje marge {norms.amber_band:g} procentpunt.",
        ],
    )
    definitions.column_dimensions["A"].width = 22
    definitions.column_dimensions["B"].width = 110
    for row in definitions.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    return spreadsheet.xlsx_bytes(workbook)


CSV_KEYS = [k for k in stats.METRIC_KEYS if k != "absence_percentage_by_class"]


def to_csv(report: dict) -> bytes:
    """`group` (total, a team, YYYY-MM or YYYY-Www), `suppressed`, the report's figures and
    the four classes; a suppressed group has empty figures."""
    class_keys = [f"absence_percentage_{k}" for k in stats.CLASSES]
    rows = []
    for key, row in [("total", report["total"]), *((g["key"], g) for g in report["groups"])]:
        classes = row.get("absence_percentage_by_class") or {}
        rows.append(
            [
                key,
                "yes" if row.get("suppressed") else "no",
                *(row.get(k) for k in CSV_KEYS),
                *(classes.get(k) for k in stats.CLASSES),
            ]
        )
    return spreadsheet.csv_bytes(["group", "suppressed", *CSV_KEYS, *class_keys], rows)
