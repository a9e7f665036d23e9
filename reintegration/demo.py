"""The demo organisation's reintegration files: a case for every chain of the demo's sickness
past sick day 7 (absence.demo's SICK_NOW puts them at their stages) and what the case owner
recorded so far in the current ones. Loaded after the sickness (core.demo); a second load
changes nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from core.models import User
from hrm import demo as hrm_demo
from hrm.models import Employee
from reintegration import services, sync
from reintegration.models import CaseRecord, ReintegrationCase


@transaction.atomic
def load(today: date | None = None) -> None:
    today = today or timezone.localdate()
    numbers = {p[0] for p in hrm_demo.PEOPLE}
    employees = {
        e.personnel_number: e for e in Employee.objects.filter(personnel_number__in=numbers)
    }
    sync.sync_employees([e.pk for e in employees.values()], today)
    _case_records(today, employees)


def load_part() -> None:
    """The reintegration part of the demo organisation (core.demo, after the sickness)."""
    load()


def _case_records(today: date, employees) -> None:
    """What the case owner recorded so far in the current cases (only into empty files, so a
    second load changes nothing)."""
    actor = User.objects.filter(username="adjunct").first()
    K = CaseRecord.Kind
    doctor = "A. de Wit (bedrijfsarts ArboNed)"

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    plan: dict[str, list[tuple[str, date, dict[str, Any]]]] = {
        "2005": [  # problem analysis in time, action plan overdue
            (
                K.CONSULTATION,
                ago(55),
                {"company_doctor": doctor, "hours_per_day": 0, "next_consultation": ago(20)},
            ),
            (
                K.PROBLEM_ANALYSIS,
                ago(21),
                {
                    "company_doctor": doctor,
                    "hours_per_day": 2,
                    "can_do": "Korte administratieve taken, thuis.",
                    "cannot_do": "Huisbezoeken en gesprekken met cliënten.",
                },
            ),
        ],
        "2008": [
            (
                K.PROBLEM_ANALYSIS,
                ago(236),
                {
                    "company_doctor": doctor,
                    "hours_per_day": 0,
                    "cannot_do": "Werk met cliënten, voorlopig.",
                },
            ),
            (
                K.ACTION_PLAN,
                ago(225),
                {
                    "goal": "Terugkeer in eigen functie, opbouw in uren.",
                    "track": "1",
                    "signed_by_employer": ago(225),
                    "signed_by_employee": ago(224),
                },
            ),
            (K.PLAN_EVALUATION, ago(183), {"hours_per_day": 2, "track": "1"}),
            (
                K.PLAN_EVALUATION,
                ago(141),
                {
                    "hours_per_day": 4,
                    "track": "1",
                    "can_do": "Eigen caseload van drie gezinnen, geen crisisdienst.",
                },
            ),
            (K.PLAN_EVALUATION, ago(99), {"hours_per_day": 4, "track": "1"}),
            (K.PLAN_EVALUATION, ago(57), {"hours_per_day": 4, "track": "1"}),
            (K.PLAN_EVALUATION, ago(15), {"hours_per_day": 4, "track": "1"}),
            (
                K.CONSULTATION,
                ago(15),
                {
                    "company_doctor": doctor,
                    "hours_per_day": 4,
                    "next_consultation": today + timedelta(days=27),
                },
            ),
        ],
        "3001": [
            (K.PROBLEM_ANALYSIS, ago(410), {"company_doctor": doctor, "hours_per_day": 0}),
            (
                K.ACTION_PLAN,
                ago(398),
                {
                    "goal": "Onderzoeken of terugkeer in eigen werk mogelijk is.",
                    "track": "1",
                    "signed_by_employer": ago(398),
                    "signed_by_employee": ago(397),
                },
            ),
            (K.PLAN_EVALUATION, ago(356), {"track": "1"}),
            (K.PLAN_EVALUATION, ago(314), {"hours_per_day": 2, "track": "1"}),
            (K.PLAN_EVALUATION, ago(272), {"hours_per_day": 2, "track": "1"}),
            (K.PLAN_EVALUATION, ago(230), {"hours_per_day": 2, "track": "1"}),
            (
                K.UWV_42_WEEK_REPORT,
                ago(155),
                {"notes": "Gemeld via het werkgeversportaal van UWV."},
            ),
            (
                K.FIRST_YEAR_EVALUATION,
                ago(95),
                {
                    "track": "2",
                    "notes": "Terugkeer in eigen werk is niet in zicht: spoor 2 starten.",
                },
            ),
            (K.TRACK_2_START, ago(70), {"notes": "Re-integratiebureau ingeschakeld voor spoor 2."}),
            (K.PLAN_EVALUATION, ago(60), {"hours_per_day": 2, "track": "2"}),
            (K.PLAN_EVALUATION, ago(18), {"hours_per_day": 2, "track": "2"}),
        ],
    }
    for number, records in plan.items():
        case = (
            ReintegrationCase.objects.filter(
                employee=employees.get(number), closed_on__isnull=True
            ).first()
            if number in employees
            else None
        )
        if case is None or case.records.exists():
            continue
        for kind, day, fields in records:
            if day >= case.chain_start:
                services.record_add(actor=actor, case=case, kind=kind, date=day, **fields)
