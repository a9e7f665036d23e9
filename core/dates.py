"""The one rule for every date a person can type: in a form, the API, a query parameter, a CSV
import or a command option. Outside the sane range the answer is the same on every path: code
`date_out_of_range` and the message below, beside the field (forms), in a JSON 400 (API), as
`line N, field: message` (imports) or as the command's error.

The sane range is 1 January 1900 to 31 December 2100:
- far enough back for any history an organisation brings along (contracts, sickness episodes and
  leave of people still in the records) and far enough ahead for any date planned today (a
  contract end, a leave, a next consultation, the Gatekeeper Act's deadlines two years ahead);
- far from the ends of Python's calendar (years 1 and 9999), so every computation the product
  makes with a date (the day after an inclusive end, the Sunday of an ISO week, 104 weeks of
  sickness, the next month) stays a valid date, in Python, SQLite and PostgreSQL alike;
- spreadsheets count their dates from 1900, so every date the product exports opens in Excel.

Pieces: `validate_date` (a Django validator: model fields, so `full_clean` checks it, and DRF
serializers), `FormDateField` (a form field with the rule built in; its API twin is
`core.serializers.ApiDateField`, kept apart so models do not load DRF), `check_date` (services),
and the parse helpers for query parameters and command options: `parse_date`, `parse_week`
(YYYY-Www) and `parse_month` (YYYY-MM)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import overload

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.errors import ApplicationError

EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)
OUT_OF_RANGE = "date_out_of_range"

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def in_range(value: date) -> bool:
    return EARLIEST <= value <= LATEST


def out_of_range_message() -> str:
    return _("Choose a date between %(earliest)s and %(latest)s.") % {
        "earliest": date_format(EARLIEST, "j F Y"),
        "latest": date_format(LATEST, "j F Y"),
    }


def validate_date(value: date | None) -> None:
    """Django validator: model DateFields, form fields and serializer fields."""
    if value is not None and not in_range(value):
        raise ValidationError(out_of_range_message(), code=OUT_OF_RANGE)


@overload
def check_date(value: date, field: str) -> date: ...
@overload
def check_date(value: date | None, field: str) -> date | None: ...
def check_date(value: date | None, field: str) -> date | None:
    """For services and argument checks: the value, or an ApplicationError beside `field`."""
    if value is not None and not in_range(value):
        raise ApplicationError(out_of_range_message(), code=OUT_OF_RANGE, field=field)
    return value


class FormDateField(forms.DateField):
    """A form's date field with the rule built in; a date input offers only the sane range."""

    default_validators = [validate_date]

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if getattr(widget, "input_type", None) == "date":
            attrs.setdefault("min", EARLIEST.isoformat())
            attrs.setdefault("max", LATEST.isoformat())
        return attrs


# Query parameters and command options ------------------------------------------------------------


def parse_date(text: str | None, field: str) -> date:
    """'2026-10-31' -> date; anything else is an ApplicationError beside `field`."""
    value = (text or "").strip()
    if not ISO_DATE.match(value):
        raise ApplicationError(
            _("'%(value)s' is not a date in the form YYYY-MM-DD.") % {"value": value},
            code="date_invalid",
            field=field,
        )
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ApplicationError(
            _("'%(value)s' is not an existing date.") % {"value": value},
            code="date_invalid",
            field=field,
        ) from None
    return check_date(day, field)


def parse_week(text: str | None, field: str = "week") -> tuple[date, date]:
    """'2026-W47' -> (Monday, Sunday) of that ISO week."""
    match = ISO_WEEK.fullmatch((text or "").strip())
    if not match:
        raise ApplicationError(
            _("Give the week as YYYY-Www, for example 2026-W47."), code="week_invalid", field=field
        )
    try:
        monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise ApplicationError(
            _("Week %(week)s does not exist.") % {"week": text}, code="week_invalid", field=field
        ) from None
    if not in_range(monday) or not in_range(sunday := monday + timedelta(days=6)):
        raise ApplicationError(out_of_range_message(), code=OUT_OF_RANGE, field=field)
    return monday, sunday


def parse_month(text: str | None, field: str = "month") -> tuple[date, date]:
    """'2026-10' -> (1 October 2026, 31 October 2026)."""
    match = MONTH.fullmatch((text or "").strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise ApplicationError(
            _("Give the month as YYYY-MM, for example 2026-10."), code="month_invalid", field=field
        )
    if not EARLIEST.year <= int(match[1]) <= LATEST.year:
        raise ApplicationError(out_of_range_message(), code=OUT_OF_RANGE, field=field)
    first = date(int(match[1]), int(match[2]), 1)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, following - timedelta(days=1)
