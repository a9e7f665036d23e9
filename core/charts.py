"""Server-side SVG charts: they work offline and in print, need no JavaScript, and carry native
tooltips (``<title>``). Every chart on a page also has its numbers in a table beside it; the
charts are drawing, the tables are the record.

Only two shapes are needed: a trend line against the target with the traffic-light bands drawn
in, and horizontal bars. Labels are escaped; numbers are formatted for the active language."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

COLOURS = {"green": "#1e7d3a", "amber": "#b07800", "red": "#b3261e", None: "#8a94a3"}
BANDS = {"green": "#e6f4ea", "amber": "#fff1cc", "red": "#fdecea"}
INK, MUTED, GRID, LINE = "#1d2733", "#5b6776", "#e3e7ec", "#0f6e6e"


@dataclass(frozen=True)
class Point:
    label: str
    value: float | None  # None: no figure (nobody employed, or a suppressed group)
    status: str | None = None
    note: str = ""  # shown in the tooltip instead of a value, e.g. "<5"


def percent(value: float | None, decimals: int = 1) -> str:
    if value is None:
        return "–"
    return f"{number_format(round(value, decimals), decimal_pos=decimals)}%"


def _nice_ceiling(value: float) -> float:
    """A round axis maximum at or above `value` (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^n), so
    five grid steps give round labels."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def _svg(width: int, height: int, title: str, body: list[str]) -> SafeString:
    return mark_safe(  # noqa: S308 (every label in `body` is escaped where it is built)
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="system-ui, sans-serif"><title>{escape(title)}</title>'
        + "".join(body)
        + "</svg>"
    )


def trend(
    points: Sequence[Point],
    *,
    target: float,
    amber_band: float,
    title: str,
    width: int = 720,
    height: int = 240,
    labels: int = 12,
    target_label: str = "",
    y_max: float | None = None,
) -> SafeString:
    """A line over time with the target line and the green / amber / red bands behind it.
    Give the same `y_max` to small multiples so they can be compared."""
    left, right, top, bottom = 44, 10, 10, 26
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [p.value for p in points if p.value is not None]
    y_max = _nice_ceiling(y_max or max([*values, target + amber_band]) * 1.1)

    def y(v: float) -> float:
        return top + plot_h * (1 - min(v, y_max) / y_max)

    def x(i: int) -> float:
        return left + (plot_w * (i + 0.5) / len(points) if points else 0)

    body = []
    # traffic-light bands: green up to the target, amber up to target + band, red above
    amber_top = min(target + amber_band, y_max)
    body.append(
        f'<rect x="{left}" y="{y(y_max):.1f}" width="{plot_w}" height="{y(amber_top) - y(y_max):.1f}" fill="{BANDS["red"]}"/>'
    )
    body.append(
        f'<rect x="{left}" y="{y(amber_top):.1f}" width="{plot_w}" height="{y(target) - y(amber_top):.1f}" fill="{BANDS["amber"]}"/>'
    )
    body.append(
        f'<rect x="{left}" y="{y(target):.1f}" width="{plot_w}" height="{y(0) - y(target):.1f}" fill="{BANDS["green"]}"/>'
    )
    for i in range(6):  # grid and axis labels: the round maximum in five steps
        v = y_max * i / 5
        body.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" font-size="11" fill="{MUTED}">{escape(percent(v, 0 if y_max >= 10 else 1))}</text>'
        )
    body.append(
        f'<line x1="{left}" x2="{width - right}" y1="{y(target):.1f}" y2="{y(target):.1f}" stroke="{INK}" stroke-width="1.5" stroke-dasharray="6 4"/>'
    )
    if target_label:
        body.append(
            f'<text x="{width - right - 4}" y="{y(target) - 4:.1f}" text-anchor="end" font-size="11" fill="{INK}">{escape(target_label)}</text>'
        )
    # the line, broken where there is no figure
    segment: list[str] = []
    segments = []
    for i, p in enumerate(points):
        if p.value is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        segment.append(f"{x(i):.1f},{y(p.value):.1f}")
    if segment:
        segments.append(segment)
    for seg in segments:
        body.append(
            f'<polyline points="{" ".join(seg)}" fill="none" stroke="{LINE}" stroke-width="2" stroke-linejoin="round"/>'
        )
    radius = 3 if len(points) <= 60 else 2
    for i, p in enumerate(points):
        shown = p.note or percent(p.value)
        if p.value is None:
            continue
        body.append(
            f'<circle cx="{x(i):.1f}" cy="{y(p.value):.1f}" r="{radius}" fill="{COLOURS.get(p.status, COLOURS[None])}">'
            f"<title>{escape(p.label)}: {escape(shown)}</title></circle>"
        )
    step = max(1, math.ceil(len(points) / max(labels, 1)))
    for i, p in enumerate(points):
        if i % step == 0:
            body.append(
                f'<text x="{x(i):.1f}" y="{height - 8}" text-anchor="middle" font-size="11" fill="{MUTED}">{escape(p.label)}</text>'
            )
    return _svg(width, height, title, body)


def bars(
    points: Sequence[Point],
    *,
    title: str,
    target: float | None = None,
    target_label: str = "",
    width: int = 720,
    row_height: int = 28,
    label_width: int = 190,
) -> SafeString:
    """Horizontal bars, one per point, coloured by traffic light; a target line if given."""
    label_w, value_w, top = label_width, 64, 18 if target is not None else 6
    height = top + row_height * max(len(points), 1) + 6
    plot_w = width - label_w - value_w
    values = [p.value for p in points if p.value is not None]
    x_max = _nice_ceiling(max([*values, target or 0, 0.1]) * 1.05)

    def x(v: float) -> float:
        return label_w + plot_w * min(v, x_max) / x_max

    body = []
    for i, p in enumerate(points):
        y0 = top + i * row_height
        body.append(
            f'<text x="{label_w - 8}" y="{y0 + row_height * 0.62:.1f}" text-anchor="end" font-size="13" fill="{INK}">{escape(p.label)}</text>'
        )
        shown = p.note or percent(p.value)
        if p.value is not None:
            body.append(
                f'<rect x="{label_w}" y="{y0 + 4}" width="{max(x(p.value) - label_w, 1):.1f}" height="{row_height - 8}" rx="3" fill="{COLOURS.get(p.status, LINE) if p.status else LINE}">'
                f"<title>{escape(p.label)}: {escape(shown)}</title></rect>"
            )
        body.append(
            f'<text x="{(x(p.value) if p.value is not None else label_w) + 6:.1f}" y="{y0 + row_height * 0.62:.1f}" font-size="12" fill="{MUTED}">{escape(shown)}</text>'
        )
    if target is not None:
        body.append(
            f'<line x1="{x(target):.1f}" x2="{x(target):.1f}" y1="{top - 4}" y2="{height - 4}" stroke="{INK}" stroke-width="1.5" stroke-dasharray="5 3"/>'
        )
        if target_label:
            body.append(
                f'<text x="{x(target):.1f}" y="{top - 6}" text-anchor="middle" font-size="11" fill="{INK}">{escape(target_label)}</text>'
            )
    return _svg(width, height, title, body)
