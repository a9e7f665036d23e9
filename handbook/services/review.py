"""The steps of a version through the PVT and the board to publication. Each step asks the rule
in `handbook.workflow` first; a step out of order is refused with that rule in the message."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.dates import check_date
from core.errors import ApplicationError, check_fields
from handbook import workflow
from handbook.models import Version
from handbook.services.common import facts, lock, refuse_if, require
from hrm.selectors import organisation_settings


def default_deadline(today: date | None = None) -> date:
    """The response deadline the organisation agreed with the PVT (6 weeks by default)."""
    today = today or timezone.localdate()
    return today + timedelta(weeks=organisation_settings().pvt_review_weeks)


@transaction.atomic
def version_submit(
    *, actor, version: Version, request: str = "", deadline: date | None = None
) -> Version:
    """Submit a draft to the PVT with the written request and a response deadline."""
    require(actor, "handbook.manage")
    version = lock(version)
    deadline = deadline or default_deadline()
    check_date(deadline, "deadline")
    version.request = (request or "").strip()
    version.deadline = deadline
    field = (
        "deadline"
        if version.request or version.chapter.participation == "information"
        else "request"
    )
    refuse_if(workflow.cannot_submit(facts(version), timezone.localdate()), field)
    check_fields(version, ["request"])
    version.status = Version.Status.SUBMITTED
    version.submitted_at, version.submitted_by = timezone.now(), actor
    version.save()
    from handbook.notifications import notify_pvt_on_commit

    notify_pvt_on_commit(version)
    return version


@transaction.atomic
def version_respond(
    *,
    actor,
    version: Version,
    outcome: str,
    motivation: str = "",
    pvt_meeting_on: date | None = None,
) -> Version:
    """The PVT's formal response, recorded by a PVT member on behalf of the PVT."""
    require(actor, "handbook.respond")
    version = lock(version)
    refuse_if(workflow.cannot_respond(facts(version), outcome), "outcome")
    if not (motivation or "").strip():
        raise ApplicationError(
            _("The PVT motivates its response."), code="required", field="motivation"
        )
    if pvt_meeting_on is not None:
        check_date(pvt_meeting_on, "pvt_meeting_on")
        submitted_on = timezone.localdate(version.submitted_at) if version.submitted_at else None
        if submitted_on is not None and pvt_meeting_on < submitted_on:
            raise ApplicationError(
                _("The PVT meets on the request on or after the day it was submitted (%(day)s).")
                % {"day": date_format(submitted_on, "j F Y")},
                code="invalid",
                field="pvt_meeting_on",
            )
        if pvt_meeting_on > timezone.localdate():
            raise ApplicationError(
                _("The PVT meeting lies today or earlier."), code="invalid", field="pvt_meeting_on"
            )
    version.outcome, version.motivation = outcome, motivation.strip()
    version.pvt_meeting_on = pvt_meeting_on
    check_fields(version, ["motivation"])
    version.status = Version.Status.RESPONDED
    version.responded_at, version.responded_by = timezone.now(), actor
    version.save()
    return version


@transaction.atomic
def version_decide(*, actor, version: Version, date: date, reference: str) -> Version:
    """The general board's decision (date and reference), recorded by the director or a board
    member."""
    require(actor, "handbook.decide")
    version = lock(version)
    check_date(date, "date")
    refuse_if(workflow.cannot_decide(facts(version), timezone.localdate()))
    if date > timezone.localdate():
        raise ApplicationError(
            _("The board's decision lies today or earlier."), code="invalid", field="date"
        )
    if version.responded_at is not None and date < timezone.localdate(version.responded_at):
        raise ApplicationError(
            _("The board decides after the PVT's response of %(day)s.")
            % {"day": date_format(timezone.localdate(version.responded_at), "j F Y")},
            code="invalid",
            field="date",
        )
    if version.submitted_at is not None and date < timezone.localdate(version.submitted_at):
        raise ApplicationError(
            _("The board decides after the version was submitted to the PVT."),
            code="invalid",
            field="date",
        )
    reference = (reference or "").strip()
    if not reference:
        raise ApplicationError(
            _("Give the decision's reference (for example AB-2026-14)."),
            code="required",
            field="reference",
        )
    version.decided_on, version.decision_reference = date, reference
    check_fields(version, ["decision_reference"])
    version.status = Version.Status.DECIDED
    version.decided_by = actor
    version.save()
    from handbook.notifications import notify_pvt_of_decision_on_commit

    notify_pvt_of_decision_on_commit(version)
    return version


@transaction.atomic
def version_publish(*, actor, version: Version, effective_date: date) -> Version:
    """Publish a decided version with its effective date; the version published before it is
    archived (it stays readable, with who decided what when)."""
    require(actor, "handbook.manage")
    version = lock(version)
    check_date(effective_date, "effective_date")
    refuse_if(
        workflow.cannot_publish(facts(version), effective_date, timezone.localdate()),
        "effective_date",
    )
    now = timezone.now()
    Version.objects.filter(chapter=version.chapter, status=Version.Status.PUBLISHED).update(
        status=Version.Status.ARCHIVED, archived_at=now
    )
    version.status = Version.Status.PUBLISHED
    version.effective_date = effective_date
    version.published_at, version.published_by = now, actor
    version.save()
    return version
