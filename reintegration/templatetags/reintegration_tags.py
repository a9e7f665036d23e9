"""Template filters for the Gatekeeper Act milestones."""

from django import template

from reintegration.labels import MILESTONE_LABELS

register = template.Library()


@register.filter
def milestone_label(milestone) -> str:
    """A Gatekeeper Act milestone in words."""
    return str(MILESTONE_LABELS[milestone.key])
