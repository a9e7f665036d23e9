"""Reading the CSV files HR gets from payroll and spreadsheets: UTF-8 with or without BOM,
`,` or `;` separated, a header row. Problems are reported per line and field. A cell our
exports guarded against formulas (`'=...`, core.spreadsheet) is read as the text it was."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Literal, overload

from django.utils.translation import gettext as _

from core import dates
from core.spreadsheet import unguard

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, order=True)
class Problem:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.field}: {self.message}"


class FieldError(ValueError):
    """Raised by the parse helpers; the importer turns it into a Problem for its line and field."""


@dataclass
class CsvFile:
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line number, {column: value})
    problems: list[Problem]


def read_csv(data: bytes | str, *, required: list[str], optional: Sequence[str] = ()) -> CsvFile:
    """Decode, detect the delimiter, check the header. Line 1 is the header row."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return CsvFile([], [], [Problem(1, "file", _("The file is not UTF-8 encoded text."))])
    else:
        text = data.removeprefix("\ufeff")
    if not text.strip():
        return CsvFile([], [], [Problem(1, "file", _("The file is empty."))])
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except csv.Error as exc:
        return CsvFile([], [], [Problem(1, "file", str(exc))])

    problems: list[Problem] = []
    known = set(required) | set(optional)
    for name in header:
        if not name:
            problems.append(Problem(1, "header", _("A column has no name.")))
        elif name not in known:
            problems.append(Problem(1, name, _("Unknown column.")))
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            problems.append(Problem(1, name, _("The column appears twice.")))
        seen.add(name)
    for name in required:
        if name not in header:
            problems.append(Problem(1, name, _("Missing column.")))

    rows: list[tuple[int, dict[str, str]]] = []
    line = 1
    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                problems.append(
                    Problem(
                        line,
                        "row",
                        _("Expected %(expected)d values, found %(found)d.")
                        % {"expected": len(header), "found": len(values)},
                    )
                )
                continue
            cells = (unguard(v.strip()).strip() for v in values)  # as exported: no formula guard
            rows.append((line, dict(zip(header, cells, strict=True))))
    except csv.Error as exc:
        problems.append(Problem(line + 1, "row", str(exc)))
    if not rows and not problems:
        problems.append(Problem(2, "file", _("The file has a header but no rows.")))
    return CsvFile(header, rows, problems)


@overload
def parse_date(value: str, *, required: Literal[True] = True) -> date: ...
@overload
def parse_date(value: str, *, required: bool) -> date | None: ...
def parse_date(value: str, *, required: bool = True) -> date | None:
    if not value:
        if required:
            raise FieldError(_("This field is required."))
        return None
    if not ISO_DATE.match(value):
        raise FieldError(_("'%(value)s' is not a date in the form YYYY-MM-DD.") % {"value": value})
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise FieldError(_("'%(value)s' is not an existing date.") % {"value": value}) from None
    if not dates.in_range(day):  # the one rule for every date a person types (core.dates)
        raise FieldError(dates.out_of_range_message())
    return day


def parse_decimal(value: str) -> Decimal:
    if not value:
        raise FieldError(_("This field is required."))
    try:
        number = Decimal(value.replace(",", "."))
    except InvalidOperation:
        raise FieldError(_("'%(value)s' is not a number.") % {"value": value}) from None
    if not number.is_finite():
        raise FieldError(_("'%(value)s' is not a number.") % {"value": value})
    return number


def parse_yes_no(value: str, *, default: bool = False) -> bool:
    normalized = value.strip().lower()
    if not normalized:
        return default
    if normalized in {"yes", "ja", "y", "j", "true", "1"}:
        return True
    if normalized in {"no", "nee", "n", "false", "0"}:
        return False
    raise FieldError(_("'%(value)s' is not yes or no.") % {"value": value})


def required_text(value: str, max_length: int) -> str:
    if not value:
        raise FieldError(_("This field is required."))
    return optional_text(value, max_length)


def optional_text(value: str, max_length: int) -> str:
    if len(value) > max_length:
        raise FieldError(_("At most %(n)d characters.") % {"n": max_length})
    return value
