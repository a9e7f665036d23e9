"""Which development interviews a user sees: HR, the director and the adjunct-director all of
them; a manager the interviews they hold; an employee their own. Anything else answers 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from core.permissions import employee_of, has_role
from core.roles import Role
from development.models import Interview

OVERVIEW_ROLES = (Role.HR, Role.DIRECTOR, Role.ADJUNCT_DIRECTOR)


def interviews_visible_to(user) -> QuerySet[Interview]:
    interviews = Interview.objects.select_related("cycle", "employee", "manager", "slot")
    if has_role(user, *OVERVIEW_ROLES):
        return interviews
    me = employee_of(user)
    if me is None:
        return interviews.none()
    return interviews.filter(Q(employee=me) | Q(manager=me))
