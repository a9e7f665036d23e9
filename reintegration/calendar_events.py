"""The reintegration part of a case owner's own calendar (core/calendar.py): every deadline of
the open cases they own that is not done yet, and every planned consultation with the company
doctor, as all-day events with stable UIDs. Names stay short: the feed leaves the building.
Listing them reads those cases: audited as "calendar_feed" reads by the owner."""

from __future__ import annotations

from datetime import date
from typing import cast

from core.calendar import CalendarEvent
from core.permissions import can
from reintegration.labels import MILESTONE_LABELS
from reintegration.models import CaseRecord, ReintegrationCase
from reintegration.selectors import audit_case_list, views_of


def is_for(user) -> bool:
    """Whoever may keep case files (and so own cases) has this part in their calendar."""
    return can(user, "reintegration.manage")


def case_owner_events(user, today: date) -> list[CalendarEvent]:
    events: list[CalendarEvent] = []
    listed: dict[int, ReintegrationCase] = {}
    owned = list(
        ReintegrationCase.objects.filter(owner=user, closed_on__isnull=True).select_related(
            "employee"
        )
    )
    for view in views_of(owned, today):
        if view.schedule is None:
            continue
        case = view.case
        who = case.employee.full_name
        for m in view.schedule.milestones:
            if m.status in {"done", "not_needed"}:
                continue
            listed[case.pk] = case
            events.append(
                CalendarEvent(
                    uid=f"case-{case.pk}-{m.key}",
                    start=m.due,
                    summary=f"{MILESTONE_LABELS[m.key]}: {who}",
                    description=f"Poortwachter, {who}: deadline {m.due:%d-%m-%Y}."
                    + (f" Niet eerder dan {m.earliest:%d-%m-%Y}." if m.earliest else ""),
                )
            )
    consultations = CaseRecord.objects.filter(
        case__in=owned, next_consultation__isnull=False, next_consultation__gte=today
    ).select_related("case__employee")
    for record in consultations:
        listed[record.case_id] = record.case
        events.append(
            CalendarEvent(
                uid=f"consultation-{record.pk}",
                start=cast(date, record.next_consultation),  # not null: filtered above
                summary=f"Consult bedrijfsarts: {record.case.employee.full_name}",
                description="Volgend consult met de bedrijfsarts (ArboNed).",
            )
        )
    audit_case_list(user, listed.values(), action="calendar_feed")
    return events
