"""Who has not acknowledged the handbook, for HR: per published chapter how many of the people
employed today still have to acknowledge its published version (`handbook.selectors`: a minor
version asks nothing new), in total and per team, and for one chapter (and team) their names
with the date each was reminded.

The team is the person's team today (hrm's contract in force, else the last one started). A
list of names and dates reads no personal record: no audit row. Five queries, however many
people and chapters."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import OuterRef

from handbook.models import AcknowledgementReminder, Version
from handbook.selectors import outstanding_acknowledgements, published_versions
from handbook.services.reminders import address_of
from hrm.selectors import employees_employed_on, team_name_on

NO_TEAM = ""


@dataclass(frozen=True)
class Cell:
    team: str
    outstanding: int
    total: int


@dataclass
class ChapterCounts:
    version: Version
    outstanding: int = 0
    total: int = 0
    cells: list[Cell] = field(default_factory=list)  # one per team, in the teams' order

    @property
    def chapter(self):
        return self.version.chapter

    @property
    def done(self) -> int:
        return self.total - self.outstanding


@dataclass(frozen=True)
class Person:
    employee_id: int
    name: str
    team: str
    has_address: bool
    reminded_at: datetime | None


@dataclass
class Overview:
    teams: list[str]
    chapters: list[ChapterCounts]
    selected: ChapterCounts | None = None
    team: str | None = None
    people: list[Person] = field(default_factory=list)  # who has not acknowledged `selected`


def _team_order(name: str) -> tuple[bool, str]:
    return (name == NO_TEAM, name.casefold())


def acknowledgement_overview(
    today: date, *, chapter_id: int | None = None, team: str | None = None
) -> Overview:
    """The counts of every published chapter; with `chapter_id` (a chapter with a published
    version, else `selected` stays None) also the names, of one team when `team` is given."""
    employees = list(
        employees_employed_on(today).annotate(team_name=team_name_on(OuterRef("pk"), today))
    )
    versions = list(published_versions())
    outstanding = outstanding_acknowledgements(employees, [v.chapter_id for v in versions])
    team_of = {e.pk: e.team_name or NO_TEAM for e in employees}
    teams = sorted(set(team_of.values()), key=_team_order)
    headcount = Counter(team_of.values())

    missing = Counter((chapter_id, team_of[employee_id]) for employee_id, chapter_id in outstanding)
    chapters = [
        ChapterCounts(
            version=version,
            outstanding=sum(missing[(version.chapter_id, name)] for name in teams),
            total=len(employees),
            cells=[
                Cell(name, missing[(version.chapter_id, name)], headcount[name]) for name in teams
            ],
        )
        for version in versions
    ]
    overview = Overview(teams=teams, chapters=chapters)
    selected = next((c for c in chapters if c.chapter.pk == chapter_id), None)
    if selected is None:
        return overview
    overview.selected = selected
    overview.team = team if team in headcount else None
    reminded = dict(
        AcknowledgementReminder.objects.filter(version=selected.version).values_list(
            "employee_id", "sent_at"
        )
    )
    overview.people = sorted(
        (
            Person(
                employee_id=e.pk,
                name=e.full_name,
                team=team_of[e.pk],
                has_address=bool(address_of(e)),
                reminded_at=reminded.get(e.pk),
            )
            for e in employees
            if (e.pk, selected.chapter.pk) in outstanding
            and (overview.team is None or team_of[e.pk] == overview.team)
        ),
        key=lambda p: (_team_order(p.team), p.name.casefold()),
    )
    return overview
