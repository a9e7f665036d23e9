"""Booking, moving and cancelling an interview.

An employee books one of their own manager's free slots in the open cycle, and may move or
cancel it until `change_cutoff()` before it starts (an organisation setting, 24 hours by default); the manager may move or cancel at any time.
Every change of time or place raises the interview's calendar `sequence` in the same
transaction.

Two bookings of one slot: rows are locked in a fixed order (the interview, then the slot), the
checks then see the winner, and should two writes still meet, the one-to-one `Interview.slot`
decides: the loser's IntegrityError becomes `slot_taken` with the slots still free."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.permissions import can, employee_of
from development.models import Interview, Slot
from development.notifications import notify_change_on_commit
from development.selectors import free_slots_for_employee, open_cycle
from hrm.selectors import organisation_settings

LISTED_FREE_SLOTS = 10
MESSAGE_MAX_LENGTH = 1000


def change_cutoff() -> timedelta:
    """How long before the interview the employee may still move or cancel it."""
    return timedelta(hours=organisation_settings().interview_change_hours)


def _when(slot: Slot) -> str:
    return date_format(timezone.localtime(slot.start), "l j F Y H:i")


def _slot_taken(interview: Interview) -> ApplicationError:
    """`slot_taken`, with the slots of the same manager that are still free."""
    free = list(free_slots_for_employee(interview.employee)[: LISTED_FREE_SLOTS + 1])
    if free:
        listed = ", ".join(_when(slot) for slot in free[:LISTED_FREE_SLOTS])
        if len(free) > LISTED_FREE_SLOTS:
            listed += ", ..."
        message = _("This slot has just been taken. Still free: %(slots)s.") % {"slots": listed}
    else:
        message = _("This slot has just been taken, and no other slot is free.")
    return ApplicationError(message, code="slot_taken", field="slot")


def _lock_interview(interview: Interview) -> Interview:
    return (
        Interview.objects.select_for_update()
        .select_related("employee", "cycle")
        .get(pk=interview.pk)
    )


def _lock_slot(slot: Slot) -> Slot:
    return Slot.objects.select_for_update().get(pk=slot.pk)


def _check_slot_free(slot: Slot) -> None:
    if Interview.objects.filter(slot=slot).exists():
        raise ApplicationError(_("This slot is taken."), code="slot_taken", field="slot")


def _check_slot(interview: Interview, slot: Slot) -> None:
    """The slot is the interview's manager's, lies ahead and is free."""
    if interview.manager_id is None or slot.manager_id != interview.manager_id:
        raise ApplicationError(
            _("You can only book a slot of your own manager."), code="slot_not_yours", field="slot"
        )
    if slot.start <= timezone.now():
        raise ApplicationError(_("This slot lies in the past."), code="slot_past", field="slot")
    try:
        _check_slot_free(slot)
    except ApplicationError:
        raise _slot_taken(interview) from None


def _save_with_slot(interview: Interview) -> None:
    try:
        with transaction.atomic():
            interview.save(update_fields=["slot", "status", "sequence", "updated_at"])
    except IntegrityError as exc:  # the slot's one-to-one: another booking won the race
        raise _slot_taken(interview) from exc


def _side(actor, interview: Interview) -> str:
    """ "employee" or "manager": who `actor` is in this interview (PermissionDenied otherwise)."""
    me = employee_of(actor)
    if me is not None:
        if interview.employee_id == me.pk and can(actor, "development.book"):
            return "employee"
        if interview.manager_id == me.pk and can(actor, "development.publish_slots"):
            return "manager"
    raise PermissionDenied


def _check_message(message: str) -> str:
    """The optional message to the other person, sent with the e-mail of the change."""
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX_LENGTH:
        raise ApplicationError(
            _("The message can be at most %(n)d characters.") % {"n": MESSAGE_MAX_LENGTH},
            code="too_long",
            field="message",
        )
    return message


def _check_open(interview: Interview) -> None:
    if not interview.cycle.is_open:
        raise ApplicationError(_("This interview cycle is closed."), code="cycle_closed")


def _check_planned(interview: Interview, side: str) -> None:
    if interview.status != Interview.Status.PLANNED or interview.slot is None:
        raise ApplicationError(_("This interview is not planned."), code="not_planned")
    cutoff = change_cutoff()
    if side == "employee" and timezone.now() >= interview.slot.start - cutoff:
        hours = int(cutoff.total_seconds() // 3600)
        raise ApplicationError(
            _("Less than %(hours)s hours before the interview, only your manager can change it.")
            % {"hours": hours},
            code="too_late",
        )


@transaction.atomic
def interview_book(*, actor, slot: Slot) -> Interview:
    """The acting employee books `slot` for their interview in the open cycle."""
    if not can(actor, "development.book"):
        raise PermissionDenied
    employee = employee_of(actor)
    if employee is None:
        raise PermissionDenied
    cycle = open_cycle()
    if cycle is None:
        raise ApplicationError(_("No interview cycle is open."), code="no_open_cycle")
    interview = (
        Interview.objects.select_for_update()
        .select_related("employee", "cycle")
        .filter(cycle=cycle, employee=employee)
        .first()
    )
    if interview is None:
        raise ApplicationError(
            _("You have no interview in this cycle."), code="no_interview", field="slot"
        )
    if interview.status == Interview.Status.PLANNED:
        raise ApplicationError(
            _("You have already booked your interview of this cycle; move it instead."),
            code="already_booked",
            field="slot",
        )
    if interview.status != Interview.Status.TO_PLAN:
        raise ApplicationError(
            _(
                "Your interview of this round has been held already, or does not take place this year."
            ),
            code="interview_closed",
            field="slot",
        )
    slot = _lock_slot(slot)
    _check_slot(interview, slot)
    interview.slot = slot
    interview.status = Interview.Status.PLANNED
    interview.sequence += 1
    _save_with_slot(interview)
    notify_change_on_commit(interview, "booked", actor_role="employee")
    return interview


@transaction.atomic
def interview_reschedule(
    *, actor, interview: Interview, slot: Slot, message: str = ""
) -> Interview:
    """Move a planned interview to another free slot of the same manager; `message` goes to
    the other person with the e-mail of the change."""
    interview = _lock_interview(interview)
    side = _side(actor, interview)
    message = _check_message(message)
    _check_open(interview)
    _check_planned(interview, side)
    if slot.pk == interview.slot_id:
        raise ApplicationError(
            _("The interview is already at that time."), code="same_slot", field="slot"
        )
    slot = _lock_slot(slot)
    _check_slot(interview, slot)
    interview.slot = slot
    interview.sequence += 1
    _save_with_slot(interview)
    notify_change_on_commit(interview, "moved", actor_role=side, message=message)
    return interview


@transaction.atomic
def interview_cancel(*, actor, interview: Interview, message: str = "") -> Interview:
    """Cancel a planned interview: its slot is free again and the interview is to plan;
    `message` goes to the other person with the e-mail of the change."""
    interview = _lock_interview(interview)
    side = _side(actor, interview)
    message = _check_message(message)
    _check_open(interview)
    _check_planned(interview, side)
    assert interview.slot is not None  # _check_planned
    interview.last_start = interview.slot.start
    interview.last_end = interview.slot.end
    interview.last_location = interview.slot.location or interview.slot.video_link
    interview.slot = None
    interview.status = Interview.Status.TO_PLAN
    interview.sequence += 1
    interview.save(
        update_fields=[
            "slot",
            "status",
            "sequence",
            "last_start",
            "last_end",
            "last_location",
            "updated_at",
        ]
    )
    notify_change_on_commit(interview, "cancelled", actor_role=side, message=message)
    return interview
