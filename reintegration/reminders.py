"""Deadline reminders to a case owner: an e-mail 14 and 3 days before each deadline of the
Gatekeeper Act and the day after it has passed, never twice for the same one (`ReminderSent`).
Run every morning by the daily task (tasks.py)."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.links import absolute
from core.permissions import can
from reintegration.labels import MILESTONE_LABELS
from reintegration.models import ReintegrationCase, ReminderSent
from reintegration.selectors import views_of

STAGES = (("14", 14), ("3", 3))  # days before the deadline; then "overdue" the day after it


def _stage(due: date, today: date) -> str | None:
    """The reminder due today for a deadline, catching up when a day was missed: "overdue"
    once the deadline has passed, else "3" within 3 days, else "14" within 14 days."""
    if today > due:
        return "overdue"
    for stage, days in reversed(STAGES):
        if today >= due - timedelta(days=days):
            return stage
    return None


def send_reminders(today: date | None = None) -> dict[str, int]:
    """E-mail each open case's owner 14 and 3 days before each deadline and when it becomes
    overdue. Idempotent: `ReminderSent` remembers (case, milestone, due date, stage)."""
    today = today or timezone.localdate()
    open_ = list(
        ReintegrationCase.objects.filter(
            closed_on__isnull=True, owner__isnull=False, owner__is_active=True
        )
        .exclude(owner__email="")
        .select_related("employee", "owner")
    )
    sent = skipped = 0
    for view in views_of(open_, today):
        if view.schedule is None:
            continue
        case = view.case
        owner = case.owner
        if owner is None or not can(owner, "reintegration.manage"):
            continue  # an owner who lost the role gets no names of sick employees
        for m in view.schedule.milestones:
            if m.status in {"done", "not_needed"} or (
                m.key == "waiting_period_end" and m.due > today
            ):
                continue
            stage = _stage(m.due, today)
            if stage is None:
                continue
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(
                        case=case,
                        milestone=m.key,
                        due=m.due,
                        stage=stage,
                        recipient=owner.email,
                        sent_on=today,
                    )
                    with translation.override(owner.language or "nl"):
                        context = {
                            "case": case,
                            "milestone": m,
                            "label": MILESTONE_LABELS[m.key],
                            "stage": stage,
                            "days_left": (m.due - today).days,
                            "sick_day": view.schedule.sick_day,
                            "url": absolute(case.get_absolute_url()),
                        }
                        subject = render_to_string(
                            "reintegration/email/reminder_subject.txt", context
                        ).strip()
                        body = render_to_string("reintegration/email/reminder.txt", context)
                    EmailMultiAlternatives(subject, body, to=[owner.email]).send()
            except IntegrityError:
                skipped += 1
                continue
            sent += 1
    return {"sent": sent, "skipped": skipped}
