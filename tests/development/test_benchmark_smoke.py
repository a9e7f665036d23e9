"""benchmarks/development.py on a tiny organisation (2 managers, 40 people): its fill gives the
states it promises and every measurement runs and reports. Behaviour only; no timing
assertions."""

import argparse
import importlib.util
import sys
from pathlib import Path

import pytest

from development.models import Agreement, Interview, Signature, Slot
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
    assert len(verdicts) == len(results) == 11
    pages = [m for m in results if "queries" in m.extra]
    assert len(pages) == 7 and all(int(m.extra.split()[0]) > 0 for m in pages)
