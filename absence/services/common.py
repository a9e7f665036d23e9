"""What the absence services share: a date as the messages write it, and the permission check
for an acting user (`actor=None` is the system itself: commands, tasks)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils.formats import date_format

from core.permissions import can


def day_label(value: date) -> str:
    """A date as the messages write it: 3 november 2026."""
    return date_format(value, "j F Y")


def require(actor, action: str) -> None:
    """Refuse an acting user without `action`; the system itself (None) may do anything."""
    if actor is not None and not can(actor, action):
        raise PermissionDenied
