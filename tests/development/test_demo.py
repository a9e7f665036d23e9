"""The demo's development interviews: an open round for this year with people at every stage,
the `employee` and `colleague` logins unbooked with free times of their one manager, and signed
records of last year whose signatures cover their text; the professional registrations with
their stories (at risk, sickness under the hours, complete, the `employee` one reflection short)
and this year's training plan with every status and a budget partly spent."""

import itertools

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


# Professional registrations and the training plan -----------------------------------------------


def _figures():
    """Everyone's current registration with its figures on today's date, by personnel number."""
    from development.models import Registration
    from development.registrations import figures_for, latest_per_employee, with_requirements

    current = latest_per_employee(with_requirements(Registration.objects.all()))
    return {
        row.registration.employee.personnel_number: row
        for row in figures_for(current, timezone.localdate())
    }


def _short(row) -> dict:
    return {line.key: line.short for line in row.categories if line.short}


def test_the_demo_professions_are_those_of_the_domain_page(demo):
    from development.models import Profession

    found = {
        p.key: (
            p.name,
            p.register,
            p.hours_required,
            [(c.key, c.name, c.required) for c in p.categories.order_by("position")],
        )
        for p in Profession.objects.all()
    }
    assert found["jeugdzorgwerker"] == (
        "Jeugdzorgwerker",
        "SKJ",
        1664,
        [
            ("training", "Scholing, opleiding en training", 60),
            ("reflection", "Reflectie (intervisie, supervisie)", 50),
            ("free", "Vrije ruimte", 50),
        ],
    )
    name, register, hours, categories = found["jeugd_en_gezinsprofessional"]
    assert (name, register, hours) == ("Jeugd- en gezinsprofessional", "SKJ", 3368)
    assert [c[0] for c in categories] == ["training", "reflection", "free"]
    assert set(found) == {"jeugdzorgwerker", "jeugd_en_gezinsprofessional"}


def test_every_generalist_still_employed_has_a_registration(demo):
    from development.models import Registration
    from hrm.demo import GEN, PEOPLE
    from hrm.selectors import employees_employed_on

    generalists = {n for n, _f, _l, contracts, _m in PEOPLE if contracts[-1][1] == GEN}
    employed = set(
        employees_employed_on(timezone.localdate())
        .filter(personnel_number__in=generalists)
        .values_list("personnel_number", flat=True)
    )
    rows = _figures()
    assert set(rows) == employed
    assert "2010" not in rows  # left the organisation
    assert all(r.registration.number.startswith("110") for r in rows.values())
    assert all(len(r.registration.number) == 9 for r in rows.values())
    assert [n for n, r in rows.items() if r.registration.vog_on is None] == ["2014"]
    assert {r.status for r in rows.values()} >= {"at_risk", "on_track", "complete", "overdue"}
    # a re-registration: the expired period stays, the newest counts
    assert Registration.objects.filter(employee__personnel_number="2003").count() == 2
    for category in ("training", "reflection", "free"):
        assert any(
            a.category == category and a.activity_id for r in rows.values() for a in r.counted
        )


def test_one_at_risk_with_the_deadline_within_a_year_and_points_short(demo):
    from dateutil.relativedelta import relativedelta

    row = _figures()["2012"]
    assert row.status == "at_risk"
    assert row.figures.submission_deadline <= timezone.localdate() + relativedelta(years=1)
    assert _short(row)
    assert row.figures.hours_projected >= row.hours_required  # the points, not the hours


def test_long_sickness_pulls_the_projected_hours_under_the_requirement(demo):
    row = _figures()["3001"]  # Marloes Bosch, sick for over a year
    assert row.hours_overridden and "6.500 uur" in row.registration.override_note
    projected, lost = row.figures.hours_projected, row.hours_lost_to_sickness
    assert projected + lost >= row.hours_required > projected
    assert row.status == "at_risk"


def test_one_registration_is_complete(demo):
    row = _figures()["3002"]
    assert row.status == "complete" and not _short(row)
    assert row.figures.hours_to_date >= row.hours_required


def test_the_employee_completes_their_registration_by_logging_a_reflection(demo):
    from datetime import timedelta

    from development.services.registrations import activity_log

    user = User.objects.get(username="employee")
    row = _figures()["2001"]
    assert row.status == "at_risk"
    assert _short(row) == {"reflection": 10}
    assert any(a.item_id for a in row.counted)  # a done training of the plan counts

    activity_log(
        user,
        employee=user.employee,
        title="Intervisie",
        category="reflection",
        points=10,
        completed_on=timezone.localdate() - timedelta(days=1),
    )
    assert _figures()["2001"].status == "complete"


def test_the_colleague_has_a_registration_on_track(demo):
    assert _figures()["2009"].status == "on_track"


def test_this_years_plan_has_every_status_and_a_budget_partly_spent(demo):
    from development.models import PlanItem, TrainingPlan
    from development.plan import budget_of

    plan = TrainingPlan.objects.get(year=timezone.localdate().year)
    items = plan.items.all()
    assert set(items.values_list("status", flat=True)) == set(PlanItem.Status.values)
    titles = set(items.values_list("title", flat=True))
    assert {
        "SCHIP-training",
        "Traumasensitief werken",
        "Intervisie elke 6 weken",
        "Opvoedingsondersteuning (Triple P niveau 4)",
    } <= titles
    budget = budget_of(plan)
    assert budget.budget == 25000
    assert 0 < budget.spent < budget.budget and budget.committed > 0 and budget.left > 0
    [waalre] = budget.teams
    assert waalre.name == "Waalre" and 0 < waalre.used < waalre.budget

    cancelled = items.get(status="cancelled")
    assert cancelled.decline_reason and cancelled.requested_by is not None
    assert items.filter(wish__isnull=False).count() >= 2  # from last year's interviews
    for item in items.filter(status="planned"):
        assert item.sessions.exists()
        assert all(s.starts_at > timezone.now() for s in item.sessions.all())
    intervision = items.get(title="Intervisie elke 6 weken")
    starts = [s.starts_at.date() for s in intervision.sessions.all()]
    assert len(starts) >= 4
    assert all(35 <= (b - a).days <= 49 for a, b in itertools.pairwise(starts))
    for item in items.filter(status="done"):
        assert item.points.get("training", 0) > 0 and item.completed_on <= timezone.localdate()


def test_the_plan_has_requests_waiting_for_the_manager_and_the_director(demo):
    from development.models import PlanItem
    from development.permissions import items_to_approve_for
    from development.services.plan import needs_director

    waiting = PlanItem.objects.filter(status="wish", requested_by__isnull=False)
    for_manager = waiting.filter(approved_by__isnull=True)
    for_director = waiting.filter(approved_by__isnull=False, director_approved_by__isnull=True)
    assert for_manager.count() == 1 and not needs_director(for_manager.get())
    assert for_director.count() == 1 and needs_director(for_director.get())
    manager = User.objects.get(username="manager")
    assert items_to_approve_for(manager).filter(pk=for_manager.get().pk).exists()
    director = User.objects.get(username="director")
    assert items_to_approve_for(director).filter(pk=for_director.get().pk).exists()


def test_loading_the_demo_twice_adds_no_registrations_or_trainings(demo):
    from development.models import Activity, PlanItem, Profession, Registration, TrainingPlan

    models = (Profession, Registration, Activity, TrainingPlan, PlanItem)
    counts = [m.objects.count() for m in models]
    call_command("load_demo", quiet_logins=True)
    assert [m.objects.count() for m in models] == counts
