"""The training sessions in each participant's own calendar feed (core/calendar.py): the sessions
of approved and planned items they take part in, from 30 days ago on. Each session keeps its
UID ("development-training-session-<id>") while its time moves; a cancelled (or declined, or
still wished) training leaves the feed. Only one's own trainings: no audit."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.calendar import CalendarEvent
from core.permissions import employee_of
from development.models import PlanItem, PlanParticipant, PlanSession

PAST_DAYS = 30
SHOWN = (PlanItem.Status.APPROVED, PlanItem.Status.PLANNED)


def is_for(user) -> bool:
    """Whoever takes part in a training of the plan has this part in their calendar."""
    me = employee_of(user)
    return me is not None and PlanParticipant.objects.filter(employee=me).exists()


def session_uid(session: PlanSession) -> str:
    return f"development-training-session-{session.pk}"


def training_events(user, today: date) -> list[CalendarEvent]:
    me = employee_of(user)
    if me is None:
        return []
    since = timezone.make_aware(datetime.combine(today - timedelta(days=PAST_DAYS), time.min))
    sessions = (
        PlanSession.objects.filter(
            item__participants__employee=me, item__status__in=SHOWN, ends_at__gte=since
        )
        .select_related("item")
        .order_by("starts_at", "pk")
        .distinct()
    )
    language = getattr(user, "language", "") or "nl"
    with translation.override(language):
        return [
            CalendarEvent(
                uid=session_uid(session),
                start=session.starts_at,
                end=session.ends_at,
                summary=_("Training: %(title)s") % {"title": session.item.title},
                description=session.item.provider,
                location=session.location,
                busy=True,
            )
            for session in sessions
        ]
