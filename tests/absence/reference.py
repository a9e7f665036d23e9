"""A plain, obviously-correct per-day implementation of absence-metrics.md, used only to check
the vectorised engine. Slow by design: it walks every day of every employee."""

from __future__ import annotations

from datetime import date, timedelta

CLASS_LIMITS = [("short", 14), ("medium", 91), ("long", 365), ("extra_long", 10**9)]


def days(start: date, end: date):
    d = start
    while d <= end:
        yield d
        d += timedelta(days=1)


def klass(length: int) -> str:
    return next(name for name, limit in CLASS_LIMITS if length <= limit)


def figures(
    contracts, episodes, partials, start, end, *, team=None, full_time=36.0, target=5.5, band=1.0
):
    """contracts: dicts employee_id, team, start, end|None, hours_per_week
    episodes: dicts episode_id, employee_id, first_sick_day, recovered_on|None
    partials: dicts episode_id, start, percentage"""

    def contract_on(emp, d):
        for c in contracts:
            if c["employee_id"] == emp and c["start"] <= d and (c["end"] is None or d <= c["end"]):
                return c
        return None

    def af_on(ep, d):
        if d < ep["first_sick_day"] or (ep["recovered_on"] is not None and d >= ep["recovered_on"]):
            return 0.0
        steps = sorted(
            (p for p in partials if p["episode_id"] == ep["episode_id"] and p["start"] <= d),
            key=lambda p: p["start"],
        )
        return 1.0 - steps[-1]["percentage"] / 100.0 if steps else 1.0

    def length(ep):
        if ep["recovered_on"] is not None:
            return (ep["recovered_on"] - ep["first_sick_day"]).days
        return (end + timedelta(days=1) - ep["first_sick_day"]).days

    employees = sorted({c["employee_id"] for c in contracts})
    available = sick = employee_days = 0.0
    by_class = {name: 0.0 for name, _ in CLASS_LIMITS}
    employed, sick_people = set(), set()
    for emp in employees:
        for d in days(start, end):
            c = contract_on(emp, d)
            if c is None or (team is not None and c["team"] != team):
                continue
            pf = c["hours_per_week"] / full_time
            available += pf
            employee_days += 1
            employed.add(emp)
            for ep in episodes:
                if ep["employee_id"] != emp:
                    continue
                af = af_on(ep, d)
                if af > 0:
                    sick += pf * af
                    by_class[klass(length(ep))] += pf * af
                    sick_people.add(emp)

    def team_on_first_day(ep):
        c = contract_on(ep["employee_id"], ep["first_sick_day"])
        return c["team"] if c else None

    mine = [ep for ep in episodes if team is None or team_on_first_day(ep) == team]
    mine = [ep for ep in mine if team_on_first_day(ep) is not None]
    started = [ep for ep in mine if start <= ep["first_sick_day"] <= end]
    ended = [
        ep for ep in mine if ep["recovered_on"] is not None and start <= ep["recovered_on"] <= end
    ]
    n_days = (end - start).days + 1
    headcount = employee_days / n_days
    pct = 100 * sick / available if available else None
    status = None
    if pct is not None:
        status = (
            "green"
            if round(pct, 9) <= target
            else "amber"
            if round(pct, 9) <= target + band
            else "red"
        )
    whole_year = (
        start.day == 1
        and (end + timedelta(days=1)).day == 1
        and ((end.year - start.year) * 12 + end.month - start.month + 1 == 12)
    )
    factor = 1.0 if whole_year else 365 / n_days
    frequency = len(started) / headcount if headcount else None
    return {
        "absence_percentage": pct,
        "status": status,
        "sick_days": sick,
        "available_days": available,
        "average_headcount": headcount,
        "episodes_started": len(started),
        "notification_frequency": frequency,
        "notification_frequency_annualised": frequency * factor if frequency is not None else None,
        "episodes_ended": len(ended),
        "mean_duration_days": (
            sum((ep["recovered_on"] - ep["first_sick_day"]).days for ep in ended) / len(ended)
        )
        if ended
        else None,
        "zero_absence_percentage": 100 * (len(employed) - len(sick_people)) / len(employed)
        if employed
        else None,
        "absence_percentage_by_class": {
            k: (100 * v / available if available else None) for k, v in by_class.items()
        },
    }
