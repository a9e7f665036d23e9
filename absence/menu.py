"""Absence's entry in the main menu (registered in absence/apps.py): the figures for those who
may see them, else one's own absence history."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.permissions import can, employee_of, roles_of
from core.sections import MenuItem


def absence(user) -> MenuItem | None:
    if can(user, "absence.view_report"):
        return MenuItem("absence", _("Absence"), reverse("absence:index"))
    me = employee_of(user) if roles_of(user) else None
    if me is None:
        return None
    return MenuItem("absence", _("My absence"), reverse("absence:employee_history", args=[me.pk]))
