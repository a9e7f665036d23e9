"""What the reintegration tests share: a fixed today, sickness reported through absence's
services (so the cases follow), and small readers of what was written."""

from __future__ import annotations

import io
import json
from contextlib import contextmanager
from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from icalendar import Calendar

from absence import services
from absence.models import Episode
from core.models import AuditEvent
from reintegration.models import CaseRecord, ReintegrationCase, ReminderSent
from reintegration.reminders import send_reminders
from reintegration.sync import sync_employees
from tests.factories import make_person

AMS = ZoneInfo("Europe/Amsterdam")
Kind = CaseRecord.Kind

# The milestone keys of poortwachter.md's table, in its order.
DOC_KEYS = [
    "arbodienst_notification",
    "problem_analysis",
    "action_plan",
    "plan_evaluation",
    "uwv_42_week_report",
    "first_year_evaluation",
    "final_evaluation",
    "wia_application",
    "waiting_period_end",
]
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% advies bedrijfsarts\n%%EOF\n"

# Most tests: sick since Monday 5 May 2025; today Monday 2 June 2025 is sick day 29.
SICK_SINCE = date(2025, 5, 5)
TODAY = date(2025, 6, 2)
PA_DUE = date(2025, 6, 15)  # problem analysis: sick day 42
AP_DUE = date(2025, 6, 29)  # action plan: sick day 56


@contextmanager
def freeze(day: date, hour: int = 10):
    """Today is `day` (Europe/Amsterdam), the clock stands still."""
    with time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=AMS), tick=False):
        yield


def report_sick(person, first: date, *, today: date | None = None) -> Episode:
    """Through the service, so the case sync runs; `today` defaults to the first sick day."""
    with freeze(today or first):
        return services.episode_report_sick(
            actor=None, employee=person, first_sick_day=first, notify_arbo=False
        )


def recover(episode: Episode, on: date, *, today: date | None = None) -> Episode:
    with freeze(today or on):
        return services.episode_recover(actor=None, episode=episode, recovered_on=on)


def sync(person, day: date) -> dict:
    with freeze(day):
        return sync_employees([person.pk], today=day)


def case_of(person) -> ReintegrationCase:
    return ReintegrationCase.objects.get(employee=person)


def notified(episode: Episode, on: date) -> None:
    Episode.objects.filter(pk=episode.pk).update(
        arbo_notified_at=datetime(on.year, on.month, on.day, 9, tzinfo=AMS)
    )


def pdf(name: str = "advies.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/pdf")


def milestones(schedule) -> dict:
    return {m.key: m for m in schedule.milestones}


def schedule_json(personnel_number: str, as_of: str) -> dict:
    out = io.StringIO()
    call_command("poortwachter_schedule", personnel_number, "--as-of", as_of, stdout=out)
    return json.loads(out.getvalue())


def by_key(body: dict) -> dict:
    return {m["key"]: m for m in body["milestones"]}


def named(someone, first: str, last: str):
    """Fixed names (Faker's may hold characters that HTML escapes)."""
    someone.first_name, someone.last_name = first, last
    someone.save()
    return someone


def colleague(team, last: str):
    return named(make_person(None, team=team), "Kim", last)


def reads(**filters) -> list[tuple]:
    return list(
        AuditEvent.objects.filter(**filters)
        .order_by("pk")
        .values_list("actor__username", "subject_id", "action", "object_type", "object_id")
    )


def body_of(response) -> bytes:
    # (never response.close() here: it sends request_finished, which closes the database
    # connection of the test on PostgreSQL; the test client already closed the response)
    return response.content


def send(day: date) -> dict:
    with freeze(day, hour=7):
        return send_reminders()


def sent() -> list[tuple]:
    return list(
        ReminderSent.objects.order_by("pk").values_list("milestone", "due", "stage", "sent_on")
    )


def uids(response) -> list[str]:
    calendar = Calendar.from_ical(response.content)
    return [str(event["UID"]) for event in calendar.walk("VEVENT")]
