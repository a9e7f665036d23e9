"""Benchmark of the development interviews with 1,000 employees, through the services and the
real pages.

The organisation: 40 teams; 1,000 employees with an open contract (a third of them with an
earlier contract in another team), every one with a login and a work e-mail address; 50 of them
are managers (a login with the manager role for their team), each holding the interviews of 19
people of their team and of one other manager (20 each); an HR login.

Measured:

1. `cycle_open` for this year (1,000 interviews; target < 2 s);
2. `slots_publish_series` for each of the 50 managers: a week of weekdays, 9:00-14:00, 45
   minutes with 15 between (25 slots each);
3. 600 bookings (12 per manager) by the employees themselves through `interview_book`, each with
   its two e-mails with the calendar invitation (locmem e-mail backend);
   then, written directly as history: 200 talks in the past (slots in the past, shared
   preparations, agreements with training wishes), 100 of them held (signed by the manager) and
   100 signed by both; 10 "not this year"; 190 left to plan;
4. the pages through `django.test.Client` (force_login), the median of 5 runs after one warm-up
   run, with the number of SQL queries of one run: the overview as HR (target < 0.5 s), the same
   for one team, the manager's slots page, the employee's own page (not booked yet, so the free
   slots are listed), a signed record as HR (which writes an audit row), its PDF (target < 2 s)
   and `GET /api/development/slots/?available=true` as an employee;
5. the daily reminders (`development.reminders.send_reminders`, what the Celery task runs) over
   everyone, with the deadline ten days ahead so that the booking reminders are due: duration
   and mails sent; then a second run, which sends nothing.
6. professional registration and the training plan: every employee gets an SKJ registration
   (registered on a day spread over the last five years, so that every status occurs) with 2 to
   7 logged activities, and this year's plan gets ~300 items (every status, 1 to 5
   participants, sessions for the planned ones, done items earning training points that count
   for their participants); measured: HR's registration overview figures
   (`registrations.figures_for` over everyone, then `at_risk_first`) with its SQL queries,
   `plan.budget_of` of the plan, and the daily registration warnings
   (`registration_warnings.send_registration_warnings`, what the Celery task runs): duration
   and mails; then a second run, which sends nothing.

Targets from the brief: cycle_open, the overview and the PDF; the others carry a budget of our
own, printed as such. A figure over its target or budget prints SLOW; the exit status is 0
either way (1 only when something fails outright: a page that does not answer 200, a service
that refuses).

Uses a throw-away SQLite database in a temporary folder; `--database-url` points it at another
database instead, which must be empty (it is migrated and filled, never emptied).

    .venv/bin/python benchmarks/development.py [--employees 1000] [--managers 50] [--teams 40]
        [--runs 5] [--database-url postgres://...]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CYCLE_OPEN_TARGET_S = 2.0
OVERVIEW_TARGET_S = 0.5
PDF_TARGET_S = 2.0
# budgets of our own (no target was set for these)
PAGE_BUDGET_S = 0.5
SERIES_BUDGET_S = 0.5  # per manager (25 slots)
BOOKING_BUDGET_S = 0.1  # per booking, with its two e-mails
REMINDERS_BUDGET_S = 10.0
REGISTRATIONS_BUDGET_S = 2.0  # figures of everyone's registration, at risk first
BUDGET_OF_BUDGET_S = 0.2  # budget_of of a plan of ~300 items
WARNINGS_BUDGET_S = 10.0

PLAN_ITEMS = 300

SLOTS_PER_DAY = 5  # 9:00-14:00, 45 minutes with 15 between
BOOKED_PER_MANAGER = 12
HELD_PER_MANAGER = 2
SIGNED_PER_MANAGER = 2
NOT_THIS_YEAR_EVERY = 5  # one "not this year" for every fifth manager

FIRST_NAMES = [
    "Anouk", "Bram", "Daan", "Emma", "Fenna", "Gijs", "Hanna", "Iris", "Jesse", "Julia",
    "Koen", "Lotte", "Luuk", "Maud", "Milan", "Noor", "Olivier", "Puck", "Ruben", "Sanne",
    "Sem", "Tess", "Thijs", "Vera", "Wouter", "Yara", "Zoë", "Fatima", "Mohamed", "Ilse",
]  # fmt: skip
LAST_NAMES = [
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser",
    "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks",
    "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer",
    "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "El Amrani", "Yilmaz",
]  # fmt: skip
GOALS = (
    "Meer regie in complexe casussen met meerdere hulpverleners; het team ondersteunen als "
    "aandachtsfunctionaris huiselijk geweld."
)
SUPPORT = "Maandelijks werkoverleg over de caseload; ruimte voor 2 uur scholing per week."
WISHES = ["Training SCHIP", "Intervisie elke zes weken"]
PREPARATION = {
    "afgelopen_jaar": "Een druk jaar met veel complexe gezinnen; trots op de samenwerking met "
    "de scholen.",
    "werkdruk": "Vooral de administratie na huisbezoeken kost veel tijd.",
    "ambities": "Meer specialiseren in opvoedondersteuning.",
    "scholingswensen": "Triple P, en intervisie voor de SKJ-punten.",
}
OBSERVATIONS = {
    "sterke_punten": "Betrokken en betrouwbaar; collega's vragen vaak om advies.",
    "ontwikkelpunten": "Grenzen stellen in de caseload.",
}


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@dataclass
class Organisation:
    hr: object  # the HR login
    managers: list  # Employee, with .user
    people: dict[int, list]  # manager's employee id -> the Employee records they hold
    teams: list


def fill(n_employees: int, n_managers: int, n_teams: int, seed: int = 2026) -> Organisation:
    """Teams, employees with contracts and logins, managers with the manager role, an HR login.
    Bulk writes: this is the fixture, not what is measured."""
    from django.contrib.auth.hashers import make_password

    from core.models import User
    from core.roles import Role
    from hrm.models import ContractPeriod, Employee, RoleAssignment, Team
    from hrm.models.people import sort_name

    rng = random.Random(seed)
    password = make_password("bench-pass-123")
    teams = Team.objects.bulk_create([Team(name=f"Wijkteam {k + 1:02d}") for k in range(n_teams)])
    users = User.objects.bulk_create(
        [
            User(
                username=f"b{i:05d}",
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                email=f"b{i:05d}@bench.plusteam.example",
                password=password,
            )
            for i in range(n_employees)
        ],
        batch_size=1000,
    )
    employees = Employee.objects.bulk_create(
        [
            Employee(
                personnel_number=f"B{i:05d}",
                first_name=user.first_name,
                last_name=user.last_name,
                sort_name=sort_name(user.first_name, user.last_name),
                email=user.email,
                user=user,
            )
            for i, user in enumerate(users)
        ],
        batch_size=1000,
    )
    # the first n_managers are managers: manager m leads team m % n_teams
    managers = employees[:n_managers]
    staff = employees[n_managers:]
    people: dict[int, list] = {m.pk: [] for m in managers}
    team_of: dict[int, object] = {}
    for k, manager in enumerate(managers):
        team_of[manager.pk] = teams[k % n_teams]
        # each manager's own interview is held by the next manager
        manager.manager = managers[(k + 1) % n_managers]
    for k, person in enumerate(staff):
        manager = managers[k % n_managers]
        person.manager = manager
        team_of[person.pk] = team_of[manager.pk]
    for manager in managers:
        people[manager.manager_id].append(manager)
    for person in staff:
        people[person.manager_id].append(person)
    Employee.objects.bulk_update(employees, ["manager"], batch_size=1000)

    contracts = []
    for person in employees:
        team = team_of[person.pk]
        if rng.random() < 1 / 3:  # an earlier contract in another team
            contracts.append(
                ContractPeriod(
                    employee=person,
                    team=rng.choice(teams),
                    start=date(2015, 1, 1),
                    end=date(2019, 12, 31),
                    hours_per_week=32,
                    job_title="Medewerker",
                )
            )
        contracts.append(
            ContractPeriod(
                employee=person,
                team=team,
                start=date(2020, 1, 1),
                end=None,
                hours_per_week=rng.choice([24, 28, 32, 36]),
                job_title="Generalist",
            )
        )
    ContractPeriod.objects.bulk_create(contracts, batch_size=2000)

    hr = User.objects.create_user(
        "bench-hr", email="hr@bench.plusteam.example", password="bench-pass-123"
    )
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=hr, role=Role.HR)]
        + [
            RoleAssignment(user_id=m.user_id, role=Role.MANAGER, team=team_of[m.pk])
            for m in managers
        ]
    )
    return Organisation(hr=hr, managers=managers, people=people, teams=teams)


def timed(function: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def write_history(org: Organisation, cycle, now: datetime) -> tuple[int, int, int]:
    """Talks already held (slots in the past) with preparations, agreements and signatures, and
    a few "not this year", written directly as history. Returns (held, signed, not this year)."""
    from development.models import (
        Agreement,
        Interview,
        Preparation,
        Side,
        Signature,
        Slot,
        TrainingWish,
    )
    from development.signing import agreement_hash

    interviews = {i.employee_id: i for i in Interview.objects.filter(cycle=cycle)}
    pairs, held, signed, not_this_year = [], [], [], []
    for k, manager in enumerate(org.managers):
        people = org.people[manager.pk]
        first = BOOKED_PER_MANAGER
        last = first + HELD_PER_MANAGER + SIGNED_PER_MANAGER
        for j, person in enumerate(people[first:last]):
            interview = interviews[person.pk]
            day = (now - timedelta(days=7 + 2 * j)).date()
            start = datetime.combine(day, clock(9 + k % 6), tzinfo=now.tzinfo)
            slot = Slot(
                manager=manager, start=start, end=start + timedelta(minutes=45), location="Kantoor"
            )
            pairs.append((interview, slot))
            (held if j < HELD_PER_MANAGER else signed).append(interview)
        if k % NOT_THIS_YEAR_EVERY == 0:
            not_this_year.append(interviews[people[-1].pk])
    Slot.objects.bulk_create([slot for _i, slot in pairs])
    for interview, slot in pairs:
        interview.slot = slot
        interview.sequence = 1
        interview.status = Interview.Status.HELD
    for interview in signed:
        interview.status = Interview.Status.SIGNED
    for interview in not_this_year:
        interview.status = Interview.Status.NOT_THIS_YEAR
        interview.not_this_year_reason = "Langdurig ziek; gesprek volgt na herstel."
    Interview.objects.bulk_update(
        held + signed + not_this_year,
        ["slot", "sequence", "status", "not_this_year_reason"],
        batch_size=500,
    )

    talked = held + signed
    shared_at = now - timedelta(days=8)
    Preparation.objects.bulk_create(
        [
            Preparation(interview=i, side=side, answers=answers, shared_at=shared_at)
            for i in talked
            for side, answers in ((Side.EMPLOYEE, PREPARATION), (Side.MANAGER, OBSERVATIONS))
        ],
        batch_size=1000,
    )
    follow_up = (now + timedelta(days=182)).date()
    agreements = Agreement.objects.bulk_create(
        [
            Agreement(
                interview=i,
                goals=GOALS,
                support=SUPPORT,
                follow_up_on=follow_up,
                signed_at=now - timedelta(days=5) if i.status == Interview.Status.SIGNED else None,
            )
            for i in talked
        ],
        batch_size=1000,
    )
    TrainingWish.objects.bulk_create(
        [
            TrainingWish(agreement=a, position=p, text=text)
            for a in agreements
            for p, text in enumerate(WISHES)
        ],
        batch_size=1000,
    )
    text_hash = agreement_hash(
        goals=GOALS, training_wishes=WISHES, support=SUPPORT, follow_up_on=follow_up
    )
    signatures = []
    for agreement, interview in zip(agreements, talked, strict=True):
        signatures.append(
            Signature(
                agreement=agreement,
                side=Side.MANAGER,
                signer_id=interview.manager_id,
                text_hash=text_hash,
            )
        )
        if interview.status == Interview.Status.SIGNED:
            signatures.append(
                Signature(
                    agreement=agreement,
                    side=Side.EMPLOYEE,
                    signer_id=interview.employee_id,
                    text_hash=text_hash,
                )
            )
    Signature.objects.bulk_create(signatures, batch_size=1000)
    Signature.objects.filter(agreement__in=agreements).update(signed_at=now - timedelta(days=5))
    return len(held), len(signed), len(not_this_year)


@dataclass
class Measured:
    label: str
    seconds: float
    limit: float
    kind: str  # "target" or "budget"
    extra: str = ""

    @property
    def ok(self) -> bool:
        return self.seconds < self.limit


def measure_page(client, url: str, runs: int) -> tuple[float, int, list[float], int]:
    """The median of `runs` GETs after one warm-up GET, and the SQL queries of one GET."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url}: {response.status_code}")
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    queries = len(captured)  # now: the next request empties the log it reads from
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url}: {response.status_code}")
    size = len(response.content)
    return statistics.median(times), queries, times, size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=1_000)
    parser.add_argument("--managers", type=int, default=50)
    parser.add_argument("--teams", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args(argv)
    if args.employees < 20 * args.managers:
        parser.error("give every manager at least 20 people: --employees >= 20 x --managers")

    with tempfile.TemporaryDirectory() as folder:
        setup_django(args.database_url or f"sqlite:///{folder}/development.sqlite3")
        from django.core.management import call_command
        from django.db import connection

        print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
        seconds, _r = timed(lambda: call_command("migrate", verbosity=0))
        print(f"migrate: {seconds:.1f} s")
        run(args)
    return 0


def run(args: argparse.Namespace) -> list[Measured]:
    """Fill the (migrated, empty) database, measure and print; the figures against their
    targets and budgets."""
    from django.core import mail
    from django.test import Client
    from django.utils import timezone

    from core.models import User
    from development import reminders
    from development.models import Interview, Slot
    from development.overview import overview_for
    from development.selectors import status_counts
    from development.services import cycle_open, interview_book, slots_publish_series

    mail.outbox = []
    results: list[Measured] = []

    seconds, org = timed(lambda: fill(args.employees, args.managers, args.teams))
    print(
        f"Organisation: {args.teams} teams, {args.employees:,} employees with contracts and "
        f"logins, {args.managers} managers, 1 HR login ({seconds:.1f} s to load)"
    )

    now = timezone.now()
    today = timezone.localdate(now)
    # deadline ten days ahead: the booking reminders (from two weeks before) are due
    deadline = today + timedelta(days=10)
    seconds, cycle = timed(lambda: cycle_open(actor=org.hr, year=today.year, deadline=deadline))
    n_interviews = Interview.objects.filter(cycle=cycle).count()
    results.append(
        Measured(f"cycle_open, {n_interviews:,} interviews", seconds, CYCLE_OPEN_TARGET_S, "target")
    )
    print(f"1. cycle_open {cycle.year}: {n_interviews:,} interviews in {seconds:.2f} s")

    # 2. every manager publishes a week of slots as one series
    first_day = today + timedelta(days=1)
    per_manager = []
    for manager in org.managers:
        seconds, published = timed(
            lambda manager=manager: slots_publish_series(
                actor=manager.user,
                manager=manager,
                first_day=first_day,
                last_day=first_day + timedelta(days=6),
                weekdays=[0, 1, 2, 3, 4],
                window_start=clock(9),
                window_end=clock(9 + SLOTS_PER_DAY),
                length=timedelta(minutes=45),
                gap=timedelta(minutes=15),
                location="Kantoor, kamer 2",
            )
        )
        per_manager.append(seconds)
        if len(published) != 5 * SLOTS_PER_DAY:
            print(f"   unexpected: {len(published)} slots published for {manager}")
    n_slots = Slot.objects.count()
    print(
        f"2. slots_publish_series x {len(org.managers)}: {n_slots:,} slots in "
        f"{sum(per_manager):.2f} s (median {statistics.median(per_manager) * 1000:.0f} ms, "
        f"max {max(per_manager) * 1000:.0f} ms per manager)"
    )
    results.append(
        Measured(
            f"slots_publish_series, {5 * SLOTS_PER_DAY} slots, max of {len(org.managers)} managers",
            max(per_manager),
            SERIES_BUDGET_S,
            "budget",
        )
    )

    # 3. bookings by the employees, through the service (with the e-mails)
    rng = random.Random(7)
    users = {u.pk: u for u in User.objects.filter(employee__isnull=False)}
    booking_times = []
    started = time.perf_counter()
    for manager in org.managers:
        free = list(Slot.objects.filter(manager=manager, start__gt=now).order_by("start"))
        rng.shuffle(free)
        for person, slot in zip(org.people[manager.pk][:BOOKED_PER_MANAGER], free, strict=False):
            user = users[person.user_id]
            seconds, _i = timed(lambda user=user, slot=slot: interview_book(actor=user, slot=slot))
            booking_times.append(seconds)
    total = time.perf_counter() - started
    booking_mails = len(mail.outbox)
    print(
        f"3. interview_book x {len(booking_times)} (as the employees, with their e-mails): "
        f"{total:.1f} s, median {statistics.median(booking_times) * 1000:.0f} ms, "
        f"max {max(booking_times) * 1000:.0f} ms; {booking_mails:,} e-mails"
    )
    results.append(
        Measured(
            "interview_book, median of one booking with its 2 e-mails",
            statistics.median(booking_times),
            BOOKING_BUDGET_S,
            "budget",
        )
    )
    seconds, (n_held, n_signed, n_not) = timed(lambda: write_history(org, cycle, now))
    counts = status_counts(cycle)
    print(
        f"   history written directly ({seconds:.1f} s): {n_held} held, {n_signed} signed, "
        f"{n_not} not this year; statuses now {counts}"
    )

    # 4. the pages
    print(f"4. pages (median of {args.runs} after a warm-up; SQL queries of one request):")
    hr = Client()
    hr.force_login(org.hr)
    manager = org.managers[0]
    boss = Client()
    boss.force_login(manager.user)
    waiting = (
        Interview.objects.filter(cycle=cycle, status=Interview.Status.TO_PLAN, manager=manager)
        .select_related("employee__user")
        .first()
    )
    assert waiting is not None
    employee = Client()
    employee.force_login(waiting.employee.user)
    signed_record = (
        Interview.objects.filter(cycle=cycle, status=Interview.Status.SIGNED).order_by("pk").first()
    )
    assert signed_record is not None
    team_name = org.teams[0].name
    pages = [
        ("overview as HR (everyone)", hr, "/development/overview/", OVERVIEW_TARGET_S, "target"),
        (
            f"overview as HR, one team (?team={team_name})",
            hr,
            f"/development/overview/?team={team_name.replace(' ', '+')}",
            PAGE_BUDGET_S,
            "budget",
        ),
        (
            f"slots page as a manager ({Slot.objects.filter(manager=manager, start__gt=now).count()} "
            f"slots ahead, {Interview.objects.filter(cycle=cycle, manager=manager).count()} people)",
            boss,
            "/development/slots/",
            PAGE_BUDGET_S,
            "budget",
        ),
        (
            "own page as an employee (not booked yet)",
            employee,
            "/development/",
            PAGE_BUDGET_S,
            "budget",
        ),
        (
            "a signed record as HR (audited)",
            hr,
            f"/development/interviews/{signed_record.pk}/",
            PAGE_BUDGET_S,
            "budget",
        ),
        (
            "the signed record's PDF as HR",
            hr,
            f"/development/interviews/{signed_record.pk}/record.pdf",
            PDF_TARGET_S,
            "target",
        ),
        (
            "API free slots as an employee",
            employee,
            "/api/development/slots/?available=true",
            PAGE_BUDGET_S,
            "budget",
        ),
    ]
    for label, client, url, limit, kind in pages:
        median, queries, times, size = measure_page(client, url, args.runs)
        print(
            f"   {label:<62} {median * 1000:7.0f} ms  {queries:3d} queries  {size / 1024:6.0f} KB"
            f"  ({', '.join(f'{t * 1000:.0f}' for t in times)} ms)"
        )
        results.append(Measured(label, median, limit, kind, f"{queries} queries"))
    # where the overview's time goes: the rows (overview_for) against the whole page
    rows = [timed(lambda: overview_for(org.hr))[0] for _ in range(args.runs)]
    print(
        f"   (of the overview as HR, building its {args.employees:,} rows in overview_for: "
        f"median {statistics.median(rows) * 1000:.0f} ms; the rest is the template)"
    )

    # 5. the daily reminders over everyone
    mail.outbox = []
    seconds, sent = timed(reminders.send_reminders)
    mails = len(mail.outbox)
    again_seconds, again = timed(reminders.send_reminders)
    print(
        f"5. reminders (deadline {deadline.isoformat()}): {sent} in {seconds:.2f} s, {mails} "
        f"e-mails; a second run: {again} in {again_seconds:.2f} s"
    )
    results.append(
        Measured(
            "daily reminders over everyone",
            seconds,
            REMINDERS_BUDGET_S,
            "budget",
            f"{mails} e-mails ({sent['booking']} to book, {sent['signing']} to sign)",
        )
    )

    # 6. registrations, activities and the training plan
    results.extend(measure_registrations(org, today, args.runs))

    print()
    for m in results:
        figure = f"{m.seconds:.2f} s" if m.seconds >= 0.1 else f"{m.seconds * 1000:.0f} ms"
        extra = f", {m.extra}" if m.extra else ""
        print(
            f"{'ok  ' if m.ok else 'SLOW'}  {m.label}: {figure} ({m.kind} < {m.limit:g} s{extra})"
        )
    return results


def fill_registrations(org: Organisation, today: date, seed: int = 15) -> tuple[int, int]:
    """An SKJ registration for every employee, registered on a day spread over the last five
    years, with 2 to 7 logged activities inside its period. Bulk writes. Returns (registrations,
    activities)."""
    from decimal import Decimal

    from development.models import Activity, Profession, Registration, RequirementCategory
    from hrm.models import Employee

    rng = random.Random(seed)
    profession = Profession.objects.create(
        key="jeugdzorgwerker", name="Jeugdzorgwerker", hours_required=Decimal(1664)
    )
    categories = [("training", "Scholing", 60), ("reflection", "Reflectie", 50)]
    categories.append(("free", "Vrije ruimte", 50))
    RequirementCategory.objects.bulk_create(
        RequirementCategory(
            profession=profession, key=key, name=name, required=Decimal(points), position=k
        )
        for k, (key, name, points) in enumerate(categories)
    )
    employees = list(Employee.objects.order_by("pk").values_list("pk", flat=True))
    registrations = []
    activities = []
    for k, pk in enumerate(employees):
        registered_on = today - timedelta(days=(k * 1826) // len(employees))
        registrations.append(
            Registration(
                employee_id=pk,
                number=f"110{k:06d}",
                profession=profession,
                registered_on=registered_on,
                vog_on=registered_on - timedelta(days=30) if k % 10 else None,
            )
        )
        span = max(1, (today - registered_on).days)
        for j in range(rng.randint(2, 7)):
            key = categories[j % 3][0]
            activities.append(
                Activity(
                    employee_id=pk,
                    title=f"{key} {j}",
                    category=key,
                    points=Decimal(rng.choice([8, 12, 16, 20, 24])),
                    completed_on=registered_on + timedelta(days=rng.randrange(span)),
                )
            )
    Registration.objects.bulk_create(registrations, batch_size=1000)
    Activity.objects.bulk_create(activities, batch_size=2000)
    return len(registrations), len(activities)


def fill_plan(org: Organisation, today: date, items: int = PLAN_ITEMS, seed: int = 16):
    """This year's plan with `items` items in every status, 1 to 5 participants each, sessions
    for the planned ones, training points for the done ones. Bulk writes. Returns the plan."""
    from decimal import Decimal

    from development.models import PlanItem, PlanParticipant, PlanSession, TrainingPlan
    from hrm.models import Employee

    rng = random.Random(seed)
    plan = TrainingPlan.objects.create(year=today.year, budget=Decimal(300_000))
    statuses = list(PlanItem.Status.values)
    rows = []
    for k in range(items):
        status = statuses[k % len(statuses)]
        rows.append(
            PlanItem(
                plan=plan,
                title=f"Training {k + 1:03d}",
                provider="Opleidingsbureau",
                team=org.teams[k % len(org.teams)],
                status=status,
                hours=Decimal(rng.choice([4, 8, 16, 24])),
                cost=Decimal(rng.choice([150, 350, 600, 1200])),
                cost_basis=PlanItem.CostBasis.PER_PERSON if k % 3 else PlanItem.CostBasis.TOTAL,
                points={"training": rng.choice([4, 8, 16])} if k % 2 else {},
                completed_on=today - timedelta(days=k % 60 + 1) if status == "done" else None,
                decline_reason="Past niet in het budget." if status == "cancelled" else "",
            )
        )
    created = PlanItem.objects.bulk_create(rows, batch_size=500)
    people = list(Employee.objects.values_list("pk", flat=True))
    participants, sessions = [], []
    for item in created:
        for pk in rng.sample(people, min(len(people), rng.randint(1, 5))):
            participants.append(PlanParticipant(item=item, employee_id=pk))
        if item.status == "planned":
            start = datetime.combine(
                today + timedelta(days=rng.randint(7, 120)),
                clock(9),
                tzinfo=ZoneInfo("Europe/Amsterdam"),
            )
            sessions.append(
                PlanSession(item=item, starts_at=start, ends_at=start + timedelta(hours=4))
            )
    PlanParticipant.objects.bulk_create(participants, batch_size=2000)
    PlanSession.objects.bulk_create(sessions, batch_size=1000)
    return plan


def measure_registrations(org: Organisation, today: date, runs: int) -> list[Measured]:
    """6. Fill registrations and the plan; time HR's registration figures, budget_of and the
    warnings (twice)."""
    from django.core import mail
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from development import registration_warnings
    from development.models import PlanItem, Registration
    from development.plan import budget_of
    from development.registrations import at_risk_first, figures_for, with_requirements

    results = []
    seconds, (n_registrations, n_activities) = timed(lambda: fill_registrations(org, today))
    plan_seconds, plan = timed(lambda: fill_plan(org, today))
    n_items = PlanItem.objects.filter(plan=plan).count()
    print(
        f"6. {n_registrations:,} registrations with {n_activities:,} activities "
        f"({seconds:.1f} s to load); plan {plan.year} with {n_items} items "
        f"({plan_seconds:.1f} s to load)"
    )

    def overview():
        return at_risk_first(figures_for(with_requirements(Registration.objects.all()), today))

    rows = overview()  # warm-up
    with CaptureQueriesContext(connection) as captured:
        overview()
    queries = len(captured)
    times = [timed(overview)[0] for _ in range(runs)]
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    print(
        f"   registration figures for HR (figures_for + at_risk_first, {len(rows):,} rows): "
        f"median {statistics.median(times) * 1000:.0f} ms, {queries} queries; statuses "
        f"{dict(sorted(counts.items()))}"
    )
    results.append(
        Measured(
            f"registration figures of everyone, at risk first ({len(rows):,})",
            statistics.median(times),
            REGISTRATIONS_BUDGET_S,
            "budget",
            f"{queries} queries",
        )
    )

    budget_of(plan)  # warm-up
    with CaptureQueriesContext(connection) as captured:
        figures = budget_of(plan)
    times = [timed(lambda: budget_of(plan))[0] for _ in range(runs)]
    print(
        f"   budget_of(plan {plan.year}, {n_items} items): median "
        f"{statistics.median(times) * 1000:.0f} ms, {len(captured)} queries; budget "
        f"{figures.budget:,.0f}, committed {figures.committed:,.0f}, spent {figures.spent:,.0f}"
    )
    results.append(
        Measured(
            f"budget_of, {n_items} items",
            statistics.median(times),
            BUDGET_OF_BUDGET_S,
            "budget",
            f"{len(captured)} queries",
        )
    )

    # the pages that list what grows: HR's registrations (paginated after sorting), one
    # person's "Mijn SKJ", the plan of the year and the approvals as HR, and the Excel export
    from django.test import Client

    from hrm.models import Employee

    hr = Client()
    hr.force_login(org.hr)
    person = (
        Employee.objects.filter(user__isnull=False, registrations__isnull=False)
        .order_by("pk")
        .first()
    )
    pages = [("registrations overview as HR (page 1)", hr, "/development/registrations/")]
    if person is not None:
        own = Client()
        own.force_login(person.user)
        pages.append(("Mijn SKJ as an employee", own, "/development/registration/"))
    pages += [
        (f"the plan of {plan.year} as HR ({n_items} items)", hr, f"/development/plan/{plan.year}/"),
        ("approvals as HR", hr, "/development/plan/approvals/"),
        (
            f"Excel export of the plan ({n_items} items)",
            hr,
            f"/development/plan/{plan.year}/export.xlsx",
        ),
    ]
    for label, client, url in pages:
        median, queries, times, size = measure_page(client, url, runs)
        print(
            f"   {label:<62} {median * 1000:7.0f} ms  {queries:3d} queries  {size / 1024:6.0f} KB"
        )
        results.append(Measured(label, median, PAGE_BUDGET_S, "budget", f"{queries} queries"))

    mail.outbox = []
    seconds, sent = timed(lambda: registration_warnings.send_registration_warnings(today))
    mails = len(mail.outbox)
    again_seconds, again = timed(lambda: registration_warnings.send_registration_warnings(today))
    print(
        f"   registration warnings: {sent} in {seconds:.2f} s, {mails} e-mails; a second run: "
        f"{again} in {again_seconds:.2f} s"
    )
    results.append(
        Measured(
            "daily registration warnings over everyone",
            seconds,
            WARNINGS_BUDGET_S,
            "budget",
            f"{mails} e-mails ({sent['sent']} registrations)",
        )
    )
    return results


if __name__ == "__main__":
    sys.exit(main())
