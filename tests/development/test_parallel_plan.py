"""What two people (or two workers) do at the same moment, on two real database connections:
one wish becomes one plan item, two approvals that each fit the budget alone do not both pass
its check, and two warning runs send one warning. PostgreSQL only (CI): the in-memory SQLite
test database is one shared connection, so nothing runs in parallel there; on SQLite the
constraints themselves are tested in test_plan_services.py and test_registration_warnings.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection

from development.models import (
    Agreement,
    Interview,
    PlanItem,
    RegistrationWarning,
    TrainingWish,
)
from development.registration_warnings import send_registration_warnings
from development.services import plan as services
from tests.development.conftest import in_parallel, interview_of
from tests.development.registration_helpers import make_professions, register

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs two real database connections (PostgreSQL)",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_two_clicks_on_one_wish_make_one_item(cycle, hr, employee):
    interview = interview_of(employee)
    interview.status = Interview.Status.HELD
    interview.save()
    agreement = Agreement.objects.create(interview=interview)
    wishes = [
        TrainingWish.objects.create(agreement=agreement, text=f"Cursus {k}", position=k)
        for k in range(3)
    ]
    for wish in wishes:
        outcomes = in_parallel([lambda w=wish: services.item_from_wish(hr, w).pk] * 2)
        assert sorted(map(str, outcomes))[-1] == "wish_already_planned", outcomes
        assert PlanItem.objects.filter(wish=wish).count() == 1
    assert PlanItem.objects.count() == 3
    assert len({item.plan_id for item in PlanItem.objects.all()}) == 1  # one plan made, not two


def test_two_approvals_that_together_exceed_the_budget_do_not_both_pass(now, hr, employee):
    plan = services.plan_save(hr, year=2026, budget=Decimal("1000"))
    for _round in range(3):
        items = [
            services.item_save(hr, plan, title=f"Training {k}", cost="600", cost_basis="total")
            for k in range(2)
        ]
        outcomes = in_parallel(
            [lambda i=item: services.item_approve(hr, i).status for item in items]
        )
        assert sorted(outcomes) == ["approved", "over_budget"], outcomes
        PlanItem.objects.filter(pk__in=[i.pk for i in items]).delete()


def test_two_warning_runs_at_once_send_one_warning(employee, hr):
    register(employee.employee, make_professions()[0])
    mail.outbox = []
    day = date(2026, 11, 14)  # a month before the submission deadline
    outcomes = in_parallel([lambda: send_registration_warnings(today=day)["sent"]] * 2)
    assert sorted(outcomes) == [0, 1], outcomes
    assert RegistrationWarning.objects.count() == 1
    assert len(mail.outbox) == 2  # the employee and HR, once
