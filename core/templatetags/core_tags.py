"""Template helpers shared by every app: may the user do an action, hours, the lockout time, audit
action labels."""

from decimal import Decimal

from django import template

from core.permissions import can as can_do

register = template.Library()


@register.filter
def can(user, action: str) -> bool:
    """{% if user|can:"hrm.manage_employees" %}"""
    return can_do(user, action)


@register.filter
def hours(value) -> str:
    """36.00 -> 36, 28.50 -> 28,5 (Dutch decimal comma in Dutch)."""
    if value is None or value == "":
        return ""
    from django.utils.formats import number_format

    value = Decimal(value)
    if value == value.to_integral():
        return str(int(value))
    return number_format(value.normalize(), decimal_pos=None)


@register.simple_tag
def cooloff_minutes() -> int:
    """How long django-axes locks an account, in minutes (AXES_COOLOFF_TIME)."""
    from django.conf import settings

    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


@register.filter
def audit_action(entry) -> str:
    """django-auditlog's action names, in our own (translated) words."""
    from django.utils.translation import gettext as _

    names = {0: _("created"), 1: _("changed"), 2: _("deleted"), 3: _("viewed")}
    return names.get(entry.action, str(entry.action))
