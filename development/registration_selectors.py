"""Reads of professional registrations for the pages and the API: one registration (audited
unless it is one's own), one's own registrations, and the list of everyone's current
registration with its figures, at risk first (HR everyone, a manager their people)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from core.audit import audit_list, audited_get
from core.permissions import employee_of
from development import skj
from development.models import Activity, Registration
from development.permissions import registrations_visible_to
from development.registrations import (
    STATUS_ORDER,
    RegistrationFigures,
    at_risk_first,
    figures_for,
    latest_per_employee,
    of_people_employed_on,
    with_requirements,
)
from hrm.selectors import team_name_on

PER_PAGE = 50
STATUSES = sorted(STATUS_ORDER, key=STATUS_ORDER.__getitem__)
STATUS_LABELS = {
    skj.EXPIRED: _("Expired"),
    skj.OVERDUE: _("Overdue"),
    skj.AT_RISK: _("At risk"),
    skj.ON_TRACK: _("On track"),
    skj.COMPLETE: _("Complete"),
}
STATUS_EXPLANATIONS = {
    skj.EXPIRED: _("The registration period has ended: a re-registration starts a new period."),
    skj.OVERDUE: _(
        "The submission deadline has passed and something is still short: SKJ no longer "
        "guarantees an assessment before the registration expires."
    ),
    skj.AT_RISK: _(
        "Something is still short and the submission deadline is less than a year away, or the "
        "work hours will not reach the requirement."
    ),
    skj.ON_TRACK: _("Something is still short, but there is time until the submission deadline."),
    skj.COMPLETE: _("Every requirement is met: you can apply for re-registration."),
}
# the badge colour of each status (core/static/core/app.css)
STATUS_BADGES = {
    skj.EXPIRED: "bad",
    skj.OVERDUE: "overdue",
    skj.AT_RISK: "due_soon",
    skj.ON_TRACK: "muted",
    skj.COMPLETE: "ok",
}
NEEDS_ACTION = (skj.EXPIRED, skj.OVERDUE, skj.AT_RISK)


def registration_for_viewer(user, pk) -> Registration:
    """One registration the user may see (404 otherwise), with its requirements; the read is
    audited unless it is the user's own."""
    return audited_get(
        user,
        with_requirements(registrations_visible_to(user)),
        pk,
        action="view_registration",
        object_type="development_registration",
    )


def figures_of(registration: Registration, as_of: date) -> RegistrationFigures:
    return figures_for([registration], as_of)[0]


def my_registrations(user) -> list[Registration]:
    """The user's own registrations, newest first."""
    me = employee_of(user)
    if me is None:
        return []
    return list(
        with_requirements(Registration.objects.filter(employee=me)).order_by(
            "-registered_on", "-pk"
        )
    )


def activities_outside(registration: Registration, as_of: date) -> list[tuple[Activity, str]]:
    """The employee's logged activities that do not count for this registration, with why:
    "before" its period, "after" its end, or "later" than `as_of` (newest first, at most 50)."""
    expiry = skj.expires_on(registration.registered_on)
    outside = []
    activities = Activity.objects.filter(employee_id=registration.employee_id)
    for activity in activities.order_by("-completed_on", "-pk")[:500]:
        if activity.completed_on < registration.registered_on:
            outside.append((activity, "before"))
        elif activity.completed_on > expiry:
            outside.append((activity, "after"))
        elif activity.completed_on > as_of:
            outside.append((activity, "later"))
    return outside[:50]


def activity_for_viewer(user, pk) -> Activity:
    """A logged activity of someone whose registration the user may see (for its certificate):
    404 otherwise; audited unless it is the user's own."""
    visible = registrations_visible_to(user).values("employee_id")
    return audited_get(
        user,
        Activity.objects.select_related("employee").filter(employee_id__in=visible),
        pk,
        action="read_activity_certificate",
        object_type="development_activity",
    )


@dataclass
class Overview:
    rows: list[RegistrationFigures]  # the page shown
    page: Page
    counts: dict[str, int]  # per status, over all visible (before the status filter)
    total: int
    teams: list[str]
    status: str | None = None
    team: str | None = None
    team_of: dict[int, str] = field(default_factory=dict)  # registration id -> team name


def overview_for(
    user,
    *,
    today: date,
    status: str | None = None,
    team: str | None = None,
    page: int | str = 1,
) -> Overview:
    """Everyone's current registration the user may see (people still employed), with its
    figures on `today`: expired, overdue and at risk first, then on track and complete;
    filtered by status and team; paginated after sorting. The rows shown are audited (one
    query)."""
    still_employed = of_people_employed_on(registrations_visible_to(user), today)
    visible: QuerySet[Registration] = with_requirements(still_employed).annotate(
        team_name=team_name_on(OuterRef("employee_id"), today)
    )
    current = latest_per_employee(visible)
    teams = sorted({r.team_name for r in current if r.team_name})  # type: ignore[attr-defined]  # annotated above
    if team:
        current = [r for r in current if r.team_name == team]  # type: ignore[attr-defined]  # annotated above
    rows = at_risk_first(figures_for(current, today, explain_sickness=False))
    counts = Counter(row.status for row in rows)
    if status in STATUS_ORDER:
        rows = [row for row in rows if row.status == status]
    else:
        status = None
    shown = Paginator(rows, PER_PAGE).get_page(page)
    audit_list(
        user,
        [row.registration for row in shown.object_list],
        action="list_registration",
        object_type="development_registration",
    )
    return Overview(
        rows=list(shown.object_list),
        page=shown,
        counts={s: counts.get(s, 0) for s in STATUSES},
        total=sum(counts.values()),
        teams=teams,
        status=status,
        team=team or None,
        team_of={r.pk: r.team_name or "" for r in current},  # type: ignore[attr-defined]  # annotated above
    )
