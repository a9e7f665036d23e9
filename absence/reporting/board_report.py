"""The monthly traffic-light report for the board: one A4 page, aggregates only, every
group under five people suppressed. The `board_report` command, the HR page and the beat task
(first working day of the month) all call `render_pdf` / `send`."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from absence import stats
from absence.figures import Figures, board_audience, class_labels, months_back
from absence.models import Dispatch
from absence.reporting.dashboard import chart_point
from absence.reporting.dispatch import Outcome, send_once
from absence.templatetags.absence_tags import pct, points, status_label
from core import charts, dates
from core.permissions import users_with_role
from core.roles import Role
from core.workdays import is_working_day
from hrm.models import OrganisationSettings, email_list


def parse_month(text: str) -> tuple[date, date]:
    """'2026-10' -> (1 October 2026, 31 October 2026); the one date rule (core.dates)."""
    return dates.parse_month(text)


def previous_month(today: date) -> str:
    return f"{months_back(today, 1):%Y-%m}"


def first_working_day(year: int, month: int) -> date:
    day = date(year, month, 1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def recipients() -> list[str]:
    """The setting, else every active board member with an e-mail address."""
    configured = email_list(OrganisationSettings.get().board_report_recipients)
    if configured:
        return configured
    return sorted({u.email.lower() for u in users_with_role(Role.BOARD).exclude(email="")})


def _summary(month_label: str, total: dict, before: dict, year: dict, previous_label: str) -> str:
    """One generated sentence, in the active language."""
    if total.get("suppressed") or total["absence_percentage"] is None:
        return _("Fewer than 5 people were employed in %(month)s: no figures are shown.") % {
            "month": month_label
        }
    text = _("Absence in %(month)s was %(pct)s%% (%(status)s)") % {
        "month": month_label,
        "pct": pct(total["absence_percentage"]),
        "status": status_label(total["status"]),
    }
    if before.get("absence_percentage") is not None:
        change = total["absence_percentage"] - before["absence_percentage"]
        if round(change, 1) == 0:
            text += _(", the same as in %(previous)s") % {"previous": previous_label}
        else:
            text += _(", %(change)s percentage points against %(previous)s") % {
                "change": points(change),
                "previous": previous_label,
            }
    if year.get("absence_percentage") is not None:
        text += _("; over the last 12 months %(pct)s%% (%(status)s).") % {
            "pct": pct(year["absence_percentage"]),
            "status": status_label(year["status"]),
        }
    else:
        text += "."
    return text


def context(month: str) -> dict:
    start, end = parse_month(month)
    previous_start = months_back(start, 1)
    year_start = months_back(start, 11)
    figures = Figures(board_audience(), until=end)
    total = figures.total(start, end)
    before = figures.total(previous_start, start - timedelta(days=1))
    year = figures.total(year_start, end)
    teams = figures.report(start, end, "team")["groups"]
    trend = figures.series(stats.month_buckets(year_start, end))
    norms = figures.norms
    month_label = date_format(start, "F Y")
    target_label = _("target %(pct)s%%") % {"pct": pct(norms.target_percentage)}
    chart = charts.trend(
        [chart_point(row, date_format(row["start"], "M")) for row in trend],
        target=norms.target_percentage,
        amber_band=norms.amber_band,
        title=_("Absence per month, last 12 months"),
        width=700,
        height=200 if len(teams) <= 8 else 150,
        target_label=target_label,
    )
    classes = total.get("absence_percentage_by_class") or {}
    class_chart = charts.bars(
        [charts.Point(label, classes.get(key)) for key, label in class_labels()],
        title=_("Absence by duration class"),
        width=700,
        row_height=24 if len(teams) <= 8 else 18,
    )
    return {
        "month": month,
        "month_label": month_label,
        "start": start,
        "end": end,
        "organisation": OrganisationSettings.get().name,
        "total": total,
        "before": before,
        "year": year,
        "teams": teams,
        "trend": trend,
        "chart": chart,
        "class_chart": class_chart,
        "norms": norms,
        "summary": _summary(month_label, total, before, year, date_format(previous_start, "F")),
        "minimum_group": figures.audience.suppress_below,
        "generated": date.today(),
    }


def render_pdf(month: str, *, language: str = "nl") -> bytes:
    from weasyprint import HTML

    start, _end = parse_month(month)
    with translation.override(language):
        html = render_to_string("absence/board_report.html", context(f"{start:%Y-%m}"))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def send(month: str, *, force: bool = False) -> Outcome:
    start, _end = parse_month(month)
    month = f"{start:%Y-%m}"  # one key per month, however it was typed

    def build() -> EmailMultiAlternatives:
        with translation.override("nl"):
            ctx = context(month)
            subject = _("Absence report %(month)s") % {"month": ctx["month_label"]}
            body = render_to_string("absence/email/board_report.txt", ctx)
        message = EmailMultiAlternatives(subject=subject, body=body)
        message.attach(f"verzuimrapportage-{month}.pdf", render_pdf(month), "application/pdf")
        return message

    return send_once(Dispatch.Kind.BOARD_REPORT, month, recipients(), build, force=force)
