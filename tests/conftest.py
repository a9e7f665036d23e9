"""One fixture per demo role, plus `outsider` (an employee in another team) and `anonymous`."""

import pytest
from rest_framework.test import APIClient

from core.roles import Role
from tests.factories import TeamFactory, make_person


@pytest.fixture
def team_a(db):
    return TeamFactory(name="Geldrop-Mierlo")


@pytest.fixture
def team_b(db):
    return TeamFactory(name="Waalre")


@pytest.fixture
def manager(team_a):
    return make_person("manager", Role.MANAGER, team=team_a, manages=team_a)


@pytest.fixture
def employee(team_a, manager):
    user = make_person("employee", team=team_a)
    user.employee.manager = manager.employee
    user.employee.save()
    return user


@pytest.fixture
def outsider(team_b):
    return make_person("outsider", team=team_b)


@pytest.fixture
def hr(team_a):
    return make_person("hr", Role.HR, team=TeamFactory(name="Staf"))


@pytest.fixture
def adjunct(db):
    return make_person("adjunct", Role.ADJUNCT_DIRECTOR, team=TeamFactory(name="Staf"))


@pytest.fixture
def director(db):
    return make_person("director", Role.DIRECTOR, team=TeamFactory(name="Staf"))


@pytest.fixture
def pvt(team_a):
    return make_person("pvt", Role.PVT, team=team_a)


@pytest.fixture
def board(db):
    return make_person("board", Role.BOARD, employee=False)


@pytest.fixture
def admin_user(db):
    from tests.factories import UserFactory

    return UserFactory(username="admin", is_staff=True, is_superuser=True)


ROLE_FIXTURES = [
    "employee",
    "manager",
    "adjunct",
    "director",
    "hr",
    "pvt",
    "board",
    "admin_user",
    "outsider",
]


@pytest.fixture
def api():
    """api(user) -> an APIClient logged in as that user (None: anonymous)."""

    def make(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


def pytest_terminal_summary(terminalreporter):
    """The figures of the schemathesis run (tests/core/test_api_schema_fuzz.py), per role; they
    travel from xdist workers as user properties of the test reports."""
    runs: dict[str, dict] = {}
    seen = set()
    for reports in terminalreporter.stats.values():
        for report in reports:
            for name, value in getattr(report, "user_properties", ()):
                if name != "api_fuzz" or (report.nodeid, value["role"]) in seen:
                    continue
                seen.add((report.nodeid, value["role"]))
                run = runs.setdefault(value["role"], {"operations": 0, "cases": 0, "errors": []})
                run["operations"] += 1
                run["cases"] += value["cases"]
                run["errors"] += value["server_errors"]
    if not runs:
        return
    terminalreporter.section("API fuzz (schemathesis)")
    for role, run in sorted(runs.items()):
        terminalreporter.line(
            f"{role}: {run['cases']} cases over {run['operations']} operations, "
            f"{len(run['errors'])} 5xx"
        )
        for line in sorted(set(run["errors"]))[:30]:
            terminalreporter.line(f"    {line}")
