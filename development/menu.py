"""The development interviews in the main menu (registered in development/apps.py): the
overview for HR and the directors, a manager's talks and slots, an employee's own interview."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.permissions import can, employee_of, has_role
from core.sections import MenuItem
from development.permissions import OVERVIEW_ROLES


def interviews(user) -> MenuItem | None:
    if has_role(user, *OVERVIEW_ROLES):
        return MenuItem("development", _("Interviews"), reverse("development:overview"))
    if can(user, "development.publish_slots") and employee_of(user) is not None:
        return MenuItem("development", _("Interviews"), reverse("development:slots"))
    if can(user, "development.book") and employee_of(user) is not None:
        return MenuItem("development", _("My interview"), reverse("development:mine"))
    return None
