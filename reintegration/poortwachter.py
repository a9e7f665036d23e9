"""Gatekeeper Act (Wet verbetering poortwachter) reintegration schedule.

Implements shared/domain/poortwachter.md: sickness episodes chain when the gap between them is
under 28 days or a pregnancy/maternity leave (WAZO) bridges them exactly; "sick day k" is the k-th
day of incapacity in a chain (gap and leave days not counted); each milestone's deadline is a sick
day, a working day (Algemene termijnenwet, core/workdays.py) or a date derived from what has
been recorded.

Pure Python: no Django, no database. Dates are ``datetime.date``; ``recovered_on`` is the first
fit day (exclusive end), a leave's ``end`` is inclusive.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import pairwise

from core.workdays import first_working_day_on_or_after

CHAIN_GAP_DAYS = 28
MILESTONE_KEYS = (
    "arbodienst_notification",
    "problem_analysis",
    "action_plan",
    "plan_evaluation",
    "uwv_42_week_report",
    "first_year_evaluation",
    "final_evaluation",
    "wia_application",
    "waiting_period_end",
)
STATUSES = ("done", "overdue", "due_soon", "upcoming", "not_needed")
# Milestones that are never marked done: the evaluation repeats, the waiting period just ends.
NEVER_DONE = frozenset({"plan_evaluation", "waiting_period_end"})
DAY = timedelta(days=1)


@dataclass(frozen=True)
class Spell:
    """One sickness episode."""

    first_sick_day: date
    recovered_on: date | None  # first fit day (exclusive end); None = still sick

    def __post_init__(self) -> None:
        if self.recovered_on is not None and self.recovered_on <= self.first_sick_day:
            raise ValueError("recovered_on must be after first_sick_day")


@dataclass(frozen=True)
class Leave:
    """Pregnancy or maternity leave (WAZO)."""

    start: date
    end: date  # inclusive

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a leave cannot end before it starts")


@dataclass(frozen=True)
class Chain:
    """Episodes counted as one sickness: sick days run on across the gaps between them."""

    spells: tuple[Spell, ...]

    def __post_init__(self) -> None:
        if not self.spells:
            raise ValueError("a chain holds at least one spell")
        for prev, nxt in pairwise(self.spells):
            if prev.recovered_on is None or nxt.first_sick_day < prev.recovered_on:
                raise ValueError(f"spells overlap or are out of order: {prev}, {nxt}")

    @property
    def start(self) -> date:
        return self.spells[0].first_sick_day

    @property
    def is_open(self) -> bool:
        return self.spells[-1].recovered_on is None

    @property
    def recovered_on(self) -> date | None:
        return self.spells[-1].recovered_on

    def date_of_sick_day(self, k: int) -> date:
        """The date of sick day ``k``; past the last recorded sick day the sickness goes on."""
        if k < 1:
            raise ValueError("sick days count from 1")
        offset = k - 1
        for spell in self.spells[:-1]:
            assert spell.recovered_on is not None  # __post_init__: only the last spell is open
            length = (spell.recovered_on - spell.first_sick_day).days
            if offset < length:
                return spell.first_sick_day + offset * DAY
            offset -= length
        # The last spell, open or not: a closed one goes on as if it had not ended.
        return self.spells[-1].first_sick_day + offset * DAY

    def sick_day_on(self, day: date) -> int:
        """Sick days up to and including ``day``; 0 before the chain."""
        end_of_day = day + DAY
        return sum(
            max(0, (min(end_of_day, s.recovered_on or end_of_day) - s.first_sick_day).days)
            for s in self.spells
        )


def _bridged(prev: Spell, nxt: Spell, leaves: Iterable[Leave]) -> bool:
    return any(
        prev.recovered_on == leave.start and nxt.first_sick_day == leave.end + DAY
        for leave in leaves
    )


def chains(spells: Iterable[Spell], leaves: Iterable[Leave] = ()) -> list[Chain]:
    """Group spells into chains (BW 7:629): a gap under 28 days or an adjacent WAZO leave."""
    leaves = tuple(leaves)
    groups: list[list[Spell]] = []
    for spell in sorted(spells, key=lambda s: s.first_sick_day):
        prev = groups[-1][-1] if groups else None
        # An open (or overlapping) previous spell joins too, so that Chain rejects the overlap.
        if prev is not None and (
            prev.recovered_on is None
            or (spell.first_sick_day - prev.recovered_on).days < CHAIN_GAP_DAYS
            or _bridged(prev, spell, leaves)
        ):
            groups[-1].append(spell)
        else:
            groups.append([spell])
    return [Chain(tuple(group)) for group in groups]


def latest_chain(
    spells: Iterable[Spell], leaves: Iterable[Leave] = (), *, as_of: date
) -> Chain | None:
    """The last chain as known on ``as_of``: later spells are ignored, later recoveries unknown."""
    known = [
        s if s.recovered_on is None or s.recovered_on <= as_of else replace(s, recovered_on=None)
        for s in spells
        if s.first_sick_day <= as_of
    ]
    found = chains(known, leaves)
    return found[-1] if found else None


@dataclass(frozen=True)
class Milestone:
    key: str
    due: date
    earliest: date | None
    done_on: date | None
    status: str


@dataclass(frozen=True)
class Schedule:
    chain_start: date
    sick_day: int
    is_open: bool
    milestones: tuple[Milestone, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "chain_start": self.chain_start.isoformat(),
            "sick_day": self.sick_day,
            "milestones": [
                {
                    "key": m.key,
                    "due": m.due.isoformat(),
                    "earliest": m.earliest.isoformat() if m.earliest else None,
                    "done_on": m.done_on.isoformat() if m.done_on else None,
                    "status": m.status,
                }
                for m in self.milestones
            ],
        }


def schedule(
    chain: Chain,
    *,
    as_of: date,
    done: Mapping[str, date | None] | None = None,
    evaluations: Iterable[date | None] = (),
    wia_letter_date: date | None = None,
    notification_days: int = 7,
    due_soon_days: int = 14,
) -> Schedule:
    """Every milestone of ``chain`` with its deadline and status on ``as_of``.

    ``done`` maps milestone keys to the date they were done (None = not done); ``evaluations``
    are the dates of past plan evaluations, in any order.
    """
    recorded = {key: day for key, day in (done or {}).items() if day is not None}
    day = chain.date_of_sick_day
    if "problem_analysis" in recorded:
        action_plan_due = recorded["problem_analysis"] + timedelta(days=14)
    else:
        action_plan_due = day(56)
    # The next evaluation: 42 days after the last evaluation or the recorded action plan.
    evaluated = [d for d in evaluations if d is not None]
    if "action_plan" in recorded:
        evaluated.append(recorded["action_plan"])
    plan_evaluation_due = max(evaluated, default=action_plan_due) + timedelta(days=42)

    dates: dict[str, tuple[date, date | None]] = {
        "arbodienst_notification": (day(notification_days), None),
        "problem_analysis": (day(42), None),
        "action_plan": (action_plan_due, None),
        "plan_evaluation": (plan_evaluation_due, None),
        "uwv_42_week_report": (first_working_day_on_or_after(day(295)), day(288)),
        "first_year_evaluation": (day(364), day(316)),
        "final_evaluation": (day(637), None),
        "wia_application": (wia_letter_date or day(651), None),
        "waiting_period_end": (day(728), None),
    }
    # A recovery on or before as_of closes the case: steps due from then on are not needed.
    recovered = chain.recovered_on
    closed_on = recovered if recovered is not None and recovered <= as_of else None
    milestones = []
    for key in MILESTONE_KEYS:
        due, earliest = dates[key]
        done_on = None if key in NEVER_DONE else recorded.get(key)
        if done_on is not None:
            status = "done"
        elif closed_on is not None and due >= closed_on:
            status = "not_needed"
        elif due < as_of:
            status = "overdue"
        elif due <= as_of + timedelta(days=due_soon_days):
            status = "due_soon"
        else:
            status = "upcoming"
        milestones.append(Milestone(key, due, earliest, done_on, status))
    return Schedule(
        chain_start=chain.start,
        sick_day=chain.sick_day_on(as_of),
        is_open=chain.is_open,
        milestones=tuple(milestones),
    )
