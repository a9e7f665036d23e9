"""Opening and closing a cycle, and the interviews it holds.

Opening a cycle gives everyone employed an interview to plan, with their manager of that moment
(hrm's `Employee.manager`). "Employed" is judged on the day of opening, or on 1 January when a
cycle is opened ahead for next year."""

from __future__ import annotations

import copy
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import check_date
from core.errors import ApplicationError, check_fields
from core.permissions import can
from development.models import Cycle, FormTemplate, Interview
from development.notifications import notify_change_on_commit
from development.questions import DEFAULT_NAME, DEFAULT_SECTIONS
from hrm.selectors import employees_employed_on


def default_template() -> FormTemplate:
    """The default preparation form (created by a migration; again here if someone deleted
    it)."""
    template, _created = FormTemplate.objects.get_or_create(
        name=DEFAULT_NAME, defaults={"sections": copy.deepcopy(DEFAULT_SECTIONS)}
    )
    return template


def _require(actor, action: str) -> None:
    if actor is not None and not can(actor, action):
        raise PermissionDenied


def _cycle_already_open() -> ApplicationError:
    return ApplicationError(
        _("Another interview cycle is still open; close it first."), code="cycle_already_open"
    )


@transaction.atomic
def cycle_open(*, actor, year: int, deadline: date, template: FormTemplate | None = None) -> Cycle:
    """Open the cycle of `year` and give everyone employed an interview to plan. Without a
    template the default one (shipped in Dutch) is used."""
    _require(actor, "development.manage_cycle")
    check_date(deadline, "deadline")
    today = timezone.localdate()
    if year not in (today.year, today.year + 1):
        raise ApplicationError(
            _("A cycle is opened for this year or the next."),
            code="year_out_of_range",
            field="year",
        )
    if deadline < date(year, 1, 1) or deadline < today:
        raise ApplicationError(
            _("The deadline lies in the cycle's year (or later) and not in the past."),
            code="deadline_invalid",
            field="deadline",
        )
    if Cycle.objects.filter(year=year).exists():
        raise ApplicationError(
            _("There is already a cycle for %(year)s.") % {"year": year},
            code="cycle_exists",
            field="year",
        )
    if Cycle.objects.filter(status=Cycle.Status.OPEN).exists():
        raise _cycle_already_open()
    if template is None:
        template = default_template()
    cycle = Cycle(year=year, deadline=deadline, opened_by=actor, template=template)
    try:
        with transaction.atomic():
            cycle.save()
    except IntegrityError as exc:  # a parallel request opened one first
        raise _cycle_already_open() from exc
    employed_on = max(today, date(year, 1, 1))
    Interview.objects.bulk_create(
        Interview(cycle=cycle, employee=person, manager_id=person.manager_id)
        for person in employees_employed_on(employed_on)
    )
    return cycle


@transaction.atomic
def cycle_close(*, actor, cycle: Cycle) -> Cycle:
    _require(actor, "development.manage_cycle")
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    cycle.status = Cycle.Status.CLOSED
    cycle.save(update_fields=["status"])
    return cycle


@transaction.atomic
def interview_mark_not_this_year(*, actor, interview: Interview, reason: str) -> Interview:
    """No interview this year (a leaver, long-term sickness), with the reason. A booked slot is
    freed, which changes the interview's time, so its calendar sequence is raised."""
    _require(actor, "development.manage_cycle")
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("Say why there is no interview this year."), code="reason_required", field="reason"
        )
    if interview.status in (Interview.Status.HELD, Interview.Status.SIGNED):
        raise ApplicationError(_("This interview has already been held."), code="interview_closed")
    freed = interview.slot
    if freed is not None:
        # the booked time is cancelled: the two get a CANCEL for it (not the reason)
        interview.last_start, interview.last_end = freed.start, freed.end
        interview.last_location = freed.location or freed.video_link
        interview.slot = None
        interview.sequence += 1
    interview.status = Interview.Status.NOT_THIS_YEAR
    interview.not_this_year_reason = reason
    check_fields(interview, ["not_this_year_reason"])
    interview.save()
    if freed is not None:
        notify_change_on_commit(interview, "not_this_year", actor_role="hr")
    return interview
