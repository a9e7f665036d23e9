"""Reads for absence. The statistics frames load in a constant number of queries; reads of an
individual's sickness records write an audit row (core.audit)."""

from __future__ import annotations

from datetime import date

import pandas as pd
from django.db.models import Prefetch, QuerySet

from absence import intervals, stats
from absence.models import Episode, MaternityLeave, PartialRecovery
from absence.permissions import episodes_visible_to, leave_visible_to, subjects_visible_to
from core.audit import audit_list, audited_get
from hrm.models import ContractPeriod, Employee, OrganisationSettings

CONTRACT_COLUMNS = ["employee_id", "team", "start", "end", "hours_per_week"]
EPISODE_COLUMNS = ["episode_id", "employee_id", "first_sick_day", "recovered_on"]
PARTIAL_COLUMNS = ["episode_id", "start", "percentage"]


def norms() -> stats.Norms:
    s = OrganisationSettings.get()
    return stats.Norms(
        full_time_hours=float(s.full_time_hours),
        target_percentage=float(s.absence_target),
        amber_band=float(s.amber_band),
    )


def absence_frames(*, employee_ids: list[int] | None = None, until: date | None = None):
    """(contracts, episodes, partials) as DataFrames, in three queries."""
    contracts = ContractPeriod.objects.all()
    episodes = Episode.objects.all()
    partials = PartialRecovery.objects.all()
    if employee_ids is not None:
        contracts = contracts.filter(employee_id__in=employee_ids)
        episodes = episodes.filter(employee_id__in=employee_ids)
        partials = partials.filter(episode__employee_id__in=employee_ids)
    if until is not None:
        contracts = contracts.filter(start__lte=until)
        episodes = episodes.filter(first_sick_day__lte=until)
        partials = partials.filter(episode__first_sick_day__lte=until)
    c = pd.DataFrame.from_records(
        contracts.values_list("employee_id", "team__name", "start", "end", "hours_per_week"),
        columns=CONTRACT_COLUMNS,
    )
    c["hours_per_week"] = c["hours_per_week"].astype(float)
    e = pd.DataFrame.from_records(
        episodes.values_list("pk", "employee_id", "first_sick_day", "recovered_on"),
        columns=EPISODE_COLUMNS,
    )
    p = pd.DataFrame.from_records(
        partials.values_list("episode_id", "start", "percentage"), columns=PARTIAL_COLUMNS
    )
    p["percentage"] = p["percentage"].astype(float)
    return c, e, p


def employee_absence(viewer, employee_pk):
    """One employee's absence history for `viewer` (404 if not visible); audited."""
    employee = audited_get(
        viewer,
        subjects_visible_to(viewer),
        employee_pk,
        action="view_absence_history",
        object_type="employee",
        subject=None,
    )
    episodes = list(
        Episode.objects.filter(employee=employee)
        .prefetch_related(
            Prefetch("partial_recoveries", queryset=PartialRecovery.objects.order_by("start"))
        )
        .order_by("-first_sick_day")
    )
    leave = list(MaternityLeave.objects.filter(employee=employee).order_by("-start"))
    return employee, episodes, leave


def episode_for_viewer(viewer, pk, *, check=None) -> Episode:
    """One episode (404 if not visible), with an audit row for the read. Every door to an
    episode takes it here: its page, its form pages, the API (`check` refuses before the read)."""
    return audited_get(
        viewer,
        episodes_for_list(viewer).select_related("reported_by"),
        pk,
        action="view_episode",
        object_type="episode",
        check=check,
    )


def audit_episode_list(viewer, episodes) -> None:
    audit_list(viewer, episodes, action="list_episode", object_type="episode")


def leave_for_viewer(viewer, pk) -> MaternityLeave:
    """One pregnancy and maternity leave (404 if not visible), with an audit row for the read."""
    return audited_get(
        viewer,
        leave_visible_to(viewer).select_related("employee"),
        pk,
        action="view_leave",
        object_type="maternity_leave",
    )


def audit_leave_list(viewer, leaves) -> None:
    audit_list(viewer, leaves, action="list_leave", object_type="maternity_leave")


def episodes_for_list(viewer) -> QuerySet[Episode]:
    return (
        episodes_visible_to(viewer)
        .select_related("employee")
        .prefetch_related(
            Prefetch("partial_recoveries", queryset=PartialRecovery.objects.order_by("start"))
        )
    )


def arbo_overdue(today: date, queryset: QuerySet[Episode] | None = None) -> QuerySet[Episode]:
    """Episodes not passed to ArboNed although sick day N (a setting, default 7) has passed and
    the employee was still sick on it. A spell that ended before day N is not flagged."""
    from datetime import timedelta

    from django.db.models import DateField, ExpressionWrapper, F, Q

    days = OrganisationSettings.get().arbo_notification_days
    queryset = queryset if queryset is not None else Episode.objects.all()
    still_sick_on_deadline = Q(recovered_on__isnull=True) | Q(
        recovered_on__gt=ExpressionWrapper(
            F("first_sick_day") + timedelta(days=days - 1), output_field=DateField()
        )
    )
    return queryset.filter(
        arbo_notified_at__isnull=True, first_sick_day__lt=today - timedelta(days=days - 1)
    ).filter(still_sick_on_deadline)


# For the apps built on absence (reintegration): sickness as plain data ------------------------


def sickness_subjects_visible_to(viewer) -> QuerySet[Employee]:
    """The employees whose individual sickness records `viewer` may read (absence.permissions):
    whoever may read someone's sickness may read what is built on it."""
    return subjects_visible_to(viewer)


def sickness_spells(employee_ids) -> QuerySet:
    """(employee_id, first_sick_day, recovered_on) of every episode of these employees, by first
    sick day; `recovered_on` is the first fit day (None: still sick). One query."""
    return (
        Episode.objects.filter(employee_id__in=employee_ids)
        .order_by("first_sick_day")
        .values_list("employee_id", "first_sick_day", "recovered_on")
    )


def leave_spans(employee_ids) -> QuerySet:
    """(employee_id, start, end) of every pregnancy and maternity leave of these employees
    (`end` inclusive). One query."""
    return MaternityLeave.objects.filter(employee_id__in=employee_ids).values_list(
        "employee_id", "start", "end"
    )


def arbo_notifications(employee_ids) -> dict[tuple[int, date], object]:
    """When each episode of these employees was passed to ArboNed, by (employee_id, first sick
    day); episodes not passed on are left out. One query."""
    rows = Episode.objects.filter(employee_id__in=employee_ids).values_list(
        "employee_id", "first_sick_day", "arbo_notified_at"
    )
    return {(e, d): n for e, d, n in rows if n is not None}


def employees_ever_sick() -> list[int]:
    """The ids of everyone with at least one sickness episode, in order."""
    return sorted(set(Episode.objects.values_list("employee_id", flat=True)))


def incapacity_stretches(employee_ids) -> dict[int, list[tuple[date, date, float]]]:
    """Per employee, the stretches of sickness as (first day, last day inclusive, incapacity
    factor): 1 while fully sick, 1 - P/100 from a partial recovery on; a running episode ends
    on `date.max`. The absence engine's own segmentation (intervals.py), two queries."""
    episodes = pd.DataFrame.from_records(
        Episode.objects.filter(employee_id__in=employee_ids).values_list(
            "pk", "employee_id", "first_sick_day", "recovered_on"
        ),
        columns=EPISODE_COLUMNS,
    )
    partials = pd.DataFrame.from_records(
        PartialRecovery.objects.filter(episode__employee_id__in=employee_ids).values_list(
            "episode_id", "start", "percentage"
        ),
        columns=PARTIAL_COLUMNS,
    )
    stretches: dict[int, list[tuple[date, date, float]]] = {}
    if episodes.empty:
        return stretches
    for employee, first, last, factor in intervals.incapacity_stretches(episodes, partials):
        stretches.setdefault(employee, []).append((first, last, factor))
    return stretches
