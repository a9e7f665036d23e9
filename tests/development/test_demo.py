"""The demo's development interviews: an open round for this year with people at every stage,
the `employee` and `colleague` logins unbooked with free times of their one manager, and signed
records of last year whose signatures cover their text."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.models import User
from development.models import Agreement, Cycle, Interview, Signature, Slot
from development.selectors import free_slots_for_employee
from development.signing import agreement_hash

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", quiet_logins=True)


def _employee(username):
    return User.objects.get(username=username).employee


def test_employee_and_colleague_have_the_same_manager_and_free_times(demo):
    employee, colleague = _employee("employee"), _employee("colleague")
    assert employee.manager_id == colleague.manager_id == _employee("manager").pk
    cycle = Cycle.objects.get(status="open")
    assert cycle.year == timezone.localdate().year
    for person in (employee, colleague):
        interview = Interview.objects.get(cycle=cycle, employee=person)
        assert interview.status == "to_plan"
        assert free_slots_for_employee(person).count() >= 5


def test_this_years_round_has_people_at_every_stage(demo):
    cycle = Cycle.objects.get(status="open")
    statuses = set(cycle.interviews.values_list("status", flat=True))
    assert statuses == {"to_plan", "planned", "held", "signed", "not_this_year"}
    # the deadline passed: whoever did not book is overdue
    assert cycle.deadline < timezone.localdate()
    held = cycle.interviews.get(status="held")
    assert held.agreement.signatures.filter(voided_at__isnull=True).count() == 1
    assert all(i.slot.start > timezone.now() for i in cycle.interviews.filter(status="planned"))


def test_last_years_records_are_signed_over_their_text(demo):
    last = Cycle.objects.get(year=timezone.localdate().year - 1)
    assert last.status == "closed"
    own = Interview.objects.get(cycle=last, employee=_employee("employee"))
    assert own.status == "signed" and own.agreement.signed_at is not None
    for agreement in Agreement.objects.filter(interview__cycle=last).prefetch_related(
        "training_wishes", "signatures"
    ):
        expected = agreement_hash(
            goals=agreement.goals,
            training_wishes=[w.text for w in agreement.training_wishes.all()],
            support=agreement.support,
            follow_up_on=agreement.follow_up_on,
        )
        assert {s.text_hash for s in agreement.signatures.all()} == {expected}
        assert {s.side for s in agreement.signatures.all()} == {"employee", "manager"}


def test_loading_the_demo_twice_adds_no_interviews(demo):
    counts = [m.objects.count() for m in (Cycle, Interview, Slot, Agreement, Signature)]
    call_command("load_demo", quiet_logins=True)
    assert [m.objects.count() for m in (Cycle, Interview, Slot, Agreement, Signature)] == counts


def test_the_overview_of_the_demo_shows_every_stage(demo):
    from development.overview import overview_for

    overview = overview_for(User.objects.get(username="adjunct"))
    shown = {state for state, n in overview.total.counts.items() if n}
    assert shown == {"planned", "held", "signed", "overdue", "not_this_year"}
