"""The weekly absence digest for the adjunct-director: last ISO week's figures and
traffic light per team and in total, the change against the week before, who reported sick and
who recovered, and the sick reports not yet passed to ArboNed. Dutch, text and HTML.

The `absence_digest` command and the Monday beat task both call `send` (or `render`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.mail import EmailMultiAlternatives
from django.db.models import OuterRef
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from absence import selectors
from absence.figures import Audience, Figures
from absence.models import Dispatch, Episode
from absence.reporting.dispatch import Outcome, send_once
from core import dates
from core.permissions import addresses_of_users_who_can, users_with_role
from core.roles import Role
from hrm.models import OrganisationSettings, Team, email_list
from hrm.selectors import team_name_on


def parse_week(text: str) -> tuple[date, date]:
    """'2026-W47' -> (Monday, Sunday) of that ISO week (core.dates: the one rule for dates)."""
    return dates.parse_week(text, "week")


def week_key(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def previous_week(today: date) -> str:
    """The last complete ISO week before `today`."""
    return week_key(today - timedelta(days=today.weekday() + 7))


def recipients() -> list[str]:
    """The setting, else every active adjunct-director with an e-mail address. Only people who
    may see individual records receive it (the digest has names)."""
    configured = email_list(OrganisationSettings.get().digest_recipients)
    if configured:  # checked again at sending time: a role may have been taken away since
        allowed = addresses_of_users_who_can("absence.view_all_individual")
        return [a for a in configured if a in allowed]
    adjuncts = users_with_role(Role.ADJUNCT_DIRECTOR).exclude(email="")
    return sorted({u.email.lower() for u in adjuncts})


@dataclass(frozen=True)
class Row:
    key: str
    now: dict
    before: dict

    @property
    def change(self) -> float | None:
        a, b = self.now.get("absence_percentage"), self.before.get("absence_percentage")
        return None if a is None or b is None else a - b


def context(week: str) -> dict:
    start, end = parse_week(week)
    week = week_key(start)
    before_start, before_end = start - timedelta(days=7), end - timedelta(days=7)
    teams = tuple(Team.objects.order_by("name").values_list("name", flat=True))
    figures = Figures(Audience(names=True, teams=teams), until=end)
    rows = [Row(_("Total"), figures.total(start, end), figures.total(before_start, before_end))]
    for team in teams:
        now = figures.total(start, end, team)
        if now["available_days"]:
            rows.append(Row(team, now, figures.total(before_start, before_end, team)))
    episodes = Episode.objects.select_related("employee").annotate(
        team_name=team_name_on(OuterRef("employee"), OuterRef("first_sick_day"))
    )
    reported = episodes.filter(first_sick_day__range=(start, end)).order_by("first_sick_day")
    recovered = episodes.filter(recovered_on__range=(start, end)).order_by("recovered_on")
    overdue = (
        selectors.arbo_overdue(end + timedelta(days=1), episodes)
        .filter(first_sick_day__lte=end)
        .order_by("first_sick_day")
    )
    return {
        "week": week,
        "week_number": int(week[-2:]),
        "start": start,
        "end": end,
        "rows": rows,
        "total": rows[0],
        "reported": list(reported),
        "recovered": list(recovered),
        "overdue": list(overdue),
        "target": figures.norms.target_percentage,
        "amber_band": figures.norms.amber_band,
        "organisation": OrganisationSettings.get().name,
    }


def render(week: str) -> EmailMultiAlternatives:
    """The digest as a Dutch multipart e-mail (without recipients)."""
    with translation.override("nl"):
        ctx = context(week)
        subject = render_to_string("absence/email/digest_subject.txt", ctx).strip()
        text = render_to_string("absence/email/digest.txt", ctx)
        html = render_to_string("absence/email/digest.html", ctx)
    message = EmailMultiAlternatives(subject=subject, body=text)
    message.attach_alternative(html, "text/html")
    return message


def send(week: str, *, force: bool = False) -> Outcome:
    week = week_key(parse_week(week)[0])  # a clear error first; one key per week however typed
    return send_once(Dispatch.Kind.DIGEST, week, recipients(), lambda: render(week), force=force)
