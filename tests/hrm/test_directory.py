"""Who a login is: core.permissions asks the directory the people app registers (hrm/apps.py)
for a login's employee record, assigned roles and the logins holding a role."""

from __future__ import annotations

from core import permissions
from core.permissions import employee_of, roles_of, users_with_role
from core.roles import Role
from tests.factories import UserFactory, make_person


def test_the_people_app_answers_who_a_login_is(team_a):
    hr = make_person("hr", Role.HR, team=team_a)
    board = make_person("board", Role.BOARD, employee=False)
    UserFactory(username="nobody")

    assert employee_of(hr) == hr.employee
    assert employee_of(board) is None
    assert roles_of(hr) == {Role.HR, Role.EMPLOYEE}
    assert roles_of(board) == {Role.BOARD}
    assert list(users_with_role(Role.HR, Role.BOARD).order_by("username")) == [board, hr]


def test_without_a_directory_a_login_is_nobody(db, monkeypatch):
    monkeypatch.setattr(permissions, "_directory", permissions.Directory(
        employee_of=lambda user: None,
        assigned_roles=lambda user: (),
        logins_with_roles=permissions._no_logins,
    ))  # fmt: skip
    board = make_person("board", Role.BOARD, employee=False)
    hr = make_person("hr", Role.HR)

    assert employee_of(hr) is None
    assert roles_of(board) == frozenset()
    assert list(users_with_role(Role.BOARD)) == []
