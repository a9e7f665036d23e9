"""The monthly board report: the month it covers and its first working day, the one-page PDF
without names in which every team of fewer than 5 people (and its complement) is shown as "<5",
the e-mail with the PDF to the board (once per month and recipient) or to the configured
recipients, the `board_report` command, and the monthly Celery task that sends last month's
report on the first working day (or the first run after it)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date, datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.utils import translation

from absence.reporting import board_report
from absence.tasks import monthly_board_report_task
from core.errors import ApplicationError
from core.roles import Role
from hrm.models import OrganisationSettings
from tests.absence.helpers import ALL_NULL, AMS, NOTIFIED, person, sick, travel
from tests.factories import TeamFactory, make_person

OCTOBER = "2026-10"


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2026-10", date(2026, 10, 1), date(2026, 10, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2026-12", date(2026, 12, 1), date(2026, 12, 31)),
        ("2027-01", date(2027, 1, 1), date(2027, 1, 31)),
    ],
)
def test_parse_month(text, first, last):
    assert board_report.parse_month(text) == (first, last)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        *((t, "month_invalid") for t in ["2026-13", "2026-00", "2026-1", "26-10", "2026-10-01"]),
        *((t, "month_invalid") for t in ["oktober", "", None]),
        ("1899-12", "date_out_of_range"),
        ("9999-12", "date_out_of_range"),
    ],
)
def test_parse_month_refuses(text, code):
    with pytest.raises(ApplicationError) as error:
        board_report.parse_month(text)

    assert error.value.code == code


@pytest.mark.parametrize(
    ("year", "month", "day"),
    [
        (2027, 1, date(2027, 1, 4)),  # Fri 1 Jan New Year's Day, Sat 2, Sun 3
        (2026, 10, date(2026, 10, 1)),  # a Thursday
        (2026, 11, date(2026, 11, 2)),  # Sun 1 Nov
        (2026, 2, date(2026, 2, 2)),  # Sun 1 Feb
        (2024, 4, date(2024, 4, 2)),  # Mon 1 Apr 2024 was Easter Monday
        (2022, 1, date(2022, 1, 3)),  # Sat 1 Jan
        (2027, 5, date(2027, 5, 3)),  # Sat 1 May, Sun 2 May
    ],
)
def test_first_working_day(year, month, day):
    assert board_report.first_working_day(year, month) == day


@pytest.fixture
def board_org(db):
    """Klein (4 people), Buur and Groot (5 people each) all through 2026; a sick spell in Klein
    and Groot in October 2026 and one in September. Buur (first by name of the two teams of 5)
    is hidden as Klein's complement. Two board members with a login and e-mail."""
    klein, groot = TeamFactory(name="Klein"), TeamFactory(name="Groot")
    buur = TeamFactory(name="Buur")
    small = [person(klein) for _ in range(4)]
    large = [person(groot) for _ in range(5)]
    for _ in range(5):
        person(buur)
    sick(small[0], date(2026, 10, 5), date(2026, 10, 9), arbo_notified_at=NOTIFIED)
    sick(large[0], date(2026, 9, 21), date(2026, 10, 12), arbo_notified_at=NOTIFIED)
    sick(large[1], date(2026, 10, 26), arbo_notified_at=NOTIFIED)
    make_person("board", Role.BOARD, employee=False)
    make_person("board2", Role.BOARD, employee=False)
    make_person("hr", Role.HR, employee=False)
    return {"Klein": small, "Groot": large}


def page_count(pdf: bytes, tmp_path) -> int:
    if shutil.which("pdfinfo"):
        path = tmp_path / "report.pdf"
        path.write_bytes(pdf)
        info = subprocess.run(
            ["pdfinfo", str(path)], capture_output=True, text=True, check=True
        ).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_board_report_pdf_has_exactly_one_page(board_org, tmp_path):
    pdf = board_report.render_pdf(OCTOBER)

    assert pdf.startswith(b"%PDF-")
    assert page_count(pdf, tmp_path) == 1


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="needs pdftoppm (poppler-utils)")
def test_board_report_pdf_turns_into_an_image(board_org, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(board_report.render_pdf(OCTOBER))

    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-singlefile", str(path), str(tmp_path / "page")],
        check=True,
    )

    image = tmp_path / "page.png"
    assert image.exists()
    assert image.read_bytes().startswith(b"\x89PNG")


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext (poppler-utils)")
def test_the_pdf_itself_has_no_names_and_shows_the_small_team_as_under_5(board_org, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(board_report.render_pdf(OCTOBER))

    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout

    assert "Verzuimrapportage oktober 2026" in text
    assert re.search(r"Klein\s+<5", text)
    assert re.search(r"Groot\s+11,0%", text)  # 17 of 155 days
    for employee in board_org["Klein"] + board_org["Groot"]:
        assert employee.last_name not in text


TEAM_NAMES = [
    "Geldrop-Mierlo",
    "Waalre",
    "Staf",
    "Heeze-Leende",
    "Valkenswaard",
    "Cranendonck",
    "Nuenen",
    "Son en Breugel",
    "Bergeijk",
    "Eersel",
]


@pytest.mark.parametrize("teams", [3, 8, 10], ids=lambda n: f"{n}-teams")
def test_board_report_stays_on_one_page_with_more_teams(db, tmp_path, teams):
    for name in TEAM_NAMES[:teams]:
        members = [person(TeamFactory(name=name)) for _ in range(5)]
        sick(members[0], date(2026, 10, 5), date(2026, 10, 9))

    assert page_count(board_report.render_pdf(OCTOBER), tmp_path) == 1


def test_board_report_shows_no_names_and_suppresses_the_team_of_4(board_org):
    ctx = board_report.context(OCTOBER)
    html = render_to_string("absence/board_report.html", ctx)

    people = board_org["Klein"] + board_org["Groot"]
    for employee in people:
        assert employee.last_name not in html
        assert employee.personnel_number not in html
    teams = {g["key"]: g for g in ctx["teams"]}
    assert teams["Klein"] == {"key": "Klein", "suppressed": True, **ALL_NULL}
    assert teams["Buur"] == {"key": "Buur", "suppressed": True, **ALL_NULL}
    assert teams["Groot"]["suppressed"] is False
    assert ctx["total"]["suppressed"] is False  # 14 people
    assert re.search(r"<td>Klein</td>\s*<td class=\"num\">&lt;5</td>", html)
    # Groot in October: 11 days (1-11 Oct, of the September spell) + 6 days (26-31 Oct) of 155
    assert teams["Groot"]["absence_percentage"] == pytest.approx(100 * 17 / 155)


def test_board_report_of_an_organisation_under_5_shows_no_figures(db):
    team = TeamFactory(name="Klein")
    people = [person(team) for _ in range(4)]
    sick(people[0], date(2026, 10, 5), date(2026, 10, 9))

    ctx = board_report.context(OCTOBER)

    assert ctx["total"] == {"key": "total", "suppressed": True, **ALL_NULL}
    assert all(row["suppressed"] for row in ctx["trend"])
    assert "%" not in ctx["summary"]  # no figure in the generated line either
    with translation.override("nl"):
        summary = board_report.context(OCTOBER)["summary"]
    assert summary.startswith("In oktober 2026 waren minder dan 5 mensen in dienst")


def test_board_report_command_writes_the_pdf(board_org, tmp_path):
    output = tmp_path / "x.pdf"

    call_command("board_report", "--month", OCTOBER, "--output", str(output), stdout=io.StringIO())

    assert output.read_bytes().startswith(b"%PDF-")
    assert page_count(output.read_bytes(), tmp_path) == 1


@pytest.mark.parametrize("month", ["2026-13", "oktober", "2026-1"])
def test_board_report_command_refuses_a_bad_month(db, tmp_path, month):
    output = tmp_path / "x.pdf"

    with pytest.raises(CommandError):
        call_command("board_report", "--month", month, "--output", str(output))

    assert not output.exists()


def test_board_report_command_refuses_a_missing_folder(db, tmp_path):
    with pytest.raises(CommandError):
        call_command("board_report", "--month", OCTOBER, "--output", str(tmp_path / "no" / "x.pdf"))


def test_board_report_is_mailed_with_the_pdf_once(board_org):
    outcome = board_report.send(OCTOBER)

    assert outcome.sent == ["board2@plusteam.example", "board@plusteam.example"]
    assert sorted(m.to[0] for m in mail.outbox) == outcome.sent
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)
    for message in mail.outbox:
        [(filename, content, mimetype)] = message.attachments
        assert filename == "verzuimrapportage-2026-10.pdf"
        assert mimetype == "application/pdf"
        assert content.startswith(b"%PDF-")
        assert "oktober 2026" in message.subject
        for employee in board_org["Klein"] + board_org["Groot"]:
            assert employee.last_name not in message.body

    again = board_report.send(OCTOBER)

    assert again.sent == []
    assert again.skipped == outcome.sent
    assert len(mail.outbox) == 2


def test_board_report_goes_to_configured_recipients(board_org):
    org = OrganisationSettings.get()
    org.board_report_recipients = "rvt@example.org"
    org.save()

    assert board_report.send(OCTOBER).sent == ["rvt@example.org"]
    assert [m.to for m in mail.outbox] == [["rvt@example.org"]]


def test_settings_refuse_an_invalid_address(db):
    org = OrganisationSettings.get()
    org.board_report_recipients = "board@plusteam.example; geen-adres"

    with pytest.raises(ValidationError) as error:
        org.full_clean()

    assert "geen-adres" in error.value.message_dict["board_report_recipients"][0]


def test_a_month_with_spaces_is_the_same_month(board_org):
    board_report.send(OCTOBER)

    again = board_report.send(f" {OCTOBER}")

    assert again.sent == []
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 11, 1, 7, 0, tzinfo=AMS),  # Sunday
        datetime(2027, 1, 1, 7, 0, tzinfo=AMS),  # New Year's Day
        datetime(2027, 1, 3, 23, 30, tzinfo=AMS),  # the evening before 4 Jan, the first working day
    ],
)
def test_monthly_task_does_nothing_before_the_first_working_day(board_org, moment):
    with travel(moment):
        result = monthly_board_report_task.delay().get()

    assert result["sent"] == []
    assert result["reason"] == "before the first working day"
    assert mail.outbox == []


def test_monthly_task_catches_up_a_missed_first_working_day_once(board_org):
    with travel(datetime(2026, 11, 3, 7, 0, tzinfo=AMS)):  # the worker was down on 2 Nov
        first = monthly_board_report_task.delay().get()
    with travel(datetime(2026, 11, 4, 7, 0, tzinfo=AMS)):
        second = monthly_board_report_task.delay().get()

    assert first["period"] == OCTOBER and len(first["sent"]) == 2
    assert second["sent"] == [] and second["skipped"] == first["sent"]
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 11, 2, 7, 0, tzinfo=AMS),
        datetime(2026, 11, 2, 0, 30, tzinfo=AMS),  # still 1 Nov in UTC
    ],
)
def test_monthly_task_sends_last_month_on_the_first_working_day(board_org, moment):
    with travel(moment):
        first = monthly_board_report_task.delay().get()
        second = monthly_board_report_task.delay().get()

    assert first["period"] == OCTOBER
    assert first["sent"] == ["board2@plusteam.example", "board@plusteam.example"]
    assert second["sent"] == []
    assert second["skipped"] == first["sent"]
    assert len(mail.outbox) == 2
    assert all("oktober 2026" in m.subject for m in mail.outbox)


def test_monthly_task_after_new_year(board_org):
    with travel(datetime(2027, 1, 4, 7, 0, tzinfo=AMS)):
        result = monthly_board_report_task.delay().get()

    assert result["period"] == "2026-12"
    assert len(mail.outbox) == 2


def test_monthly_task_with_a_month_sends_that_month_on_any_day(board_org):
    with travel(datetime(2026, 11, 17, 12, 0, tzinfo=AMS)):
        result = monthly_board_report_task.delay(OCTOBER).get()

    assert result["sent"] == ["board2@plusteam.example", "board@plusteam.example"]
