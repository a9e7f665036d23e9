"""The development part of a person's own calendar (core/calendar.py): their planned interview
as employee and the interviews they hold as manager, from 30 days ago on, as timed events in
Europe/Amsterdam. Each event carries the interview's own UID, the one of its e-mailed
invitations, so it stays one event through every move.

Only the two people of an interview see it in their calendar: no audit (privacy.md), and
names stay short because the feed leaves the building."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.calendar import CalendarEvent
from core.permissions import employee_of
from development.models import Interview

PAST_DAYS = 30
SHOWN = (Interview.Status.PLANNED, Interview.Status.HELD, Interview.Status.SIGNED)


def is_for(user) -> bool:
    """Whoever has ever had or held a development interview has this part in their calendar."""
    me = employee_of(user)
    if me is None:
        return False
    return Interview.objects.filter(Q(employee=me) | Q(manager=me)).exists()


def interview_uid(interview: Interview) -> str:
    """The event's UID before core.calendar adds "@plusteam-hr": the same as the invitation's."""
    return f"development-interview-{interview.uid}"


def interview_events(user, today: date) -> list[CalendarEvent]:
    me = employee_of(user)
    if me is None:
        return []
    since = timezone.make_aware(datetime.combine(today - timedelta(days=PAST_DAYS), time.min))
    interviews = (
        Interview.objects.filter(Q(employee=me) | Q(manager=me))
        .filter(status__in=SHOWN, slot__isnull=False, slot__end__gte=since)
        .select_related("employee", "manager", "slot")
        .order_by("slot__start", "pk")
    )
    language = getattr(user, "language", "") or "nl"
    events = []
    with translation.override(language):
        for interview in interviews:
            slot = interview.slot
            assert slot is not None  # filtered above
            if interview.employee_id == me.pk:
                other = interview.manager.full_name if interview.manager else ""
                summary = _("Development interview with %(name)s") % {"name": other}
            else:
                summary = _("Development interview: %(name)s") % {
                    "name": interview.employee.full_name
                }
            events.append(
                CalendarEvent(
                    uid=interview_uid(interview),
                    start=slot.start,
                    end=slot.end,
                    summary=summary,
                    location=slot.location or slot.video_link,
                    busy=True,
                )
            )
    return events
