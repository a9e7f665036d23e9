"""Which development interviews a user sees: HR, the director and the adjunct-director all of
them; a manager the interviews they hold; an employee their own. Anything else answers 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from core.permissions import employee_of, has_role
from core.roles import Role
from development.models import Interview, PlanItem, Registration

OVERVIEW_ROLES = (Role.HR, Role.DIRECTOR, Role.ADJUNCT_DIRECTOR)


def interviews_visible_to(user) -> QuerySet[Interview]:
    interviews = Interview.objects.select_related("cycle", "employee", "manager", "slot")
    if has_role(user, *OVERVIEW_ROLES):
        return interviews
    me = employee_of(user)
    if me is None:
        return interviews.none()
    return interviews.filter(Q(employee=me) | Q(manager=me))


def registrations_visible_to(user) -> QuerySet[Registration]:
    """Professional registrations: HR all of them; an employee their own; a manager those of
    the people they manage (`Employee.manager`). Anything else answers 404."""
    registrations = Registration.objects.select_related("employee", "profession")
    if has_role(user, Role.HR):
        return registrations
    me = employee_of(user)
    if me is None:
        return registrations.none()
    return registrations.filter(Q(employee=me) | Q(employee__manager=me))


def items_to_approve_for(user) -> QuerySet[PlanItem]:
    """Training items this user may approve or decline: HR and the director any; a manager
    those asked for by, or with a participant among, the people they manage."""
    items = PlanItem.objects.select_related("plan", "requested_by")
    if has_role(user, Role.HR, Role.DIRECTOR):
        return items
    me = employee_of(user)
    if me is None or not has_role(user, Role.MANAGER):
        return items.none()
    return items.filter(
        Q(requested_by__manager=me) | Q(participants__employee__manager=me)
    ).distinct()
