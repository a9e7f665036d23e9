"""The absence dashboard at /absence/, its Excel/CSV exports and the board report page.

Who sees what follows privacy.md: HR and the (adjunct-)director see everyone with names, a
manager their own people, PVT and board aggregates only with every group of fewer than 5 people
shown as "<5". Every number on the page comes from the engine (absence-metrics.md), so the tests
compare the page with `absence.figures.absence_report` for the same period."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.formats import date_format
from openpyxl import load_workbook

from absence import stats
from absence.figures import absence_report, audience_for
from absence.models import Episode, PartialRecovery
from absence.reporting.exports import XLSX
from core.models import AuditEvent
from hrm.models import Employee
from tests.factories import TeamFactory, make_person

AMS = ZoneInfo("Europe/Amsterdam")
TODAY = date(2025, 6, 18)  # a Wednesday
NOTIFIED = datetime(2020, 1, 1, 9, 0, tzinfo=AMS)
DASHBOARD = "/absence/"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime(2025, 6, 18, 10, 0, tzinfo=AMS), tick=False):
        yield


# --- the organisation --------------------------------------------------------------------------

BIG = [  # Geldrop-Mierlo: five people, so never suppressed
    ("Anouk", "Kloosterboer"),
    ("Bram", "Veenstra"),
    ("Carla", "Wijnbergen"),
    ("Daan", "Oosterhuis"),
    ("Eva", "Brouwershaven"),
]
SMALL = [  # Waalre: four people, so "<5" for PVT and board
    ("Femke", "Hoogeveen"),
    ("Gijs", "Lammerink"),
    ("Hanna", "Terpstra"),
    ("Iris", "Zwartendijk"),
]


def person(first: str, last: str, team, hours: str = "36") -> Employee:
    employee = make_person(None, team=team, hours=Decimal(hours))
    employee.first_name, employee.last_name = first, last
    employee.save()
    return employee


def episode(employee, first, recovered=None, *, notified=True, **fields) -> Episode:
    return Episode.objects.create(
        employee=employee,
        first_sick_day=first,
        recovered_on=recovered,
        arbo_notified_at=NOTIFIED if notified else None,
        **fields,
    )


@pytest.fixture
def neighbours(org) -> list[Employee]:
    """A third team, Best, of five people without sickness. For PVT and board it is Waalre's
    complement (the smallest other team; first by name beside Geldrop-Mierlo's five), so that
    total minus Geldrop-Mierlo does not give Waalre."""
    best = TeamFactory(name="Best")
    return [person("Nina", f"Buurman{n}", best) for n in range(5)]


@pytest.fixture
def org(team_a, team_b) -> dict:
    """Two teams (5 and 4 people), history over two years, two people sick today, two
    episodes not passed to ArboNed."""
    people = {last: person(first, last, team_a) for first, last in BIG}
    people |= {last: person(first, last, team_b, hours="18") for first, last in SMALL}
    episode(people["Kloosterboer"], date(2024, 1, 8), date(2024, 1, 13))
    episode(people["Wijnbergen"], date(2023, 11, 1), date(2024, 2, 15))
    episode(people["Oosterhuis"], date(2024, 11, 4), date(2024, 11, 25))
    veenstra = episode(
        people["Veenstra"],
        date(2025, 5, 19),
        notified=False,
        expected_duration=Episode.ExpectedDuration.MONTHS,
    )
    PartialRecovery.objects.create(
        episode=veenstra, start=date(2025, 6, 2), percentage=Decimal("50")
    )
    episode(
        people["Hoogeveen"],
        date(2025, 6, 16),
        notified=False,
        expected_duration=Episode.ExpectedDuration.DAYS,
    )
    episode(people["Lammerink"], date(2024, 9, 2), date(2024, 10, 14))
    terpstra = episode(people["Terpstra"], date(2025, 3, 3), date(2025, 3, 20), notified=False)
    return {
        "people": people,
        "sick_now": {"Veenstra": veenstra},
        "overdue": {"Veenstra": veenstra, "Terpstra": terpstra},
    }


# --- helpers -----------------------------------------------------------------------------------


def get(client, user, url=DASHBOARD, **params):
    client.force_login(user)
    return client.get(url, params)


def block(html: str, pattern: str) -> str:
    """The inner HTML of the first element whose opening tag contains `pattern`."""
    opening = re.search(rf"<(\w+)\b[^>]*{pattern}[^>]*>", html)
    assert opening, f"no element with {pattern}"
    tag, depth = opening[1], 1
    for match in re.finditer(rf"<(/?){tag}\b[^>]*>", html[opening.end() :]):
        depth += -1 if match[1] else 1
        if depth == 0:
            return html[opening.end() : opening.end() + match.start()]
    raise AssertionError(f"{pattern}: <{tag}> not closed")


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def pct(value: float) -> str:
    """As the page shows a percentage: Dutch comma, one decimal."""
    return f"{value:.1f}".replace(".", ",") + "%"


def engine(start: date, end: date, **kwargs) -> dict:
    return absence_report(start=start, end=end, **kwargs)


def rolling_period() -> tuple[date, date]:
    return date(2024, 6, 19), TODAY


# --- the adjunct-director ----------------------------------------------------------------------


def test_adjunct_sees_headline_figures_with_traffic_light(client, adjunct, org):
    response = get(client, adjunct)
    assert response.status_code == 200
    html = response.content.decode()

    week = engine(date(2025, 6, 16), TODAY)["total"]
    rolling = engine(*rolling_period())["total"]
    for testid, figures in (("this-week", week), ("rolling-year", rolling)):
        item = block(html, f'data-testid="{testid}"')
        assert pct(figures["absence_percentage"]) in text(item)
        assert f"light--{figures['status']}" in item
    assert rolling["absence_percentage"] > 0


def test_adjunct_sees_charts_each_with_a_table(client, adjunct, org):
    html = get(client, adjunct).content.decode()
    charts = html.count('<svg class="chart"')
    # weekly, monthly, one per team (Geldrop-Mierlo, Waalre, Staf), the selection, the classes
    assert charts == 7
    sections = re.findall(r"<section\b.*?</section>", html, flags=re.S)
    with_chart = [s for s in sections if '<svg class="chart"' in s]
    assert sum(s.count('<svg class="chart"') for s in with_chart) == charts
    for section in with_chart:
        assert section.count("<table") >= section.count('<svg class="chart"'), section[:200]
    for team in ("geldrop-mierlo", "waalre", "staf"):
        assert f'data-testid="team-{team}"' in html


def test_adjunct_sees_who_is_sick_now_and_arbo_overdue(client, adjunct, org):
    html = get(client, adjunct).content.decode()
    rows = re.findall(r"<tr>(.*?)</tr>", block(html, 'data-testid="sick-now"'), flags=re.S)[1:]
    cells = [[text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", r, flags=re.S)] for r in rows]
    with translation.override("nl"):
        months = str(Episode.ExpectedDuration.MONTHS.label)
        days = str(Episode.ExpectedDuration.DAYS.label)
    # longest first: name, team, since, sick day, works %, expected duration
    assert cells == [
        ["Bram Veenstra", "Geldrop-Mierlo", "19-05-2025", "31", "50%", months],
        ["Femke Hoogeveen", "Waalre", "16-06-2025", "3", "–", days],
    ]
    overdue = text(block(html, 'id="arbo-overdue"'))
    assert "Bram Veenstra" in overdue and "Hanna Terpstra" in overdue
    assert "Femke Hoogeveen" not in overdue  # sick day 3: not due yet
    assert "Anouk Kloosterboer" not in overdue  # passed on


def test_every_name_read_on_the_dashboard_is_audited(client, adjunct, org):
    get(client, adjunct)
    events = AuditEvent.objects.filter(actor=adjunct, action="list_episode")
    read = {
        org["sick_now"]["Veenstra"],
        org["overdue"]["Terpstra"],
        Episode.objects.get(employee=org["people"]["Hoogeveen"]),
    }
    assert sorted((e.subject_id, e.object_id) for e in events) == sorted(
        (e.employee_id, str(e.pk)) for e in read
    )
    assert {e.object_type for e in events} == {"episode"}


# --- the numbers agree with the engine ---------------------------------------------------------


def worked_example() -> None:
    """absence-metrics.md, January 2024, in a team of its own ("Voorbeeld")."""
    team = TeamFactory(name="Voorbeeld")
    a = make_person(None, team=team)
    b = make_person(None, team=team, hours=Decimal("18"))
    make_person(None, team=team, start=date(2024, 1, 16))  # C, never sick
    episode(a, date(2024, 1, 8), date(2024, 1, 13))
    b_episode = episode(b, date(2023, 12, 20), date(2024, 1, 29))
    PartialRecovery.objects.create(
        episode=b_episode, start=date(2024, 1, 15), percentage=Decimal("50")
    )


def test_the_worked_example_on_the_page(client, adjunct):
    worked_example()
    html = get(
        client, adjunct, start="2024-01-01", end="2024-01-31", team="Voorbeeld", by="month"
    ).content.decode()
    selection = block(html, 'id="selection"')
    stats_ = text(block(selection, 'class="stats"'))
    assert stats_.startswith("24,8%")
    assert "22,5" in stats_ and "33,3%" in stats_ and "2,5" in stats_
    total = text(re.search(r"<tfoot>(.*?)</tfoot>", selection, flags=re.S)[1])
    # absence, sick days, available days, sick reports, freq./year, duration, zero, classes
    assert total.split()[1:] == [
        "24,8%", "rood", "15,5", "62,5", "1", "4,68", "22,5", "33,3%", "8,0", "16,8", "0,0", "0,0",
    ]  # fmt: skip
    assert "light--red" in selection


def test_rolling_year_on_the_page_is_the_engines(client, adjunct, org):
    html = get(client, adjunct).content.decode()
    rolling = engine(*rolling_period())["total"]
    item = text(block(html, 'data-testid="rolling-year"'))
    assert re.search(r"\d+,\d%", item)[0] == pct(rolling["absence_percentage"])
    # the default selection is the last 12 whole months, per month
    default = engine(date(2024, 7, 1), TODAY, by="month")
    selection = block(html, 'id="selection"')
    assert text(block(selection, 'class="stat__value"')) == pct(
        default["total"]["absence_percentage"]
    )
    table = block(selection, 'data-testid="selection-table"')
    rows = re.findall(r'<th scope="row">(.*?)</th>\s*<td class="num">(.*?)</td>', table)
    with translation.override("nl"):
        labels = [date_format(date(2024, m, 1), "M Y") for m in range(7, 13)]
        labels += [date_format(date(2025, m, 1), "M Y") for m in range(1, 7)]
    assert rows == [
        *zip(labels, (pct(g["absence_percentage"]) for g in default["groups"]), strict=True),
        ("Totaal", pct(default["total"]["absence_percentage"])),
    ]


# --- choosing period, team and grouping --------------------------------------------------------


def selection_heading(html: str) -> str:
    return text(re.search(r"<h2>(.*?)</h2>", block(html, 'id="selection"'), flags=re.S)[1])


def test_choosing_period_team_and_grouping_changes_the_figures(client, adjunct, org):
    default = get(client, adjunct).content.decode()
    response = get(client, adjunct, start="2024-09-01", end="2024-10-31", team="Waalre", by="week")
    assert response.status_code == 200
    html = response.content.decode()
    selection = block(html, 'id="selection"')
    assert selection_heading(html) == "1 Sep 2024 t/m 31 Okt 2024 · Waalre"
    chosen = engine(date(2024, 9, 1), date(2024, 10, 31), by="week", team="Waalre")
    assert chosen["total"]["absence_percentage"] > 0  # Lammerink, 2 Sep - 13 Oct
    stat = text(re.search(r'class="stat__value">(.*?)</span>', selection)[1])
    assert stat == pct(chosen["total"]["absence_percentage"])
    assert stat != text(re.search(r'class="stat__value">(.*?)</span>', default)[1])
    table = block(selection, 'data-testid="selection-table"')
    labels = re.findall(r'<th scope="row">(.*?)</th>', table)
    assert labels[:-1] == [f"wk {n}" for n in range(35, 45)]
    # the headline figures follow the team too, and "sick now" shows only that team
    rolling = engine(*rolling_period(), team="Waalre")["total"]
    assert pct(rolling["absence_percentage"]) in text(block(html, 'data-testid="rolling-year"'))
    sick = text(block(html, 'data-testid="sick-now"'))
    assert "Femke Hoogeveen" in sick and "Bram Veenstra" not in sick
    # and the export links carry the choice
    query = "start=2024-09-01&amp;end=2024-10-31&amp;team=Waalre&amp;by=week"
    assert f'href="/absence/export.xlsx?{query}"' in html
    assert f'href="/absence/export.csv?{query}"' in html


def test_grouping_by_team_lists_the_teams(client, adjunct, org):
    html = get(client, adjunct, start="2024-01-01", end="2024-12-31", by="team").content.decode()
    table = block(html, 'data-testid="selection-table"')
    report = engine(date(2024, 1, 1), date(2024, 12, 31), by="team")
    rows = re.findall(r'<th scope="row">(.*?)</th>\s*<td class="num">(.*?)</td>', table)
    assert rows[:-1] == [(g["key"], pct(g["absence_percentage"])) for g in report["groups"]]
    assert [g["key"] for g in report["groups"]] == ["Geldrop-Mierlo", "Staf", "Waalre"]


def field_errors(html: str, name: str) -> str:
    label = re.search(
        rf'<label class="filters__item">((?:(?!</label>).)*name="{name}".*?)</label>',
        html,
        flags=re.S,
    )
    assert label, name
    errors = re.search(r'class="field__errors">(.*?)</span>', label[1], flags=re.S)
    return text(errors[1]) if errors else ""


def test_end_before_start_shows_the_error_beside_the_field(client, adjunct, org):
    response = get(client, adjunct, start="2025-03-01", end="2025-01-31")
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override("nl"):
        message = translation.gettext("The end date cannot be before the start date.")
    assert field_errors(html, "end") == message
    assert field_errors(html, "start") == ""
    # the page still shows figures: the defaults
    assert selection_heading(html) == "1 Jul 2024 t/m 18 Jun 2025"
    assert '<svg class="chart"' in html


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"team": "Nergenshuizen"}, "team"),
        ({"by": "year"}, "by"),
        ({"start": "2025-13-01"}, "start"),
        ({"end": "gisteren"}, "end"),
        ({"start": "2010-01-01", "end": "2025-01-01"}, "end"),  # more than 10 years
    ],
)
def test_invalid_choices_are_form_errors_not_500(client, adjunct, org, params, field):
    response = get(client, adjunct, **params)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {field}
    assert field_errors(response.content.decode(), field)


def test_empty_fields_take_the_defaults(client, adjunct, org):
    response = get(client, adjunct, team="", start="", end="", by="")
    assert response.status_code == 200
    assert response.context["values"] == {
        "team": "",
        "start": date(2024, 7, 1),
        "end": TODAY,
        "by": "month",
    }


# --- a manager ---------------------------------------------------------------------------------


def test_manager_sees_only_their_own_people(client, manager, employee, org):
    html = get(client, manager).content.decode()
    sick = text(block(html, 'data-testid="sick-now"'))
    assert "Bram Veenstra" in sick  # Geldrop-Mierlo
    assert "Femke Hoogeveen" not in sick  # Waalre, sick today
    overdue = text(block(html, 'id="arbo-overdue"'))
    assert "Bram Veenstra" in overdue and "Hanna Terpstra" not in overdue
    # only their own team to choose and to look at
    options = re.findall(r'<option value="([^"]*)"', block(html, 'name="team"'))
    assert options == ["", "Geldrop-Mierlo"]
    assert 'data-testid="team-geldrop-mierlo"' in html and 'data-testid="team-waalre"' not in html
    # the figures are those of their people only: Waalre's sickness does not count
    mine = [manager.employee.pk, employee.employee.pk, *(org["people"][n].pk for _f, n in BIG)]
    assert set(audience_for(manager).employee_ids) == set(mine)
    for testid, period in (
        ("this-week", (date(2025, 6, 16), TODAY)),
        ("rolling-year", rolling_period()),
    ):
        own = engine(*period, employee_ids=mine)["total"]["absence_percentage"]
        everyone = engine(*period)["total"]["absence_percentage"]
        assert own != everyone
        assert re.search(r"\d+,\d%", text(block(html, f'data-testid="{testid}"')))[0] == pct(own)
    audited = set(AuditEvent.objects.filter(actor=manager).values_list("subject_id", flat=True))
    assert audited == {org["people"]["Veenstra"].pk}


def test_manager_cannot_choose_another_team(client, manager, org):
    response = get(client, manager, team="Waalre")
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"team"}
    assert "Femke Hoogeveen" not in response.content.decode()
    export = get(client, manager, "/absence/export.csv", team="Waalre")
    assert export.status_code == 400


# --- PVT and board: aggregates only ------------------------------------------------------------


@pytest.fixture(params=["pvt", "board"])
def aggregate_viewer(request, org):
    return request.getfixturevalue(request.param)


def assert_no_names(content: str, viewer) -> None:
    """No employee's name appears (the viewer's own, in the page header, aside)."""
    people = Employee.objects.exclude(user=viewer)
    assert people.count() >= 9
    for person in people:
        assert person.last_name not in content, person.full_name
        assert person.full_name not in content, person.full_name


def test_pvt_and_board_see_no_names(client, aggregate_viewer):
    response = get(client, aggregate_viewer)
    assert response.status_code == 200
    html = response.content.decode()
    assert_no_names(html, aggregate_viewer)
    assert 'id="sick-now"' not in html and 'id="arbo-overdue"' not in html
    assert "/absence/episodes/" not in html
    assert not AuditEvent.objects.exists()


def test_pvt_and_board_see_small_teams_as_less_than_5(client, aggregate_viewer, neighbours):
    html = get(client, aggregate_viewer).content.decode()
    complement = block(html, 'data-testid="team-best"')
    assert "<circle" not in block(complement, 'class="chart"')
    assert set(re.findall(r'<td class="num">(.*?)</td>', complement)) == {"&lt;5"}
    small = block(html, 'data-testid="team-waalre"')
    chart = block(small, 'class="chart"')
    assert "<circle" not in chart and "<polyline" not in chart, "no points drawn for a team of 4"
    table = block(small, 'class="table table--compact"')
    cells = re.findall(r'<td class="num">(.*?)</td>', table)
    assert cells and set(cells) == {"&lt;5"}
    assert "&lt;5" in re.search(r"<h3.*?</h3>", small, flags=re.S)[0]
    big = block(html, 'data-testid="team-geldrop-mierlo"')
    assert "&lt;5" not in big
    assert "<circle" in block(big, 'class="chart"')
    assert re.search(r"\d+,\d%", text(block(big, 'class="table table--compact"')))
    # the whole organisation has enough people: its figures are shown
    assert re.search(r"\d+,\d%", text(block(html, 'data-testid="rolling-year"')))


def test_board_grouping_by_team_suppresses_the_team_of_4_and_its_complement(
    client, board, org, neighbours
):
    html = get(client, board, start="2024-01-01", end="2024-12-31", by="team").content.decode()
    table = block(html, 'data-testid="selection-table"')
    rows = re.findall(r'<tr( class="is-suppressed")?>\s*<th scope="row">(.*?)</th>', table)
    assert [(label, bool(suppressed)) for suppressed, label in rows] == [
        ("Best", True),
        ("Geldrop-Mierlo", False),
        ("Waalre", True),
        ("Totaal", False),
    ]
    for hidden in re.findall(r'class="is-suppressed">(.*?)</tr>', table, flags=re.S):
        assert not re.search(r"\d,\d", text(hidden))


def test_board_choosing_the_small_team_shows_no_figures(client, board, org):
    html = get(client, board, team="Waalre").content.decode()
    for testid in ("this-week", "rolling-year"):
        assert text(block(html, f'data-testid="{testid}"')).count("<5") == 1
    selection = block(html, 'id="selection"')
    assert not re.search(r"\d,\d", text(block(selection, 'class="stats"')))
    assert not re.search(r"\d,\d", text(block(selection, 'data-testid="selection-table"')))
    assert_no_names(html, board)


# --- who gets the page -------------------------------------------------------------------------


def test_an_employee_is_sent_to_their_own_history(client, employee):
    response = get(client, employee)
    assert response.status_code == 302
    assert response["Location"] == f"/absence/people/{employee.employee.pk}/"


def test_an_administrator_without_hr_role_gets_403(client, admin_user):
    assert get(client, admin_user).status_code == 403
    assert get(client, admin_user, "/absence/export.xlsx").status_code == 403
    assert get(client, admin_user, "/absence/export.csv").status_code == 403


def test_anonymous_is_sent_to_the_login(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# --- query count -------------------------------------------------------------------------------


def hire(n: int, teams) -> None:
    """`n` people, each with two contracts (a team change), a closed episode with a partial
    recovery, and an open one (sick now, not passed to ArboNed)."""
    from hrm.models import ContractPeriod

    for i in range(n):
        employee = make_person(None, team=teams[i % len(teams)], start=date(2022, 1, 1))
        ContractPeriod.objects.filter(employee=employee).update(end=date(2023, 12, 31))
        ContractPeriod.objects.create(
            employee=employee,
            team=teams[(i + 1) % len(teams)] if i % 3 == 0 else teams[i % len(teams)],
            start=date(2024, 1, 1),
            hours_per_week=Decimal("24"),
            job_title="Generalist",
        )
        closed = episode(employee, date(2024, 3, 4 + i % 7), date(2024, 4, 20))
        PartialRecovery.objects.create(episode=closed, start=date(2024, 4, 1), percentage=50)
        episode(employee, date(2025, 6, 2) - timedelta(days=i), notified=False)


def queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(DASHBOARD, params)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("viewer", ["adjunct", "manager", "board"])
@pytest.mark.parametrize("params", [{}, {"team": "Geldrop-Mierlo", "by": "week"}])
def test_query_count_does_not_grow_with_the_number_of_employees(
    client, request, team_a, team_b, viewer, params
):
    user = request.getfixturevalue(viewer)
    client.force_login(user)
    hire(6, [team_a, team_b])
    queries(client, **params)  # warm up (session, settings)
    few = queries(client, **params)
    hire(24, [team_a, team_b])
    many = queries(client, **params)
    assert Employee.objects.count() >= 30
    assert few == many, f"{few} queries with 6 employees, {many} with 30"
    if viewer == "adjunct" and not params:  # the 30 sick people were all on the page
        table = block(client.get(DASHBOARD).content.decode(), 'data-testid="sick-now"')
        assert table.count("<tr>") == 1 + 30


# --- exports -----------------------------------------------------------------------------------

SHEETS = ["Totaal", "Per team", "Per maand", "Per week", "Definities"]
YEAR_2024 = {"start": "2024-01-01", "end": "2024-12-31"}


def workbook(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(response.content))


def sheet_rows(sheet) -> dict:
    """First column -> the rest of the row, for the data rows (the header and the note off)."""
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    return {row[0]: row[1:] for row in rows if row and row[0] and row[1] is not None}


def test_excel_has_a_sheet_per_grouping_and_the_definitions(client, adjunct, org):
    response = get(client, adjunct, "/absence/export.xlsx", **YEAR_2024)
    book = workbook(response)
    assert (
        response["Content-Disposition"] == 'attachment; filename="verzuim-20240101-20241231.xlsx"'
    )
    assert book.sheetnames == SHEETS
    report = engine(date(2024, 1, 1), date(2024, 12, 31), by="team")
    totaal = book["Totaal"]
    assert totaal["A1"].value == "" or totaal["A1"].value is None
    assert totaal["B1"].value == "Verzuim %"
    assert totaal["A2"].value == "Totaal"
    assert totaal["B2"].value == pytest.approx(report["total"]["absence_percentage"])
    assert (
        totaal["C2"].value
        == {"green": "groen", "amber": "oranje", "red": "rood"}[report["total"]["status"]]
    )
    per_team = sheet_rows(book["Per team"])
    assert list(per_team) == ["Totaal", "Geldrop-Mierlo", "Staf", "Waalre"]
    for group in report["groups"]:
        assert per_team[group["key"]][0] == pytest.approx(group["absence_percentage"])
        assert per_team[group["key"]][2] == pytest.approx(group["sick_days"])
    months = sheet_rows(book["Per maand"])
    assert list(months) == ["Totaal"] + [f"2024-{m:02d}" for m in range(1, 13)]
    by_month = engine(date(2024, 1, 1), date(2024, 12, 31), by="month")["groups"]
    assert [months[g["key"]][0] for g in by_month] == pytest.approx(
        [g["absence_percentage"] for g in by_month]
    )
    weeks = sheet_rows(book["Per week"])
    assert list(weeks)[1] == "2024-W01" and list(weeks)[-1] == "2025-W01"
    definitions = {row[0]: row[1] for row in book["Definities"].iter_rows(values_only=True)}
    for term in ("Verzuim %", "Beschikbare dagen", "Ziektedagen", "Meldingsfrequentie", "<5"):
        assert definitions.get(term), term


def test_excel_for_pvt_and_board_shows_the_team_of_4_as_less_than_5(
    client, aggregate_viewer, neighbours
):
    book = workbook(get(client, aggregate_viewer, "/absence/export.xlsx", **YEAR_2024))
    assert book.sheetnames == SHEETS
    per_team = sheet_rows(book["Per team"])
    assert set(per_team["Waalre"]) == {"<5"}
    assert set(per_team["Best"]) == {"<5"}
    assert isinstance(per_team["Geldrop-Mierlo"][0], float)
    assert isinstance(per_team["Totaal"][0], float)
    everything = " ".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )
    for person in Employee.objects.all():
        assert person.last_name not in everything


def test_excel_follows_the_chosen_team(client, adjunct, org):
    book = workbook(get(client, adjunct, "/absence/export.xlsx", team="Waalre", **YEAR_2024))
    waalre = engine(date(2024, 1, 1), date(2024, 12, 31), team="Waalre")["total"]
    assert book["Totaal"]["B2"].value == pytest.approx(waalre["absence_percentage"])
    assert list(sheet_rows(book["Per team"])) == ["Totaal", "Waalre"]


CSV_HEADER = [
    "group",
    "suppressed",
    "absence_percentage",
    "status",
    "sick_days",
    "available_days",
    "average_headcount",
    "episodes_started",
    "notification_frequency",
    "notification_frequency_annualised",
    "episodes_ended",
    "mean_duration_days",
    "zero_absence_percentage",
    "absence_percentage_short",
    "absence_percentage_medium",
    "absence_percentage_long",
    "absence_percentage_extra_long",
]


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    reader = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert reader.fieldnames == CSV_HEADER
    return list(reader)


def test_csv_has_the_report_keys_and_the_total_first(client, adjunct, org):
    response = get(client, adjunct, "/absence/export.csv", by="month", **YEAR_2024)
    assert response["Content-Disposition"] == 'attachment; filename="verzuim-20240101-20241231.csv"'
    rows = csv_rows(response)
    report = engine(date(2024, 1, 1), date(2024, 12, 31), by="month")
    assert [r["group"] for r in rows] == ["total"] + [g["key"] for g in report["groups"]]
    for row, figures in zip(rows, [report["total"], *report["groups"]], strict=True):
        assert row["suppressed"] == "no"
        assert float(row["absence_percentage"]) == pytest.approx(figures["absence_percentage"])
        assert row["status"] == figures["status"]
        assert int(row["episodes_started"]) == figures["episodes_started"]
        for key in stats.CLASSES:
            assert float(row[f"absence_percentage_{key}"]) == pytest.approx(
                figures["absence_percentage_by_class"][key]
            )
    assert set(CSV_HEADER[2:13]) == set(stats.METRIC_KEYS) - {"absence_percentage_by_class"}


def test_csv_for_pvt_and_board_leaves_small_groups_empty(client, aggregate_viewer, neighbours):
    response = get(client, aggregate_viewer, "/absence/export.csv", by="team")
    rows = {r["group"]: r for r in csv_rows(response)}
    assert list(rows) == ["total", "Best", "Geldrop-Mierlo", "Waalre"]
    for hidden in ("Best", "Waalre"):
        assert rows[hidden]["suppressed"] == "yes"
        assert all(rows[hidden][k] == "" for k in CSV_HEADER[2:])
    for group in ("total", "Geldrop-Mierlo"):
        assert rows[group]["suppressed"] == "no"
        assert rows[group]["absence_percentage"] != ""


def test_csv_for_the_adjunct_suppresses_nothing(client, adjunct, org):
    rows = csv_rows(get(client, adjunct, "/absence/export.csv", by="team"))
    assert {r["suppressed"] for r in rows} == {"no"}
    assert [r["group"] for r in rows] == ["total", "Geldrop-Mierlo", "Staf", "Waalre"]


def test_export_defaults_to_the_last_12_months(client, adjunct, org):
    response = get(client, adjunct, "/absence/export.csv")
    assert 'filename="verzuim-20240701-20250618.csv"' in response["Content-Disposition"]
    rows = csv_rows(response)
    assert [r["group"] for r in rows][1:] == [f"2024-{m:02d}" for m in range(7, 13)] + [
        f"2025-{m:02d}" for m in range(1, 7)
    ]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_with_an_invalid_period_is_400(client, adjunct, org, fmt):
    response = get(client, adjunct, f"/absence/export.{fmt}", start="2025-03-01", end="2025-01-01")
    assert response.status_code == 400
    assert "end" in response.content.decode()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_employee_cannot_export(client, employee, fmt):
    assert get(client, employee, f"/absence/export.{fmt}").status_code == 403


# --- the board report --------------------------------------------------------------------------


@pytest.mark.parametrize("viewer", ["hr", "board"])
def test_board_report_pdf_for_a_chosen_month(client, request, org, viewer):
    response = get(
        client, request.getfixturevalue(viewer), "/absence/board-report/", month="2025-05"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == 'inline; filename="verzuimrapportage-2025-05.pdf"'


def test_board_report_defaults_to_the_previous_month(client, board, org):
    response = get(client, board, "/absence/board-report/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'inline; filename="verzuimrapportage-2025-05.pdf"'


def test_board_report_download(client, hr, org):
    response = get(client, hr, "/absence/board-report/", month="2025-05", download="1")
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("month", ["2025-13", "2025-00", "mei 2025", "2025-5"])
def test_board_report_with_an_invalid_month_goes_back_with_a_message(client, hr, month):
    response = get(client, hr, "/absence/board-report/", month=month)
    assert response.status_code == 302
    assert response["Location"] == DASHBOARD
    page = client.get(response["Location"])
    with translation.override("nl"):
        message = translation.gettext("Give the month as YYYY-MM, for example 2026-10.")
    assert message in unescape(page.content.decode())


def test_board_report_is_not_for_a_manager(client, manager):
    assert get(client, manager, "/absence/board-report/", month="2025-05").status_code == 403


# --- the rest of the page ----------------------------------------------------------------------


def test_the_trend_tables_cover_52_weeks_and_three_years_of_months(client, adjunct, org):
    html = get(client, adjunct).content.decode()
    tables = re.findall(r'<table class="table table--compact">.*?</table>', html, flags=re.S)
    weeks, months = tables[0], tables[1]
    week_labels = re.findall(r"<tr><td>(\d{4}-W\d{2})", weeks)
    assert len(week_labels) == 52
    assert week_labels[0] == "2025-W25" and week_labels[-1] == "2024-W26"
    month_rows = re.findall(r"<tr><td>(.*?)</td>", months)
    assert len(month_rows) == 12 * 3 + 6  # January 2022 up to June 2025
    assert month_rows[0] == "juni 2025" and month_rows[-1] == "januari 2022"


def test_rolling_year_on_29_february(client, adjunct, org):
    with time_machine.travel(datetime(2024, 2, 29, 10, 0, tzinfo=AMS), tick=False):
        html = get(client, adjunct).content.decode()
    rolling = engine(date(2023, 3, 1), date(2024, 2, 29))["total"]
    item = text(block(html, 'data-testid="rolling-year"'))
    assert "1 Mrt 2023" in item
    assert re.search(r"\d+,\d%", item)[0] == pct(rolling["absence_percentage"])


def test_a_period_before_anyone_was_employed(client, adjunct, org):
    period = {"start": "2021-01-01", "end": "2021-12-31"}
    html = get(client, adjunct, by="team", **period).content.decode()
    assert text(block(block(html, 'id="selection"'), 'class="stat__value"')) == "–"
    book = workbook(get(client, adjunct, "/absence/export.xlsx", **period))
    assert book["Totaal"]["B2"].value is None
    assert book["Totaal"]["C2"].value == "–"
    months = [r for r in book["Per maand"].iter_rows(min_row=3, values_only=True) if r[0]][:-1]
    assert [r[0] for r in months] == [f"2021-{m:02d}" for m in range(1, 13)]
    assert {(r[1], r[2]) for r in months} == {(None, "–")}
    rows = csv_rows(get(client, adjunct, "/absence/export.csv", **period))
    assert rows[0]["absence_percentage"] == "" and rows[0]["suppressed"] == "no"


def test_team_names_are_escaped_in_page_and_charts(client, adjunct):
    evil = '<script>alert("x")</script>'
    team = TeamFactory(name=evil)
    for n in range(5):
        person(f"Naam{n}", f"Achternaam{n}", team)
    for params in ({}, {"team": evil, "by": "team"}):
        html = get(client, adjunct, **params).content.decode()
        assert evil not in html
        assert "&lt;script&gt;" in html


# --- edge cases that once gave a 500 or a broken link --------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [DASHBOARD, "/absence/export.xlsx", "/absence/export.csv"])
def test_a_period_at_the_end_of_the_calendar_is_no_500(client, adjunct, org, url):
    client.raise_request_exception = False
    response = get(client, adjunct, url, start="9999-01-01", end="9999-12-31")
    assert response.status_code < 500


def test_board_report_for_the_last_possible_month_is_no_500(client, hr, org):
    client.raise_request_exception = False
    response = get(client, hr, "/absence/board-report/", month="9999-12")
    assert response.status_code in {200, 302}


def test_the_empty_selection_row_spans_the_whole_table(client, adjunct, org):
    html = get(client, adjunct, start="2010-01-01", end="2010-12-31", by="team").content.decode()
    table = block(html, 'data-testid="selection-table"')
    columns = len(re.findall(r"<th\b", re.search(r"<thead>.*?</thead>", table, flags=re.S)[0]))
    assert columns == 13
    assert re.search(r'<td colspan="(\d+)" class="empty">', table)[1] == str(columns)


def test_board_report_month_with_a_trailing_newline_is_no_500(client, hr, org):
    client.raise_request_exception = False
    response = get(client, hr, "/absence/board-report/", month="2025-05\n")
    assert response.status_code in {200, 302}


def test_the_export_links_export_what_the_page_shows_after_an_invalid_choice(client, adjunct, org):
    html = get(client, adjunct, start="2025-03-01", end="2025-01-31").content.decode()
    assert selection_heading(html) == "1 Jul 2024 t/m 18 Jun 2025"
    href = re.search(r'href="(/absence/export\.xlsx[^"]*)"', html)[1]
    response = client.get(unescape(href))
    assert response.status_code == 200
    assert 'filename="verzuim-20240701-20250618.xlsx"' in response["Content-Disposition"]
