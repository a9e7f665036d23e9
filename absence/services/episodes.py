"""Every write to sickness episodes: views, API, importers and tasks all call these. `actor=None` is the system itself (management commands, tasks).

Rules (absence-metrics.md, poortwachter.md): the first sick day lies in employment; episodes of
one person never overlap; no episode overlaps a pregnancy/maternity leave, and an episode running
into a leave ends on the day the leave starts (the service does that and says so in `notes`)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from absence.history import DETAIL_FIELDS
from absence.history import log_change as _log
from absence.history import snapshot as _snapshot
from absence.models import Episode, EpisodeChange, MaternityLeave, PartialRecovery
from absence.permissions import can_report_for
from absence.services.common import day_label, require
from absence.signals import sickness_changed
from core.dates import check_date
from core.errors import ApplicationError, check_fields
from core.periods import overlaps
from hrm.models import ContractPeriod, Employee

TEXT_FIELDS = ["contact_address", "contact_phone", "availability"]


def _require_report(actor, employee: Employee) -> None:
    if actor is not None and not can_report_for(actor, employee):
        raise PermissionDenied


# Checks shared by every write ---------------------------------------------------------------------


def check_first_sick_day(first_sick_day: date) -> None:
    """Every first sick day (reported, corrected or imported) lies in the sane range of dates
    (core.dates) and not in the future: today at the latest, or tomorrow for someone who reports
    the evening before."""
    check_date(first_sick_day, "first_sick_day")
    if first_sick_day > timezone.localdate() + timedelta(days=1):
        raise ApplicationError(
            _("A sick report cannot start in the future."),
            code="first_sick_day_future",
            field="first_sick_day",
        )


def check_employment(
    employee: Employee, first_sick_day: date, field: str = "first_sick_day"
) -> None:
    covered = ContractPeriod.objects.filter(employee=employee, start__lte=first_sick_day).filter(
        end__isnull=True
    ) | ContractPeriod.objects.filter(
        employee=employee, start__lte=first_sick_day, end__gte=first_sick_day
    )
    if not covered.exists():
        raise ApplicationError(
            _("%(name)s is not employed on %(day)s.")
            % {"name": employee.full_name, "day": day_label(first_sick_day)},
            code="not_employed",
            field=field,
        )


def check_no_overlap(
    employee: Employee, first: date, recovered: date | None, exclude_pk=None
) -> None:
    for other in Episode.objects.filter(employee=employee).exclude(pk=exclude_pk):
        if overlaps(first, recovered, other.first_sick_day, other.recovered_on):
            if other.recovered_on is None:
                message = _("%(name)s is already reported sick since %(day)s.")
            else:
                message = _(
                    "This overlaps the sickness episode of %(name)s that started on %(day)s."
                )
            raise ApplicationError(
                message % {"name": employee.full_name, "day": day_label(other.first_sick_day)},
                code="episode_overlap",
                field="first_sick_day",
            )


def _leave_clash(employee: Employee, first: date, recovered: date | None, *, auto_end: bool):
    """Returns the recovery date to use: an episode running into a leave ends on its start."""
    for leave in MaternityLeave.objects.filter(employee=employee).order_by("start"):
        leave_end_excl = leave.end + timedelta(days=1)
        if leave.start <= first < leave_end_excl:
            raise ApplicationError(
                _(
                    "%(name)s is on pregnancy or maternity leave from %(start)s to %(end)s: that is leave, not sickness."
                )
                % {
                    "name": employee.full_name,
                    "start": day_label(leave.start),
                    "end": day_label(leave.end),
                },
                code="maternity_leave_overlap",
                field="first_sick_day",
            )
        if first < leave.start and (recovered is None or recovered > leave.start):
            if not auto_end:
                raise ApplicationError(
                    _(
                        "The episode runs into the pregnancy or maternity leave that starts on %(start)s."
                    )
                    % {"start": day_label(leave.start)},
                    code="maternity_leave_overlap",
                    field="recovered_on",
                )
            return leave.start, leave
    return recovered, None


def _save(episode: Episode) -> Episode:
    try:
        with transaction.atomic():
            episode.save()
    except IntegrityError as exc:  # a concurrent write got there first: the database decides
        raise ApplicationError(
            _("This overlaps another sickness episode or a leave of this employee."),
            code="episode_overlap",
            field="first_sick_day",
        ) from exc
    # a reintegration case follows the chain
    sickness_changed.send(sender=Episode, employee_ids=[episode.employee_id])
    return episode


# Reporting sick and recovered ---------------------------------------------------------------------


@transaction.atomic
def episode_report_sick(
    *,
    actor,
    employee: Employee,
    first_sick_day: date,
    expected_duration: str = Episode.ExpectedDuration.UNKNOWN,
    contact_address: str = "",
    contact_phone: str = "",
    availability: str = "",
    notify_arbo: bool = True,
) -> Episode:
    _require_report(actor, employee)
    Employee.objects.select_for_update().filter(pk=employee.pk).first()
    check_first_sick_day(first_sick_day)
    check_employment(employee, first_sick_day)
    recovered_on, leave = _leave_clash(employee, first_sick_day, None, auto_end=True)
    # after the leave check: an episode that ends when a leave starts leaves room after it
    check_no_overlap(employee, first_sick_day, recovered_on)
    episode = Episode(
        employee=employee,
        first_sick_day=first_sick_day,
        recovered_on=recovered_on,
        expected_duration=expected_duration or Episode.ExpectedDuration.UNKNOWN,
        contact_address=contact_address,
        contact_phone=contact_phone,
        availability=availability,
        reported_by=actor,
    )
    check_fields(episode, ["expected_duration", *TEXT_FIELDS])
    _save(episode)
    _log(episode, actor, EpisodeChange.Action.REPORTED)
    episode.notes = []
    if leave is not None:
        episode.notes.append(
            _("The episode ends on %(day)s, when the pregnancy and maternity leave starts.")
            % {"day": day_label(leave.start)}
        )
        _log(episode, None, EpisodeChange.Action.ENDED_BY_LEAVE)
    if notify_arbo:
        from absence.tasks import notify_arbo_task

        transaction.on_commit(lambda: notify_arbo_task.delay(episode.pk))
    return episode


@transaction.atomic
def episode_recover(*, actor, episode: Episode, recovered_on: date) -> Episode:
    """Fully recovered: `recovered_on` is the first day fully fit again."""
    _require_report(actor, episode.employee)
    check_date(recovered_on, "recovered_on")
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    before = _snapshot(episode)
    _check_recovery(episode, recovered_on)
    episode.recovered_on = recovered_on
    _save(episode)
    _log(episode, actor, EpisodeChange.Action.RECOVERED, before=before)
    return episode


def _check_recovery(episode: Episode, recovered_on: date | None) -> None:
    if recovered_on is None:
        return
    if recovered_on <= episode.first_sick_day:
        raise ApplicationError(
            _("The recovery date must be after the first sick day (%(day)s).")
            % {"day": day_label(episode.first_sick_day)},
            code="recovery_before_start",
            field="recovered_on",
        )
    last_partial = episode.partial_recoveries.order_by("-start").first()
    if last_partial and recovered_on <= last_partial.start:
        raise ApplicationError(
            _("The recovery date must be after the last partial recovery (%(day)s).")
            % {"day": day_label(last_partial.start)},
            code="recovery_before_partial",
            field="recovered_on",
        )
    check_no_overlap(episode.employee, episode.first_sick_day, recovered_on, exclude_pk=episode.pk)
    _leave_clash(episode.employee, episode.first_sick_day, recovered_on, auto_end=False)


@transaction.atomic
def episode_partial_recovery(
    *, actor, episode: Episode, start: date, percentage: Decimal
) -> Episode:
    """From `start` the employee works `percentage` % of the contract, as the company doctor
    advised. 100 % means fully recovered on that day."""
    _require_report(actor, episode.employee)
    check_date(start, "start")
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    percentage = Decimal(percentage)
    if percentage < 0 or percentage > 100:
        raise ApplicationError(
            _("The percentage is between 0 and 100."), code="percentage_range", field="percentage"
        )
    if percentage == 100:
        return episode_recover(actor=actor, episode=episode, recovered_on=start)
    if start < episode.first_sick_day or (episode.recovered_on and start >= episode.recovered_on):
        raise ApplicationError(
            _("The date must lie within the episode (from %(start)s%(end)s).")
            % {
                "start": day_label(episode.first_sick_day),
                "end": (_(" until %(day)s") % {"day": day_label(episode.recovered_on)})
                if episode.recovered_on
                else "",
            },
            code="partial_outside_episode",
            field="start",
        )
    before = _snapshot(episode)
    PartialRecovery.objects.update_or_create(
        episode=episode, start=start, defaults={"percentage": percentage}
    )
    _log(episode, actor, EpisodeChange.Action.PARTIAL, before=before)
    return episode


@transaction.atomic
def episode_update_details(*, actor, episode: Episode, **details) -> Episode:
    """HR records what privacy.md allows: expected duration, address and phone while sick,
    availability, and the three yes/no flags."""
    require(actor, "absence.record_details")
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"not a detail field: {sorted(unknown)}")
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    before = _snapshot(episode)
    for name, value in details.items():
        setattr(episode, name, value)
    episode.full_clean(exclude=["employee", "reported_by"])
    _save(episode)
    _log(episode, actor, EpisodeChange.Action.CORRECTED, before=before, reason=_("Details updated"))
    return episode


@transaction.atomic
def episode_correct(
    *,
    actor,
    episode: Episode,
    reason: str,
    first_sick_day: date,
    recovered_on: date | None,
    partial_recoveries: list[tuple[date, Decimal]] | None = None,
) -> Episode:
    """HR corrects the dates of an episode; the reason is required and kept in the history."""
    require(actor, "absence.correct")
    if not reason or not reason.strip():
        raise ApplicationError(
            _("Give the reason for this correction."), code="reason_required", field="reason"
        )
    check_fields(EpisodeChange(reason=reason.strip()), ["reason"])
    check_first_sick_day(first_sick_day)
    check_date(recovered_on, "recovered_on")
    for start, _percentage in partial_recoveries or []:
        check_date(start, "partial_recoveries")
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    before = _snapshot(episode)
    check_employment(episode.employee, first_sick_day)
    if recovered_on is not None and recovered_on <= first_sick_day:
        raise ApplicationError(
            _("The recovery date must be after the first sick day."),
            code="recovery_before_start",
            field="recovered_on",
        )
    check_no_overlap(episode.employee, first_sick_day, recovered_on, exclude_pk=episode.pk)
    _leave_clash(episode.employee, first_sick_day, recovered_on, auto_end=False)
    if partial_recoveries is not None:
        for start, percentage in partial_recoveries:
            if (
                start < first_sick_day
                or (recovered_on and start >= recovered_on)
                or not (0 <= percentage < 100)
            ):
                raise ApplicationError(
                    _(
                        "Each partial recovery lies within the episode, with a percentage from 0 to below 100."
                    ),
                    code="partial_outside_episode",
                    field="partial_recoveries",
                )
        episode.partial_recoveries.all().delete()
        PartialRecovery.objects.bulk_create(
            [PartialRecovery(episode=episode, start=s, percentage=p) for s, p in partial_recoveries]
        )
    elif episode.partial_recoveries.filter(start__lt=first_sick_day).exists() or (
        recovered_on and episode.partial_recoveries.filter(start__gte=recovered_on).exists()
    ):
        raise ApplicationError(
            _("A partial recovery would lie outside the corrected episode: correct it as well."),
            code="partial_outside_episode",
            field="first_sick_day",
        )
    episode.first_sick_day, episode.recovered_on = first_sick_day, recovered_on
    _save(episode)
    _log(episode, actor, EpisodeChange.Action.CORRECTED, before=before, reason=reason.strip())
    return episode


# ArboNed ------------------------------------------------------------------------------------------


@transaction.atomic
def episode_mark_arbo_portal(*, actor, episode: Episode) -> Episode:
    require(actor, "absence.arbo")
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    if episode.arbo_notified_at is None:
        episode.arbo_notified_at = timezone.now()
        episode.arbo_channel = Episode.ArboChannel.PORTAL
        episode.save(update_fields=["arbo_notified_at", "arbo_channel", "updated_at"])
        _log(episode, actor, EpisodeChange.Action.ARBO)
    return episode
