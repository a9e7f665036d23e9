"""The development interviews in the main menu (registered in development/apps.py): the
overview for HR and the directors, a manager's talks and slots, an employee's own interview."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.permissions import can, employee_of, has_role
from core.roles import Role
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


def training(user) -> MenuItem | None:
    """The training plan for HR, the directors and managers; an employee's own requests."""
    if can(user, "development.plan_view"):
        return MenuItem("development_plan", _("Training plan"), reverse("development:plan"))
    if can(user, "development.training_request") and employee_of(user) is not None:
        return MenuItem(
            "development_plan", _("My trainings"), reverse("development:training_requests")
        )
    return None


def registration(user) -> MenuItem | None:
    """Professional registrations: HR everyone's, a manager their people's; an employee with a
    registration "My SKJ"."""
    from development.models import Registration

    if can(user, "development.registration_manage") or has_role(user, Role.MANAGER):
        return MenuItem(
            "development_registration", _("Registrations"), reverse("development:registrations")
        )
    me = employee_of(user)
    if me is not None and Registration.objects.filter(employee=me).exists():
        return MenuItem(
            "development_registration", _("My SKJ"), reverse("development:registration_mine")
        )
    return None
