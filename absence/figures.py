"""Absence figures for one audience: the dashboard, the exports, the weekly digest and the board
report read them here. The frames load once (three queries) and are prepared once; every series
is then a computation of the engine (absence/stats.py, the only source of numbers).

The audience decides what may be shown (privacy.md): HR and the (adjunct-)director see
everyone, a manager their own people, PVT and board aggregates only, where every group of fewer
than five people is suppressed ("<5"), with its complements so that subtraction cannot undo it
(stats.Suppression)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Prefetch

from absence import stats
from absence.models import Episode, PartialRecovery
from absence.permissions import subjects_visible_to
from absence.selectors import absence_frames, norms
from core.permissions import can
from hrm.models import Team
from hrm.permissions import managed_team_ids
from hrm.selectors import team_name_on

MIN_GROUP = 5  # privacy.md: groups smaller than this are shown as "<5"


@dataclass(frozen=True)
class Audience:
    """Whose figures a viewer gets and how: ``employee_ids`` None = everyone;
    ``suppress_below`` None = no suppression; ``names`` = may see who is sick."""

    employee_ids: tuple[int, ...] | None = None
    suppress_below: int | None = None
    names: bool = False
    teams: tuple[str, ...] = field(default_factory=tuple)


def _all_teams() -> tuple[str, ...]:
    return tuple(Team.objects.order_by("name").values_list("name", flat=True))


def board_audience() -> Audience:
    """Aggregates only, small groups suppressed: the board report and PVT/board pages."""
    return Audience(suppress_below=MIN_GROUP, teams=_all_teams())


def audience_for(user) -> Audience:
    if not can(user, "absence.view_report"):
        raise PermissionDenied
    if not can(user, "absence.view_report_unsuppressed"):
        return board_audience()
    if can(user, "absence.view_all_individual"):
        return Audience(names=True, teams=_all_teams())
    # a manager: the people they see, and their own teams to choose from
    ids = tuple(subjects_visible_to(user).values_list("pk", flat=True))
    teams = tuple(
        Team.objects.filter(pk__in=managed_team_ids(user))
        .order_by("name")
        .values_list("name", flat=True)
    )
    return Audience(employee_ids=ids, names=True, teams=teams)


def class_labels() -> list[tuple[str, str]]:
    """The four duration classes (absence-metrics.md, Vernet) with their labels."""
    from django.utils.translation import gettext as _

    return [
        ("short", _("short (1-14 days)")),
        ("medium", _("medium (15-91 days)")),
        ("long", _("long (92-365 days)")),
        ("extra_long", _("extra long (366+ days)")),
    ]


def rolling_year(today: date) -> tuple[date, date]:
    """The 12 months ending today: the same day a year ago + 1 day, up to today."""
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return year_ago + timedelta(days=1), today


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def months_back(day: date, months: int) -> date:
    """The first day of the month `months` months before `day`'s month."""
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


class Figures:
    """The engine, prepared once for an audience, with the audience's suppression applied to
    every row it hands out."""

    def __init__(self, audience: Audience, *, until: date):
        ids = list(audience.employee_ids) if audience.employee_ids is not None else None
        # An aggregate-only audience's suppression is decided per calendar year on every contract
        # known (stats.Suppression), so it must not depend on how far this request looks.
        horizon = None if audience.suppress_below is not None else until
        contracts, episodes, partials = absence_frames(employee_ids=ids, until=horizon)
        self.audience = audience
        self.norms = norms()
        self.prepared = stats.prepare(
            contracts, episodes, partials, full_time_hours=self.norms.full_time_hours
        )
        self.suppression = (
            stats.Suppression(self.prepared, audience.suppress_below)
            if audience.suppress_below is not None
            else None
        )

    def _publish(self, row: dict, *, team: str | None, start: date, end: date) -> dict:
        if self.suppression is None:
            return stats.publish(row)
        return self.suppression.publish(row, team=team, start=start, end=end)

    def total(self, start: date, end: date, team: str | None = None) -> dict:
        row = stats.compute(
            self.prepared, [("total", start, end)], by_team=False, team=team, norms=self.norms
        )[0]
        return self._publish(row, team=team, start=start, end=end)

    def series(self, buckets, team: str | None = None) -> list[dict]:
        """One row per bucket, each with its ``start`` and ``end`` dates."""
        rows = stats.compute(self.prepared, buckets, by_team=False, team=team, norms=self.norms)
        return [
            {
                **self._publish(row, team=team, start=b_start, end=b_end),
                "start": b_start,
                "end": b_end,
            }
            for row, (_key, b_start, b_end) in zip(rows, buckets, strict=True)
        ]

    def team_series(self, buckets) -> dict[str, list[dict]]:
        """Per team (of the audience), one row per bucket (a team with nobody in the whole
        span is left out)."""
        rows = stats.compute(self.prepared, buckets, by_team=True, norms=self.norms)
        dates = {key: (b_start, b_end) for key, b_start, b_end in buckets}
        out: dict[str, list[dict]] = {}
        for row in rows:
            if row["key"] not in self.audience.teams:
                continue
            b_start, b_end = dates[row["bucket"]]
            published = self._publish(
                {**row, "key": row["bucket"]}, team=row["key"], start=b_start, end=b_end
            )
            out.setdefault(row["key"], []).append({**published, "start": b_start, "end": b_end})
        return out

    def report(self, start: date, end: date, by: str | None, team: str | None = None) -> dict:
        return stats.report(
            self.prepared,
            start=start,
            end=end,
            by=by,
            team=team,
            norms=self.norms,
            suppress_below=self.audience.suppress_below,
            suppression=self.suppression,
        )


def absence_report(
    *,
    start: date,
    end: date,
    by: str | None = None,
    team: str | None = None,
    employee_ids: list[int] | None = None,
) -> dict:
    """The report of `absence_report` and /api/absence/report/ (stats.report's JSON), without
    suppression: for a viewer, use absence.figures.audience_for."""
    ids = tuple(employee_ids) if employee_ids is not None else None
    return Figures(Audience(employee_ids=ids), until=end).report(start, end, by, team)


def sick_now(user, today: date, team: str | None = None) -> list[Episode]:
    """Open episodes today that `user` may see, with ``team_name`` (the contract in force, else
    the last one), longest first. The caller audits the read."""
    episodes = (
        Episode.objects.open_on(today)
        .filter(employee__in=subjects_visible_to(user))
        .annotate(team_name=team_name_on(OuterRef("employee"), today))
        .select_related("employee")
        .prefetch_related(
            Prefetch("partial_recoveries", queryset=PartialRecovery.objects.order_by("start"))
        )
        .order_by("first_sick_day", "employee__sort_name")
    )
    if team:
        episodes = episodes.filter(team_name=team)
    return list(episodes)
