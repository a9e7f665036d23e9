"""The demo organisation's development interviews.

Last year's round is closed with signed records (the `employee` login reads theirs). This
year's round is open and its deadline passed last week, so the overview shows every stage:
planned, held (agreements written, one signature), signed, overdue (not booked yet) and "not
this year" for the two long-term sick. The `employee` and `colleague` logins have not booked
and their manager (the `manager` login) has free times in the coming days.

Future times go through the services; what lies in the past (talks already held, signatures)
is written directly, as history. Loaded after the people (core.demo); a second load changes
nothing."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from development import training_demo
from development.models import (
    Agreement,
    Cycle,
    Interview,
    Preparation,
    Side,
    Signature,
    Slot,
    TrainingWish,
)
from development.series import AMSTERDAM, SlotSpec
from development.services import cycle_open, default_template, slots_publish
from development.signing import agreement_hash
from hrm.models import Employee
from hrm.selectors import employees_employed_on

GM_MANAGER, WA_MANAGER = "1005", "1006"
PLANNED = ["2004", "3002"]
HELD = ["2011"]
SIGNED = ["2012", "3003"]
NOT_THIS_YEAR = {
    "2008": "Langdurig ziek (re-integratie loopt); gesprek volgt na herstel.",
    "3001": "Langdurig ziek, tweede ziektejaar.",
}

AGREEMENTS = [
    (
        "Meer regie in complexe casussen met meerdere hulpverleners; als aandachtsfunctionaris "
        "huiselijk geweld het team ondersteunen.",
        ["Training SCHIP", "Intervisie elke zes weken"],
        "Maandelijks werkoverleg over de caseload; ruimte voor 2 uur scholing per week.",
    ),
    (
        "Verdieping in opvoedondersteuning; de caseload beter verdelen over de week.",
        ["Cursus Triple P niveau 4"],
        "Teamleider plant elke maand een kort gesprek over de werkdruk.",
    ),
    (
        "Coördinatie van het wijkteam Waalre overnemen bij afwezigheid van de teamleider.",
        ["Leergang regie voeren", "Supervisie (10 sessies)"],
        "Coaching door de adjunct-directeur in het eerste halfjaar.",
    ),
]
PREPARATION = {
    "afgelopen_jaar": "Een druk jaar met veel complexe gezinnen; ik ben trots op de samenwerking "
    "met de scholen.",
    "werkdruk": "Vooral de administratie na huisbezoeken kost veel tijd.",
    "ambities": "Meer specialiseren in opvoedondersteuning.",
    "scholingswensen": "Triple P, en intervisie voor mijn SKJ-punten.",
}
OBSERVATIONS = {
    "sterke_punten": "Betrokken en betrouwbaar; collega's vragen vaak om advies.",
    "ontwikkelpunten": "Grenzen stellen in de caseload.",
}


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=AMSTERDAM)


def _working_days(start: date, count: int, step: int = 1) -> list[date]:
    days: list[date] = []
    day = start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=step)
    return days


def _past_slot(manager: Employee | None, start: datetime) -> Slot:
    assert manager is not None  # the demo's people with an interview have a manager
    return Slot.objects.create(
        manager=manager, start=start, end=start + timedelta(minutes=45), location="Kantoor"
    )


def _plan(interview: Interview, slot: Slot, status: str = Interview.Status.PLANNED) -> None:
    interview.slot, interview.status, interview.sequence = slot, status, 1
    interview.save(update_fields=["slot", "status", "sequence", "updated_at"])


def _record(interview: Interview, text: tuple, signed_by: list[str], at: datetime) -> None:
    """Preparations shared, the agreement written, and signed by `signed_by` at `at`."""
    goals, wishes, support = text
    follow_up = (at + timedelta(days=182)).date()
    Preparation.objects.create(
        interview=interview, side=Side.EMPLOYEE, answers=PREPARATION, shared_at=at
    )
    Preparation.objects.create(
        interview=interview, side=Side.MANAGER, answers=OBSERVATIONS, shared_at=at
    )
    agreement = Agreement.objects.create(
        interview=interview, goals=goals, support=support, follow_up_on=follow_up
    )
    for position, wish in enumerate(wishes):
        TrainingWish.objects.create(agreement=agreement, position=position, text=wish)
    text_hash = agreement_hash(
        goals=goals, training_wishes=wishes, support=support, follow_up_on=follow_up
    )
    for side in signed_by:
        signer = interview.employee if side == Side.EMPLOYEE else interview.manager
        assert signer is not None
        signature = Signature.objects.create(
            agreement=agreement, side=side, signer=signer, text_hash=text_hash
        )
        Signature.objects.filter(pk=signature.pk).update(signed_at=at)
    if len(signed_by) == 2:
        agreement.signed_at = at
        agreement.save(update_fields=["signed_at"])


def _last_year(today: date, people: dict[str, Employee]) -> None:
    year = today.year - 1
    cycle = Cycle.objects.create(
        year=year,
        deadline=date(year, 12, 1),
        status=Cycle.Status.CLOSED,
        template=default_template(),
    )
    employed = employees_employed_on(date(year, 10, 1)).filter(manager__isnull=False)
    for n, person in enumerate(employed.order_by("personnel_number")):
        interview = Interview.objects.create(
            cycle=cycle, employee=person, manager_id=person.manager_id
        )
        if person.personnel_number == "3001":
            interview.status = Interview.Status.NOT_THIS_YEAR
            interview.not_this_year_reason = "Langdurig ziek."
            interview.save()
            continue
        day = _working_days(date(year, 10, 1) + timedelta(days=n % 20), 1)[0]
        at = _local(day, 9 + n % 6)
        _plan(interview, _past_slot(person.manager, at), Interview.Status.SIGNED)
        _record(interview, AGREEMENTS[n % len(AGREEMENTS)], [Side.MANAGER, Side.EMPLOYEE], at)


def _this_year(today: date, people: dict[str, Employee]) -> Cycle:
    deadline = max(today - timedelta(days=6), date(today.year, 1, 1))
    cycle = cycle_open(actor=None, year=today.year, deadline=today + timedelta(days=30))
    Cycle.objects.filter(pk=cycle.pk).update(deadline=deadline)  # the deadline passed last week
    interviews = {
        i.employee.personnel_number: i for i in cycle.interviews.select_related("employee")
    }
    gm, wa = people[GM_MANAGER], people[WA_MANAGER]
    tomorrow = today + timedelta(days=1)
    free_gm = slots_publish(
        actor=None,
        manager=gm,
        slots=[
            SlotSpec(_local(day, hour), _local(day, hour, 45), location="Kantoor Geldrop, kamer 2")
            for day in _working_days(tomorrow, 3)
            for hour in (9, 10, 11)
        ],
    )
    free_wa = slots_publish(
        actor=None,
        manager=wa,
        slots=[
            SlotSpec(
                _local(day, hour),
                _local(day, hour, 45),
                video_link="https://teams.example/plusteam-waalre",
            )
            for day in _working_days(tomorrow + timedelta(days=1), 2)
            for hour in (13, 14)
        ],
    )
    # planned: the last free times, so the `employee` and `colleague` keep the early ones
    _plan(interviews[PLANNED[0]], free_gm[-1])
    _plan(interviews[PLANNED[1]], free_wa[-1])
    Preparation.objects.create(
        interview=interviews[PLANNED[0]], side=Side.EMPLOYEE, answers=PREPARATION
    )
    for number in HELD:
        interview, at = (
            interviews[number],
            _local(_working_days(today - timedelta(days=4), 1)[0], 10),
        )
        _plan(interview, _past_slot(interview.manager, at), Interview.Status.HELD)
        _record(interview, AGREEMENTS[1], [Side.MANAGER], at)
    for k, number in enumerate(SIGNED):
        interview = interviews[number]
        at = _local(_working_days(today - timedelta(days=20 + k), 1)[0], 11)
        _plan(interview, _past_slot(interview.manager, at), Interview.Status.SIGNED)
        _record(interview, AGREEMENTS[k % len(AGREEMENTS)], [Side.MANAGER, Side.EMPLOYEE], at)
    for number, reason in NOT_THIS_YEAR.items():
        Interview.objects.filter(pk=interviews[number].pk).update(
            status=Interview.Status.NOT_THIS_YEAR, not_this_year_reason=reason
        )
    return cycle


@transaction.atomic
def load(today: date | None = None) -> str:
    today = today or timezone.localdate()
    if Cycle.objects.filter(year=today.year).exists():
        return ""
    people = {e.personnel_number: e for e in Employee.objects.all()}
    if Cycle.objects.filter(year=today.year - 1).exists() is False:
        _last_year(today, people)
    cycle = _this_year(today, people)
    return f"{cycle.interviews.count()} development interviews this year"


def load_part() -> str:
    """The development part of the demo organisation (core.demo, after the people and their
    sickness): the interviews, then the registrations and the training plan."""
    said = [load(), training_demo.load(timezone.localdate())]
    return ", ".join(part for part in said if part)
