"""Every write to pregnancy and maternity leave (WAZO): leave, not sickness. An episode running
into a leave ends on the day the leave starts (the service does that and says so in `notes`);
an episode starting inside a leave is refused."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from absence.history import log_change as _log
from absence.history import snapshot as _snapshot
from absence.models import Episode, EpisodeChange, MaternityLeave
from absence.services.common import day_label, require
from absence.signals import sickness_changed
from core.dates import check_date
from core.errors import ApplicationError
from hrm.models import Employee


@transaction.atomic
def maternity_leave_record(*, actor, employee: Employee, start: date, end: date) -> MaternityLeave:
    """Record a leave. An episode running into it ends on its first day (and `notes` says so);
    an episode starting inside it is refused."""
    require(actor, "absence.manage_leave")
    check_date(start, "start")
    check_date(end, "end")
    Employee.objects.select_for_update().filter(pk=employee.pk).first()
    if end < start:
        raise ApplicationError(
            _("The end date cannot be before the start date."), code="leave_dates", field="end"
        )
    for other in MaternityLeave.objects.filter(employee=employee):
        if other.start <= end and start <= other.end:
            raise ApplicationError(
                _("This overlaps the leave from %(start)s to %(end)s.")
                % {"start": day_label(other.start), "end": day_label(other.end)},
                code="leave_overlap",
                field="start",
            )
    notes = []
    for episode in (
        Episode.objects.select_for_update().filter(employee=employee).order_by("first_sick_day")
    ):
        end_excl = episode.recovered_on
        if start <= episode.first_sick_day <= end:
            raise ApplicationError(
                _(
                    "The sickness episode from %(day)s starts inside this leave: correct or remove it first."
                )
                % {"day": day_label(episode.first_sick_day)},
                code="episode_inside_leave",
                field="start",
            )
        if episode.first_sick_day < start and (end_excl is None or end_excl > start):
            before = _snapshot(episode)
            if episode.partial_recoveries.filter(start__gte=start).exists():
                raise ApplicationError(
                    _(
                        "A partial recovery of the running episode lies after the leave starts: correct it first."
                    ),
                    code="partial_outside_episode",
                    field="start",
                )
            episode.recovered_on = start
            episode.save(update_fields=["recovered_on", "updated_at"])
            _log(episode, actor, EpisodeChange.Action.ENDED_BY_LEAVE, before=before)
            notes.append(
                _(
                    "The sickness episode since %(first)s now ends on %(day)s, when the leave starts."
                )
                % {"first": day_label(episode.first_sick_day), "day": day_label(start)}
            )
    leave = MaternityLeave(employee=employee, start=start, end=end, created_by=actor)
    try:
        with transaction.atomic():
            leave.save()
    except IntegrityError as exc:
        raise ApplicationError(
            _("This overlaps another leave or episode."), code="leave_overlap", field="start"
        ) from exc
    leave.notes = notes
    # a leave can bridge two episodes into one chain
    sickness_changed.send(sender=MaternityLeave, employee_ids=[employee.pk])
    return leave


@transaction.atomic
def maternity_leave_delete(*, actor, leave: MaternityLeave) -> None:
    require(actor, "absence.manage_leave")
    leave.delete()
    sickness_changed.send(sender=MaternityLeave, employee_ids=[leave.employee_id])
