"""The registration figures from the database: contracts from hrm, the incapacity factor from
the absence engine (including a partial recovery), maternity leave, logged activities and the
done trainings of the plan, checked against the worked example of development.md."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from absence.models import Episode, MaternityLeave, PartialRecovery
from development import skj
from development.models import (
    Activity,
    PlanItem,
    PlanParticipant,
    Registration,
    TrainingPlan,
)
from development.registrations import at_risk_first, figures_for, with_requirements
from tests.development.registration_helpers import make_professions
from tests.factories import ContractFactory, EmployeeFactory, TeamFactory

AS_OF = date(2026, 11, 26)


@pytest.fixture
def jeugdzorgwerker(db):
    return make_professions()[0]


def _worked_example(profession, *, team=None):
    employee = EmployeeFactory()
    team = team or TeamFactory(name="Geldrop-Mierlo")
    ContractFactory(
        employee=employee,
        team=team,
        start=date(2020, 1, 1),
        end=date(2024, 8, 31),
        hours_per_week=D(32),
    )
    ContractFactory(employee=employee, team=team, start=date(2024, 9, 1), hours_per_week=D(28))
    episode = Episode.objects.create(
        employee=employee, first_sick_day=date(2025, 1, 6), recovered_on=date(2025, 3, 3)
    )
    PartialRecovery.objects.create(episode=episode, start=date(2025, 2, 3), percentage=D(50))
    for category, points, completed_on in [
        ("training", 24, date(2022, 2, 1)),
        ("training", 40, date(2023, 5, 10)),
        ("reflection", 30, date(2024, 6, 30)),
        ("free", 50, date(2025, 10, 1)),
    ]:
        Activity.objects.create(
            employee=employee,
            title=f"{category} {points}",
            category=category,
            points=D(points),
            completed_on=completed_on,
        )
    # the training of 16 points on 2026-09-01 is a done item of the training plan
    plan, _ = TrainingPlan.objects.get_or_create(year=2026, defaults={"budget": D(10000)})
    item = PlanItem.objects.create(
        plan=plan,
        title="Traumasensitief werken",
        status=PlanItem.Status.DONE,
        completed_on=date(2026, 9, 1),
        points={"training": 16},
    )
    PlanParticipant.objects.create(item=item, employee=employee)
    return Registration.objects.create(
        employee=employee,
        number="110012345",
        profession=profession,
        registered_on=date(2022, 3, 15),
    )


def test_the_worked_example_from_the_database(jeugdzorgwerker):
    registration = _worked_example(jeugdzorgwerker)
    (row,) = figures_for(with_requirements(Registration.objects.all()), AS_OF)
    f = row.figures
    assert f.expires_on == date(2027, 3, 14)
    assert f.submission_deadline == date(2026, 12, 14)
    assert [(c.key, c.earned, c.required, c.short) for c in row.categories] == [
        ("training", D(56), D(60), D(4)),
        ("reflection", D(30), D(50), D(20)),
        ("free", D(50), D(50), D(0)),
    ]
    assert round(f.hours_to_date, 3) == D("7218.857")
    assert round(f.hours_projected, 3) == D("7650.857")
    assert round(row.hours_lost_to_sickness, 3) == D("168.000")
    assert f.status == skj.AT_RISK
    assert f.next_warning == date(2026, 12, 14)
    assert {(a.title, a.item_id is not None) for a in row.counted} == {
        ("training 40", False),
        ("Traumasensitief werken", True),
        ("reflection 30", False),
        ("free 50", False),
    }
    assert row.registration == registration


def test_a_person_override_changes_the_requirement(jeugdzorgwerker):
    registration = _worked_example(jeugdzorgwerker)
    registration.category_overrides = {"reflection": 30, "ethics": 10}
    registration.hours_required = D(8000)
    registration.save()
    (row,) = figures_for(with_requirements(Registration.objects.all()), AS_OF)
    lines = {c.key: (c.required, c.short, c.overridden) for c in row.categories}
    assert lines["reflection"] == (D(30), D(0), True)
    assert lines["ethics"] == (D(10), D(10), True)
    assert lines["training"] == (D(60), D(4), False)
    assert row.hours_required == D(8000) and row.projected_short


def test_maternity_leave_days_count_no_hours(jeugdzorgwerker):
    registration = _worked_example(jeugdzorgwerker)
    before = figures_for(with_requirements(Registration.objects.all()), AS_OF)[0]
    MaternityLeave.objects.create(
        employee=registration.employee, start=date(2023, 1, 2), end=date(2023, 1, 8)
    )
    after = figures_for(with_requirements(Registration.objects.all()), AS_OF)[0]
    assert before.figures.hours_to_date - after.figures.hours_to_date == D(32)


def test_a_cancelled_or_planned_training_does_not_count(jeugdzorgwerker):
    _worked_example(jeugdzorgwerker)
    PlanItem.objects.update(status=PlanItem.Status.PLANNED)
    (row,) = figures_for(with_requirements(Registration.objects.all()), AS_OF)
    assert row.categories[0].earned == D(40)


def test_the_query_count_does_not_grow_with_the_registrations(jeugdzorgwerker):
    team = TeamFactory(name="Waalre")
    _worked_example(jeugdzorgwerker, team=team)
    with CaptureQueriesContext(connection) as one:
        figures_for(with_requirements(Registration.objects.all()), AS_OF)
    for _ in range(5):
        _worked_example(jeugdzorgwerker, team=team)
    with CaptureQueriesContext(connection) as six:
        rows = figures_for(with_requirements(Registration.objects.all()), AS_OF)
    assert len(rows) == 6
    assert len(six) == len(one)
    assert [r.status for r in at_risk_first(rows)] == [skj.AT_RISK] * 6
