"""Playwright walks the absence dashboard (/absence/) as the adjunct-director and as a board
member: headline figures, a chosen period and team, and the Excel download.

The session cookie expires by the browser's clock, so these tests do not freeze time: the
organisation's history is laid out relative to today."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from openpyxl import load_workbook
from playwright.sync_api import expect

from absence.models import Episode
from core.roles import Role
from hrm.models import Employee
from tests.factories import TeamFactory, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BIG = ["Kloosterboer", "Veenstra", "Wijnbergen", "Oosterhuis", "Brouwershaven", "Hofstede"]
SMALL = ["Hoogeveen", "Lammerink", "Terpstra"]
PERCENT = re.compile(r"^\d+,\d%$")


@pytest.fixture
def organisation(db) -> dict:
    """Geldrop-Mierlo (6 people), Valkenswaard (5) and Waalre (3), sickness over the last two
    years, one person sick today; the adjunct-director works in Staf, the board member has no
    employee record."""
    today = timezone.localdate()
    hired = date(today.year - 3, 1, 1)
    big, small = TeamFactory(name="Geldrop-Mierlo"), TeamFactory(name="Waalre")
    people = {}
    for team, names in ((big, BIG), (small, SMALL)):
        for n, last in enumerate(names):
            employee = make_person(None, team=team, start=hired)
            employee.first_name, employee.last_name = f"Mede{n}", last
            employee.save()
            people[last] = employee
    year1, year2 = today.year - 1, today.year - 2
    for last, first, recovered in [
        ("Kloosterboer", date(year2, 3, 1), date(year2, 3, 20)),
        ("Wijnbergen", date(year2, 11, 1), date(year1, 1, 15)),
        ("Oosterhuis", date(year1, 5, 6), date(year1, 5, 10)),
        ("Lammerink", date(year1, 9, 2), date(year1, 10, 1)),
        ("Veenstra", today - timedelta(days=10), None),
    ]:
        Episode.objects.create(employee=people[last], first_sick_day=first, recovered_on=recovered)
    # Valkenswaard (5, no sickness): for the board the complement of Waalre and Staf (4
    # together), so that the total minus Geldrop-Mierlo does not give them away
    valkenswaard = TeamFactory(name="Valkenswaard")
    for n in range(5):
        employee = make_person(None, team=valkenswaard, start=hired)
        employee.first_name, employee.last_name = f"Buur{n}", f"Zeldenrust{n}"
        employee.save()
    make_person("adjunct", Role.ADJUNCT_DIRECTOR, team=TeamFactory(name="Staf"), start=hired)
    make_person("board", Role.BOARD, employee=False)
    return {"today": today, "people": people}


def last_year() -> tuple[date, date]:
    year = timezone.localdate().year - 1
    return date(year, 1, 1), date(year, 12, 31)


def heading(start: date, end: date, team: str) -> str:
    with translation.override("nl"):
        return f"{date_format(start, 'j M Y')} t/m {date_format(end, 'j M Y')} · {team}"


def choose(page, start: date, end: date, team: str) -> None:
    filters = page.locator("main form.filters")
    filters.locator("#id_start").fill(start.isoformat())
    filters.locator("#id_end").fill(end.isoformat())
    filters.locator("#id_team").select_option(label=team)
    filters.locator("button[type=submit]").click()
    page.wait_for_url(f"**/absence/?*start={start.isoformat()}*")


def download_excel(page, tmp_path, start: date, end: date):
    with page.expect_download() as info:
        page.locator("#selection [data-testid=export-xlsx]").click()
    download = info.value
    assert download.suggested_filename == f"verzuim-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    book = load_workbook(path)
    assert "Definities" in book.sheetnames
    return book


def test_adjunct_walks_the_dashboard(page, live_server, login, organisation, tmp_path):
    login("adjunct")
    page.goto(f"{live_server.url}/absence/")
    for testid in ("this-week", "rolling-year"):
        headline = page.locator(f"[data-testid={testid}]")
        expect(headline.locator(".headline__value")).to_have_text(PERCENT)
        expect(headline.locator(".light")).to_be_visible()
    expect(page.locator("[data-testid=sick-now]")).to_contain_text("Mede1 Veenstra")
    expect(page.locator("svg.chart").first).to_be_visible()

    start, end = last_year()
    choose(page, start, end, "Geldrop-Mierlo")
    expect(page.locator("#selection h2")).to_have_text(heading(start, end, "Geldrop-Mierlo"))
    expect(page.locator("#id_team")).to_have_value("Geldrop-Mierlo")
    expect(page.locator("#id_start")).to_have_value(start.isoformat())
    expect(page.locator("[data-testid=team-waalre]")).to_have_count(0)
    rows = page.locator("[data-testid=selection-table] tbody tr")
    expect(rows).to_have_count(12)

    book = download_excel(page, tmp_path, start, end)
    assert book["Totaal"]["A2"].value == "Totaal"
    assert isinstance(book["Totaal"]["B2"].value, float)
    per_team = [row[0] for row in book["Per team"].iter_rows(min_row=2, values_only=True) if row[0]]
    assert per_team[:2] == ["Totaal", "Geldrop-Mierlo"]


def test_board_walks_the_dashboard_without_names(page, live_server, login, organisation, tmp_path):
    login("board")
    page.goto(f"{live_server.url}/absence/")
    for testid in ("this-week", "rolling-year"):
        expect(page.locator(f"[data-testid={testid}] .headline__value")).to_have_text(PERCENT)
    expect(page.locator("#sick-now")).to_have_count(0)
    small = page.locator("[data-testid=team-waalre]")
    expect(small.locator(".team-head")).to_contain_text("<5")
    expect(page.locator("[data-testid=team-geldrop-mierlo] .team-head")).to_have_text(
        re.compile(r"Geldrop-Mierlo\s+\d+,\d%")
    )
    expect(page.locator("[data-testid=team-valkenswaard] .team-head")).to_contain_text("<5")
    content = page.content()
    for person in Employee.objects.all():
        assert person.last_name not in content, person.full_name

    start, end = last_year()
    choose(page, start, end, "Waalre")
    expect(page.locator("#selection h2")).to_have_text(heading(start, end, "Waalre"))
    expect(page.locator("[data-testid=rolling-year] .headline__value")).to_have_text("<5")
    expect(page.locator("#selection .stat__value").first).to_have_text("<5")
    for person in Employee.objects.all():
        assert person.last_name not in page.content(), person.full_name

    book = download_excel(page, tmp_path, start, end)
    cells = next(book["Totaal"].iter_rows(min_row=2, max_row=2, values_only=True))
    assert cells[0] == "Totaal" and set(cells[1:]) == {"<5"}
