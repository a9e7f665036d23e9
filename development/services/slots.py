"""Managers publish the time slots their people book: one at a time or as a series
(`development.series.slot_series`). All slots are checked before one is written."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.errors import ApplicationError, from_validation_error
from core.permissions import can, employee_of
from development.models import Slot
from development.series import SlotSpec, slot_series
from hrm.models import Employee

# How far ahead a manager may offer a time: a year (a round runs for one).
MAX_AHEAD = timedelta(days=366)


def _when(slot: SlotSpec | Slot) -> str:
    return date_format(timezone.localtime(slot.start), "l j F Y H:i")


def _check_spec(spec: SlotSpec, manager: Employee, now) -> Slot:
    if timezone.is_naive(spec.start) or timezone.is_naive(spec.end):
        raise ValueError("slot times must be aware datetimes")
    if spec.end <= spec.start:
        raise ApplicationError(
            _("A slot ends after it starts."), code="slot_end_before_start", field="end"
        )
    if spec.start <= now:
        raise ApplicationError(
            _("The slot of %(when)s lies in the past.") % {"when": _when(spec)},
            code="slot_in_past",
            field="start",
        )
    if spec.start > now + MAX_AHEAD:
        raise ApplicationError(
            _("The slot of %(when)s lies more than a year ahead.") % {"when": _when(spec)},
            code="slot_too_far",
            field="start",
        )
    if not (spec.location.strip() or spec.video_link.strip()):
        raise ApplicationError(
            _("Give a location or a video link."), code="slot_no_place", field="location"
        )
    slot = Slot(
        manager=manager,
        start=spec.start,
        end=spec.end,
        location=spec.location.strip(),
        video_link=spec.video_link.strip(),
    )
    try:
        slot.clean_fields(exclude=["manager"])
    except ValidationError as exc:
        raise from_validation_error(exc) from exc
    return slot


@transaction.atomic
def slots_publish(*, actor, manager: Employee, slots: Iterable[SlotSpec]) -> list[Slot]:
    """Publish `slots` for `manager` (the acting manager themself). None may lie in the past or
    overlap another slot of theirs, published or new."""
    if actor is not None:
        me = employee_of(actor)
        if not can(actor, "development.publish_slots") or me is None or me.pk != manager.pk:
            raise PermissionDenied
    now = timezone.now()
    new = sorted((_check_spec(spec, manager, now) for spec in slots), key=lambda s: s.start)
    if not new:
        raise ApplicationError(_("There are no slots to publish."), code="no_slots")
    # One manager's publications one at a time, so two of them cannot overlap each other.
    Employee.objects.select_for_update().filter(pk=manager.pk).first()
    existing = list(
        Slot.objects.filter(manager=manager, start__lt=new[-1].end, end__gt=new[0].start)
    )
    furthest: Slot | None = None  # of the new slots so far, the one that ends last
    for slot in new:
        candidates = [*existing, *([furthest] if furthest else [])]
        clash = next(
            (o for o in candidates if o.start < slot.end and slot.start < o.end),
            None,
        )
        if clash is not None:
            raise ApplicationError(
                _("The slot of %(when)s overlaps the slot of %(other)s.")
                % {"when": _when(slot), "other": _when(clash)},
                code="slot_overlap",
                field="start",
            )
        if furthest is None or slot.end > furthest.end:
            furthest = slot
    try:
        with transaction.atomic():
            return Slot.objects.bulk_create(new)
    except IntegrityError as exc:  # the unique start per manager, should a check miss it
        raise ApplicationError(
            _("This manager already has a slot at that time."), code="slot_overlap", field="start"
        ) from exc


def slots_publish_series(
    *,
    actor,
    manager: Employee,
    first_day: date,
    last_day: date,
    weekdays: Iterable[int],
    window_start: time,
    window_end: time,
    length: timedelta,
    gap: timedelta = timedelta(0),
    location: str = "",
    video_link: str = "",
) -> list[Slot]:
    """A series ("Tuesdays and Thursdays 9:00-12:00 in March, 45 minutes, 15 between") in
    Europe/Amsterdam, published as one batch."""
    if last_day < first_day:
        raise ApplicationError(
            _("The last day lies before the first."), code="series_days", field="last_day"
        )
    if last_day - first_day > timedelta(days=366):
        raise ApplicationError(
            _("A series spans at most a year."), code="series_too_long", field="last_day"
        )
    if length < timedelta(minutes=5) or gap < timedelta(0):
        raise ApplicationError(
            _("A slot lasts at least 5 minutes and the gap is not negative."),
            code="series_length",
            field="length",
        )
    specs = slot_series(
        first_day=first_day,
        last_day=last_day,
        weekdays=weekdays,
        window_start=window_start,
        window_end=window_end,
        length=length,
        gap=gap,
        location=location,
        video_link=video_link,
    )
    return slots_publish(actor=actor, manager=manager, slots=specs)


@transaction.atomic
def slot_withdraw(*, actor, slot: Slot) -> None:
    """The manager takes back one of their free slots; a booked slot is moved or cancelled
    first."""
    me = employee_of(actor)
    if not can(actor, "development.publish_slots") or me is None or slot.manager_id != me.pk:
        raise PermissionDenied
    slot = Slot.objects.select_for_update().get(pk=slot.pk)
    if Slot.objects.filter(pk=slot.pk, interview__isnull=False).exists():
        raise ApplicationError(
            _("This slot is booked: move or cancel the interview first."), code="slot_booked"
        )
    slot.delete()
