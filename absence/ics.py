"""A case owner's private iCalendar feed: every deadline of their open cases and every
planned consultation, as all-day events with stable UIDs (a calendar updates them instead of
adding duplicates). Names stay short: the feed leaves the building."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from absence import cases
from absence.models import CaseRecord, ReintegrationCase

DOMAIN = "plusteam-hr"


def _event(uid: str, day: date, summary: str, description: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    return event


def feed_for(user, today: date) -> bytes:
    """The feed of `user` (a case owner). Fetching it reads the cases it lists: audited as
    "calendar_feed" reads by `user`, one row per case named in it."""
    calendar = Calendar()
    calendar.add("prodid", "-//PlusTeam HR//Poortwachter//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "PlusTeam HR: poortwachter")
    stamp = timezone.now()
    listed: dict[int, ReintegrationCase] = {}
    owned = list(
        ReintegrationCase.objects.filter(owner=user, closed_on__isnull=True).select_related(
            "employee"
        )
    )
    for view in cases.views_of(owned, today):
        if view.schedule is None:
            continue
        case = view.case
        who = case.employee.full_name
        for m in view.schedule.milestones:
            if m.status in {"done", "not_needed"}:
                continue
            listed[case.pk] = case
            calendar.add_component(
                _event(
                    f"case-{case.pk}-{m.key}",
                    m.due,
                    f"{cases.MILESTONE_LABELS[m.key]}: {who}",
                    f"Poortwachter, {who}: deadline {m.due:%d-%m-%Y}."
                    + (f" Niet eerder dan {m.earliest:%d-%m-%Y}." if m.earliest else ""),
                    stamp,
                )
            )
    consultations = CaseRecord.objects.filter(
        case__in=owned, next_consultation__isnull=False, next_consultation__gte=today
    ).select_related("case__employee")
    for record in consultations:
        listed[record.case_id] = record.case
        calendar.add_component(
            _event(
                f"consultation-{record.pk}",
                record.next_consultation,
                f"Consult bedrijfsarts: {record.case.employee.full_name}",
                "Volgend consult met de bedrijfsarts (ArboNed).",
                stamp,
            )
        )
    cases.audit_case_list(user, listed.values(), action="calendar_feed")
    return calendar.to_ical()
