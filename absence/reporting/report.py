"""Argument checking and the human-readable table of the absence report (shared by the
command and the API)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from core.dates import check_date
from core.errors import ApplicationError
from hrm.models import Team

GROUPINGS = ("team", "month", "week")


def check_arguments(start: date | None, end: date | None, by: str | None, team: str | None) -> None:
    if start is None:
        raise ApplicationError(
            _("Give a start date (YYYY-MM-DD)."), code="start_required", field="start"
        )
    if end is None:
        raise ApplicationError(
            _("Give an end date (YYYY-MM-DD)."), code="end_required", field="end"
        )
    check_date(start, "start")
    check_date(end, "end")
    if end < start:
        raise ApplicationError(
            _("The end date cannot be before the start date."), code="period_invalid", field="end"
        )
    if (end - start).days > 366 * 20:
        raise ApplicationError(
            _("The period may be at most 20 years."), code="period_too_long", field="end"
        )
    if by is not None and by not in GROUPINGS:
        raise ApplicationError(
            _("Group by team, month or week."), code="grouping_invalid", field="by"
        )
    if team is not None and not Team.objects.filter(name=team).exists():
        raise ApplicationError(
            _("Unknown team %(team)s.") % {"team": team}, code="unknown_team", field="team"
        )


STATUS_NL = {"green": "groen", "amber": "oranje", "red": "rood", None: "–"}
COLUMNS = [
    ("absence_percentage", "Verzuim %", 1),
    ("status", "Stoplicht", None),
    ("sick_days", "Ziektedagen", 1),
    ("available_days", "Beschikbare dagen", 1),
    ("average_headcount", "Gem. bezetting", 1),
    ("episodes_started", "Meldingen", 0),
    ("notification_frequency", "Meldingsfreq.", 2),
    ("notification_frequency_annualised", "Meldingsfreq. (jaar)", 2),
    ("episodes_ended", "Hersteld", 0),
    ("mean_duration_days", "Gem. duur (dagen)", 1),
    ("zero_absence_percentage", "Nulverzuim %", 1),
]
CLASS_COLUMNS = [
    ("short", "Kort %"),
    ("medium", "Middellang %"),
    ("long", "Lang %"),
    ("extra_long", "Extra lang %"),
]


def _fmt(value, decimals) -> str:
    if value is None:
        return "–"
    if decimals is None:
        return STATUS_NL.get(value, str(value))
    return f"{value:,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def as_table(report: dict) -> str:
    """Rounded, Dutch labels, aligned columns: one row for the total and one per group."""
    header = (
        ["Groep"] + [label for _k, label, _d in COLUMNS] + [label for _k, label in CLASS_COLUMNS]
    )
    rows = []
    for key, figures in [("Totaal", report["total"]), *((g["key"], g) for g in report["groups"])]:
        row = [str(key)] + [_fmt(figures[k], d) for k, _l, d in COLUMNS]
        row += [_fmt(figures["absence_percentage_by_class"][k], 1) for k, _l in CLASS_COLUMNS]
        rows.append(row)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        f"Verzuim {report['period']['start']} t/m {report['period']['end']} (norm {_fmt(report['target_percentage'], 1)}%)",
        "",
    ]
    for n, row in enumerate([header, *rows]):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
