"""Slot series in Europe/Amsterdam (9:00 stays 9:00 across the daylight-saving change) and
publishing slots: only one's own, never overlapping, never in the past, always with a place."""

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from core.errors import ApplicationError
from development.models import Slot
from development.series import AMSTERDAM, slot_series
from development.services import slots_publish, slots_publish_series
from tests.development.conftest import at

TUESDAY, THURSDAY, SUNDAY = 1, 3, 6


def test_tuesdays_at_nine_on_both_sides_of_the_change_to_winter_time():
    # Summer time ends on Sunday 25 October 2026.
    specs = slot_series(
        first_day=date(2026, 10, 20),
        last_day=date(2026, 11, 3),
        weekdays=[TUESDAY],
        window_start=time(9),
        window_end=time(10),
        length=timedelta(minutes=45),
    )
    assert [s.start.isoformat() for s in specs] == [
        "2026-10-20T09:00:00+02:00",
        "2026-10-27T09:00:00+01:00",
        "2026-11-03T09:00:00+01:00",
    ]
    assert [s.start.astimezone(UTC).hour for s in specs] == [7, 8, 8]
    assert all(s.end - s.start == timedelta(minutes=45) for s in specs)


def test_a_window_with_gaps():
    """Tuesdays and Thursdays 9:00-12:00, 45 minutes, 15 between, in one week of March."""
    specs = slot_series(
        first_day=date(2027, 3, 1),
        last_day=date(2027, 3, 7),
        weekdays=[TUESDAY, THURSDAY],
        window_start=time(9),
        window_end=time(12),
        length=timedelta(minutes=45),
        gap=timedelta(minutes=15),
        location="Kantoor Waalre",
    )
    assert [(s.start.day, s.start.strftime("%H:%M"), s.end.strftime("%H:%M")) for s in specs] == [
        (2, "09:00", "09:45"),
        (2, "10:00", "10:45"),
        (2, "11:00", "11:45"),
        (4, "09:00", "09:45"),
        (4, "10:00", "10:45"),
        (4, "11:00", "11:45"),
    ]
    assert {s.location for s in specs} == {"Kantoor Waalre"}


def test_a_local_time_that_does_not_exist_is_left_out():
    # 29 March 2026: clocks jump from 2:00 to 3:00.
    specs = slot_series(
        first_day=date(2026, 3, 29),
        last_day=date(2026, 3, 29),
        weekdays=[SUNDAY],
        window_start=time(1),
        window_end=time(4),
        length=timedelta(minutes=30),
    )
    assert [s.start.strftime("%H:%M") for s in specs] == ["01:00", "03:00", "03:30"]


@given(
    first_day=st.dates(date(2025, 1, 1), date(2028, 12, 31)),
    days=st.integers(0, 60),
    weekdays=st.sets(st.integers(0, 6), min_size=1),
    start_minute=st.integers(6 * 60, 14 * 60),
    window=st.integers(0, 8 * 60),
    length=st.integers(5, 120),
    gap=st.integers(0, 60),
)
def test_series_stay_in_their_window_and_never_overlap(
    first_day, days, weekdays, start_minute, window, length, gap
):
    window_start = time(start_minute // 60, start_minute % 60)
    end_minute = min(start_minute + window, 23 * 60 + 59)
    window_end = time(end_minute // 60, end_minute % 60)
    specs = slot_series(
        first_day=first_day,
        last_day=first_day + timedelta(days=days),
        weekdays=weekdays,
        window_start=window_start,
        window_end=window_end,
        length=timedelta(minutes=length),
        gap=timedelta(minutes=gap),
    )
    for spec in specs:
        local_start, local_end = spec.start.astimezone(AMSTERDAM), spec.end.astimezone(AMSTERDAM)
        assert local_start.weekday() in weekdays
        assert local_start.time() >= window_start and local_end.time() <= window_end
        assert local_start.date() == local_end.date()
        assert spec.end - spec.start == timedelta(minutes=length)
    for earlier, later in pairwise(specs):
        assert earlier.end <= later.start
    per_day = (end_minute - start_minute + gap) // (length + gap) if window >= length else 0
    matching_days = sum(
        (first_day + timedelta(days=n)).weekday() in weekdays for n in range(days + 1)
    )
    assert len(specs) == per_day * matching_days


@pytest.mark.django_db
def test_manager_publishes_a_series_across_the_change(manager, cycle):
    slots = slots_publish_series(
        actor=manager,
        manager=manager.employee,
        first_day=date(2026, 10, 20),
        last_day=date(2026, 11, 3),
        weekdays=[TUESDAY],
        window_start=time(9),
        window_end=time(10),
        length=timedelta(minutes=45),
        video_link="https://meet.example/plusteam",
    )
    assert len(slots) == 3
    stored = Slot.objects.filter(manager=manager.employee).order_by("start")
    assert [timezone.localtime(s.start).isoformat() for s in stored] == [
        "2026-10-20T09:00:00+02:00",
        "2026-10-27T09:00:00+01:00",
        "2026-11-03T09:00:00+01:00",
    ]
    assert [s.start.astimezone(UTC) for s in stored] == [
        datetime(2026, 10, 20, 7, tzinfo=UTC),
        datetime(2026, 10, 27, 8, tzinfo=UTC),
        datetime(2026, 11, 3, 8, tzinfo=UTC),
    ]


@pytest.mark.django_db
def test_slots_may_not_overlap_published_ones(manager, slots):
    with pytest.raises(ApplicationError) as excinfo:
        slots_publish(actor=manager, manager=manager.employee, slots=[at(date(2026, 10, 6), 9, 30)])
    assert excinfo.value.code == "slot_overlap"


@pytest.mark.django_db
def test_slots_may_not_overlap_each_other(manager, cycle):
    long = at(date(2026, 10, 6), 9, minutes=180)
    with pytest.raises(ApplicationError) as excinfo:
        slots_publish(
            actor=manager,
            manager=manager.employee,
            slots=[at(date(2026, 10, 6), 9, 30), long, at(date(2026, 10, 6), 11)],
        )
    assert excinfo.value.code == "slot_overlap"
    assert not Slot.objects.exists()


@pytest.mark.django_db
def test_slots_in_the_past(manager, cycle):
    with pytest.raises(ApplicationError) as excinfo:
        slots_publish(actor=manager, manager=manager.employee, slots=[at(date(2026, 9, 30), 9)])
    assert excinfo.value.code == "slot_in_past"


@pytest.mark.django_db
def test_a_slot_needs_a_place(manager, cycle):
    from dataclasses import replace

    with pytest.raises(ApplicationError) as excinfo:
        slots_publish(
            actor=manager,
            manager=manager.employee,
            slots=[replace(at(date(2026, 10, 6), 9), location="")],
        )
    assert excinfo.value.code == "slot_no_place"


@pytest.mark.django_db
def test_a_slot_needs_a_valid_video_link(manager, cycle):
    from dataclasses import replace

    with pytest.raises(ApplicationError) as excinfo:
        slots_publish(
            actor=manager,
            manager=manager.employee,
            slots=[replace(at(date(2026, 10, 6), 9), location="", video_link="not a link")],
        )
    assert excinfo.value.code == "invalid"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["employee", "hr", "other_manager"])
def test_only_the_manager_publishes_their_own_slots(request, manager, cycle, who):
    with pytest.raises(PermissionDenied):
        slots_publish(
            actor=request.getfixturevalue(who),
            manager=manager.employee,
            slots=[at(date(2026, 10, 6), 9)],
        )


@pytest.mark.django_db
def test_an_empty_series(manager, cycle):
    with pytest.raises(ApplicationError) as excinfo:
        slots_publish_series(
            actor=manager,
            manager=manager.employee,
            first_day=date(2026, 10, 5),
            last_day=date(2026, 10, 5),
            weekdays=[TUESDAY],
            window_start=time(9),
            window_end=time(12),
            length=timedelta(minutes=45),
            location="Kantoor",
        )
    assert excinfo.value.code == "no_slots"


def test_a_time_more_than_a_year_ahead_is_refused(manager, cycle):
    # now is 1 October 2026: 1 October 2027 is within the year, 2030 is not
    slots_publish(actor=manager, manager=manager.employee, slots=[at(date(2027, 10, 1), 9)])
    with pytest.raises(ApplicationError) as excinfo:
        slots_publish(actor=manager, manager=manager.employee, slots=[at(date(2030, 1, 1), 10)])
    assert excinfo.value.code == "slot_too_far"
    assert Slot.objects.count() == 1
