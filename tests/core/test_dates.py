"""The one rule for every date a person can type (core.dates): 1 January 1900 to 31 December
2100, on every path: forms and query parameters (the message beside the field), the API (JSON
400 `date_out_of_range`), CSV imports (`line N, field: message`), management commands (a clean
CommandError) and the services and models underneath.

Each path is tried with the two dates an attacker tries first, 9999-12-31 (near the end of the
calendar: one day more overflows) and 0001-01-01. Today is frozen at Monday 4 March 2024."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from absence.models import Episode, MaternityLeave, PartialRecovery
from core import dates
from core.errors import ApplicationError
from hrm import services as hrm_services
from hrm.models import ContractPeriod, Employee
from tests.factories import TeamFactory

AMS = ZoneInfo("Europe/Amsterdam")
FAR = ["9999-12-31", "0001-01-01"]
NEAR_THE_END = ["9999-12-30", "0001-01-01"]  # 9999-12-30: one day further is still a date


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime(2024, 3, 4, 10, 0, tzinfo=AMS), tick=False):
        yield


@pytest.fixture
def episode(employee):
    return Episode.objects.create(employee=employee.employee, first_sick_day=date(2024, 2, 26))


def message() -> str:
    return dates.out_of_range_message()


def form_errors(response, field: str) -> list[str]:
    assert response.status_code == 200, response.status_code
    return list(response.context["form"].errors.get(field, []))


def assert_out_of_range(response, field: str) -> None:
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == {"code", "detail", "fields"}
    assert body["code"] == "date_out_of_range", body
    assert any(key == field or key.startswith(f"{field}.") for key in body["fields"]), body


# The rule itself ----------------------------------------------------------------------------------


def test_the_range_runs_from_1900_to_2100():
    dates.validate_date(date(1900, 1, 1))
    dates.validate_date(date(2100, 12, 31))
    dates.validate_date(None)
    for day in (date(1899, 12, 31), date(2101, 1, 1), date.min, date.max):
        with pytest.raises(ValidationError) as error:
            dates.validate_date(day)
        assert error.value.code == "date_out_of_range"


def test_the_message_names_both_ends():
    with translation.override("en"):
        assert message() == "Choose a date between 1 January 1900 and 31 December 2100."
    with translation.override("nl"):
        assert "1900" in message() and "2100" in message()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("9999-12-31", "date_out_of_range"),
        ("0001-01-01", "date_out_of_range"),
        ("2024-02-30", "date_invalid"),
        ("4-3-2024", "date_invalid"),
        ("", "date_invalid"),
        (None, "date_invalid"),
    ],
)
def test_parse_date_refuses(text, code):
    with pytest.raises(ApplicationError) as error:
        dates.parse_date(text, "end")

    assert (error.value.code, error.value.field) == (code, "end")


def test_parse_date():
    assert dates.parse_date(" 2024-03-04 ", "start") == date(2024, 3, 4)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("9999-W52", "date_out_of_range"),  # its Sunday would be in the year 10000
        ("2100-W52", "date_out_of_range"),  # ends on 2 January 2101
        ("0001-W01", "date_out_of_range"),
        ("2026-W54", "week_invalid"),
        ("2026-10", "week_invalid"),
    ],
)
def test_parse_week_refuses(text, code):
    with pytest.raises(ApplicationError) as error:
        dates.parse_week(text)

    assert (error.value.code, error.value.field) == (code, "week")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("9999-12", "date_out_of_range"),
        ("0000-01", "date_out_of_range"),
        ("1899-12", "date_out_of_range"),
        ("2026-13", "month_invalid"),
        ("oktober", "month_invalid"),
    ],
)
def test_parse_month_refuses(text, code):
    with pytest.raises(ApplicationError) as error:
        dates.parse_month(text)

    assert (error.value.code, error.value.field) == (code, "month")


def test_parse_week_and_month():
    assert dates.parse_week("2024-W10") == (date(2024, 3, 4), date(2024, 3, 10))
    assert dates.parse_month("2100-12") == (date(2100, 12, 1), date(2100, 12, 31))
    assert dates.parse_month("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))


def test_a_date_input_offers_only_the_range(db):
    from hrm.forms import ContractForm

    html = str(ContractForm()["start"])

    assert 'min="1900-01-01"' in html and 'max="2100-12-31"' in html


@pytest.mark.parametrize("day", [date(9999, 12, 31), date(1, 1, 1)])
def test_full_clean_refuses_a_date_out_of_range(employee, day):
    episode = Episode(employee=employee.employee, first_sick_day=day)

    with pytest.raises(ValidationError) as error:
        episode.full_clean()

    assert [e.code for e in error.value.error_dict["first_sick_day"]] == ["date_out_of_range"]


# Forms and query parameters: the message beside the field, nothing stored -------------------------


@pytest.mark.parametrize("day", FAR)
def test_report_sick_form(client, employee, day):
    client.force_login(employee)

    response = client.post(
        "/absence/report-sick/", {"employee": employee.employee.pk, "first_sick_day": day}
    )

    assert form_errors(response, "first_sick_day") == [message()]
    assert not Episode.objects.exists()


@pytest.mark.parametrize("day", FAR)
def test_contract_form(client, hr, employee, day):
    client.force_login(hr)
    url = f"/people/{employee.employee.pk}/contracts/new/"
    data = {"team": TeamFactory(name="Waalre").pk, "job_title": "Coach", "hours_per_week": "20"}

    for values in ({"start": "2030-01-01", "end": day}, {"start": day}):
        response = client.post(url, data | values)
        field = "end" if "end" in values else "start"
        assert form_errors(response, field) == [message()]
    assert ContractPeriod.objects.filter(employee=employee.employee).count() == 1


@pytest.mark.parametrize("day", NEAR_THE_END)
def test_correct_form(client, hr, episode, day):
    client.force_login(hr)
    url = f"/absence/episodes/{episode.pk}/correct/"

    first = client.post(url, {"first_sick_day": day, "reason": "Typo"})
    recovered = client.post(
        url, {"first_sick_day": "2024-02-26", "recovered_on": day, "reason": "Typo"}
    )

    assert form_errors(first, "first_sick_day") == [message()]
    assert form_errors(recovered, "recovered_on") == [message()]
    episode.refresh_from_db()
    assert (episode.first_sick_day, episode.recovered_on) == (date(2024, 2, 26), None)


@pytest.mark.parametrize("day", NEAR_THE_END)
def test_partial_form(client, employee, episode, day):
    client.force_login(employee)

    response = client.post(
        f"/absence/episodes/{episode.pk}/partial/", {"start": day, "percentage": "50"}
    )

    assert form_errors(response, "start") == [message()]
    assert not PartialRecovery.objects.exists()


@pytest.mark.parametrize("day", FAR)
def test_leave_form(client, hr, employee, day):
    client.force_login(hr)

    response = client.post(
        "/absence/maternity-leave/new/",
        {"employee": employee.employee.pk, "start": "2024-04-01", "end": day},
    )

    assert form_errors(response, "end") == [message()]
    assert not MaternityLeave.objects.exists()


@pytest.mark.parametrize("day", FAR)
def test_absence_history_period(client, hr, employee, day):
    client.force_login(hr)

    response = client.get(f"/absence/people/{employee.employee.pk}/", {"end": day})

    assert form_errors(response, "end") == [message()]


@pytest.mark.parametrize("day", FAR)
def test_dashboard_period(client, adjunct, day):
    client.force_login(adjunct)

    response = client.get("/absence/", {"start": day})

    assert form_errors(response, "start") == [message()]


# The API: JSON 400 date_out_of_range --------------------------------------------------------------


@pytest.mark.parametrize("day", FAR)
def test_api_report_sick(api, hr, employee, day):
    response = api(hr).post(
        "/api/absence/episodes/",
        {"employee": employee.employee.pk, "first_sick_day": day},
        format="json",
    )

    assert_out_of_range(response, "first_sick_day")
    assert not Episode.objects.exists()


@pytest.mark.parametrize("day", NEAR_THE_END)
def test_api_correct(api, hr, episode, day):
    url = f"/api/absence/episodes/{episode.pk}/correct/"
    base = {"reason": "Typo", "first_sick_day": "2024-02-26", "recovered_on": None}

    for values, field in (
        ({"first_sick_day": day}, "first_sick_day"),
        ({"recovered_on": day}, "recovered_on"),
        ({"partial_recoveries": [{"start": day, "percentage": 50}]}, "partial_recoveries"),
    ):
        assert_out_of_range(api(hr).post(url, base | values, format="json"), field)
    episode.refresh_from_db()
    assert (episode.first_sick_day, episode.recovered_on) == (date(2024, 2, 26), None)
    assert not PartialRecovery.objects.exists()


@pytest.mark.parametrize("day", NEAR_THE_END)
def test_api_partial_and_recover(api, employee, episode, day):
    client = api(employee)
    url = f"/api/absence/episodes/{episode.pk}/"

    assert_out_of_range(
        client.post(url + "partial/", {"start": day, "percentage": 50}, format="json"), "start"
    )
    assert_out_of_range(
        client.post(url + "recover/", {"recovered_on": day}, format="json"), "recovered_on"
    )
    episode.refresh_from_db()
    assert episode.recovered_on is None
    assert not PartialRecovery.objects.exists()


@pytest.mark.parametrize("day", FAR)
def test_api_maternity_leave(api, hr, employee, day):
    response = api(hr).post(
        "/api/absence/maternity-leave/",
        {"employee": employee.employee.pk, "start": day, "end": day},
        format="json",
    )

    assert_out_of_range(response, "start")
    assert not MaternityLeave.objects.exists()


@pytest.mark.parametrize("day", FAR)
def test_api_report_query(api, hr, day):
    response = api(hr).get("/api/absence/report/", {"start": "2024-01-01", "end": day})

    assert_out_of_range(response, "end")


@pytest.mark.parametrize("day", FAR)
def test_api_employee_and_offboard(api, hr, employee, team_a, day):
    new = {
        "personnel_number": "N1",
        "first_name": "Nieuw",
        "last_name": "Mens",
        "team": team_a.pk,
        "job_title": "Coach",
        "hours_per_week": "20",
        "contract_start": "2024-01-01",
        "contract_end": day,
    }
    pk = employee.employee.pk

    assert_out_of_range(api(hr).post("/api/employees/", new, format="json"), "contract_end")
    assert_out_of_range(
        api(hr).post(
            f"/api/employees/{pk}/offboard/",
            {"exit_date": day, "exit_reason": "own_request"},
            format="json",
        ),
        "exit_date",
    )
    assert not Employee.objects.filter(personnel_number="N1").exists()
    assert Employee.objects.get(pk=pk).exit_date is None


# Services: the same rule for any door ------------------------------------------------------------


@pytest.mark.parametrize("day", [date(9999, 12, 31), date(1, 1, 1)])
def test_contract_services(hr, employee, team_a, day):
    for values, field in (({"end": day}, "end"), ({"start": day, "end": None}, "start")):
        with pytest.raises(ApplicationError) as error:
            hrm_services.contract_add(
                actor=hr,
                employee=employee.employee,
                **({"start": date(2030, 1, 1)} | values),
                hours_per_week=20,
                team=team_a,
                job_title="Coach",
            )
        assert (error.value.code, error.value.field) == ("date_out_of_range", field)


def test_full_clean_in_a_service_answers_date_out_of_range(hr, employee):
    contract = employee.employee.contracts.get()
    contract.end = date(2101, 1, 1)

    with pytest.raises(ApplicationError) as error:
        hrm_services._full_clean(contract, exclude=["employee"])

    assert error.value.code == "date_out_of_range"
    assert error.value.fields == {"end": [message()]}


# CSV imports: line N, field: message --------------------------------------------------------------


def run(command: str, tmp_path, text: str) -> tuple[int, str]:
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    err = io.StringIO()
    try:
        call_command(command, str(path), stdout=io.StringIO(), stderr=err)
    except SystemExit as exc:
        return exc.code, err.getvalue()
    return 0, err.getvalue()


@pytest.mark.parametrize("day", NEAR_THE_END)
def test_import_absences(tmp_path, employee, day):
    number = employee.employee.personnel_number
    text = (
        "personnel_number,first_sick_day,recovered_on,partial_recovery\n"
        f"{number},{day},,\n"
        f"{number},2024-01-08,{day},\n"
        f"{number},2024-02-05,2024-02-20,{day}=50\n"
    )

    status, err = run("import_absences", tmp_path, text)

    assert status == 1
    assert f"line 2, first_sick_day: {message()}" in err
    assert f"line 3, recovered_on: {message()}" in err
    assert f"line 4, partial_recovery: {message()}" in err
    assert not Episode.objects.exists()


@pytest.mark.parametrize("day", FAR)
def test_import_maternity_leave(tmp_path, employee, day):
    number = employee.employee.personnel_number
    text = f"personnel_number,start,end\n{number},2024-04-01,{day}\n"

    status, err = run("import_maternity_leave", tmp_path, text)

    assert (status, err.splitlines()[0]) == (1, f"line 2, end: {message()}")
    assert not MaternityLeave.objects.exists()


@pytest.mark.parametrize("day", FAR)
def test_import_employees(tmp_path, db, day):
    text = (
        "personnel_number,first_name,last_name,email,team,job_title,hours_per_week,"
        "contract_start,contract_end\n"
        f"N1,Nieuw,Mens,,Staf,Coach,20,2024-01-01,{day}\n"
        f"N2,Ander,Mens,,Staf,Coach,20,{day},\n"
    )

    status, err = run("import_employees", tmp_path, text)

    assert status == 1
    assert f"line 2, contract_end: {message()}" in err
    assert f"line 3, contract_start: {message()}" in err
    assert not Employee.objects.exists()


# Management commands: a clean CommandError -------------------------------------------------------


@pytest.mark.parametrize("day", FAR)
def test_absence_report_command(db, day):
    with pytest.raises(CommandError, match=re.escape(message())):
        call_command("absence_report", "--start", "2024-01-01", "--end", day, stdout=io.StringIO())


@pytest.mark.parametrize("week", ["9999-W52", "0001-W01"])
def test_absence_digest_command(db, week):
    with pytest.raises(CommandError, match=re.escape(message())):
        call_command("absence_digest", "--week", week, "--dry-run", stdout=io.StringIO())


@pytest.mark.parametrize("day", FAR)
def test_poortwachter_schedule_command(employee, episode, day):
    with pytest.raises(CommandError, match=r"1900.*2100"):
        call_command(
            "poortwachter_schedule",
            employee.employee.personnel_number,
            "--as-of",
            day,
            stdout=io.StringIO(),
        )


def test_full_clean_of_a_contract_at_the_end_of_the_calendar_is_an_error_not_a_crash(employee):
    """The admin's path: field validation refuses the date, and `clean()` (which runs anyway)
    compares periods without overflowing."""
    contract = ContractPeriod(
        employee=employee.employee,
        start=date(2030, 1, 1),
        end=date.max,
        hours_per_week=20,
        team=employee.employee.contracts.get().team,
        job_title="Coach",
    )

    with pytest.raises(ValidationError) as error:
        contract.full_clean()

    assert "date_out_of_range" in [e.code for e in error.value.error_dict["end"]]
