"""The demo organisation's professional registrations (SKJ) and this year's training plan;
loaded by development.demo after the interviews, today-relative like the rest of the demo.

Registrations: the two professions of development.md (HR's table), and a registration for each
generalist still employed, registered on days spread over the last five years, with logged
activities (reflection: intervision, supervision; training: courses; free space: conferences,
literature) and VOG dates (one missing). The stories the pages show:

- at risk: 2012 Yvonne Aarts, submission deadline in five months, reflection and training short;
- sickness: 3001 Marloes Bosch, long-term sick (absence.demo); SKJ set 6,500 work hours for her,
  which her contract reaches without the sickness and does not with it;
- complete: 3002 Erik Wouters;
- overdue: 2006 Ingrid van Dijk, the deadline passed last month;
- the `employee` login (2001 Lotte Jansen) is at risk with only 10 reflection points short (her
  training points include a done training of the plan): logging a reflection of 10 points makes
  her registration complete; the `colleague` login (2009 Saskia Mulder) is on track;
- 2003 Bas Smits re-registered: an expired period and the current one.

Training plan: a budget of 25,000 euro (6,000 of it for team Waalre), organisation-wide items
(SCHIP training and intervision every six weeks planned with sessions ahead, trauma-sensitive
work done, parenting support approved), wishes from last year's interviews, a request waiting
for the manager, one above the director's threshold waiting for the director, and one declined.

Everything goes through the services (plan and registrations), as HR, the employees and the
manager would; the mails those services send (a request to the manager, a decline to the
requester) are not sent while the demo loads. A second load changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.test.utils import override_settings

from core.models import User
from development.models import (
    Cycle,
    PlanItem,
    Profession,
    Registration,
    RequirementCategory,
    TrainingPlan,
    TrainingWish,
)
from development.series import AMSTERDAM
from development.services.plan import (
    item_approve,
    item_decline,
    item_from_wish,
    item_save,
    item_set_status,
    plan_save,
    team_budget_set,
    training_request,
)
from development.services.registrations import activity_log, registration_save
from hrm import demo as hrm_demo
from hrm.models import Employee, Team

JZW, JGP = "jeugdzorgwerker", "jeugd_en_gezinsprofessional"
CATEGORIES = [
    ("training", "Scholing, opleiding en training"),
    ("reflection", "Reflectie (intervisie, supervisie)"),
    ("free", "Vrije ruimte"),
]
PROFESSIONS = [
    # key, name, hours, points per category (training, reflection, free)
    (JZW, "Jeugdzorgwerker", Decimal(1664), (60, 50, 50)),
    (JGP, "Jeugd- en gezinsprofessional", Decimal(3368), (60, 50, 50)),
]
# what an activity of a category is called, and its usual points
TITLES = {
    "training": [
        ("Cursus Motiverende gespreksvoering", 12),
        ("E-learning Meldcode huiselijk geweld en kindermishandeling", 4),
        ("Training Signs of Safety", 16),
        ("Cursus Triple P niveau 4", 16),
        ("Training Oplossingsgericht werken", 8),
    ],
    "reflection": [
        ("Intervisie (zes bijeenkomsten)", 10),
        ("Supervisie (tien sessies)", 10),
        ("Casuïstiekbespreking met de gedragswetenschapper", 10),
    ],
    "free": [
        ("Congres Jeugdzorg in de wijk", 6),
        ("Vakliteratuur: Jeugd en Co, jaargang", 8),
        ("Webinar Stevig ouderschap", 4),
        ("Werkbezoek Veilig Thuis Zuidoost-Brabant", 6),
    ],
}

AT_RISK, SICK, COMPLETE, OVERDUE = "2012", "3001", "3002", "2006"
EMPLOYEE, COLLEAGUE, RE_REGISTERED, NO_VOG = "2001", "2009", "2003", "2014"
SICK_HOURS_REQUIRED = Decimal(6500)
SICK_NOTE = "SKJ: herregistratie na eerdere verlenging, 6.500 uur werkervaring vereist"
PLAN_BUDGET, WAALRE_BUDGET = Decimal(25000), Decimal(6000)


@dataclass(frozen=True)
class Story:
    profession: str
    deadline_in_months: int  # from today to the submission deadline
    points: tuple[int, int, int]  # logged: training, reflection, free


# the people with a story of their own; the other generalists are spread over the five years
STORIES = {
    EMPLOYEE: Story(JZW, 10, (44, 40, 50)),  # + 16 training from a done item of the plan
    COLLEAGUE: Story(JZW, 43, (16, 10, 8)),
    AT_RISK: Story(JGP, 5, (48, 30, 50)),
    SICK: Story(JGP, 21, (36, 30, 24)),
    COMPLETE: Story(JZW, 15, (64, 50, 54)),
    OVERDUE: Story(JZW, -1, (44, 20, 30)),
}


def registered_on_for(today: date, deadline_in_months: int) -> date:
    """The (re)registration day whose submission deadline lies that many months ahead (the
    deadline is 5 years minus 3 months and a day after it)."""
    return today + relativedelta(months=deadline_in_months + 3, days=1) - relativedelta(years=5)


def generalists(today: date) -> list[Employee]:
    """The demo's generalists still employed today, by personnel number."""
    numbers = [
        number
        for number, _first, _last, contracts, _manager in hrm_demo.PEOPLE
        if contracts[-1][1] == hrm_demo.GEN
    ]
    return list(
        Employee.objects.employed_on(today)
        .filter(personnel_number__in=numbers)
        .select_related("user")
        .order_by("personnel_number")
    )


def _professions() -> dict[str, Profession]:
    found = {}
    for position, (key, name, hours, points) in enumerate(PROFESSIONS):
        profession, _created = Profession.objects.get_or_create(
            key=key,
            defaults={
                "name": name,
                "register": "SKJ",
                "hours_required": hours,
                "position": position,
            },
        )
        for k, ((category, label), required) in enumerate(zip(CATEGORIES, points, strict=True)):
            RequirementCategory.objects.get_or_create(
                profession=profession,
                key=category,
                defaults={"name": label, "required": Decimal(required), "position": k},
            )
        found[key] = profession
    return found


def _activities(hr: User, person: Employee, start: date, today: date, points) -> None:
    """Activities of about `points` (training, reflection, free), on days spread from a month
    after `start` to a week ago; logged by the employee when they have a login, else by HR."""
    actor = person.user or hr
    first = min(start + timedelta(days=30), today - timedelta(days=7))
    last = today - timedelta(days=7)
    rows = []
    for (category, _label), target in zip(CATEGORIES, points, strict=True):
        left, k = target, 0
        while left > 0:
            title, usual = TITLES[category][k % len(TITLES[category])]
            value = min(usual, left)
            rows.append((category, title, value))
            left -= value
            k += 1
    span = max((last - first).days, 0)
    for n, (category, title, value) in enumerate(rows):
        day = first + timedelta(days=span * (n + 1) // (len(rows) + 1))
        activity_log(
            actor,
            employee=person,
            title=title,
            category=category,
            points=Decimal(value),
            completed_on=max(day, start),
        )


def _registrations(today: date, hr: User) -> int:
    professions = _professions()
    people = generalists(today)
    others = [p for p in people if p.personnel_number not in STORIES]
    for k, person in enumerate(people):
        number = person.personnel_number
        story = STORIES.get(number)
        if story is None:  # spread: deadlines from 2 to 50 months ahead, points as time passed
            n = others.index(person)
            months = 2 + (48 * n) // max(len(others) - 1, 1)
            done = min(Decimal(1), Decimal(57 - months) / 50)
            training, reflection, free = (int(required * done) for required in (60, 50, 50))
            story = Story(JZW if n % 3 else JGP, months, (training, reflection, free))
        registered_on = registered_on_for(today, story.deadline_in_months)
        if number == RE_REGISTERED:  # the period before this one: expired
            registration_save(
                hr,
                employee=person,
                number=f"110{number}{k:02d}",
                profession=professions[story.profession],
                registered_on=registered_on - relativedelta(years=5),
                vog_on=registered_on - relativedelta(years=5, months=1),
            )
        registration_save(
            hr,
            employee=person,
            number=f"110{number}{k:02d}",
            profession=professions[story.profession],
            registered_on=registered_on,
            vog_on=None if number == NO_VOG else registered_on - timedelta(days=40),
            hours_required=SICK_HOURS_REQUIRED if number == SICK else None,
            override_note=SICK_NOTE if number == SICK else "",
        )
        _activities(hr, person, registered_on, today, story.points)
    return Registration.objects.count()


# The training plan ------------------------------------------------------------------------------


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=AMSTERDAM)


def _session(day: date, start: tuple[int, int], end: tuple[int, int], where: str):
    return (_at(day, *start), _at(day, *end), where)


def _workday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _director_approves(logins: dict[str, User], item: PlanItem) -> None:
    """Above the threshold the director approves a training before HR plans it."""
    if "director" in logins:
        item_approve(logins["director"], item, confirm_over_budget=True)


def _plan(today: date, hr: User) -> TrainingPlan:
    logins = {
        u.username: u
        for u in User.objects.filter(
            username__in=["manager", "employee", "pvt", "colleague", "director"]
        )
    }
    people = {e.personnel_number: e for e in generalists(today)}
    teams = {t.name: t for t in Team.objects.all()}
    waalre = teams.get(hrm_demo.WA)
    geldrop = [e for n, e in people.items() if n.startswith("2")]
    everyone = list(people.values())

    plan = plan_save(
        hr,
        year=today.year,
        budget=PLAN_BUDGET,
        note="Jaarplan deskundigheidsbevordering, opgesteld met de P&O-adviseur.",
    )
    if waalre is not None:
        team_budget_set(hr, plan, waalre, WAALRE_BUDGET)

    # done: counts for the participants' registrations (the `employee` login among them)
    completed_on = max(date(today.year, 1, 1), today - timedelta(days=45))
    trauma = item_save(
        hr,
        plan,
        title="Traumasensitief werken",
        provider="Augeo Academy",
        description="Tweedaagse training voor alle generalisten.",
        organisation_wide=True,
        hours=Decimal(12),
        cost=Decimal(350),
        points={"training": 16},
        participants=[people[n] for n in ("2001", "2002", "2004", "2009", "3003") if n in people],
    )
    _director_approves(logins, trauma)  # 5 x 350 euro: above the threshold
    item_set_status(hr, trauma, PlanItem.Status.DONE, completed_on=completed_on)
    meldcode = item_save(
        hr,
        plan,
        title="E-learning Meldcode huiselijk geweld en kindermishandeling",
        provider="Augeo Academy",
        hours=Decimal(4),
        cost=Decimal(600),
        cost_basis=PlanItem.CostBasis.TOTAL,
        points={"training": 4},
        participants=[people[n] for n in ("2011", "2013", "3004", "3006") if n in people],
    )
    item_set_status(hr, meldcode, PlanItem.Status.DONE, completed_on=completed_on)

    # planned, with sessions ahead (in the participants' calendar feeds)
    first = _workday(today + timedelta(days=14))
    schip = item_save(
        hr,
        plan,
        title="SCHIP-training",
        provider="Landelijk Kenniscentrum SCHIP",
        description="Samen Hulpverlenen In Probleemgezinnen: werken met één gezinsplan.",
        organisation_wide=True,
        hours=Decimal(14),
        cost=Decimal(4800),
        cost_basis=PlanItem.CostBasis.TOTAL,
        points={"training": 14},
        participants=geldrop[:8],
        sessions=[
            _session(first, (9, 30), (16, 30), "Kantoor Geldrop, grote zaal"),
            _session(_workday(first + timedelta(days=7)), (9, 30), (16, 30), "Kantoor Geldrop"),
        ],
    )
    _director_approves(logins, schip)
    item_set_status(hr, schip, PlanItem.Status.PLANNED)
    start = _workday(today + timedelta(days=7))
    item_save(
        hr,
        plan,
        title="Intervisie elke 6 weken",
        provider="Intern, onder leiding van de gedragswetenschapper",
        organisation_wide=True,
        hours=Decimal(12),
        cost=Decimal(1200),
        cost_basis=PlanItem.CostBasis.TOTAL,
        points={"reflection": 12},
        participants=everyone,
        sessions=[
            _session(_workday(start + timedelta(weeks=6 * k)), (13, 30), (15, 30), "Kantoor")
            for k in range(6)
        ],
        status=PlanItem.Status.PLANNED,
    )

    # approved: parenting support for Waalre, charged to the team's budget
    triple_p = item_save(
        hr,
        plan,
        title="Opvoedingsondersteuning (Triple P niveau 4)",
        provider="Trimbos-instituut",
        organisation_wide=True,
        team=waalre,
        hours=Decimal(24),
        cost=Decimal(950),
        points={"training": 20},
        participants=[people[n] for n in ("3002", "3005") if n in people],
    )
    _director_approves(logins, triple_p)  # 2 x 950 euro: above the threshold

    # wishes from last year's interviews: one approved, the others still wishes
    last_year = Cycle.objects.filter(year=today.year - 1).first()
    taken = {"Training SCHIP", "Intervisie elke zes weken"}
    wishes = TrainingWish.objects.filter(agreement__interview__cycle=last_year).exclude(
        text__in=taken
    )
    seen: set[str] = set()
    from_wishes: list[PlanItem] = []
    for wish in wishes.order_by("agreement__interview__employee__personnel_number", "position"):
        if wish.text in seen or len(from_wishes) == 3:
            continue
        seen.add(wish.text)
        from_wishes.append(item_from_wish(hr, wish, plan))
    if from_wishes:
        item = from_wishes[0]
        item_save(
            hr,
            plan,
            item=item,
            title=item.title,
            provider="Hogeschool de Kempel",
            hours=Decimal(16),
            cost=Decimal(695),
            points={"training": 16},
            participants=[p.employee for p in item.participants.all()],
        )
        item_set_status(hr, item, PlanItem.Status.APPROVED)

    # requests: one waiting for the manager, one (above the threshold) for the director, one
    # declined with a reason
    if "colleague" in logins:
        training_request(
            logins["colleague"],
            title="Cursus Motiverende gespreksvoering",
            provider="Van Dijk Trainingen",
            reason="Veel gezinnen die hulp afhouden; ik wil beter aansluiten bij hun motivatie.",
            hours=Decimal(12),
            cost=Decimal(495),
        )
    if "employee" in logins and "manager" in logins:
        above = training_request(
            logins["employee"],
            title="Post-hbo Systemisch werken",
            provider="Hogeschool de Kempel",
            reason="Verdieping in het werken met het hele gezinssysteem.",
            hours=Decimal(96),
            cost=Decimal(2450),
        )
        item_approve(logins["manager"], above)  # above the threshold: now the director
    if "pvt" in logins and "manager" in logins:
        declined = training_request(
            logins["pvt"],
            title="Congres Jeugdzorg Rotterdam",
            provider="Jeugdzorg Nederland",
            hours=Decimal(8),
            cost=Decimal(425),
        )
        item_decline(
            logins["manager"],
            declined,
            reason="Dit jaar gaat het budget naar de SCHIP-training; volgend jaar opnieuw bekijken.",
        )
    return plan


def load(today: date) -> str:
    """Professions, registrations and this year's plan, each once. What it loaded, or ""."""
    hr = User.objects.filter(username="hr").first()
    if hr is None:  # no people loaded
        return ""
    said = []
    # the request and decline mails of the services stay in the demo
    quiet = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
    with quiet, transaction.atomic():
        if not Registration.objects.exists():
            said.append(f"{_registrations(today, hr)} professional registrations")
        if not TrainingPlan.objects.filter(year=today.year).exists():
            plan = _plan(today, hr)
            said.append(f"{plan.items.count()} trainings in this year's plan")
    return ", ".join(said)
