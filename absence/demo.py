"""Demo absence history, January 2023 to today, for the demo organisation (hrm.demo).

The story of the seeds: long-term cases push absence near 19.5% in late 2023 (the adjunct-
director was among them), then it falls toward the 5.5% target through 2024-2025. Short spells
in winter, partial recoveries, one pregnancy and maternity leave (with a sickness episode running
into it), and one person sick right now in each team. The `employee` login has past episodes.

Everything goes through the real importers, so loading twice changes nothing; the short spells
are drawn from a seeded generator."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from absence.importers import import_episodes, import_leave
from absence.models import Episode
from core.periods import overlaps
from hrm import demo as hrm_demo
from hrm.models import Employee

START = date(2023, 1, 1)

# personnel number, first sick day, recovered on (None: still sick), partial steps [(date, % worked)]
LONG_CASES: list[tuple[str, date, date | None, list[tuple[date, int]]]] = [
    ("1002", date(2023, 4, 3), date(2024, 4, 2), [(date(2024, 1, 8), 50)]),  # the adjunct-director
    (
        "2004",
        date(2023, 3, 6),
        date(2024, 5, 13),
        [(date(2023, 11, 1), 25), (date(2024, 2, 1), 50)],
    ),
    ("2006", date(2023, 5, 15), date(2024, 8, 19), [(date(2024, 3, 1), 40)]),
    ("3002", date(2023, 6, 5), date(2024, 1, 29), [(date(2023, 12, 1), 50)]),
    ("2012", date(2023, 8, 21), date(2023, 10, 30), []),
    ("2003", date(2023, 11, 13), date(2024, 2, 26), [(date(2024, 1, 22), 50)]),
    ("3005", date(2023, 10, 2), date(2024, 6, 3), [(date(2024, 3, 4), 50)]),
    ("2010", date(2024, 11, 4), date(2025, 3, 3), [(date(2025, 2, 3), 50)]),
    ("2007", date(2024, 9, 2), date(2025, 1, 13), []),
    ("3003", date(2025, 2, 10), date(2025, 5, 5), [(date(2025, 4, 7), 50)]),
    ("2011", date(2025, 9, 1), date(2025, 10, 27), []),
    # sick until the maternity leave starts (the episode ends on its first day), sick again right after
    ("2016", date(2025, 3, 17), date(2025, 4, 14), []),
    ("2016", date(2025, 8, 4), date(2025, 9, 15), [(date(2025, 8, 25), 50)]),
    ("2001", date(2024, 2, 12), date(2024, 2, 19), []),  # the `employee` login: the flu
    ("2001", date(2025, 12, 1), date(2025, 12, 6), []),
]
MATERNITY_LEAVE = [("2016", date(2025, 4, 14), date(2025, 8, 3))]

# Sick right now, in each team, and the reintegration cases at their stages (reintegration.demo):
# (personnel number, [(first sick day, recovered on) as days before today], [(days ago, % worked)])
SICK_NOW: list[tuple[str, list[tuple[int, int | None]], list[tuple[int, int]]]] = [
    ("3007", [(17, None)], []),  # Waalre: a new case in week 3, not yet passed to ArboNed
    ("2005", [(62, None)], []),  # Geldrop-Mierlo: past week 8 and no action plan yet
    ("2008", [(276, None)], [(200, 50)]),  # Geldrop-Mierlo: week 40, the 42nd-week report is next
    ("3001", [(450, None)], [(330, 60)]),  # Waalre: second year, track 2 started
    ("1004", [(40, 25), (15, None)], []),  # Staf: a chain interrupted by a short recovery
]


def _employment() -> dict[str, list[tuple[date, date | None]]]:
    spans: dict[str, list[tuple[date, date | None]]] = {}
    for number, _first, _last, contracts, _manager in hrm_demo.PEOPLE:
        spans[number] = [
            (date.fromisoformat(start), date.fromisoformat(end) if end else None)
            for _team, _job, _hours, start, end in contracts
        ]
    return spans


def _employed(spans, day: date) -> bool:
    return any(s <= day and (e is None or day <= e) for s, e in spans)


def _blocked(number: str) -> list[tuple[date, date | None]]:
    blocked = [(first, rec) for n, first, rec, _p in LONG_CASES if n == number]
    blocked += [(s, e + timedelta(days=1)) for n, s, e in MATERNITY_LEAVE if n == number]
    return blocked


def short_spells(today: date) -> list[tuple[str, date, date]]:
    """Seeded short spells: mostly in winter (flu season), a few the rest of the year."""
    rng = random.Random(20230101)
    spans = _employment()
    out = []
    for number in sorted(spans):
        blocked = _blocked(number)
        blocked += [
            (today - timedelta(days=spells[0][0] + 40), None)  # keep the chain clean
            for n, spells, _p in SICK_NOW
            if n == number
        ]
        day = START + timedelta(days=rng.randrange(0, 40))
        while day < today:
            winter = day.month in (12, 1, 2, 3)
            gap = rng.randrange(90, 220) if winter else rng.randrange(220, 520)
            length = rng.choice([1, 1, 2, 2, 3, 3, 4, 5, 7, 10])
            first = day
            recovered = first + timedelta(days=length)
            if (
                recovered <= today
                and _employed(spans[number], first)
                and not any(overlaps(first, recovered, b[0], b[1]) for b in blocked)
            ):
                out.append((number, first, recovered))
                blocked.append((first, recovered + timedelta(days=1)))
            day = recovered + timedelta(days=gap)
    return out


def _csv(rows) -> str:
    lines = ["personnel_number,first_sick_day,recovered_on,partial_recovery"]
    for number, first, recovered, steps in rows:
        partial = ";".join(f"{d.isoformat()}={p}" for d, p in steps)
        lines.append(
            f'{number},{first.isoformat()},{recovered.isoformat() if recovered else ""},"{partial}"'
        )
    return "\n".join(lines) + "\n"


@transaction.atomic
def load(today: date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    numbers = {p[0] for p in hrm_demo.PEOPLE}
    employees = {
        e.personnel_number: e for e in Employee.objects.filter(personnel_number__in=numbers)
    }
    existing: dict[str, list[Episode]] = {}
    for episode in Episode.objects.filter(employee__in=employees.values()).select_related(
        "employee"
    ):
        existing.setdefault(episode.employee.personnel_number, []).append(episode)

    rows = []
    for number, first, recovered, steps in LONG_CASES:
        if first > today:
            continue
        if recovered is not None and recovered > today:
            recovered = None
        rows.append((number, first, recovered, [(d, p) for d, p in steps if d <= today]))
    rows += [(n, f, r, []) for n, f, r in short_spells(today)]
    for number, spells, partials in SICK_NOW:
        if any(e.recovered_on is None for e in existing.get(number, [])):
            continue  # sick since an earlier load: keep those episodes
        for first_ago, recovered_ago in spells:
            first = today - timedelta(days=first_ago)
            recovered = today - timedelta(days=recovered_ago) if recovered_ago else None
            steps = [
                (today - timedelta(days=ago), pct)
                for ago, pct in partials
                if first <= today - timedelta(days=ago) and recovered is None
            ]
            rows.append((number, first, recovered, steps))

    # Never collide with what is already recorded under another first sick day (a demo loaded on
    # an earlier date, or changes made by hand): those rows are left out.
    def clashes(number, first, recovered):
        return any(
            e.first_sick_day != first
            and overlaps(first, recovered, e.first_sick_day, e.recovered_on)
            for e in existing.get(number, [])
        )

    rows = [r for r in rows if not clashes(r[0], r[1], r[2])]
    result = import_episodes(_csv(rows))
    if not result.ok:
        raise RuntimeError("demo absence data invalid: " + "; ".join(map(str, result.problems)))
    leave_csv = "personnel_number,start,end\n" + "".join(
        f"{n},{s.isoformat()},{e.isoformat()}\n" for n, s, e in MATERNITY_LEAVE if s <= today
    )
    result = import_leave(leave_csv)
    if not result.ok:
        raise RuntimeError("demo leave invalid: " + "; ".join(map(str, result.problems)))

    # The history ended before it was imported, so the importer records it as handled outside the
    # product (channel "import"). Of the episodes open now, those older than a week were passed to
    # ArboNed on the second sick day; one current case (the first of SICK_NOW) shows up as overdue.
    overdue_number = SICK_NOW[0][0]  # the new case in week 3
    to_mark = Episode.objects.filter(
        employee__in=employees.values(),
        arbo_notified_at__isnull=True,
        first_sick_day__lt=today - timedelta(days=7),
    ).exclude(employee__personnel_number=overdue_number, recovered_on__isnull=True)
    for pk, first in to_mark.values_list("pk", "first_sick_day"):
        moment = timezone.make_aware(datetime.combine(first + timedelta(days=1), time(10, 0)))
        Episode.objects.filter(pk=pk).update(
            arbo_notified_at=moment, arbo_channel=Episode.ArboChannel.PORTAL
        )
    return {"episodes": Episode.objects.filter(employee__in=employees.values()).count()}


def load_part() -> str:
    """The sickness part of the demo organisation (core.demo, after the people)."""
    return f"{load()['episodes']} sickness episodes since January 2023"
