""" "<5" for PVT and board cannot be undone by subtraction (privacy.md).

The attacker: a PVT member who asks everything the product offers about a period (every grouping,
every team filter, the page's small multiples, the CSV, the Excel file, the board PDF) and solves
the shown figures as linear equations. Sick days, available days and reports add up over teams and
over days, so every shown cell is a sum of unknowns x[team, day]. A figure of a small team can be
computed exactly when its indicator vector lies in the row space of the shown cells.

The rule checked: everything derivable lies in the span of figures of groups that have at least 5
people on each day they have anyone (a visible team, or the hidden teams together)."""

from __future__ import annotations

import io
import itertools
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from absence import stats
from absence.figures import Figures, board_audience
from absence.models import Episode
from absence.reporting import board_report
from core.roles import Role
from tests.factories import ContractFactory, EmployeeFactory, TeamFactory, make_person

GROUPINGS = (None, "team", "month", "week")


# The attacker's algebra ---------------------------------------------------------------------------


class Cells:
    """Shown cells as rows over unknowns x[team, day] for the days from ``first`` to ``last``."""

    def __init__(self, teams: list[str], first: date, last: date):
        self.teams = teams
        self.first = first
        self.days = (last - first).days + 1
        self.rows: list[np.ndarray] = []

    def vector(self, team: str | None, start: date, end: date) -> np.ndarray:
        v = np.zeros((len(self.teams), self.days))
        lo, hi = (start - self.first).days, (end - self.first).days + 1
        if team is None:
            v[:, lo:hi] = 1
        else:
            v[self.teams.index(team), lo:hi] = 1
        return v.ravel()

    def shown(self, team: str | None, start: date, end: date) -> None:
        self.rows.append(self.vector(team, start, end))

    def add_report(self, body: dict, *, start: date, end: date, by, team) -> None:
        """Every figure of a report that is not suppressed, as the cell it sums."""
        if not body["total"]["suppressed"]:
            self.shown(team, start, end)
        buckets = {
            "month": stats.month_buckets,
            "week": stats.week_buckets,
        }.get(by, lambda s, e: [("total", s, e)])(start, end)
        dates = {key: (b_start, b_end) for key, b_start, b_end in buckets}
        for group in body["groups"]:
            if group["suppressed"]:
                continue
            if by == "team":
                self.shown(group["key"], start, end)
            else:
                self.shown(team, *dates[group["key"]])

    def derivable(self, target: np.ndarray) -> bool:
        """``target`` lies in the row space of the shown cells (projection onto an orthonormal
        basis of that space, computed once per set of rows)."""
        if not self.rows:
            return False
        if getattr(self, "_basis_rows", None) != len(self.rows):
            _u, singular, vt = np.linalg.svd(np.vstack(self.rows), full_matrices=False)
            self._basis = vt[singular > singular.max() * 1e-10]
            self._basis_rows = len(self.rows)
        rest = target - self._basis.T @ (self._basis @ target)
        return bool(np.linalg.norm(rest) <= 1e-8 * max(np.linalg.norm(target), 1.0))

    def within(self, allowed: list[np.ndarray]) -> bool:
        """Every shown cell is a combination of the allowed group figures."""
        if not self.rows:
            return True
        basis = np.vstack(allowed)
        rank = np.linalg.matrix_rank(basis)
        return np.linalg.matrix_rank(np.vstack([basis, *self.rows])) == rank


def allowed_groups(
    counts: np.ndarray, hidden: list[set[int]], minimum: int = 5
) -> list[np.ndarray]:
    """Per day: each team with 0 or >= minimum people alone, and the hidden teams together when
    they have 0 or >= minimum people; ``hidden[d]`` = the hidden team indexes of day d."""
    n_teams, n_days = counts.shape
    out = []
    for d in range(n_days):
        together = sum(counts[t, d] for t in hidden[d])
        for t in range(n_teams):
            if t not in hidden[d] and (counts[t, d] == 0 or counts[t, d] >= minimum):
                v = np.zeros((n_teams, n_days))
                v[t, d] = 1
                out.append(v.ravel())
        if hidden[d] and (together == 0 or together >= minimum):
            v = np.zeros((n_teams, n_days))
            for t in hidden[d]:
                v[t, d] = 1
            out.append(v.ravel())
    return out


# The organisation of the attack -------------------------------------------------------------------

OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))


def person(team, *, start=date(2022, 1, 1), end=None):
    employee = EmployeeFactory()
    ContractFactory(employee=employee, team=team, start=start, end=end, hours_per_week=Decimal(36))
    return employee


@pytest.fixture
def org(db):
    """Groot (8 people), Middel (6) and Klein (3), each with sick spells in October 2026; plus
    the logins of PVT, board and HR (no employees, so they add nobody)."""
    teams = {name: TeamFactory(name=name) for name in ("Groot", "Middel", "Klein")}
    people = {
        name: [person(teams[name]) for _ in range(size)]
        for name, size in (("Groot", 8), ("Middel", 6), ("Klein", 3))
    }
    spells = [
        ("Groot", 0, date(2026, 9, 28), date(2026, 10, 6)),
        ("Groot", 3, date(2026, 10, 19), None),
        ("Middel", 1, date(2026, 10, 7), date(2026, 10, 9)),
        ("Klein", 0, date(2026, 10, 12), date(2026, 10, 23)),
        ("Klein", 2, date(2026, 10, 27), date(2026, 10, 29)),
    ]
    for name, index, first, recovered in spells:
        Episode.objects.create(
            employee=people[name][index], first_sick_day=first, recovered_on=recovered
        )
    return {
        "pvt": make_person("a_pvt", Role.PVT, employee=False),
        "board": make_person("a_board", Role.BOARD, employee=False),
        "hr": make_person("a_hr", Role.HR, employee=False),
    }


def ask_everything(client, cells: Cells, start: date, end: date) -> dict:
    """Every grouping with every team filter; returns the team rows of the by-team view."""
    by_team = None
    for by, team in itertools.product(GROUPINGS, [None, "Groot", "Middel", "Klein"]):
        params = {"start": start.isoformat(), "end": end.isoformat()}
        if by:
            params["by"] = by
        if team:
            params["team"] = team
        response = client.get("/api/absence/report/", params)
        assert response.status_code == 200, response.content
        body = response.json()
        cells.add_report(body, start=start, end=end, by=by, team=team)
        if by == "team" and team is None:
            by_team = {g["key"]: g["suppressed"] for g in body["groups"]}
    return by_team


@pytest.mark.parametrize("role", ["pvt", "board"])
def test_subtraction_cannot_give_the_small_team_in_october(api, org, role):
    start, end = OCTOBER
    cells = Cells(["Groot", "Klein", "Middel"], start, end)

    hidden = ask_everything(api(org[role]), cells, start, end)

    assert hidden == {"Groot": False, "Klein": True, "Middel": True}
    # Klein over the month, any week, any day: none can be computed
    targets = [("month", start, end)] + [
        (key, b_start, b_end) for key, b_start, b_end in stats.week_buckets(start, end)
    ]
    targets += [("day", day, day) for day in (start + timedelta(n) for n in range(31))]
    for label, b_start, b_end in targets:
        assert not cells.derivable(cells.vector("Klein", b_start, b_end)), label
        assert not cells.derivable(cells.vector("Middel", b_start, b_end)), label
    # what is shown is still useful: Groot and the total
    assert cells.derivable(cells.vector("Groot", start, end))
    assert cells.derivable(cells.vector(None, start, end))


def test_nested_periods_in_one_year_give_nothing_more(api, org):
    """October, its halves, the fourth quarter and the year asked one after the other: the
    hidden teams are the same in each (decided per calendar year), so nothing of Klein alone."""
    first, last = date(2026, 1, 1), date(2026, 12, 31)
    cells = Cells(["Groot", "Klein", "Middel"], first, last)
    client = api(org["pvt"])
    periods = [
        OCTOBER,
        (date(2026, 10, 1), date(2026, 10, 15)),
        (date(2026, 10, 16), date(2026, 10, 31)),
        (date(2026, 10, 1), date(2026, 12, 31)),
        (date(2026, 10, 5), date(2026, 10, 11)),
        (first, last),
    ]
    for start, end in periods:
        assert ask_everything(client, cells, start, end) == {
            "Groot": False,
            "Klein": True,
            "Middel": True,
        }
    for start, end in [*periods, (date(2026, 10, 12), date(2026, 10, 12))]:
        assert not cells.derivable(cells.vector("Klein", start, end)), (start, end)
    # the hidden teams together (9 people) may be derived: a group of at least 5
    together = cells.vector("Klein", *OCTOBER) + cells.vector("Middel", *OCTOBER)
    assert cells.derivable(together)


def test_every_door_hides_the_same_teams(client, api, org):
    """The API, the CSV and Excel exports, the board PDF's figures and the page's small
    multiples all hide Klein and its complement Middel in October 2026, and show Groot."""
    end = OCTOBER[1]
    body = api(org["pvt"]).get(
        "/api/absence/report/", {"start": "2026-10-01", "end": "2026-10-31", "by": "team"}
    )
    api_hidden = {g["key"] for g in body.json()["groups"] if g["suppressed"]}
    assert api_hidden == {"Klein", "Middel"}

    client.force_login(org["pvt"])
    query = {"start": "2026-10-01", "end": "2026-10-31", "by": "team"}
    csv_text = client.get("/absence/export.csv", query).content.decode("utf-8-sig")
    csv_rows = pd.read_csv(io.StringIO(csv_text), dtype=str, keep_default_na=False)
    csv_hidden = set(csv_rows.loc[csv_rows["suppressed"].isin(["yes", "True", "true"]), "group"])
    assert csv_hidden == {"Klein", "Middel"}

    workbook = openpyxl.load_workbook(io.BytesIO(client.get("/absence/export.xlsx", query).content))
    team_sheet = next(ws for ws in workbook.worksheets if "team" in ws.title.lower())
    values = {row[0]: row[1:] for row in team_sheet.iter_rows(values_only=True) if row[0]}
    for name in ("Klein", "Middel"):
        assert all(v in (None, "<5") for v in values[name]), values[name]
    assert any(isinstance(v, (int, float)) for v in values["Groot"])

    context = board_report.context("2026-10")
    assert {g["key"] for g in context["teams"] if g["suppressed"]} == {"Klein", "Middel"}

    figures = Figures(board_audience(), until=end)
    multiples = figures.team_series(stats.month_buckets(date(2026, 1, 1), end))
    assert all(row["suppressed"] for row in multiples["Klein"] + multiples["Middel"])
    assert not any(row["suppressed"] for row in multiples["Groot"])


def test_hr_sees_every_team_in_full(api, org):
    body = api(org["hr"]).get(
        "/api/absence/report/", {"start": "2026-10-01", "end": "2026-10-31", "by": "team"}
    )
    groups = body.json()["groups"]
    assert {g["key"] for g in groups} == {"Groot", "Middel", "Klein"}
    assert all("suppressed" not in g for g in groups)


# The engine's rule, on random organisations --------------------------------------------------------


def hidden_per_day(prepared, suppression, first: date, days: int) -> list[set[int]]:
    out = []
    for n in range(days):
        year = suppression.year((first + timedelta(n)).year)
        if year.total:
            out.append(set(range(len(prepared.teams))))
        else:
            out.append({prepared.teams.index(t) for t in year.teams})
    return out


@st.composite
def organisations(draw):
    """2-4 teams of 1-9 people, contracts starting and ending around a two-month window that
    crosses a year boundary, a few people moving team on the way."""
    n_teams = draw(st.integers(2, 4))
    rows = []
    base = date(2025, 12, 1)
    person_id = 0
    for t in range(n_teams):
        for _ in range(draw(st.integers(1, 9))):
            person_id += 1
            start = base + timedelta(draw(st.integers(-40, 50)))
            end = draw(st.one_of(st.none(), st.integers(0, 80))) if draw(st.booleans()) else None
            end_day = None if end is None else start + timedelta(end)
            rows.append((person_id, f"T{t}", start, end_day))
            if end_day is not None and draw(st.booleans()):  # moves to another team
                rows.append((person_id, f"T{(t + 1) % n_teams}", end_day + timedelta(1), None))
    return pd.DataFrame(rows, columns=["employee_id", "team", "start", "end"]).assign(
        hours_per_week=36.0
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(contracts=organisations(), split=st.integers(1, 60))
def test_what_is_shown_is_always_a_combination_of_groups_of_at_least_5(contracts, split):
    episodes = pd.DataFrame(columns=["episode_id", "employee_id", "first_sick_day", "recovered_on"])
    prepared = stats.prepare(contracts, episodes)
    suppression = stats.Suppression(prepared, 5)
    first, last = date(2025, 12, 1), date(2026, 1, 31)
    cells = Cells(prepared.teams, first, last)
    middle = first + timedelta(split)
    periods = [(first, last), (first, middle - timedelta(1)), (middle, last)]
    for (start, end), by, team in itertools.product(periods, GROUPINGS, [None, *prepared.teams]):
        body = stats.report(
            prepared,
            start=start,
            end=end,
            by=by,
            team=team,
            suppression=suppression,
            suppress_below=5,
        )
        cells.add_report(body, start=start, end=end, by=by, team=team)

    counts = stats.daily_headcount(prepared, first, last)
    hidden = hidden_per_day(prepared, suppression, first, cells.days)
    assert cells.within(allowed_groups(counts, hidden))


def test_a_small_team_is_hidden_with_the_next_smallest_until_together_5():
    """Worked example: A 2, B 2, C 6, D 9 people all year. A and B are small (primary); together
    4, so the next smallest, C, is hidden too (together 10); D stays visible."""
    rows = [
        (n, team, date(2024, 1, 1), None)
        for n, team in enumerate(["A"] * 2 + ["B"] * 2 + ["C"] * 6 + ["D"] * 9)
    ]
    contracts = pd.DataFrame(rows, columns=["employee_id", "team", "start", "end"]).assign(
        hours_per_week=36.0
    )
    prepared = stats.prepare(
        contracts,
        pd.DataFrame(columns=["episode_id", "employee_id", "first_sick_day", "recovered_on"]),
    )

    assert stats.hidden_in_year(prepared, 2026, 5) == stats.HiddenInYear(
        teams=frozenset({"A", "B", "C"}), total=False
    )
    # a year before anyone was employed hides nothing (there is nothing to show)
    assert stats.hidden_in_year(prepared, 2020, 5) == stats.HiddenInYear(frozenset(), False)


def test_an_organisation_under_5_on_some_day_hides_the_total_that_year():
    rows = [(n, "A", date(2024, 1, 1), None) for n in range(6)]
    rows[5] = (5, "A", date(2024, 1, 1), date(2024, 6, 30))
    rows.append((6, "B", date(2024, 7, 1), date(2024, 7, 10)))  # 1 person, 10 days
    contracts = pd.DataFrame(rows, columns=["employee_id", "team", "start", "end"]).assign(
        hours_per_week=36.0
    )
    prepared = stats.prepare(
        contracts,
        pd.DataFrame(columns=["episode_id", "employee_id", "first_sick_day", "recovered_on"]),
    )

    hidden = stats.hidden_in_year(prepared, 2024, 5)
    # A has 5 people from July, B 1: both hidden; together 5 and 6: the total is shown
    assert hidden == stats.HiddenInYear(teams=frozenset({"A", "B"}), total=False)
    rows[0] = (0, "A", date(2024, 1, 1), date(2024, 8, 31))  # A drops to 4 in September
    contracts = pd.DataFrame(rows, columns=["employee_id", "team", "start", "end"]).assign(
        hours_per_week=36.0
    )
    prepared = stats.prepare(
        contracts,
        pd.DataFrame(columns=["episode_id", "employee_id", "first_sick_day", "recovered_on"]),
    )
    assert stats.hidden_in_year(prepared, 2024, 5).total is True
