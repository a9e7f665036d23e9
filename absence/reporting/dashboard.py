"""The absence dashboard at /absence/: what the adjunct-director looks at every week.

Everything comes from one `Figures` (frames loaded once, engine prepared once), so the page's
query count does not depend on the number of employees. The viewer's audience decides what is
shown: names only for those who may see individual records, "<5" for small groups for PVT and
board."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from absence import extensions, selectors, stats
from absence.figures import (
    Audience,
    Figures,
    class_labels,
    rolling_year,
    sick_now,
    week_start,
)
from absence.permissions import episodes_visible_to
from absence.templatetags.absence_tags import pct
from core import charts
from core.audit import record_reads


def bucket_label(row: dict, by: str) -> str:
    if by == "month":
        return date_format(row["start"], "M Y")
    if by == "week":
        return _("wk %(week)s") % {"week": row["start"].isocalendar()[1]}
    return str(row["key"])


def chart_point(row: dict, label: str) -> charts.Point:
    """A row of the figures as a chart point; a suppressed group has no value and reads "<5"."""
    return charts.Point(
        label, row["absence_percentage"], row["status"], "<5" if row.get("suppressed") else ""
    )


def _points(rows: list[dict], by: str) -> list[charts.Point]:
    return [chart_point(row, bucket_label(row, by)) for row in rows]


def build(
    user,
    audience: Audience,
    *,
    today: date,
    start: date,
    end: date,
    team: str | None,
    by: str,
) -> dict:
    figures = Figures(audience, until=max(end, today))
    norms = figures.norms
    target_label = _("target %(pct)s%%") % {"pct": pct(norms.target_percentage)}

    def trend(rows, by_, title, **size):
        return charts.trend(
            _points(rows, by_),
            target=norms.target_percentage,
            amber_band=norms.amber_band,
            title=title,
            target_label=target_label,
            **size,
        )

    this_week = figures.total(week_start(today), today, team)
    year_start, year_end = rolling_year(today)
    rolling = figures.total(year_start, year_end, team)

    weeks = figures.series(stats.week_buckets(week_start(today) - timedelta(weeks=51), today), team)
    # "3 years": the three calendar years before this one, and this year so far
    three_years = stats.month_buckets(date(today.year - 3, 1, 1), today)
    months = figures.series(three_years, team)
    per_team = figures.team_series(three_years)
    if team:
        per_team = {k: v for k, v in per_team.items() if k == team}
    team_max = max(
        [r["absence_percentage"] or 0 for rows in per_team.values() for r in rows] or [0]
    )

    if by == "team":
        selection_rows = figures.report(start, end, by, team)["groups"]
        selection_chart = charts.bars(
            _points(selection_rows, by),
            title=_("Absence per team"),
            target=norms.target_percentage,
            target_label=target_label,
        )
    else:
        buckets = (stats.month_buckets if by == "month" else stats.week_buckets)(start, end)
        selection_rows = figures.series(buckets, team)
        selection_chart = trend(selection_rows, by, _("Absence in the chosen period"))
    total = figures.total(start, end, team)
    classes = total.get("absence_percentage_by_class") or {}
    class_chart = charts.bars(
        [charts.Point(label, classes.get(key)) for key, label in class_labels()],
        title=_("Absence by duration class"),
        row_height=30,
    )

    context = {
        "audience": audience,
        "norms": norms,
        "this_week": this_week,
        "week_start": week_start(today),
        "rolling": rolling,
        "rolling_start": year_start,
        "weeks": weeks,
        "weeks_chart": trend(weeks, "week", _("Absence per week, last 52 weeks"), labels=13),
        "months": months,
        "three_years_from": today.year - 3,
        "months_chart": trend(
            months,
            "month",
            _("Absence per month since January %(year)s") % {"year": today.year - 3},
        ),
        "teams": [
            {
                "name": name,
                "rows": rows,
                "latest": rows[-1],
                "chart": trend(
                    rows,
                    "month",
                    _("Absence per month: %(team)s") % {"team": name},
                    width=420,
                    height=170,
                    labels=6,
                    y_max=team_max * 1.05 or None,
                ),
            }
            for name, rows in per_team.items()
        ],
        "selection_rows": [{**row, "label": bucket_label(row, by)} for row in selection_rows],
        "selection_chart": selection_chart,
        "total": total,
        "classes": [(label, classes.get(key)) for key, label in class_labels()],
        "classes_header": [
            ("short", _("Short %")),
            ("medium", _("Medium %")),
            ("long", _("Long %")),
            ("extra_long", _("Extra long %")),
        ],
        "class_chart": class_chart,
        "sick_now": [],
        "arbo_overdue": [],
        "sections": [],
    }
    if audience.names:
        context["sick_now"] = sick_now(user, today, team)
        overdue = list(
            selectors.arbo_overdue(today, episodes_visible_to(user))
            .select_related("employee")
            .order_by("first_sick_day")
        )
        context["arbo_overdue"] = overdue
        context["sections"] = extensions.dashboard_sections.sections(user, today)  # open cases
        record_reads(
            user,
            [
                (e.employee, "list_episode", "episode", e.pk)
                for e in {e.pk: e for e in [*context["sick_now"], *overdue]}.values()
            ],
        )
    return context
