"""The overview of a cycle: each person's state (not planned, planned, held, signed, overdue, not
this year), counts and a bar per team and in total, filters, who may see whom (HR and the
directors everyone, a manager their own people, PVT and board nobody), and a number of queries
that does not grow with the number of people."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from development.models import Interview
from development.overview import (
    HELD,
    NOT_PLANNED,
    NOT_THIS_YEAR,
    OVERDUE,
    PLANNED,
    SIGNED,
    interview_state,
    overview_for,
)
from development.series import AMSTERDAM
from development.services import (
    cycle_open,
    interview_book,
    interview_mark_not_this_year,
    slots_publish,
)
from tests.development.conftest import at, interview_of
from tests.factories import make_person

pytestmark = pytest.mark.django_db

DEADLINE = date(2026, 12, 15)
NOW = datetime(2026, 10, 1, 10, 0, tzinfo=AMSTERDAM)
S = Interview.Status


# The states --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "start", "today", "expected"),
    [
        (S.TO_PLAN, None, date(2026, 10, 1), NOT_PLANNED),
        (S.TO_PLAN, None, DEADLINE, NOT_PLANNED),  # the deadline day itself still counts
        (S.TO_PLAN, None, date(2026, 12, 16), OVERDUE),
        (S.PLANNED, datetime(2026, 10, 6, 9, tzinfo=AMSTERDAM), date(2026, 10, 1), PLANNED),
        (S.PLANNED, datetime(2026, 9, 30, 9, tzinfo=AMSTERDAM), date(2026, 10, 1), HELD),
        # booked for after the deadline: arranged, so planned (its date is shown)
        (S.PLANNED, datetime(2026, 12, 20, 9, tzinfo=AMSTERDAM), date(2026, 12, 16), PLANNED),
        (S.PLANNED, datetime(2026, 12, 20, 9, tzinfo=AMSTERDAM), date(2026, 12, 21), HELD),
        (S.HELD, None, date(2026, 12, 16), HELD),
        (S.SIGNED, None, date(2026, 12, 16), SIGNED),
        (S.NOT_THIS_YEAR, None, date(2026, 12, 16), NOT_THIS_YEAR),
    ],
)
def test_the_state_of_an_interview(status, start, today, expected):
    now = datetime.combine(today, datetime.min.time(), tzinfo=AMSTERDAM) + timedelta(hours=10)
    assert interview_state(status, start, DEADLINE, now, today) == expected


# The page ----------------------------------------------------------------------------------------


@pytest.fixture
def every_state(cycle, employee, colleague, manager, other_manager, hr, slots):
    """employee planned for 6 October, colleague not planned, manager signed, other_manager
    not this year, hr held; it is 1 October."""
    interview_book(actor=employee, slot=slots[0])
    Interview.objects.filter(pk=interview_of(manager).pk).update(status=S.SIGNED)
    Interview.objects.filter(pk=interview_of(hr).pk).update(status=S.HELD)
    interview_mark_not_this_year(
        actor=hr, interview=interview_of(other_manager), reason="Langdurig ziek"
    )


def _page(client, user, query=""):
    client.force_login(user)
    return client.get(f"/development/overview/{query}")


def _states(response) -> dict[str, str]:
    return {row.name: row.state for team in response.context["overview"].teams for row in team.rows}


def test_hr_sees_everyone_in_their_state_per_team(
    client, every_state, employee, colleague, manager, other_manager, hr
):
    response = _page(client, hr)

    assert response.status_code == 200
    assert _states(response) == {
        employee.employee.full_name: PLANNED,
        colleague.employee.full_name: NOT_PLANNED,
        manager.employee.full_name: SIGNED,
        other_manager.employee.full_name: NOT_THIS_YEAR,
        hr.employee.full_name: HELD,
    }
    teams = {team.name: team for team in response.context["overview"].teams}
    assert list(teams) == ["Geldrop-Mierlo", "Staf", "Waalre"]
    assert teams["Waalre"].counts[NOT_THIS_YEAR] == 1
    assert teams["Staf"].counts[HELD] == 1
    assert teams["Geldrop-Mierlo"].total == 3
    assert teams["Geldrop-Mierlo"].counts[PLANNED] == 1
    total = response.context["overview"].total
    assert total.total == 5
    assert {state: n for state, n in total.counts.items() if n} == {
        PLANNED: 1,
        NOT_PLANNED: 1,
        SIGNED: 1,
        NOT_THIS_YEAR: 1,
        HELD: 1,
    }
    html = response.content.decode()
    assert html.count('class="dev-bar"') == 4  # the total and one per team
    assert 'class="dev-bar__seg dev-state--signed" style="width: 20.00%"' in html  # 1 of 5
    assert 'class="dev-bar__seg dev-state--signed" style="width: 33.33%"' in html  # 1 of 3
    link = f'href="/development/interviews/{interview_of(employee).pk}/"'
    assert link in html


def test_after_the_deadline_the_unplanned_are_overdue(client, every_state, colleague, employee, hr):
    with time_machine.travel(datetime(2026, 12, 16, 9, tzinfo=AMSTERDAM)):
        states = _states(_page(client, hr))
    assert states[colleague.employee.full_name] == OVERDUE
    assert states[employee.employee.full_name] == HELD  # 6 October has passed


@pytest.mark.parametrize("role", ["director", "adjunct"])
def test_the_directors_see_everyone(client, every_state, role, request):
    user = request.getfixturevalue(role)
    response = _page(client, user)
    assert response.status_code == 200
    assert len(_states(response)) == 5


def test_a_manager_sees_only_the_interviews_they_hold(
    client, every_state, manager, employee, colleague
):
    response = _page(client, manager)
    assert response.status_code == 200
    assert set(_states(response)) == {employee.employee.full_name, colleague.employee.full_name}
    assert response.context["overview"].total.total == 2


@pytest.mark.parametrize("role", ["employee", "pvt", "board", "admin_user", "outsider"])
def test_others_may_not_see_it(client, every_state, role, request):
    assert _page(client, request.getfixturevalue(role)).status_code == 403


def test_filter_by_team_and_by_state(client, every_state, hr, employee, colleague):
    by_team = _page(client, hr, "?team=Waalre")
    assert [team.name for team in by_team.context["overview"].teams] == ["Waalre"]
    by_state = _page(client, hr, "?state=not_planned")
    assert set(_states(by_state)) == {colleague.employee.full_name}
    # the counts and the bar still show the whole team
    assert by_state.context["overview"].total.total == 5
    both = _page(client, hr, "?team=Geldrop-Mierlo&state=planned")
    assert set(_states(both)) == {employee.employee.full_name}
    unknown = _page(client, hr, "?team=Nowhere&state=bogus")
    assert len(_states(unknown)) == 5


def test_an_earlier_year_and_an_unknown_one(client, every_state, hr):
    assert _page(client, hr, "?year=2026").status_code == 200
    assert _page(client, hr, "?year=2019").status_code == 404
    assert _page(client, hr, "?year=abc").status_code == 404


def test_without_a_cycle_the_page_says_so(client, hr, now):
    response = _page(client, hr)
    assert response.status_code == 200
    assert response.context["overview"].cycle is None


def test_the_team_is_the_one_of_today(client, every_state, colleague, hr, team_b):
    contract = colleague.employee.contracts.get()
    contract.end = date(2026, 9, 30)
    contract.save()
    colleague.employee.contracts.create(
        start=date(2026, 10, 1), hours_per_week=24, team=team_b, job_title="Generalist"
    )
    teams = {
        team.name: {row.name for row in team.rows}
        for team in _page(client, hr).context["overview"].teams
    }
    assert colleague.employee.full_name in teams["Waalre"]


# Queries -----------------------------------------------------------------------------------------


def _people(n, team, manager, cycle=None):
    for _ in range(n):
        person = make_person(None, team=team)
        person.manager = manager.employee
        person.save()
        if cycle is not None:
            Interview.objects.create(cycle=cycle, employee=person, manager=manager.employee)


def test_the_number_of_queries_does_not_grow_with_the_people(
    client, now, hr, manager, team_a, team_b, django_assert_max_num_queries
):
    _people(5, team_a, manager)
    cycle = cycle_open(actor=hr, year=2026, deadline=DEADLINE)
    slots = slots_publish(
        actor=manager,
        manager=manager.employee,
        slots=[at(date(2026, 10, 6), 9 + i) for i in range(3)],
    )
    planned = Interview.objects.filter(cycle=cycle, manager=manager.employee)[:3]
    for interview, slot in zip(planned, slots, strict=True):
        Interview.objects.filter(pk=interview.pk).update(status=S.PLANNED, slot=slot)
    client.force_login(hr)
    client.get("/development/overview/")  # warm up (session, roles)
    with CaptureQueriesContext(connection) as five:
        assert client.get("/development/overview/").context["overview"].total.total == 7

    _people(35, team_b, manager, cycle=cycle)
    with django_assert_max_num_queries(len(five)):
        response = client.get("/development/overview/")
    assert response.context["overview"].total.total == 42
    assert len(five) <= 12, [q["sql"] for q in five]


def test_the_overview_reads_no_record_and_writes_no_audit_row(client, every_state, hr):
    from core.models import AuditEvent

    before = AuditEvent.objects.count()
    _page(client, hr)
    assert AuditEvent.objects.count() == before


def test_the_selector_for_someone_without_a_role_is_empty(every_state, employee):
    assert overview_for(employee, now=NOW.astimezone(UTC)).total.total == 0


def test_a_large_organisation_gets_names_one_team_at_a_time(client, hr, every_state, monkeypatch):
    from development.views import overview as overview_view

    monkeypatch.setattr(overview_view, "MAX_ROWS", 2)
    folded = _page(client, hr)
    html = folded.content.decode()
    assert folded.context["folded"] is True
    assert 'data-testid="team-names"' in html and "<tr data-state=" not in html
    team = folded.context["overview"].teams[0].name
    one_team = client.get("/development/overview/", {"team": team})
    assert one_team.context["folded"] is False
    assert "<tr data-state=" in one_team.content.decode()
