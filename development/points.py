"""Registration points per category, wherever they are entered: the points a training of the
plan earns (`PlanItem.points`) and what SKJ set for one person (`Registration.
category_overrides`) are both {category key: points}, written on a page as "key: points"."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from development.models import MAX_POINTS

KEY = re.compile(r"^[-a-zA-Z0-9_]{1,50}$")  # as a SlugField (RequirementCategory.key)
PAIR = re.compile(r"^\s*([^:=\s]+)\s*[:=]\s*([^\s]+)\s*$")


def clean_points(value: object, *, code: str, field: str) -> dict[str, int | float]:
    """{key: points} with slug keys and numbers from 0 to 1000 (two decimals at most);
    anything else raises `code` beside `field`."""
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        raise ApplicationError(
            _("Give the points per category, for example training: 16."), code=code, field=field
        )
    cleaned: dict[str, int | float] = {}
    for key, points in value.items():
        if not isinstance(key, str) or not KEY.match(key):
            raise ApplicationError(
                _("'%(key)s' is not a valid category key (letters, digits, - and _).")
                % {"key": str(key)[:60]},
                code=code,
                field=field,
            )
        number: Decimal | None = None
        if not isinstance(points, bool) and isinstance(points, int | float | Decimal | str):
            try:
                number = Decimal(str(points))
            except InvalidOperation:
                number = None
        if number is None or not number.is_finite() or not 0 <= number <= MAX_POINTS:
            raise ApplicationError(
                _("The points of '%(key)s' must be a number from 0 to 1000.") % {"key": key},
                code=code,
                field=field,
            )
        number = round(number, 2)
        cleaned[key] = int(number) if number == number.to_integral_value() else float(number)
    return cleaned


def parse_points(text: str) -> dict[str, str]:
    """ "training: 16, reflection: 4" (commas, semicolons or lines between) -> a dict, for a
    form field; the service checks the keys and numbers."""
    points: dict[str, str] = {}
    for part in re.split(r"[,;\n]", text or ""):
        if not part.strip():
            continue
        match = PAIR.match(part)
        if not match:
            raise forms.ValidationError(
                _("Write the points as category: points, for example training: 16."),
                code="points_invalid",
            )
        points[match[1]] = match[2]
    return points


def points_text(points: dict | None) -> str:
    """The other way round, to fill the form field again."""
    return ", ".join(f"{key}: {value}" for key, value in (points or {}).items())


def short_name(name: str) -> str:
    """A category's name up to its first comma or bracket ("Scholing, opleiding en training"
    -> "Scholing"), for lists of many people."""
    return re.split(r"[,(]", name, maxsplit=1)[0].strip() or name
