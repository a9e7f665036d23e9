"""Reintegration cases under the Gatekeeper Act (issue 7): reads and writes.

The deadlines come from the pure schedule in absence/poortwachter.py; this module feeds it from
the database (episodes, leave, what has been recorded) and keeps one `ReintegrationCase` per
chain that ran past sick day 7: created, closed on recovery, reopened when a new episode joins
the chain. Every read of a case by someone other than the employee is audited."""

from __future__ import annotations

import logging
import secrets
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from absence import poortwachter as pw
from absence.models import (
    CalendarFeed,
    CaseActivity,
    CaseDocument,
    CaseRecord,
    Episode,
    MaternityLeave,
    ReintegrationCase,
)
from absence.permissions import subjects_visible_to
from core.audit import audit_list, audited_get
from core.errors import ApplicationError, check_fields
from core.permissions import can, employee_of, users_with_role
from core.roles import Role
from hrm.models import Employee, OrganisationSettings

logger = logging.getLogger(__name__)

CASE_FROM_SICK_DAY = 8  # "still open after sick day 7"

MILESTONE_LABELS = {
    "arbodienst_notification": gettext_lazy("Sick report passed to ArboNed"),
    "problem_analysis": gettext_lazy("Problem analysis"),
    "action_plan": gettext_lazy("Action plan"),
    "plan_evaluation": gettext_lazy("Next evaluation of the action plan"),
    "uwv_42_week_report": gettext_lazy("42nd-week sick report to UWV"),
    "first_year_evaluation": gettext_lazy("First-year evaluation"),
    "final_evaluation": gettext_lazy("Final evaluation"),
    "wia_application": gettext_lazy("WIA application"),
    "waiting_period_end": gettext_lazy("End of the 104-week waiting period"),
}
STATUS_LABELS = {
    "done": gettext_lazy("done"),
    "overdue": gettext_lazy("overdue"),
    "due_soon": gettext_lazy("due within 14 days"),
    "upcoming": gettext_lazy("upcoming"),
    "not_needed": gettext_lazy("not needed after recovery"),
}


# Chains from the database ---------------------------------------------------------------------


def _spells_and_leaves(employee_ids) -> dict[int, tuple[list[pw.Spell], list[pw.Leave]]]:
    """Per employee, their episodes and leave as the pure module's types (two queries)."""
    out: dict[int, tuple[list, list]] = defaultdict(lambda: ([], []))
    episodes = Episode.objects.filter(employee_id__in=employee_ids).order_by("first_sick_day")
    for employee_id, first, recovered in episodes.values_list(
        "employee_id", "first_sick_day", "recovered_on"
    ):
        out[employee_id][0].append(pw.Spell(first, recovered))
    leaves = MaternityLeave.objects.filter(employee_id__in=employee_ids)
    for employee_id, start, end in leaves.values_list("employee_id", "start", "end"):
        out[employee_id][1].append(pw.Leave(start, end))
    return out


def chains_as_of(spells, leaves, as_of: date) -> list[pw.Chain]:
    """The chains as known on `as_of`: later episodes ignored, a recovery after it not yet."""
    known = [
        pw.Spell(
            s.first_sick_day, s.recovered_on if s.recovered_on and s.recovered_on <= as_of else None
        )
        for s in spells
        if s.first_sick_day <= as_of
    ]
    return pw.chains(known, leaves) if known else []


def _chain_holding(chains: list[pw.Chain], day: date) -> pw.Chain | None:
    for chain in chains:
        last = chain.spells[-1]
        end = last.recovered_on or date.max
        if chain.start <= day < end:
            return chain
    return None


# Keeping cases in step with the episodes ------------------------------------------------------


def default_owner():
    return users_with_role(Role.ADJUNCT_DIRECTOR).order_by("pk").first()


def sync_employees(employee_ids, today: date | None = None) -> dict[str, int]:
    """Create, close and reopen the cases of these employees from their episodes."""
    today = today or timezone.localdate()
    data = _spells_and_leaves(employee_ids)
    existing = defaultdict(list)
    for case in ReintegrationCase.objects.filter(employee_id__in=employee_ids):
        existing[case.employee_id].append(case)
    counts = {"created": 0, "closed": 0, "reopened": 0}
    owner = None
    new: list[ReintegrationCase] = []
    for employee_id in employee_ids:
        spells, leaves = data.get(employee_id, ([], []))
        cases = existing.get(employee_id, [])
        previous_end = date.min
        for chain in chains_as_of(spells, leaves, today):
            # a case belongs to this chain when it starts in the chain or in the gap before it
            # (a first sick day corrected to a later date moves the chain's start forward)
            lower, previous_end = previous_end, chain.recovered_on or date.max
            if chain.sick_day_on(today) < CASE_FROM_SICK_DAY:
                continue
            end = chain.recovered_on or date.max
            inside = sorted(
                (c for c in cases if lower <= c.chain_start < end),
                key=lambda c: c.chain_start,
            )
            case = inside[0] if inside else None
            for extra in inside[1:]:
                # two chains became one (a leave bridges them, a date was corrected): one file
                CaseRecord.objects.filter(case=extra).update(case=case)
                cases.remove(extra)
                extra.delete()
                counts["merged"] = counts.get("merged", 0) + 1
            closed_on = chain.recovered_on
            if case is None:
                owner = owner or default_owner()
                new.append(
                    ReintegrationCase(
                        employee_id=employee_id,
                        chain_start=chain.start,
                        owner=owner,
                        closed_on=closed_on,
                    )
                )
                continue
            changed = []
            if case.chain_start != chain.start:  # an episode was corrected or added before it
                case.chain_start = chain.start
                changed.append("chain_start")
            if case.closed_on != closed_on:
                counts["closed" if closed_on else "reopened"] += 1
                case.closed_on = closed_on
                changed.append("closed_on")
            if changed:
                case.save(update_fields=changed)
    ReintegrationCase.objects.bulk_create(new, batch_size=1000)
    counts["created"] = len(new)
    return counts


def sync_all(today: date | None = None) -> dict[str, int]:
    ids = sorted(set(Episode.objects.values_list("employee_id", flat=True)))
    return sync_employees(ids, today)


# Reading a case --------------------------------------------------------------------------------


def cases_visible_to(user) -> QuerySet[ReintegrationCase]:
    """The case files `user` may read: those of the people whose sickness records they see."""
    if not (can(user, "reintegration.view") or employee_of(user) is not None):
        return ReintegrationCase.objects.none()
    return ReintegrationCase.objects.filter(employee__in=subjects_visible_to(user))


@dataclass
class CaseView:
    case: ReintegrationCase
    chain: pw.Chain | None
    schedule: pw.Schedule | None

    @property
    def next_milestone(self) -> pw.Milestone | None:
        """The first milestone still to do (overdue first, then by due date)."""
        if self.schedule is None:
            return None
        todo = [
            m for m in self.schedule.milestones if m.status in {"overdue", "due_soon", "upcoming"}
        ]
        return min(todo, key=lambda m: (m.status != "overdue", m.due), default=None)

    @property
    def overdue(self) -> list[pw.Milestone]:
        return (
            [m for m in self.schedule.milestones if m.status == "overdue"] if self.schedule else []
        )


def _schedule_of(
    chain: pw.Chain,
    as_of: date,
    *,
    records,
    notified_at,
    wia_letter_date: date | None,
    notification_days: int,
) -> pw.Schedule:
    """The chain's schedule with what is done by `as_of`: the first record of each milestone's
    kind (a record dated ahead is planned, not done), every plan evaluation, and the day the
    first episode was passed to ArboNed."""
    done: dict[str, date] = {}
    evaluations = []
    for record in records:
        if record.date > as_of:
            continue
        if record.kind == CaseRecord.Kind.PLAN_EVALUATION:
            evaluations.append(record.date)
        elif record.kind in pw.MILESTONE_KEYS:
            done[record.kind] = min(record.date, done.get(record.kind, record.date))
    if notified_at and timezone.localdate(notified_at) <= as_of:
        done["arbodienst_notification"] = timezone.localdate(notified_at)
    return pw.schedule(
        chain,
        as_of=as_of,
        done=done,
        evaluations=evaluations,
        wia_letter_date=wia_letter_date,
        notification_days=notification_days,
    )


def _notified(employee_ids) -> dict[tuple[int, date], object]:
    """When each episode was passed to ArboNed, by (employee, first sick day)."""
    rows = Episode.objects.filter(employee_id__in=employee_ids).values_list(
        "employee_id", "first_sick_day", "arbo_notified_at"
    )
    return {(e, d): n for e, d, n in rows if n is not None}


def view_of(
    case: ReintegrationCase,
    today: date,
    *,
    data=None,
    records=None,
    notified=None,
    notification_days: int | None = None,
) -> CaseView:
    """The case with its chain and schedule on `today` (the keyword arguments let `views_of`
    load many cases at once)."""
    if data is None:
        data = _spells_and_leaves([case.employee_id])
    spells, leaves = data.get(case.employee_id, ([], []))
    chain = _chain_holding(chains_as_of(spells, leaves, today), case.chain_start)
    if chain is None:
        return CaseView(case, None, None)
    if notified is None:
        notified = _notified([case.employee_id])
    schedule = _schedule_of(
        chain,
        today,
        records=list(case.records.all()) if records is None else records,
        notified_at=notified.get((case.employee_id, chain.start)),
        wia_letter_date=case.wia_letter_date,
        notification_days=notification_days or OrganisationSettings.get().arbo_notification_days,
    )
    return CaseView(case, chain, schedule)


def views_of(cases: list[ReintegrationCase], today: date) -> list[CaseView]:
    """Many cases at once, in a constant number of queries."""
    ids = {c.employee_id for c in cases}
    data = _spells_and_leaves(ids)
    notified = _notified(ids)
    records = defaultdict(list)
    for record in CaseRecord.objects.filter(case__in=cases):
        records[record.case_id].append(record)
    days = OrganisationSettings.get().arbo_notification_days
    return [
        view_of(
            case,
            today,
            data=data,
            records=records[case.pk],
            notified=notified,
            notification_days=days,
        )
        for case in cases
    ]


def open_cases(user, today: date) -> list[CaseView]:
    """Open cases `user` may see, overdue first, then by next deadline (not audited: the
    callers audit the rows they show)."""
    cases = list(
        cases_visible_to(user).filter(closed_on__isnull=True).select_related("employee", "owner")
    )
    views = views_of(cases, today)
    return sorted(
        views,
        key=lambda v: (
            not v.overdue,
            v.next_milestone.due if v.next_milestone else date.max,
        ),
    )


def case_for_viewer(user, pk, *, check=None) -> ReintegrationCase:
    """A case file `user` may read (else 404), with an audit row for the read; every door to a
    case (its page, forms, PDF, API) takes it here (`check` refuses before the read)."""
    return audited_get(
        user,
        cases_visible_to(user)
        .select_related("employee", "owner")
        .prefetch_related(
            Prefetch(
                "records",
                queryset=CaseRecord.objects.prefetch_related(
                    "activities", "documents"
                ).select_related("created_by"),
            )
        ),
        pk,
        action="view_case",
        object_type="case",
        check=check,
    )


def audit_case_list(user, cases, *, action: str = "list_case") -> None:
    audit_list(user, cases, action=action, object_type="case")


def record_for_viewer(user, pk, *, check=None) -> CaseRecord:
    """A record of a case file `user` may read (else 404), with an audit row for the read."""
    return audited_get(
        user,
        CaseRecord.objects.select_related("case__employee").filter(case__in=cases_visible_to(user)),
        pk,
        action="view_case_record",
        object_type="case_record",
        subject="case.employee",
        check=check,
    )


def timeline(view: CaseView) -> list[dict]:
    """The milestones of a case with their labels, for the page and the PDF file."""
    return [
        {
            "milestone": m,
            "label": MILESTONE_LABELS[m.key],
            "status_label": STATUS_LABELS[m.status],
        }
        for m in (view.schedule.milestones if view.schedule else [])
    ]


def document_for_viewer(user, pk) -> CaseDocument:
    return audited_get(
        user,
        CaseDocument.objects.select_related("record__case__employee").filter(
            record__case__in=cases_visible_to(user)
        ),
        pk,
        action="read_case_document",
        object_type="case_document",
        subject="record.case.employee",
    )


# Writing ----------------------------------------------------------------------------------------


def _require_manage(actor) -> None:
    if not can(actor, "reintegration.manage"):
        raise PermissionDenied


PDF_MAGIC = b"%PDF-"
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


def _check_document(upload) -> None:
    head = upload.read(5)
    upload.seek(0)
    if head != PDF_MAGIC:
        raise ApplicationError(
            _("%(name)s is not a PDF file.") % {"name": upload.name},
            code="document_not_pdf",
            field="documents",
        )
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ApplicationError(
            _("%(name)s is larger than 20 MB.") % {"name": upload.name},
            code="document_too_large",
            field="documents",
        )


@contextmanager
def _files_with_their_rows(uploads):
    """One transaction for rows that carry files (CaseDocument), so that MEDIA_ROOT never holds
    a file without its row: each file written inside (listed in the yielded list) is deleted
    again when the block fails. When it writes files it must be the outermost transaction
    (durable): only then does leaving it without an error mean its rows are committed."""
    written: list[str] = []
    try:
        with transaction.atomic(durable=bool(uploads)):
            yield written
    except BaseException:
        for name in written:
            _delete_file(name)
        raise


def _store_document(*, actor, record: CaseRecord, upload, written: list[str]) -> CaseDocument:
    document = CaseDocument(
        record=record, name=upload.name[:200], size=upload.size, uploaded_by=actor
    )
    document.file.save(upload.name, upload, save=False)
    written.append(document.file.name)
    document.save()
    return document


def _delete_file(name: str) -> None:
    from django.core.files.storage import default_storage

    try:
        default_storage.delete(name)
    except OSError:
        logger.exception("Could not delete the document file %s", name)


def delete_document_file_on_commit(sender, instance: CaseDocument, **kwargs) -> None:
    """post_delete of a CaseDocument (also in a cascade: a record, a case, an employee; also
    from the admin): its file goes once the deletion is committed, never while it can still
    be rolled back."""
    if instance.file.name:
        transaction.on_commit(partial(_delete_file, instance.file.name))


def record_add(
    *,
    actor,
    case: ReintegrationCase,
    activities: list[dict] | None = None,
    documents=(),
    **fields,
) -> CaseRecord:
    """Record a consultation, analysis, plan, evaluation or report, with its agreed activities
    and PDF documents: all of it or nothing, files included."""
    _require_manage(actor)
    today = timezone.localdate()
    if fields.get("date") and fields["date"] > today + timedelta(days=366):
        raise ApplicationError(
            _("The date lies more than a year ahead."), code="date_too_late", field="date"
        )
    if fields.get("date") and fields["date"] < case.chain_start:
        raise ApplicationError(
            _("The date lies before the first sick day of this case."),
            code="date_before_case",
            field="date",
        )
    for upload in documents:
        _check_document(upload)
    record = CaseRecord(case=case, created_by=actor, **fields)
    check_fields(record, list(fields))
    planned = [CaseActivity(**activity) for activity in activities or []]
    for activity, given in zip(planned, activities or [], strict=True):
        check_fields(activity, list(given))
    with _files_with_their_rows(documents) as written:
        record.save()
        for activity in planned:
            activity.record = record
            activity.save()
        for upload in documents:
            _store_document(actor=actor, record=record, upload=upload, written=written)
    return record


def documents_add(*, actor, record: CaseRecord, uploads) -> list[CaseDocument]:
    """Add PDF documents to a record: every file is checked before any is written, and either
    all are stored with their rows or none."""
    _require_manage(actor)
    for upload in uploads:
        _check_document(upload)
    with _files_with_their_rows(uploads) as written:
        return [
            _store_document(actor=actor, record=record, upload=upload, written=written)
            for upload in uploads
        ]


def document_add(*, actor, record: CaseRecord, upload) -> CaseDocument:
    return documents_add(actor=actor, record=record, uploads=[upload])[0]


EMPLOYEE_VIEW_KINDS = frozenset(
    {
        CaseRecord.Kind.ACTION_PLAN,
        CaseRecord.Kind.PLAN_EVALUATION,
        CaseRecord.Kind.FIRST_YEAR_EVALUATION,
        CaseRecord.Kind.FINAL_EVALUATION,
    }
)


def employee_view_set(*, actor, record: CaseRecord, text: str) -> CaseRecord:
    """The employee's own view on the action plan or an evaluation (only the employee)."""
    me = employee_of(actor)
    if me is None or me.pk != record.case.employee_id:
        raise PermissionDenied
    if record.kind not in EMPLOYEE_VIEW_KINDS:
        raise ApplicationError(
            _("You can add your view to the action plan and the evaluations."),
            code="view_not_allowed",
        )
    record.employee_view = text
    check_fields(record, ["employee_view"])
    record.save(update_fields=["employee_view", "updated_at"])
    return record


def case_update(
    *, actor, case: ReintegrationCase, owner=None, wia_letter_date=None
) -> ReintegrationCase:
    _require_manage(actor)
    if owner is not None and not can(owner, "reintegration.manage"):
        raise ApplicationError(
            _("The case owner must be the adjunct-director or the absence specialist."),
            code="owner_invalid",
            field="owner",
        )
    case.owner = owner
    case.wia_letter_date = wia_letter_date
    case.save(update_fields=["owner", "wia_letter_date"])
    return case


def calendar_feed_for(user, *, renew: bool = False) -> CalendarFeed:
    """The user's private feed; `renew` replaces the token (the old URL stops working)."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        return CalendarFeed.objects.create(user=user, token=secrets.token_urlsafe(32))
    if renew:
        feed.token = secrets.token_urlsafe(32)
        feed.save(update_fields=["token", "created_at"])
    return feed


def schedule_for_employee(employee: Employee, as_of: date) -> pw.Schedule | None:
    """The schedule of the employee's latest chain as of `as_of`, with what the case file (if
    there is one) records as done; None when they have no sickness up to that day."""
    data = _spells_and_leaves([employee.pk])
    spells, leaves = data.get(employee.pk, ([], []))
    chains = chains_as_of(spells, leaves, as_of)
    if not chains:
        return None
    chain = chains[-1]
    end = chain.recovered_on or date.max
    case = (
        ReintegrationCase.objects.filter(
            employee=employee, chain_start__gte=chain.start, chain_start__lt=end
        )
        .order_by("chain_start")
        .first()
    )
    return _schedule_of(
        chain,
        as_of,
        records=list(case.records.all()) if case else [],
        notified_at=_notified([employee.pk]).get((employee.pk, chain.start)),
        wia_letter_date=case.wia_letter_date if case else None,
        notification_days=OrganisationSettings.get().arbo_notification_days,
    )


def schedule_table(schedule: pw.Schedule) -> str:
    """The schedule as an aligned text table (the command's --format table)."""
    rows = [("milestone", "due", "earliest", "done on", "status")]
    for m in schedule.milestones:
        rows.append(
            (
                m.key,
                m.due.isoformat(),
                m.earliest.isoformat() if m.earliest else "-",
                m.done_on.isoformat() if m.done_on else "-",
                m.status,
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = [
        f"chain start {schedule.chain_start.isoformat()}, sick day {schedule.sick_day}"
        + ("" if schedule.is_open else " (recovered)"),
        "",
    ]
    for n, row in enumerate(rows):
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


# Reminders --------------------------------------------------------------------------------------

STAGES = (("14", 14), ("3", 3))  # days before the deadline; then "overdue" the day after it


def _stage(due: date, today: date) -> str | None:
    """The reminder due today for a deadline, catching up when a day was missed: "overdue"
    once the deadline has passed, else "3" within 3 days, else "14" within 14 days."""
    if today > due:
        return "overdue"
    for stage, days in reversed(STAGES):
        if today >= due - timedelta(days=days):
            return stage
    return None


def send_reminders(today: date | None = None) -> dict[str, int]:
    """E-mail each open case's owner 14 and 3 days before each deadline and when it becomes
    overdue. Idempotent: `ReminderSent` remembers (case, milestone, due date, stage)."""
    from django.conf import settings
    from django.core.mail import EmailMultiAlternatives
    from django.db import IntegrityError
    from django.template.loader import render_to_string
    from django.utils import translation

    from absence.models import ReminderSent

    today = today or timezone.localdate()
    open_ = list(
        ReintegrationCase.objects.filter(
            closed_on__isnull=True, owner__isnull=False, owner__is_active=True
        )
        .exclude(owner__email="")
        .select_related("employee", "owner")
    )
    sent = skipped = 0
    for view in views_of(open_, today):
        if view.schedule is None:
            continue
        case = view.case
        if not can(case.owner, "reintegration.manage"):
            continue  # an owner who lost the role gets no names of sick employees
        for m in view.schedule.milestones:
            if m.status in {"done", "not_needed"} or (
                m.key == "waiting_period_end" and m.due > today
            ):
                continue
            stage = _stage(m.due, today)
            if stage is None:
                continue
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(
                        case=case,
                        milestone=m.key,
                        due=m.due,
                        stage=stage,
                        recipient=case.owner.email,
                        sent_on=today,
                    )
                    with translation.override(case.owner.language or "nl"):
                        context = {
                            "case": case,
                            "milestone": m,
                            "label": MILESTONE_LABELS[m.key],
                            "stage": stage,
                            "days_left": (m.due - today).days,
                            "sick_day": view.schedule.sick_day,
                            "url": settings.SITE_URL.rstrip("/") + case.get_absolute_url(),
                        }
                        subject = render_to_string(
                            "absence/email/reminder_subject.txt", context
                        ).strip()
                        body = render_to_string("absence/email/reminder.txt", context)
                    EmailMultiAlternatives(subject, body, to=[case.owner.email]).send()
            except IntegrityError:
                skipped += 1
                continue
            sent += 1
    return {"sent": sent, "skipped": skipped}
