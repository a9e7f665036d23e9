"""Reads for development interviews: the open cycle, free slots, one person's interview."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from development.models import Cycle, Interview, Slot
from hrm.models import Employee


def open_cycle() -> Cycle | None:
    """The one open cycle (the database allows at most one), or None."""
    return Cycle.objects.filter(status=Cycle.Status.OPEN).first()


def free_slots(manager: Employee | None, *, now: datetime | None = None) -> QuerySet[Slot]:
    """The manager's slots that start after `now` and carry no interview, in time order."""
    if manager is None:
        return Slot.objects.none()
    now = now or timezone.now()
    return Slot.objects.filter(manager=manager, start__gt=now, interview__isnull=True).order_by(
        "start", "pk"
    )


def free_slots_for_employee(employee: Employee, *, now: datetime | None = None) -> QuerySet[Slot]:
    """The free slots an employee may book: those of their own manager (none without one)."""
    if employee.manager_id is None:
        return Slot.objects.none()
    now = now or timezone.now()
    return Slot.objects.filter(
        manager_id=employee.manager_id, start__gt=now, interview__isnull=True
    ).order_by("start", "pk")


def interview_in_cycle(cycle: Cycle, employee: Employee) -> Interview | None:
    return Interview.objects.filter(cycle=cycle, employee=employee).select_related("slot").first()
