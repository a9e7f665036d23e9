"""The one permission layer: which role may do what. Every view, API endpoint and export asks
`can(user, action)`; which *objects* a user sees is decided by the `*_visible_to(user)`
selectors of each app (an object you may not see answers 404).

Who a login is in the organisation (their employee record, the roles assigned to them) is kept
by the people app, which registers how to look it up (`register_directory`); this module knows
no app."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from core.roles import Role

R = Role
INDIVIDUAL_READERS = {R.HR, R.ADJUNCT_DIRECTOR, R.DIRECTOR, R.ADMIN}

# action -> roles that may perform it
PERMISSIONS: dict[str, set[Role]] = {
    # people and teams
    "hrm.view_employee_list": {R.MANAGER, *INDIVIDUAL_READERS},
    "hrm.view_all_employees": INDIVIDUAL_READERS,
    "hrm.manage_employees": {R.HR, R.ADMIN},
    "hrm.manage_teams": {R.HR, R.ADMIN},
    "hrm.import_employees": {R.HR, R.ADMIN},
    "hrm.export_employees": {R.MANAGER, *INDIVIDUAL_READERS},
    "hrm.offboard_employee": {R.HR, R.ADMIN},
    "hrm.view_teams": {R.EMPLOYEE, R.MANAGER, R.PVT, R.BOARD, *INDIVIDUAL_READERS},
    "core.view_audit_log": {R.HR, R.ADMIN},
    # absence: individual records only for HR, the (adjunct-)director and managers (their people);
    # PVT and board see aggregates only (privacy.md). Administrators deliberately see none.
    "absence.view_individual": {R.HR, R.ADJUNCT_DIRECTOR, R.DIRECTOR, R.MANAGER},
    "absence.view_all_individual": {R.HR, R.ADJUNCT_DIRECTOR, R.DIRECTOR},
    "absence.report_for_others": {R.HR, R.MANAGER},
    "absence.correct": {R.HR},
    "absence.record_details": {R.HR},
    "absence.manage_leave": {R.HR},
    "absence.import": {R.HR},
    "absence.arbo": {R.HR},
    "absence.view_report": {R.HR, R.ADJUNCT_DIRECTOR, R.DIRECTOR, R.MANAGER, R.PVT, R.BOARD},
    "absence.view_report_unsuppressed": {R.HR, R.ADJUNCT_DIRECTOR, R.DIRECTOR, R.MANAGER},
    "absence.view_current": {R.HR, R.ADJUNCT_DIRECTOR, R.DIRECTOR, R.MANAGER},
    "absence.board_report": {R.HR, R.ADJUNCT_DIRECTOR, R.DIRECTOR, R.BOARD},
    # reintegration files: read by those who see individual sickness records (a
    # manager: their people; an employee: their own, through the visibility rule); kept by the
    # adjunct-director and the absence specialist (HR)
    "reintegration.view": {R.HR, R.ADJUNCT_DIRECTOR, R.DIRECTOR, R.MANAGER},
    "reintegration.manage": {R.HR, R.ADJUNCT_DIRECTOR},
    # development interviews: HR or the director opens a cycle (and marks "not this year"); a
    # manager publishes slots for their own people; an employee books with their own manager
    "development.manage_cycle": {R.HR, R.DIRECTOR},
    "development.publish_slots": {R.MANAGER},
    "development.book": {R.EMPLOYEE},
    # who stands where in the cycle (names and states, no record content): the directors and HR
    # everyone, a manager the interviews they hold; never PVT or board
    "development.overview": {R.HR, R.DIRECTOR, R.ADJUNCT_DIRECTOR, R.MANAGER},
    # the training plan: HR builds it (items, budgets, status, export); the directors and
    # managers read it; an employee asks for a training for themselves; a manager approves their
    # own people's requests (HR any), and the director also approves above the amount in the
    # organisation settings
    "development.plan_manage": {R.HR},
    "development.plan_view": {R.HR, R.DIRECTOR, R.ADJUNCT_DIRECTOR, R.MANAGER},
    "development.training_request": {R.EMPLOYEE},
    "development.training_approve": {R.HR, R.DIRECTOR, R.MANAGER},
    "development.training_approve_above": {R.DIRECTOR},
    # professional registration (SKJ): HR keeps registrations and the professions' requirements
    # and sees everyone; an employee sees their own and logs activities; a manager sees their
    # own people's (development.permissions.registrations_visible_to)
    "development.registration_manage": {R.HR},
    "development.registration_view": {R.HR, R.MANAGER, R.EMPLOYEE},
    "development.activity_log": {R.HR, R.EMPLOYEE},
    # the handbooks: HR and the director write chapters and versions, submit them to the PVT and
    # publish; the PVT reviews, comments and responds; the director or the board records the
    # board's decision; everyone reads what is published and employees acknowledge it
    "handbook.manage": {R.HR, R.DIRECTOR},
    "handbook.review": {R.HR, R.DIRECTOR, R.ADJUNCT_DIRECTOR, R.PVT, R.BOARD},
    "handbook.comment": {R.HR, R.DIRECTOR, R.PVT},
    "handbook.respond": {R.PVT},
    "handbook.decide": {R.DIRECTOR, R.BOARD},
    "handbook.read": {
        R.EMPLOYEE,
        R.MANAGER,
        R.PVT,
        R.BOARD,
        R.HR,
        R.ADJUNCT_DIRECTOR,
        R.DIRECTOR,
        R.ADMIN,
    },
    "handbook.acknowledge": {R.EMPLOYEE},
}


@dataclass(frozen=True)
class Directory:
    """How to find who a login is: the app that keeps people registers one (`register_directory`)."""

    employee_of: Callable[[Any], Any | None]  # the login's employee record, or None
    assigned_roles: Callable[[Any], Iterable[str]]  # the role values assigned to the login
    logins_with_roles: Callable[[Iterable[Role]], Any]  # active logins (a User queryset)


def _no_logins(roles: Iterable[Role]):
    from core.models import User

    return User.objects.none()


# Until an app registers one, a login is nobody's employee and has no assigned roles.
_directory = Directory(
    employee_of=lambda user: None,
    assigned_roles=lambda user: (),
    logins_with_roles=_no_logins,
)


def register_directory(directory: Directory) -> None:
    """Called once, from the people app's AppConfig.ready()."""
    global _directory
    _directory = directory


def roles_of(user) -> frozenset[Role]:
    """The roles a user holds, loaded once per request (cached on the user object)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_roles_cache", None)
    if cached is not None:
        return cached
    roles: set[Role] = {Role(r) for r in _directory.assigned_roles(user)}
    if user.is_superuser:
        roles.add(Role.ADMIN)
    if employee_of(user) is not None:
        roles.add(Role.EMPLOYEE)
    user._roles_cache = frozenset(roles)
    return user._roles_cache


def employee_of(user):
    """The employee record linked to a login, or None (cached on the user object)."""
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(user, "_employee_cache"):
        user._employee_cache = _directory.employee_of(user)
    return user._employee_cache


def has_role(user, *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))


def can(user, action: str) -> bool:
    try:
        allowed = PERMISSIONS[action]
    except KeyError:
        raise KeyError(
            f"Unknown permission {action!r}: add it to core.permissions.PERMISSIONS"
        ) from None
    return bool(roles_of(user) & allowed)


def require(user, action: str) -> None:
    if not can(user, action):
        raise PermissionDenied


def users_with_role(*roles: Role):
    """Active logins holding any of these roles (assigned roles only)."""
    return _directory.logins_with_roles(roles)


def addresses_of_users_who_can(action: str) -> set[str]:
    """The e-mail addresses (lower case) of active logins allowed to do `action`."""
    from core.models import User

    users = User.objects.filter(is_active=True).exclude(email="")
    return {u.email.lower() for u in users if can(u, action)}
