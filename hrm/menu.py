"""The people app's entries in the main menu (registered in hrm/apps.py): the people list (or
one's own details), the teams, and the employee import."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.permissions import can, employee_of, roles_of
from core.sections import MenuItem


def people(user) -> MenuItem | None:
    if can(user, "hrm.view_employee_list"):
        return MenuItem("people", _("People"), reverse("hrm:employee_list"))
    me = employee_of(user) if roles_of(user) else None
    return MenuItem("people", _("My details"), me.get_absolute_url()) if me else None


def teams(user) -> MenuItem | None:
    if can(user, "hrm.view_teams"):
        return MenuItem("teams", _("Teams"), reverse("hrm:team_list"))
    return None


def employee_import(user) -> MenuItem | None:
    if can(user, "hrm.import_employees"):
        return MenuItem("import", _("Import"), reverse("hrm:employee_import"))
    return None
