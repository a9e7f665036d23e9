"""The list of open reintegration cases: overdue first, then by the next deadline, closed
cases on their own tab, only the cases one may read."""

from __future__ import annotations

import re
from datetime import date

import pytest

from reintegration.selectors import open_cases
from tests.reintegration.helpers import (
    SICK_SINCE,
    TODAY,
    colleague,
    notified,
    recover,
    report_sick,
)

pytestmark = pytest.mark.usefixtures("_today")


def test_case_list_shows_open_cases_overdue_first(client, adjunct, team_a):
    on_time = colleague(team_a, "Hogerwerf")
    late = colleague(team_a, "Vlasblom")
    soon = colleague(team_a, "Spierings")
    recovered = colleague(team_a, "Rietbergen")
    for someone, since in [
        (on_time, date(2025, 5, 20)),  # sick day 14: the analysis is due 30 June
        (late, date(2025, 4, 1)),  # sick day 63: analysis and action plan overdue
        (soon, date(2025, 4, 28)),  # sick day 36: the analysis is due 8 June
    ]:
        notified(report_sick(someone, since, today=TODAY), since)
    gone = report_sick(recovered, date(2025, 3, 3), today=date(2025, 4, 1))
    recover(gone, date(2025, 5, 1))
    client.force_login(adjunct)

    html = client.get("/reintegration/").content.decode()

    rows = re.findall(r"<tr( class=\"is-overdue\")?>\s*<td><a [^>]*>([^<]+)</a>", html)
    assert [name for _cls, name in rows] == [late.full_name, soon.full_name, on_time.full_name]
    assert [bool(cls) for cls, _name in rows] == [True, False, False]
    assert recovered.full_name not in html

    closed = client.get("/reintegration/?status=closed").content.decode()
    assert recovered.full_name in closed
    assert late.full_name not in closed


def test_open_cases_order_and_next_deadline(adjunct, team_a):
    people = [colleague(team_a, "Oudejans"), colleague(team_a, "Tichelaar")]
    notified(report_sick(people[0], date(2025, 5, 20), today=TODAY), date(2025, 5, 20))
    report_sick(people[1], date(2025, 5, 22), today=TODAY)  # not passed to ArboNed: overdue

    views = open_cases(adjunct, TODAY)

    assert [v.case.employee for v in views] == [people[1], people[0]]
    assert [m.key for m in views[0].overdue] == ["arbodienst_notification"]
    assert views[0].next_milestone.key == "arbodienst_notification"
    assert views[1].next_milestone.key == "problem_analysis"
    assert views[1].next_milestone.due == date(2025, 6, 30)


@pytest.mark.parametrize("role", ["manager", "employee"])
def test_the_list_holds_only_the_cases_one_may_read(
    request, client, person, stranger, adjunct, role
):
    report_sick(person, SICK_SINCE, today=TODAY)
    report_sick(stranger, SICK_SINCE, today=TODAY)
    client.force_login(request.getfixturevalue(role))
    html = client.get("/reintegration/").content.decode()
    assert person.full_name in html
    assert stranger.full_name not in html
