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
