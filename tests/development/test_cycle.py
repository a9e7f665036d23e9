"""Opening a cycle: an interview to plan for everyone employed, with their manager; only HR and
the director; one cycle per year and one open at a time; "not this year" with a reason."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from core.errors import ApplicationError
from development.models import Cycle, Interview, Slot
from development.services import cycle_open, interview_book, interview_mark_not_this_year
from tests.development.conftest import interview_of
from tests.factories import ContractFactory, EmployeeFactory, make_person

pytestmark = pytest.mark.django_db


def test_everyone_employed_gets_an_interview_with_their_manager(
    now, hr, manager, employee, colleague, team_a
):
    leaver = make_person(None, team=team_a, start=date(2020, 1, 1))
    leaver.contracts.update(end=date(2026, 6, 30))
    starter = EmployeeFactory()
    ContractFactory(employee=starter, start=date(2026, 11, 1), team=team_a)

    cycle = cycle_open(actor=hr, year=2026, deadline=date(2026, 12, 15))

    interviews = {i.employee_id: i for i in cycle.interviews.all()}
    assert set(interviews) == {
        hr.employee.pk,
        manager.employee.pk,
        employee.employee.pk,
        colleague.employee.pk,
    }
    assert interviews[employee.employee.pk].manager == manager.employee
    assert interviews[colleague.employee.pk].manager == manager.employee
    assert interviews[hr.employee.pk].manager is None
    assert all(
        i.status == Interview.Status.TO_PLAN and i.sequence == 0 for i in interviews.values()
    )
    assert len({i.uid for i in interviews.values()}) == 4
    assert (cycle.year, cycle.deadline, cycle.status, cycle.opened_by) == (
        2026,
        date(2026, 12, 15),
        Cycle.Status.OPEN,
        hr,
    )


def test_a_cycle_for_next_year_counts_who_is_employed_on_1_january(now, hr, team_a):
    starter = EmployeeFactory()
    ContractFactory(employee=starter, start=date(2026, 12, 1), team=team_a)
    leaving = make_person(None, team=team_a)
    leaving.contracts.update(end=date(2026, 12, 31))
    cycle = cycle_open(actor=hr, year=2027, deadline=date(2027, 6, 30))
    employees = set(cycle.interviews.values_list("employee_id", flat=True))
    assert starter.pk in employees
    assert leaving.pk not in employees


def test_the_director_may_open_a_cycle(now, director):
    assert cycle_open(actor=director, year=2026, deadline=date(2026, 12, 15)).is_open


@pytest.mark.parametrize("who", ["manager", "employee", "adjunct", "pvt"])
def test_others_may_not_open_a_cycle(request, now, who):
    with pytest.raises(PermissionDenied):
        cycle_open(actor=request.getfixturevalue(who), year=2026, deadline=date(2026, 12, 15))


def test_one_cycle_per_year_and_one_open_at_a_time(now, hr, cycle):
    with pytest.raises(ApplicationError) as excinfo:
        cycle_open(actor=hr, year=2026, deadline=date(2026, 12, 31))
    assert excinfo.value.code == "cycle_exists"
    with pytest.raises(ApplicationError) as excinfo:
        cycle_open(actor=hr, year=2027, deadline=date(2027, 6, 30))
    assert excinfo.value.code == "cycle_already_open"


@pytest.mark.parametrize(
    ("year", "deadline", "code"),
    [
        (2025, date(2026, 12, 15), "year_out_of_range"),
        (2028, date(2028, 12, 15), "year_out_of_range"),
        (2026, date(2026, 9, 30), "deadline_invalid"),
        (2026, date(2201, 1, 1), "date_out_of_range"),
    ],
)
def test_year_and_deadline_are_checked(now, hr, year, deadline, code):
    with pytest.raises(ApplicationError) as excinfo:
        cycle_open(actor=hr, year=year, deadline=deadline)
    assert excinfo.value.code == code


def test_the_database_allows_one_open_cycle(now, cycle):
    with pytest.raises(IntegrityError), transaction.atomic():
        Cycle.objects.create(year=2027, deadline=date(2027, 6, 30))


def test_the_database_allows_one_interview_per_person_and_cycle(now, cycle, employee):
    with pytest.raises(IntegrityError), transaction.atomic():
        Interview.objects.create(cycle=cycle, employee=employee.employee)


def test_the_database_refuses_a_slot_that_ends_before_it_starts(now, manager):
    from tests.development.conftest import NOW

    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.create(manager=manager.employee, start=NOW, end=NOW, location="Kantoor")


def test_the_database_refuses_a_slot_without_a_place(now, manager):
    from datetime import timedelta

    from tests.development.conftest import NOW

    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.create(manager=manager.employee, start=NOW, end=NOW + timedelta(hours=1))


def test_not_this_year_needs_a_reason(hr, employee, cycle):
    with pytest.raises(ApplicationError) as excinfo:
        interview_mark_not_this_year(actor=hr, interview=interview_of(employee), reason="  ")
    assert excinfo.value.code == "reason_required"


def test_not_this_year_frees_a_booked_slot_and_raises_the_sequence(hr, employee, slots):
    interview = interview_book(actor=employee, slot=slots[0])
    marked = interview_mark_not_this_year(
        actor=hr, interview=interview, reason="Langdurig ziek sinds maart."
    )
    marked.refresh_from_db()
    assert (marked.status, marked.slot, marked.sequence, marked.not_this_year_reason) == (
        Interview.Status.NOT_THIS_YEAR,
        None,
        2,
        "Langdurig ziek sinds maart.",
    )
    with pytest.raises(ApplicationError) as excinfo:
        interview_book(actor=employee, slot=slots[1])
    assert excinfo.value.code == "interview_closed"


def test_only_hr_and_the_director_mark_not_this_year(manager, employee, cycle):
    with pytest.raises(PermissionDenied):
        interview_mark_not_this_year(
            actor=manager, interview=interview_of(employee), reason="Vertrekt."
        )


def test_the_database_wants_a_reason_for_not_this_year(cycle, employee):
    with pytest.raises(IntegrityError), transaction.atomic():
        Interview.objects.filter(pk=interview_of(employee).pk).update(
            status=Interview.Status.NOT_THIS_YEAR
        )
