"""benchmarks/development.py on a tiny organisation (2 managers, 40 people, a plan of 300 items):
its fill gives the states it promises and every measurement runs and reports. Behaviour only; no timing
assertions."""

import argparse
import importlib.util
import sys
from pathlib import Path

import pytest

from development.models import (
    Activity,
    Agreement,
    Interview,
    PlanItem,
    Registration,
    RegistrationWarning,
    Signature,
    Slot,
    TrainingPlan,
)
from development.selectors import open_cycle, status_counts

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "development.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("benchmark_development", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


# real commits: the booking e-mails go after each booking's transaction, as in the benchmark
@pytest.mark.django_db(transaction=True)
def test_run_fills_every_state_and_measures_every_figure(bench, capsys, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    results = bench.run(argparse.Namespace(employees=40, managers=2, teams=2, runs=1))
    out = capsys.readouterr().out

    cycle = open_cycle()
    assert cycle is not None
    assert status_counts(cycle) == {
        "to_plan": 7,
        "planned": 24,  # 12 bookings per manager, through interview_book
        "held": 4,
        "signed": 4,
        "not_this_year": 1,  # every fifth manager's last person, the first manager included
    }
    assert Slot.objects.filter(interview__isnull=True).count() == 2 * 25 - 24
    assert Agreement.objects.filter(signed_at__isnull=False).count() == 4
    assert Signature.objects.filter(voided_at__isnull=True).count() == 4 * 1 + 4 * 2
    # everyone, the managers included, has a manager in the interview: one of the two
    holders = set(Interview.objects.filter(cycle=cycle).values_list("manager_id", flat=True))
    assert len(holders) == 2 and None not in holders

    assert "cycle_open" in out and "40 interviews" in out
    assert "50 slots" in out
    assert "interview_book x 24" in out and "48 e-mails" in out  # both people, each booking
    assert (
        "{'booking': 7, 'signing': 2}" in out
        and "a second run: {'booking': 0, 'signing': 0}" in out
    )
    verdicts = [line for line in out.splitlines() if line.startswith(("ok  ", "SLOW"))]
    assert len(verdicts) == len(results) == 19
    for page in ("registrations overview as HR", "Mijn SKJ as an employee", "approvals as HR"):
        assert page in out
    queried = [m for m in results if "queries" in m.extra]
    assert len(queried) == 14 and all(int(m.extra.split()[0]) > 0 for m in queried)

    # registrations, activities and the plan: every employee registered, every status
    assert Registration.objects.count() == 40  # every employee (the HR login has no record)
    assert Activity.objects.count() >= 2 * 40
    plan = TrainingPlan.objects.get()
    assert set(plan.items.values_list("status", flat=True)) == set(PlanItem.Status.values)
    assert plan.items.count() == 300
    assert "registration figures for HR" in out and "40 rows" in out
    assert "budget_of(plan" in out and "300 items" in out
    warned = RegistrationWarning.objects.count()
    assert warned > 0
    assert f"registration warnings: {{'sent': {warned}, 'skipped': 0}}" in out
    assert "a second run: {'sent': 0, 'skipped': 0}" in out
