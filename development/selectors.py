"""Reads for development interviews: the open cycle, free slots, one person's interview."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, F, QuerySet
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


def interviews_of_employee(employee: Employee) -> QuerySet[Interview]:
    """All of a person's interviews, newest cycle first (their own history)."""
    return (
        Interview.objects.filter(employee=employee)
        .select_related("cycle", "slot", "manager")
        .order_by("-cycle__year")
    )


def interviews_held_by(manager: Employee, cycle: Cycle) -> QuerySet[Interview]:
    """The interviews a manager holds in a cycle, planned ones first by time, then by name."""
    return (
        Interview.objects.filter(cycle=cycle, manager=manager)
        .select_related("employee", "slot")
        .order_by(F("slot__start").asc(nulls_last=True), "employee__sort_name", "pk")
    )


def upcoming_slots_of(manager: Employee, *, now: datetime | None = None) -> QuerySet[Slot]:
    """A manager's slots from now on, with who booked them."""
    now = now or timezone.now()
    return (
        Slot.objects.filter(manager=manager, end__gt=now)
        .select_related("interview__employee")
        .order_by("start", "pk")
    )


def status_counts(cycle: Cycle) -> dict[str, int]:
    """How many interviews of the cycle are in each stored status (one query)."""
    counts = {status: 0 for status in Interview.Status.values}
    for row in cycle.interviews.values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    return counts


def cycles_closed() -> QuerySet[Cycle]:
    return Cycle.objects.filter(status=Cycle.Status.CLOSED).order_by("-year")
