"""Template filters for absence figures: percentages, points, traffic-light labels, sick day
numbers."""

from django import template

register = template.Library()


@register.filter
def sick_day(episode, today):
    """Calendar sick day of the episode today (1 on the first sick day)."""
    return episode.sick_day_number(today)


@register.filter
def work_percentage(episode, day):
    """The % of the contract worked on `day` (0 while fully sick)."""
    return episode.work_percentage_on(day)


@register.filter
def pct(value, decimals=1):
    """A percentage with a Dutch decimal comma, or a dash when undefined."""
    if value is None:
        return "–"
    return f"{value:.{int(decimals)}f}".replace(".", ",")


@register.filter
def num(value, decimals=1):
    if value is None:
        return "–"
    return f"{value:,.{int(decimals)}f}".replace(",", "_").replace(".", ",").replace("_", ".")


@register.filter
def status_label(status):
    """green/amber/red -> the traffic light in words (groen/oranje/rood in Dutch)."""
    from django.utils.translation import gettext as _

    return {"green": _("green"), "amber": _("amber"), "red": _("red")}.get(status, "–")


@register.filter
def points(value, decimals=1):
    """A change in percentage points with its sign: +0,8 / −1,2 / 0,0."""
    if value is None:
        return "–"
    rounded = round(value, int(decimals))
    sign = "+" if rounded > 0 else ("−" if rounded < 0 else "")
    return sign + f"{abs(rounded):.{int(decimals)}f}".replace(".", ",")


@register.filter
def shown_pct(row):
    """A row's absence percentage as shown: "<5" when suppressed, "–" when undefined."""
    if not row:
        return "–"
    if row.get("suppressed"):
        return "<5"
    value = row.get("absence_percentage")
    return "–" if value is None else f"{pct(value)}%"


@register.filter
def get(mapping, key):
    return (mapping or {}).get(key)
