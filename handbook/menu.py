"""The handbooks in the main menu (registered in handbook/apps.py): for everyone who may read
them."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import pgettext_lazy

from core.permissions import can
from core.sections import MenuItem


def handbooks(user) -> MenuItem | None:
    if not can(user, "handbook.read"):
        return None
    return MenuItem("handbook", pgettext_lazy("menu", "Handbook"), reverse("handbook:index"))
