"""Booking, moving and cancelling an interview: only one's own manager's free slots, one booking
per cycle, the 24-hour cut-off for the employee, the calendar sequence raised with every change
of time or place, and a race for one slot decided by the database."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.errors import ApplicationError
from development.models import Cycle, Interview
from development.services import booking as booking_module
from development.services import (
    change_cutoff,
    cycle_close,
    interview_book,
    interview_cancel,
    interview_reschedule,
)
from tests.development.conftest import at, interview_of

pytestmark = pytest.mark.django_db


def _code(excinfo) -> str:
    return excinfo.value.code


def test_employee_books_a_free_slot_of_their_manager(employee, slots):
    interview = interview_book(actor=employee, slot=slots[0])
    interview.refresh_from_db()
    assert interview.status == Interview.Status.PLANNED
    assert interview.slot == slots[0]
    assert interview.sequence == 1
    assert interview.employee == employee.employee


def test_another_managers_slot_is_not_yours(employee, slots, other_slot):
    with pytest.raises(ApplicationError) as excinfo:
        interview_book(actor=employee, slot=other_slot)
    assert _code(excinfo) == "slot_not_yours"
    assert interview_of(employee).status == Interview.Status.TO_PLAN


def test_a_taken_slot_says_which_slots_are_still_free(employee, colleague, slots):
    interview_book(actor=colleague, slot=slots[0])
    with pytest.raises(ApplicationError) as excinfo:
        interview_book(actor=employee, slot=slots[0])
    assert _code(excinfo) == "slot_taken"
    assert "6 oktober 2026 10:00" in excinfo.value.message
    assert "8 oktober 2026 14:00" in excinfo.value.message
    assert "09:00" not in excinfo.value.message


def test_a_second_booking_in_the_same_cycle(employee, slots):
    interview_book(actor=employee, slot=slots[0])
    with pytest.raises(ApplicationError) as excinfo:
        interview_book(actor=employee, slot=slots[1])
    assert _code(excinfo) == "already_booked"
    assert interview_of(employee).slot == slots[0]


def test_a_slot_in_the_past(employee, slots, now):
    now.move_to(slots[0].start + timedelta(minutes=1))
    with pytest.raises(ApplicationError) as excinfo:
        interview_book(actor=employee, slot=slots[0])
    assert _code(excinfo) == "slot_past"


def test_no_open_cycle(hr, employee, slots, cycle):
    cycle_close(actor=hr, cycle=cycle)
    with pytest.raises(ApplicationError) as excinfo:
        interview_book(actor=employee, slot=slots[0])
    assert _code(excinfo) == "no_open_cycle"


def test_someone_without_an_employee_record_cannot_book(board, slots):
    with pytest.raises(PermissionDenied):
        interview_book(actor=board, slot=slots[0])


def test_the_race_is_decided_by_the_constraint(employee, colleague, slots, monkeypatch):
    """The colleague's booking lands between the employee's check and write: the one-to-one
    slot refuses the second write, which becomes `slot_taken` with the free slots."""
    rival = interview_of(colleague)

    def rival_books_first(slot):
        Interview.objects.filter(pk=rival.pk).update(
            slot=slot, status=Interview.Status.PLANNED, sequence=1
        )

    monkeypatch.setattr(booking_module, "_check_slot_free", rival_books_first)
    with pytest.raises(ApplicationError) as excinfo:
        interview_book(actor=employee, slot=slots[0])
    assert _code(excinfo) == "slot_taken"
    assert "6 oktober 2026 10:00" in excinfo.value.message
    mine = interview_of(employee)
    assert (mine.status, mine.slot, mine.sequence) == (Interview.Status.TO_PLAN, None, 0)


def test_the_constraint_itself_allows_one_interview_per_slot(employee, colleague, slots):
    from django.db import IntegrityError, transaction

    interview_book(actor=employee, slot=slots[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        Interview.objects.filter(pk=interview_of(colleague).pk).update(
            slot=slots[0], status=Interview.Status.PLANNED
        )


def test_employee_moves_their_interview(employee, slots):
    interview = interview_book(actor=employee, slot=slots[0])
    uid = interview.uid
    moved = interview_reschedule(actor=employee, interview=interview, slot=slots[2])
    moved.refresh_from_db()
    assert (moved.slot, moved.sequence, moved.uid) == (slots[2], 2, uid)
    # the first slot is free again
    from development.selectors import free_slots_for_employee

    assert slots[0] in free_slots_for_employee(employee.employee)


def test_moving_to_the_same_slot(employee, slots):
    interview = interview_book(actor=employee, slot=slots[0])
    with pytest.raises(ApplicationError) as excinfo:
        interview_reschedule(actor=employee, interview=interview, slot=slots[0])
    assert _code(excinfo) == "same_slot"


def test_moving_to_another_managers_slot(employee, slots, other_slot):
    interview = interview_book(actor=employee, slot=slots[0])
    with pytest.raises(ApplicationError) as excinfo:
        interview_reschedule(actor=employee, interview=interview, slot=other_slot)
    assert _code(excinfo) == "slot_not_yours"


def test_moving_to_a_taken_slot(employee, colleague, slots):
    interview = interview_book(actor=employee, slot=slots[0])
    interview_book(actor=colleague, slot=slots[1])
    with pytest.raises(ApplicationError) as excinfo:
        interview_reschedule(actor=employee, interview=interview, slot=slots[1])
    assert _code(excinfo) == "slot_taken"
    assert interview_of(employee).sequence == 1


def test_employee_cancels_and_books_again_under_the_same_uid(employee, slots):
    interview = interview_book(actor=employee, slot=slots[0])
    cancelled = interview_cancel(actor=employee, interview=interview)
    cancelled.refresh_from_db()
    assert (cancelled.status, cancelled.slot, cancelled.sequence) == (
        Interview.Status.TO_PLAN,
        None,
        2,
    )
    again = interview_book(actor=employee, slot=slots[1])
    assert (again.uid, again.sequence) == (interview.uid, 3)


@pytest.mark.parametrize("change", ["move", "cancel"])
def test_employee_cannot_change_within_24_hours(employee, manager, slots, now, change):
    interview = interview_book(actor=employee, slot=slots[0])
    now.move_to(slots[0].start - change_cutoff())
    with pytest.raises(ApplicationError) as excinfo:
        if change == "move":
            interview_reschedule(actor=employee, interview=interview, slot=slots[2])
        else:
            interview_cancel(actor=employee, interview=interview)
    assert _code(excinfo) == "too_late"
    # the manager can, any time
    if change == "move":
        changed = interview_reschedule(actor=manager, interview=interview, slot=slots[2])
        assert changed.slot == slots[2]
    else:
        changed = interview_cancel(actor=manager, interview=interview)
        assert changed.status == Interview.Status.TO_PLAN
    assert changed.sequence == 2


def test_employee_can_change_just_before_the_cut_off(employee, slots, now):
    interview = interview_book(actor=employee, slot=slots[0])
    now.move_to(slots[0].start - change_cutoff() - timedelta(seconds=1))
    assert interview_cancel(actor=employee, interview=interview).slot is None


@pytest.mark.parametrize("who", ["colleague", "other_manager", "hr"])
def test_others_cannot_move_or_cancel(request, employee, slots, who):
    interview = interview_book(actor=employee, slot=slots[0])
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        interview_cancel(actor=actor, interview=interview)
    with pytest.raises(PermissionDenied):
        interview_reschedule(actor=actor, interview=interview, slot=slots[1])


def test_cancelling_an_unplanned_interview(employee, slots):
    with pytest.raises(ApplicationError) as excinfo:
        interview_cancel(actor=employee, interview=interview_of(employee))
    assert _code(excinfo) == "not_planned"


def test_a_closed_cycle_cannot_be_changed(hr, employee, manager, slots, cycle):
    interview = interview_book(actor=employee, slot=slots[0])
    cycle_close(actor=hr, cycle=cycle)
    assert Cycle.objects.get().status == Cycle.Status.CLOSED
    with pytest.raises(ApplicationError) as excinfo:
        interview_cancel(actor=manager, interview=interview)
    assert _code(excinfo) == "cycle_closed"


def test_a_slot_after_the_change_to_winter_time_is_bookable(employee, manager, cycle, now):
    from development.services import slots_publish

    (slot,) = slots_publish(
        actor=manager, manager=manager.employee, slots=[at(date(2026, 11, 3), 9)]
    )
    assert interview_book(actor=employee, slot=slot).slot == slot
    slot.refresh_from_db()
    assert timezone.localtime(slot.start).isoformat() == "2026-11-03T09:00:00+01:00"


def test_the_cut_off_is_an_organisation_setting(employee, slots, now):
    from hrm.models import OrganisationSettings

    settings_row = OrganisationSettings.get()
    settings_row.interview_change_hours = 48
    settings_row.save()
    interview = interview_book(actor=employee, slot=slots[0])
    now.move_to(slots[0].start - timedelta(hours=47))
    with pytest.raises(ApplicationError) as excinfo:
        interview_cancel(actor=employee, interview=interview)
    assert _code(excinfo) == "too_late"
    assert "48" in str(excinfo.value)
