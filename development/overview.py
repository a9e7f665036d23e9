"""Who stands where in a cycle: per team and per person not planned / planned / held / signed /
overdue / not this year, with the counts per team and in total.

The states (`interview_state`, pure):
- not_this_year and signed: as stored;
- held: stored as held, or planned with a start in the past (the talk took place, nothing
  recorded yet);
- planned: a booked time still ahead (also one after the deadline: something is arranged, and
  the overview shows its date);
- overdue: the deadline has passed (today is after it) and nothing is booked;
- not_planned: nothing booked yet, with the deadline still ahead.

The team is the person's team on today's date (hrm's contract in force, else the last one).
Who sees whom: HR, the director and the adjunct-director everyone; a manager the interviews they
hold. A list of names and states reads no record's content: no audit row. Three queries, however
many people."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.permissions import employee_of, has_role
from development.models import Cycle, Interview
from development.permissions import OVERVIEW_ROLES
from hrm.selectors import team_name_on

NOT_PLANNED, PLANNED, HELD, SIGNED, OVERDUE, NOT_THIS_YEAR = (
    "not_planned",
    "planned",
    "held",
    "signed",
    "overdue",
    "not_this_year",
)
# in the order of the bar: from done to not started, "not this year" last
STATES = (SIGNED, HELD, PLANNED, NOT_PLANNED, OVERDUE, NOT_THIS_YEAR)
STATE_LABELS = {
    NOT_PLANNED: _("Not planned"),
    PLANNED: _("Planned"),
    HELD: _("Held"),
    SIGNED: pgettext_lazy("interview status", "Signed"),
    OVERDUE: _("Overdue"),
    NOT_THIS_YEAR: _("Not this year"),
}
NO_TEAM = ""


def interview_state(
    status: str, slot_start: datetime | None, deadline: date, now: datetime, today: date
) -> str:
    """The overview's state of one interview (see the module's docstring)."""
    if status == Interview.Status.NOT_THIS_YEAR:
        return NOT_THIS_YEAR
    if status == Interview.Status.SIGNED:
        return SIGNED
    if status == Interview.Status.HELD or (
        status == Interview.Status.PLANNED and slot_start is not None and slot_start < now
    ):
        return HELD
    if status == Interview.Status.PLANNED:
        return PLANNED
    if today > deadline:
        return OVERDUE
    return NOT_PLANNED


@dataclass(frozen=True)
class PersonRow:
    interview_id: int
    name: str
    manager: str
    team: str
    state: str
    start: datetime | None

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


@dataclass(frozen=True)
class Segment:
    state: str
    label: str
    count: int
    percent: float  # of the team, for the width of the bar


@dataclass
class TeamRow:
    name: str  # NO_TEAM for people without a contract
    counts: dict[str, int]
    rows: list[PersonRow] = field(default_factory=list)  # after the state filter

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def segments(self) -> list[Segment]:
        total = self.total
        return [
            Segment(state, str(STATE_LABELS[state]), n, round(100 * n / total, 2))
            for state in STATES
            if (n := self.counts[state])
        ]

    @property
    def count_list(self) -> list[tuple[str, str, int]]:
        return [(state, str(STATE_LABELS[state]), self.counts[state]) for state in STATES]


@dataclass
class Overview:
    cycle: Cycle | None
    teams: list[TeamRow]  # the teams shown (after the team filter), by name, no team last
    team_names: list[str]  # every team the viewer has people in, for the filter
    years: list[int]  # the cycles there are, newest first
    team: str | None  # the filters as applied
    state: str | None
    deadline_passed: bool = False

    @property
    def total(self) -> TeamRow:
        counts = dict.fromkeys(STATES, 0)
        for team in self.teams:
            for state, n in team.counts.items():
                counts[state] += n
        return TeamRow(name="", counts=counts)

    @property
    def row_count(self) -> int:
        return sum(len(team.rows) for team in self.teams)


def overview_interviews(user, cycle: Cycle) -> QuerySet[Interview]:
    """The cycle's interviews in `user`'s overview: all for HR and the directors, the ones they
    hold for a manager, none for anyone else."""
    interviews = Interview.objects.filter(cycle=cycle)
    if has_role(user, *OVERVIEW_ROLES):
        return interviews
    me = employee_of(user)
    if me is None:
        return interviews.none()
    return interviews.filter(manager=me)


def chosen_cycle(year: int | None) -> Cycle | None:
    """The cycle of `year`; without one, the open cycle, else the latest."""
    cycles = Cycle.objects.all()
    if year is not None:
        return cycles.filter(year=year).first()
    return cycles.order_by("-status", "-year").first()  # descending: "open" before "closed"


def overview_for(
    user,
    *,
    year: int | None = None,
    team: str | None = None,
    state: str | None = None,
    now: datetime | None = None,
) -> Overview:
    now = now or timezone.now()
    today = timezone.localdate(now)
    cycle = chosen_cycle(year)
    years = list(Cycle.objects.order_by("-year").values_list("year", flat=True))
    state = state if state in STATES else None
    if cycle is None:
        return Overview(cycle=None, teams=[], team_names=[], years=years, team=None, state=state)
    rows = (
        overview_interviews(user, cycle)
        .annotate(team_name=team_name_on(OuterRef("employee_id"), today))
        .select_related("employee", "manager", "slot")
        .order_by("employee__sort_name", "pk")
    )
    teams: dict[str, TeamRow] = {}
    for interview in rows:
        name = interview.team_name or NO_TEAM  # annotated above
        row = PersonRow(
            interview_id=interview.pk,
            name=interview.employee.full_name,
            manager=interview.manager.full_name if interview.manager else "",
            team=name,
            state=interview_state(
                interview.status,
                interview.slot.start if interview.slot else None,
                cycle.deadline,
                now,
                today,
            ),
            start=interview.slot.start if interview.slot else None,
        )
        block = teams.setdefault(name, TeamRow(name=name, counts=dict.fromkeys(STATES, 0)))
        block.counts[row.state] += 1
        if state is None or row.state == state:
            block.rows.append(row)
    ordered = sorted(teams.values(), key=lambda t: (t.name == NO_TEAM, t.name.lower()))
    team_names = [t.name for t in ordered if t.name != NO_TEAM]
    team = team if team in teams else None
    if team is not None:
        ordered = [t for t in ordered if t.name == team]
    return Overview(
        cycle=cycle,
        teams=ordered,
        team_names=team_names,
        years=years,
        team=team,
        state=state,
        deadline_passed=today > cycle.deadline,
    )
