"""The employee CSV import: `manage.py import_employees PATH` and the HR upload page.

Spec: header row; UTF-8 with or without BOM; `,` or `;`; one row per contract period; upsert on
personnel number + contract start; teams created by name; any invalid row aborts the whole import,
every problem printed as `line N, field: message` on stderr, exit status 1."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from hrm.models import ContractPeriod, Employee, Team, sort_name
from hrm.views import IMPORT_SESSION_KEY
from tests.factories import ContractFactory, EmployeeFactory, TeamFactory

AMS = ZoneInfo("Europe/Amsterdam")
HEADER = (
    "personnel_number,first_name,last_name,email,team,job_title,hours_per_week,"
    "contract_start,contract_end"
)
PROBLEM_LINE = re.compile(r"^line (\d+), (\w+): .+$")


# Helpers ----------------------------------------------------------------------------------------


def csv_text(*rows: str, header: str = HEADER, sep: str = ",") -> str:
    lines = [header.replace(",", sep), *rows]  # rows are written with their own separator
    return "\n".join(lines) + "\n"


def write(tmp_path, content: str | bytes, name: str = "people.csv"):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def run_command(path, *args) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of `import_employees PATH`."""
    out, err = io.StringIO(), io.StringIO()
    status = 0
    try:
        call_command("import_employees", str(path), *args, stdout=out, stderr=err)
    except SystemExit as exc:
        status = exc.code
    return status, out.getvalue(), err.getvalue()


def reported(stderr: str) -> list[tuple[int, str]]:
    """The (line, field) pairs of the `line N, field: message` lines on stderr."""
    found = []
    for text in stderr.splitlines():
        match = PROBLEM_LINE.match(text.strip())
        if match:
            found.append((int(match[1]), match[2]))
    return found


def snapshot() -> dict:
    """Everything the import can write, including updated_at: equal snapshots = no writes."""
    return {
        "counts": (Employee.objects.count(), ContractPeriod.objects.count(), Team.objects.count()),
        "employees": list(
            Employee.objects.order_by("pk").values_list(
                "pk", "personnel_number", "first_name", "last_name", "email", "updated_at"
            )
        ),
        "contracts": list(
            ContractPeriod.objects.order_by("pk").values_list(
                "pk", "employee_id", "start", "end", "hours_per_week", "team_id", "job_title"
            )
        ),
        "teams": list(Team.objects.order_by("pk").values_list("pk", "name")),
    }


@pytest.fixture
def existing(db):
    """P0001 Jan de Vries, in team Waalre since 2022-01-01, open-ended, 36 hours."""
    employee = EmployeeFactory(
        personnel_number="P0001", first_name="Jan", last_name="de Vries", email="jan@example.nl"
    )
    ContractFactory(
        employee=employee,
        start=date(2022, 1, 1),
        end=None,
        hours_per_week=Decimal("36"),
        team=TeamFactory(name="Waalre"),
        job_title="Jongerenwerker",
    )
    return employee


# A valid row for a new employee in a new team: if an import wrote anything despite a bad row,
# this employee, their contract or the team would appear.
VALID_NEW = "P0100,Anna,Bakker,anna@example.nl,Nieuw Team,Buurtwerker,24,2023-03-01,"
JAN = "P0001,Jan,de Vries,jan@example.nl,Waalre,Jongerenwerker"


# Successful imports -----------------------------------------------------------------------------


def test_import_creates_employees_contracts_and_teams(tmp_path, db):
    path = write(
        tmp_path,
        csv_text(
            "P0100,Anna,Bakker,Anna@Example.nl,Geldrop,Buurtwerker,24,2022-01-01,2022-12-31",
            "P0100,Anna,Bakker,Anna@Example.nl,Waalre,Coördinator,32,2023-01-01,",
            "P0200,Zoë,van der Berg,,Geldrop,Jongerenwerker,36,2024-05-01,2025-04-30",
        ),
    )

    status, out, err = run_command(path)

    assert (status, err) == (0, "")
    assert out.strip()  # a summary
    assert sorted(Team.objects.values_list("name", flat=True)) == ["Geldrop", "Waalre"]
    anna = Employee.objects.get(personnel_number="P0100")
    assert (anna.first_name, anna.last_name) == ("Anna", "Bakker")
    assert anna.email == "Anna@Example.nl"  # as written, like the services store it
    contracts = list(
        anna.contracts.order_by("start").values_list(
            "start", "end", "hours_per_week", "team__name", "job_title"
        )
    )
    assert contracts == [
        (date(2022, 1, 1), date(2022, 12, 31), Decimal("24"), "Geldrop", "Buurtwerker"),
        (date(2023, 1, 1), None, Decimal("32"), "Waalre", "Coördinator"),
    ]
    zoe = Employee.objects.get(personnel_number="P0200")
    assert (zoe.first_name, zoe.last_name, zoe.email) == ("Zoë", "van der Berg", "")
    assert zoe.contracts.get().end == date(2025, 4, 30)


def test_imported_employees_sort_by_surname_without_prefix(tmp_path, existing):
    """bulk_create skips Employee.save(): the importer fills sort_name itself."""
    path = write(
        tmp_path,
        csv_text(
            "P0100,Anna,Bakker,,Waalre,Werker,24,2023-03-01,",
            "P0200,Zoë,van der Berg,,Waalre,Werker,24,2023-03-01,",
            "P0001,Jan,van Dam,jan@example.nl,Waalre,Jongerenwerker,36,2022-01-01,",  # renamed
        ),
    )

    status, _out, err = run_command(path)

    assert (status, err) == (0, "")
    assert dict(Employee.objects.values_list("personnel_number", "sort_name")) == {
        "P0100": sort_name("Anna", "Bakker"),
        "P0200": sort_name("Zoë", "van der Berg"),
        "P0001": sort_name("Jan", "van Dam"),
    }
    assert list(Employee.objects.values_list("last_name", flat=True)) == [
        "Bakker",
        "van der Berg",
        "van Dam",
    ]


def test_existing_team_is_matched_by_name_case_insensitively(tmp_path, team_a):
    path = write(tmp_path, csv_text("P0100,Anna,Bakker,,geldrop-mierlo,Buurtwerker,24,2023-03-01,"))

    status, _out, err = run_command(path)

    assert (status, err) == (0, "")
    assert Team.objects.count() == 1
    assert ContractPeriod.objects.get().team == team_a


def test_team_names_differing_only_in_case_create_one_team(tmp_path, db):
    path = write(
        tmp_path,
        csv_text(
            "P0100,Anna,Bakker,,Nieuw Team,Buurtwerker,24,2023-03-01,",
            "P0200,Piet,Smit,,nieuw team,Buurtwerker,24,2023-03-01,",
        ),
    )

    status, _out, err = run_command(path)

    assert (status, err) == (0, "")
    assert list(Team.objects.values_list("name", flat=True)) == ["Nieuw Team"]
    assert set(ContractPeriod.objects.values_list("team__name", flat=True)) == {"Nieuw Team"}


def test_utf8_with_bom_and_crlf(tmp_path, db):
    text = csv_text("P0100,Zoë,Ćosić,,Geldrop,Buurtwerker,24,2023-03-01,").replace("\n", "\r\n")
    path = write(tmp_path, "\ufeff".encode() + text.encode("utf-8"))

    status, _out, err = run_command(path)

    assert (status, err) == (0, "")
    employee = Employee.objects.get(personnel_number="P0100")  # not "\ufeffpersonnel_number"
    assert (employee.first_name, employee.last_name) == ("Zoë", "Ćosić")


@pytest.mark.parametrize(
    ("sep", "hours"),
    [(",", "28.5"), (",", '"28,5"'), (";", "28,5"), (";", "28.5"), (";", "28,50")],
)
def test_separator_and_decimal_hours(tmp_path, db, sep, hours):
    row = f"P0100{sep}Anna{sep}Bakker{sep}{sep}Geldrop{sep}Buurtwerker{sep}{hours}{sep}2023-03-01{sep}"
    path = write(tmp_path, csv_text(row, sep=sep))

    status, _out, err = run_command(path)

    assert (status, err) == (0, "")
    contract = ContractPeriod.objects.get()
    assert contract.hours_per_week == Decimal("28.5")
    assert contract.job_title == "Buurtwerker"
    assert contract.end is None


def test_semicolon_file_with_bom_and_commas_in_values(tmp_path, db):
    text = (
        "personnel_number;first_name;last_name;email;team;job_title;hours_per_week;"
        "contract_start;contract_end\n"
        "P0100;Anna;Bakker;;Geldrop, Mierlo;Werker, senior;31,25;2023-03-01;2024-02-29\n"
    )
    path = write(tmp_path, b"\xef\xbb\xbf" + text.encode())

    status, _out, err = run_command(path)

    assert (status, err) == (0, "")
    contract = ContractPeriod.objects.select_related("team").get()
    assert (contract.team.name, contract.job_title) == ("Geldrop, Mierlo", "Werker, senior")
    assert (contract.hours_per_week, contract.end) == (Decimal("31.25"), date(2024, 2, 29))


def test_boundary_hours_are_allowed(tmp_path, db):
    path = write(
        tmp_path,
        csv_text(
            "P0100,Anna,Bakker,,Geldrop,Buurtwerker,60,2023-03-01,",
            "P0200,Piet,Smit,,Geldrop,Buurtwerker,0.01,2023-03-01,",
        ),
    )

    status, _out, err = run_command(path)

    assert (status, err) == (0, "")
    assert sorted(ContractPeriod.objects.values_list("hours_per_week", flat=True)) == [
        Decimal("0.01"),
        Decimal("60"),
    ]


def test_touching_contracts_next_day_are_fine(tmp_path, db):
    path = write(
        tmp_path,
        csv_text(
            "P0100,Anna,Bakker,,Geldrop,Buurtwerker,24,2022-01-01,2022-12-31",
            "P0100,Anna,Bakker,,Geldrop,Buurtwerker,32,2023-01-01,",
        ),
    )

    status, _out, err = run_command(path)

    assert (status, err) == (0, "")
    assert ContractPeriod.objects.count() == 2


def test_second_run_of_the_same_file_changes_nothing(tmp_path, existing):
    path = write(
        tmp_path,
        csv_text(
            f"{JAN},36,2022-01-01,",
            "P0100,Anna,Bakker,anna@example.nl,Geldrop,Buurtwerker,28.5,2022-01-01,2022-12-31",
            "P0100,Anna,Bakker,anna@example.nl,Geldrop,Coördinator,32,2023-01-01,",
        ),
    )
    with time_machine.travel(datetime(2024, 6, 3, 9, 0, tzinfo=AMS), tick=False):
        assert run_command(path)[0] == 0
    first = snapshot()
    assert first["counts"] == (2, 3, 2)

    # a later clock: any save would move updated_at
    with time_machine.travel(datetime(2024, 6, 4, 9, 0, tzinfo=AMS), tick=False):
        status, _out, err = run_command(path)

    assert (status, err) == (0, "")
    assert snapshot() == first


def test_file_matching_the_database_changes_nothing(tmp_path, existing):
    before = snapshot()
    path = write(tmp_path, csv_text(f"{JAN},36.00,2022-01-01,"))

    status, _out, err = run_command(path)

    assert (status, err) == (0, "")
    assert snapshot() == before


def test_hours_are_updated_on_an_existing_contract_start(tmp_path, existing):
    contract = existing.contracts.get()
    employee_updated_at = Employee.objects.get(pk=existing.pk).updated_at
    path = write(tmp_path, csv_text(f"{JAN},28,5,2022-01-01,".replace("28,5", '"28,5"')))

    status, _out, err = run_command(path)

    assert (status, err) == (0, "")
    assert ContractPeriod.objects.count() == 1
    contract.refresh_from_db()
    assert contract.hours_per_week == Decimal("28.5")
    assert contract.start == date(2022, 1, 1)
    # the employee's own fields did not change, so the employee row was not saved
    assert Employee.objects.get(pk=existing.pk).updated_at == employee_updated_at


def test_employee_fields_are_updated(tmp_path, existing):
    path = write(
        tmp_path,
        csv_text(
            "P0001,Johannes,de Vries,j.devries@example.nl,Waalre,Jongerenwerker,36,2022-01-01,"
        ),
    )

    status, _out, err = run_command(path)

    assert (status, err) == (0, "")
    existing.refresh_from_db()
    assert (existing.first_name, existing.email) == ("Johannes", "j.devries@example.nl")
    assert Employee.objects.count() == 1


def test_existing_contract_is_ended_and_a_new_one_added(tmp_path, existing):
    old = existing.contracts.get()
    path = write(
        tmp_path,
        csv_text(f"{JAN},36,2022-01-01,2023-12-31", f"{JAN},24,2024-01-01,"),
    )

    status, _out, err = run_command(path)

    assert (status, err) == (0, "")
    assert list(
        existing.contracts.order_by("start").values_list("pk", "end", "hours_per_week")
    ) == [
        (old.pk, date(2023, 12, 31), Decimal("36")),
        (ContractPeriod.objects.get(start=date(2024, 1, 1)).pk, None, Decimal("24")),
    ]


def test_contracts_missing_from_the_file_are_kept(tmp_path, existing):
    ContractPeriod.objects.filter(employee=existing).update(end=date(2022, 12, 31))
    path = write(tmp_path, csv_text(f"{JAN},24,2023-01-01,"))

    status, _out, err = run_command(path)

    assert (status, err) == (0, "")
    assert list(existing.contracts.order_by("start").values_list("start", "end")) == [
        (date(2022, 1, 1), date(2022, 12, 31)),
        (date(2023, 1, 1), None),
    ]


def test_dry_run_writes_nothing(tmp_path, existing):
    before = snapshot()
    path = write(tmp_path, csv_text(VALID_NEW, f"{JAN},20,2022-01-01,"))

    status, out, err = run_command(path, "--dry-run")

    assert (status, err) == (0, "")
    assert "Dry run" in out
    assert snapshot() == before


def test_unreadable_path_is_a_command_error(tmp_path, db):
    with pytest.raises(CommandError):
        call_command("import_employees", str(tmp_path / "missing.csv"), stderr=io.StringIO())


# Invalid files: every problem reported, nothing written -----------------------------------------


ROW_ERRORS = {
    "start_not_iso": (f"{JAN},36,01-02-2024,", [(3, "contract_start")]),
    "start_not_a_day": (f"{JAN},36,2024-02-30,", [(3, "contract_start")]),
    "start_missing": (f"{JAN},36,,", [(3, "contract_start")]),
    "end_not_a_date": (f"{JAN},36,2022-01-01,2024-13-01", [(3, "contract_end")]),
    "end_before_start": (f"{JAN},36,2022-01-01,2021-12-31", [(3, "contract_end")]),
    "hours_zero": (f"{JAN},0,2022-01-01,", [(3, "hours_per_week")]),
    "hours_negative": (f"{JAN},-4,2022-01-01,", [(3, "hours_per_week")]),
    "hours_above_60": (f"{JAN},60.01,2022-01-01,", [(3, "hours_per_week")]),
    "hours_way_above_60": (f"{JAN},61,2022-01-01,", [(3, "hours_per_week")]),
    "hours_not_a_number": (f"{JAN},veel,2022-01-01,", [(3, "hours_per_week")]),
    "hours_nan": (f"{JAN},NaN,2022-01-01,", [(3, "hours_per_week")]),
    "hours_missing": (f"{JAN},,2022-01-01,", [(3, "hours_per_week")]),
    "hours_three_decimals": (f"{JAN},28.125,2022-01-01,", [(3, "hours_per_week")]),
    "first_name_missing": (
        "P0001,,de Vries,jan@example.nl,Waalre,Jongerenwerker,36,2022-01-01,",
        [(3, "first_name")],
    ),
    "team_missing": (
        "P0001,Jan,de Vries,jan@example.nl,,Jongerenwerker,36,2022-01-01,",
        [(3, "team")],
    ),
    "email_invalid": (
        "P0001,Jan,de Vries,jan-at-example,Waalre,Jongerenwerker,36,2022-01-01,",
        [(3, "email")],
    ),
    "personnel_number_too_long": (
        "P" + "1" * 20 + ",Jan,de Vries,,Waalre,Jongerenwerker,36,2022-01-01,",
        [(3, "personnel_number")],
    ),
    "email_longer_than_the_field": (  # a valid address (under 320 characters), but over 254
        f"P0001,Jan,de Vries,{'j' * 64}@{'example.' * 28}nl,Waalre,Jongerenwerker,36,2022-01-01,",
        [(3, "email")],
    ),
    "end_out_of_range": (f"{JAN},36,2022-01-01,9999-12-31", [(3, "contract_end")]),
    "start_out_of_range": (f"{JAN},36,0001-01-01,", [(3, "contract_start")]),
    "too_few_values": ("P0001,Jan,de Vries", [(3, "row")]),
    # against the database: P0001 has an open contract since 2022-01-01
    "overlaps_existing_open_contract": (f"{JAN},24,2023-01-01,", [(3, "contract_start")]),
    "overlaps_existing_from_before": (f"{JAN},24,2021-01-01,2022-01-01", [(3, "contract_start")]),
}


@pytest.mark.parametrize("case", ROW_ERRORS.values(), ids=ROW_ERRORS.keys())
def test_bad_row_aborts_the_whole_import(tmp_path, existing, case):
    bad_row, expected = case
    before = snapshot()
    # line 2 is valid (new employee in a new team), line 3 is bad, line 4 is valid again
    path = write(
        tmp_path, csv_text(VALID_NEW, bad_row, "P0300,Piet,Smit,,Waalre,Werker,20,2023-01-01,")
    )

    status, out, err = run_command(path)

    assert status == 1
    assert reported(err) == expected
    assert out == ""
    assert snapshot() == before


FILE_ERRORS = {
    "unknown_column": (
        csv_text(f"{VALID_NEW},X", header=f"{HEADER},bsn"),
        [(1, "bsn")],
    ),
    "missing_column": (
        csv_text(
            "P0100,Anna,Bakker,anna@example.nl,Nieuw Team,24,2023-03-01,",
            header=HEADER.replace("job_title,", ""),
        ),
        [(1, "job_title")],
    ),
    "missing_and_unknown_column": (
        csv_text(
            "P0100,Anna,Bakker,anna@example.nl,Nieuw Team,Buurtwerker,24,2023-03-01,",
            header=HEADER.replace("contract_end", "einddatum"),
        ),
        [(1, "contract_end"), (1, "einddatum")],
    ),
    "column_twice": (
        csv_text(f"{VALID_NEW},Anna", header=f"{HEADER},first_name"),
        [(1, "first_name")],
    ),
    "header_only": (csv_text(), [(2, "file")]),
    "empty_file": ("", [(1, "file")]),
}


@pytest.mark.parametrize("case", FILE_ERRORS.values(), ids=FILE_ERRORS.keys())
def test_bad_file_aborts_the_whole_import(tmp_path, existing, case):
    content, expected = case
    before = snapshot()
    path = write(tmp_path, content)

    status, _out, err = run_command(path)

    assert status == 1
    assert sorted(reported(err)) == expected
    assert snapshot() == before


def test_file_not_in_utf8_is_refused(tmp_path, existing):
    before = snapshot()
    path = write(
        tmp_path, csv_text("P0100,Zoë,Bakker,,Nieuw Team,Werker,24,2023-03-01,").encode("cp1252")
    )

    status, _out, err = run_command(path)

    assert status == 1
    assert reported(err) == [(1, "file")]
    assert snapshot() == before


IN_FILE_OVERLAPS = {
    "end_on_day_of_next_start": (
        "P0100,Anna,Bakker,,Geldrop,Werker,24,2022-01-01,2022-12-31",
        "P0100,Anna,Bakker,,Geldrop,Werker,24,2022-12-31,",
    ),
    "inside": (
        "P0100,Anna,Bakker,,Geldrop,Werker,24,2022-01-01,2022-12-31",
        "P0100,Anna,Bakker,,Geldrop,Werker,24,2022-03-01,2022-03-31",
    ),
    "open_ended_before": (
        "P0100,Anna,Bakker,,Geldrop,Werker,24,2022-01-01,",
        "P0100,Anna,Bakker,,Geldrop,Werker,24,2030-01-01,2030-12-31",
    ),
    "two_open_ended": (
        "P0100,Anna,Bakker,,Geldrop,Werker,24,2022-01-01,",
        "P0100,Anna,Bakker,,Geldrop,Werker,24,2023-01-01,",
    ),
    "same_start": (
        "P0100,Anna,Bakker,,Geldrop,Werker,24,2022-01-01,2022-06-30",
        "P0100,Anna,Bakker,,Geldrop,Werker,32,2022-01-01,2022-12-31",
    ),
}


@pytest.mark.parametrize("rows", IN_FILE_OVERLAPS.values(), ids=IN_FILE_OVERLAPS.keys())
def test_overlapping_periods_within_the_file(tmp_path, existing, rows):
    before = snapshot()
    path = write(tmp_path, csv_text(*rows))

    status, _out, err = run_command(path)

    assert status == 1
    problems = reported(err)
    assert problems  # the later line is reported as contract_start
    assert set(problems) == {(3, "contract_start")}
    assert snapshot() == before


def test_overlap_is_reported_on_the_later_line_even_when_the_file_is_unsorted(tmp_path, db):
    path = write(
        tmp_path,
        csv_text(
            "P0100,Anna,Bakker,,Geldrop,Werker,24,2023-01-01,",
            "P0200,Piet,Smit,,Geldrop,Werker,24,2023-01-01,",
            "P0100,Anna,Bakker,,Geldrop,Werker,24,2022-01-01,2023-01-01",
        ),
    )

    status, _out, err = run_command(path)

    assert status == 1
    assert reported(err) == [(2, "contract_start")]
    assert Employee.objects.count() == 0


def test_differing_employee_fields_for_one_personnel_number(tmp_path, db):
    path = write(
        tmp_path,
        csv_text(
            "P0100,Anna,Bakker,a@example.nl,Geldrop,Werker,24,2022-01-01,2022-12-31",
            "P0100,Ann,Bakker,b@example.nl,Geldrop,Werker,24,2023-01-01,",
        ),
    )

    status, _out, err = run_command(path)

    assert status == 1
    assert reported(err) == [(3, "email"), (3, "first_name")]
    assert Employee.objects.count() == 0


def test_row_in_the_file_may_shorten_an_existing_contract_to_make_room(tmp_path, existing):
    """The DB check considers the state after the import: the 2022 row replaces the DB period."""
    path = write(tmp_path, csv_text(f"{JAN},36,2022-01-01,2022-12-31", f"{JAN},24,2023-01-01,"))

    status, _out, err = run_command(path)

    assert (status, err) == (0, "")
    assert existing.contracts.count() == 2


def test_several_problems_are_all_reported_with_their_line_numbers(tmp_path, existing):
    before = snapshot()
    path = write(
        tmp_path,
        csv_text(
            VALID_NEW,  # 2 ok
            f"{JAN},36,2022-13-01,",  # 3 bad start
            "P0200,Piet,Smit,geen-mail,Waalre,Werker,0,2023-01-01,",  # 4 email + hours
            "",  # 5 blank: skipped but counted
            "P0300,Kees,Jansen,,Waalre,Werker,24,2023-01-01,2023-12-31",  # 6 ok
            "P0300,Kees,Jansen,,Waalre,Werker,24,2023-06-01,",  # 7 overlaps line 6
            f"{JAN},24,2024-01-01,",  # 8 overlaps the open DB contract of P0001
            "P0400,Els,Visser,,Waalre,Werker,24,2024-01-01,2023-01-01",  # 9 end before start
        ),
    )

    status, _out, err = run_command(path)

    assert status == 1
    assert reported(err) == [
        (3, "contract_start"),
        (4, "email"),
        (4, "hours_per_week"),
        (7, "contract_start"),
        (8, "contract_start"),
        (9, "contract_end"),
    ]
    # one line per problem, then the abort line
    assert len(err.strip().splitlines()) == 7
    assert snapshot() == before


def test_a_problem_message_names_the_line_and_field(tmp_path, existing):
    path = write(tmp_path, csv_text(VALID_NEW, f"{JAN},36,morgen,"))

    _status, _out, err = run_command(path)

    assert err.splitlines()[0].startswith("line 3, contract_start: ")
    assert "morgen" in err.splitlines()[0]


def test_large_file_with_one_bad_row_writes_nothing(tmp_path, existing):
    rows = [
        f"P{n:04d},Naam{n},Achternaam,,Team {n % 5},Werker,24,2023-01-01," for n in range(100, 300)
    ]
    rows[150] = rows[150].replace("2023-01-01", "2023-02-31")
    before = snapshot()
    path = write(tmp_path, csv_text(*rows))

    status, _out, err = run_command(path)

    assert status == 1
    assert reported(err) == [(152, "contract_start")]
    assert snapshot() == before


# The HR upload page -----------------------------------------------------------------------------

URL = "/people/import/"


def upload(client, content: str | bytes, name: str = "people.csv"):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return client.post(URL, {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


def test_upload_page_shows_the_form(client, hr):
    client.force_login(hr)

    response = client.get(URL)

    assert response.status_code == 200
    assert "personnel_number" in response.content.decode()
    assert "result" not in response.context or response.context["result"] is None


def test_upload_previews_without_writing(client, hr, existing):
    client.force_login(hr)
    before = snapshot()

    response = upload(client, csv_text(VALID_NEW, f"{JAN},28.5,2022-01-01,"))

    assert response.status_code == 200
    assert snapshot() == before
    result = response.context["result"]
    assert result.ok
    changes = {(c.kind, c.action, c.label) for c in result.changes}
    assert ("team", "create", "Nieuw Team") in changes
    assert ("employee", "create", "P0100 Anna Bakker") in changes
    assert ("employee", "unchanged", "P0001 Jan de Vries") in changes
    assert ("contract", "update", "P0001 2022-01-01") in changes
    assert ("contract", "create", "P0100 2023-03-01") in changes
    hours_change = next(c for c in result.changes if c.label == "P0001 2022-01-01")
    assert hours_change.fields == ["hours_per_week"]
    html = response.content.decode()
    assert "P0100 Anna Bakker" in html
    assert "P0001 2022-01-01" in html
    token = response.context["token"]
    assert token and token in html
    assert client.session[IMPORT_SESSION_KEY]["token"] == token


def test_confirm_with_the_token_applies_the_import(client, hr, existing):
    client.force_login(hr)
    token = upload(client, csv_text(VALID_NEW, f"{JAN},28.5,2022-01-01,")).context["token"]

    response = client.post(URL, {"confirm": "1", "token": token})

    assert response.status_code == 302
    assert response["Location"] == "/people/"
    anna = Employee.objects.get(personnel_number="P0100")
    assert anna.contracts.get().team.name == "Nieuw Team"
    assert existing.contracts.get().hours_per_week == Decimal("28.5")
    assert IMPORT_SESSION_KEY not in client.session


def test_confirm_of_a_bom_semicolon_upload(client, hr, db):
    client.force_login(hr)
    content = (
        "\ufeff"
        + HEADER.replace(",", ";")
        + "\nP0100;Anna;Bakker;;Geldrop;Werker;28,5;2023-03-01;\n"
    )
    token = upload(client, content).context["token"]

    client.post(URL, {"confirm": "1", "token": token})

    contract = ContractPeriod.objects.get(employee__personnel_number="P0100")
    assert contract.hours_per_week == Decimal("28.5")


@pytest.mark.parametrize("token", ["wrong", ""])
def test_confirm_with_a_wrong_token_writes_nothing(client, hr, existing, token):
    client.force_login(hr)
    upload(client, csv_text(VALID_NEW))
    before = snapshot()

    response = client.post(URL, {"confirm": "1", "token": token})

    assert response.status_code == 302
    assert response["Location"] == URL
    assert snapshot() == before


def test_confirm_without_an_upload_writes_nothing(client, hr, existing):
    client.force_login(hr)
    before = snapshot()

    response = client.post(URL, {"confirm": "1", "token": "anything"})

    assert response.status_code == 302
    assert snapshot() == before


def test_token_cannot_be_used_twice(client, hr, existing):
    client.force_login(hr)
    token = upload(client, csv_text(VALID_NEW)).context["token"]
    client.post(URL, {"confirm": "1", "token": token})
    Employee.objects.filter(personnel_number="P0100").delete()

    response = client.post(URL, {"confirm": "1", "token": token})

    assert response["Location"] == URL
    assert not Employee.objects.filter(personnel_number="P0100").exists()


def test_bad_upload_shows_the_problems_and_writes_nothing(client, hr, existing):
    client.force_login(hr)
    before = snapshot()

    response = upload(
        client,
        csv_text(VALID_NEW, f"{JAN},70,2022-01-01,", "P0200,Piet,Smit,,Waalre,Werker,24,1-1-2023,"),
    )

    assert response.status_code == 200
    problems = [(p.line, p.field) for p in response.context["result"].problems]
    assert problems == [(3, "hours_per_week"), (4, "contract_start")]
    html = response.content.decode()
    assert "hours_per_week" in html and "contract_start" in html
    assert "token" not in response.context or not response.context["token"]
    assert IMPORT_SESSION_KEY not in client.session
    assert snapshot() == before


def test_upload_of_an_unchanged_file_offers_nothing_to_confirm(client, hr, existing):
    client.force_login(hr)

    response = upload(client, csv_text(f"{JAN},36,2022-01-01,"))

    result = response.context["result"]
    assert result.ok and not result.has_changes
    assert IMPORT_SESSION_KEY not in client.session


def test_confirm_rechecks_against_the_database(client, hr, existing):
    """Between preview and confirm someone adds an overlapping period: nothing is written."""
    client.force_login(hr)
    token = upload(
        client, csv_text(VALID_NEW, f"{JAN},36,2022-01-01,2022-12-31", f"{JAN},24,2024-01-01,")
    ).context["token"]
    # the preview ended the 2022 period; now the database gains a period the file does not know
    ContractPeriod.objects.filter(employee=existing).update(end=date(2022, 12, 31))
    ContractFactory(
        employee=existing, start=date(2023, 6, 1), end=None, team=Team.objects.get(name="Waalre")
    )
    before = snapshot()

    response = client.post(URL, {"confirm": "1", "token": token})

    assert response.status_code == 200
    assert [(p.line, p.field) for p in response.context["result"].problems] == [
        (4, "contract_start")
    ]
    assert snapshot() == before


@pytest.mark.parametrize(
    "role", ["employee", "manager", "director", "adjunct", "pvt", "board", "outsider"]
)
def test_upload_page_is_for_hr_only(client, request, role, existing):
    client.force_login(request.getfixturevalue(role))
    before = snapshot()

    assert client.get(URL).status_code == 403
    assert upload(client, csv_text(VALID_NEW)).status_code == 403
    assert client.post(URL, {"confirm": "1", "token": "x"}).status_code == 403
    assert snapshot() == before


def test_admin_may_use_the_upload_page(client, admin_user):
    client.force_login(admin_user)

    assert client.get(URL).status_code == 200


def test_upload_page_requires_login(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
