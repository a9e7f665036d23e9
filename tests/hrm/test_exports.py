"""Exports of employees' contract periods (/people/export.csv and .xlsx): the import's columns,
one row per contract period, scoped to what the user may see, and re-importable unchanged."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from openpyxl import load_workbook

from hrm import services
from hrm.importers import plan_import
from hrm.models import ContractPeriod, Employee, Team
from tests.factories import ContractFactory, EmployeeFactory, TeamFactory

AMS = ZoneInfo("Europe/Amsterdam")
COLUMNS = [
    "personnel_number",
    "first_name",
    "last_name",
    "email",
    "team",
    "job_title",
    "hours_per_week",
    "contract_start",
    "contract_end",
]
CSV_URL = "/people/export.csv"
XLSX_URL = "/people/export.xlsx"


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime(2024, 6, 15, 12, 0, tzinfo=AMS), tick=False):
        yield date(2024, 6, 15)


@pytest.fixture
def staff(team_a, team_b):
    """Two more people: one who moved from Waalre to Geldrop-Mierlo (three periods, decimals),
    and one in Waalre only."""
    mover = EmployeeFactory(
        personnel_number="P0800",
        first_name="Zoë",
        last_name="van 't Hof",
        email="zoe@example.nl",
    )
    ContractFactory(
        employee=mover,
        team=team_b,
        start=date(2021, 3, 1),
        end=date(2021, 12, 31),
        hours_per_week=Decimal("28.5"),
        job_title="Jongerenwerker",
    )
    ContractFactory(
        employee=mover,
        team=team_b,
        start=date(2022, 1, 1),
        end=date(2023, 12, 31),
        hours_per_week=Decimal("32.25"),
        job_title="Jongerenwerker, senior",
    )
    ContractFactory(
        employee=mover,
        team=team_a,
        start=date(2024, 1, 1),
        end=None,
        hours_per_week=Decimal("36"),
        job_title="Coördinator",
    )
    waalre = EmployeeFactory(personnel_number="P0900", first_name="Piet", last_name="Smit")
    ContractFactory(
        employee=waalre, team=team_b, start=date(2020, 5, 1), hours_per_week=Decimal("20")
    )
    return {"mover": mover, "waalre": waalre}


def read_csv(response) -> list[list[str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def read_xlsx(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def contract_count(employees) -> int:
    return ContractPeriod.objects.filter(employee__in=employees).count()


# CSV --------------------------------------------------------------------------------------------


def test_csv_export_has_the_import_columns_and_one_row_per_period(
    client, hr, employee, outsider, staff
):
    client.force_login(hr)

    response = client.get(CSV_URL)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="medewerkers-2024-06-15.csv"'
    header, *rows = read_csv(response)
    assert header == COLUMNS
    assert len(rows) == ContractPeriod.objects.count()
    assert all(len(row) == len(COLUMNS) for row in rows)
    mover_rows = [row for row in rows if row[0] == "P0800"]
    assert mover_rows == [
        [
            "P0800",
            "Zoë",
            "van 't Hof",
            "zoe@example.nl",
            "Waalre",
            "Jongerenwerker",
            "28.5",
            "2021-03-01",
            "2021-12-31",
        ],
        [
            "P0800",
            "Zoë",
            "van 't Hof",
            "zoe@example.nl",
            "Waalre",
            "Jongerenwerker, senior",
            "32.25",
            "2022-01-01",
            "2023-12-31",
        ],
        [
            "P0800",
            "Zoë",
            "van 't Hof",
            "zoe@example.nl",
            "Geldrop-Mierlo",
            "Coördinator",
            "36",
            "2024-01-01",
            "",
        ],
    ]
    numbers = [row[0] for row in rows]
    assert numbers == sorted(numbers)
    assert set(numbers) == set(Employee.objects.values_list("personnel_number", flat=True))


def test_csv_export_includes_people_who_left(client, hr, staff):
    services.employee_offboard(
        actor=hr, employee=staff["waalre"], exit_date=date(2023, 1, 31), reason="retirement"
    )
    client.force_login(hr)

    rows = read_csv(client.get(CSV_URL))[1:]

    assert ["P0900", "2020-05-01", "2023-01-31"] in [[r[0], r[7], r[8]] for r in rows]


def test_csv_export_for_a_manager_is_their_team_only(
    client, manager, employee, outsider, hr, staff
):
    client.force_login(manager)

    response = client.get(CSV_URL)

    assert response.status_code == 200
    rows = read_csv(response)[1:]
    visible = [manager.employee, employee.employee, staff["mover"]]
    assert {row[0] for row in rows} == {e.personnel_number for e in visible}
    # all periods of a visible person, also those in another team
    assert len(rows) == contract_count(visible) == 5
    for hidden in (outsider.employee, hr.employee, staff["waalre"]):
        assert hidden.personnel_number not in {row[0] for row in rows}


def test_manager_no_longer_sees_someone_who_left_the_team(client, manager, staff, team_a):
    leaver = EmployeeFactory(personnel_number="P0950")
    ContractFactory(employee=leaver, team=team_a, start=date(2020, 1, 1), end=date(2024, 5, 31))
    client.force_login(manager)

    rows = read_csv(client.get(CSV_URL))[1:]

    assert "P0950" not in {row[0] for row in rows}


@pytest.mark.parametrize("role", ["adjunct", "director", "admin_user"])
def test_csv_export_for_other_readers_is_everyone(client, request, role, employee, outsider, staff):
    client.force_login(request.getfixturevalue(role))

    rows = read_csv(client.get(CSV_URL))[1:]

    assert len(rows) == ContractPeriod.objects.count()


# Excel ------------------------------------------------------------------------------------------


def test_xlsx_export_has_the_import_columns_and_one_row_per_period(client, hr, employee, staff):
    client.force_login(hr)

    response = client.get(XLSX_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="medewerkers-2024-06-15.xlsx"'
    header, *rows = read_xlsx(response)
    assert header == COLUMNS
    assert len(rows) == ContractPeriod.objects.count()
    mover_rows = [row for row in rows if row[0] == "P0800"]
    assert [row[:6] for row in mover_rows] == [
        ["P0800", "Zoë", "van 't Hof", "zoe@example.nl", "Waalre", "Jongerenwerker"],
        ["P0800", "Zoë", "van 't Hof", "zoe@example.nl", "Waalre", "Jongerenwerker, senior"],
        ["P0800", "Zoë", "van 't Hof", "zoe@example.nl", "Geldrop-Mierlo", "Coördinator"],
    ]
    assert [row[6] for row in mover_rows] == [28.5, 32.25, 36]
    starts = [row[7].date() if isinstance(row[7], datetime) else row[7] for row in mover_rows]
    assert starts == [date(2021, 3, 1), date(2022, 1, 1), date(2024, 1, 1)]
    ends = [row[8].date() if isinstance(row[8], datetime) else row[8] for row in mover_rows]
    assert ends == [date(2021, 12, 31), date(2023, 12, 31), None]


def test_xlsx_export_for_a_manager_is_their_team_only(client, manager, employee, outsider, staff):
    client.force_login(manager)

    response = client.get(XLSX_URL)

    assert response.status_code == 200
    rows = read_xlsx(response)[1:]
    expected = {manager.employee.personnel_number, employee.employee.personnel_number, "P0800"}
    assert {row[0] for row in rows} == expected
    assert len(rows) == 5


# Who may export ---------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
@pytest.mark.parametrize("role", ["employee", "outsider", "pvt", "board"])
def test_export_without_the_list_permission_is_refused(client, request, role, url):
    client.force_login(request.getfixturevalue(role))

    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
def test_export_requires_login(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# Round trip -------------------------------------------------------------------------------------


def _snapshot() -> tuple:
    return (
        list(
            Employee.objects.order_by("pk").values_list(
                "pk", "personnel_number", "first_name", "last_name", "email", "updated_at"
            )
        ),
        list(
            ContractPeriod.objects.order_by("pk").values_list(
                "pk", "employee_id", "start", "end", "hours_per_week", "team_id", "job_title"
            )
        ),
        list(Team.objects.order_by("pk").values_list("pk", "name")),
    )


@pytest.fixture
def varied(hr, team_a, staff):
    """People entered through the services as HR would: capitals in the e-mail address, quotes,
    separators and accents in names and titles."""
    team = services.team_create(actor=None, name="Son; Breugel, Nuenen")
    services.employee_create(
        actor=None,
        personnel_number="P1000",
        first_name='Anne-"Fleur"',
        last_name="d'Ancona",
        email="Anne.Fleur@PlusTeam.example",
        team=team,
        job_title="Buurtwerker; ambulant",
        hours_per_week=Decimal("0.5"),
        contract_start=date(2024, 2, 29),
        contract_end=date(2025, 2, 28),
    )
    return team


def test_csv_export_re_imported_changes_nothing(client, hr, employee, outsider, varied, tmp_path):
    client.force_login(hr)
    content = client.get(CSV_URL).content
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    before = _snapshot()
    out, err = io.StringIO(), io.StringIO()

    with time_machine.travel(datetime(2024, 6, 16, 9, 0, tzinfo=AMS), tick=False):
        call_command("import_employees", str(path), stdout=out, stderr=err)

    assert err.getvalue() == ""
    assert _snapshot() == before
    result, _rows = plan_import(content)
    assert result.ok
    assert not result.has_changes
    assert result.count("contract", "unchanged") == ContractPeriod.objects.count()


def test_manager_export_re_imported_changes_nothing(client, manager, employee, staff):
    client.force_login(manager)
    content = client.get(CSV_URL).content

    result, _rows = plan_import(content)

    assert result.ok
    assert not result.has_changes


def test_edited_export_imports_the_edit(client, hr, staff, tmp_path):
    """The point of the round trip: edit one cell of the export and import it."""
    client.force_login(hr)
    rows = read_csv(client.get(CSV_URL))
    for row in rows:
        if row[0] == "P0900":
            row[6] = "24,5"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path = tmp_path / "edited.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")

    call_command("import_employees", str(path), stdout=io.StringIO(), stderr=io.StringIO())

    assert staff["waalre"].contracts.get().hours_per_week == Decimal("24.5")
    assert ContractPeriod.objects.filter(hours_per_week=Decimal("24.5")).count() == 1


def test_export_of_an_empty_selection_is_just_the_header(client, admin_user):
    client.force_login(admin_user)

    assert read_csv(client.get(CSV_URL)) == [COLUMNS]
    assert read_xlsx(client.get(XLSX_URL)) == [COLUMNS]


def test_export_query_count_does_not_grow_with_people(
    client, hr, staff, django_assert_max_num_queries
):
    client.force_login(hr)
    client.get(CSV_URL)  # warm up the session and role caches
    for n in range(20):
        ContractFactory(
            employee=EmployeeFactory(personnel_number=f"Q{n:03d}"), team=TeamFactory(name=f"T{n}")
        )

    with django_assert_max_num_queries(10):
        response = client.get(CSV_URL)

    assert len(read_csv(response)) == ContractPeriod.objects.count() + 1
