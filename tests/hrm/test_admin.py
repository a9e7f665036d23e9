"""The admin's page of a login shows the roles assigned to it (the people app adds them to
core's user admin)."""

from __future__ import annotations

from core.roles import Role
from hrm.models import RoleAssignment
from tests.factories import make_person


def test_a_logins_admin_page_edits_its_roles(client, admin_user, team_a):
    manager = make_person("manager", Role.MANAGER, team=team_a, manages=team_a)
    client.force_login(admin_user)

    page = client.get(f"/admin/core/user/{manager.pk}/change/").content.decode()
    listed = client.get("/admin/core/user/?role_assignments__role=manager").content.decode()

    assert 'name="role_assignments-TOTAL_FORMS" value="1"' in page
    assert f'value="{RoleAssignment.objects.get(user=manager).pk}"' in page
    assert f"/admin/core/user/{manager.pk}/change/" in listed
    assert f"/admin/core/user/{admin_user.pk}/change/" not in listed  # holds no assigned role
