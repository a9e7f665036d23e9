"""Reads of the reintegration file. The deadlines come from the pure schedule (poortwachter.py),
fed with the chain of sickness (chains.py) and what the case records as done.

A case is read by those who may read the employee's sickness records (absence.selectors); every
read by someone other than the employee writes an audit row (core.audit), whatever the door:
page, form, PDF, document, API or calendar feed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from absence import selectors as absence_selectors
from core.audit import audit_list, audited_get
from core.permissions import can, employee_of
from hrm.models import Employee, OrganisationSettings
from reintegration import poortwachter as pw
from reintegration.chains import arbo_notified, chain_holding, chains_as_of, spells_and_leaves
from reintegration.labels import MILESTONE_LABELS, STATUS_LABELS
from reintegration.models import CaseDocument, CaseRecord, ReintegrationCase


def cases_visible_to(user) -> QuerySet[ReintegrationCase]:
    """The case files `user` may read: those of the people whose sickness records they see."""
    if not (can(user, "reintegration.view") or employee_of(user) is not None):
        return ReintegrationCase.objects.none()
    return ReintegrationCase.objects.filter(
        employee__in=absence_selectors.sickness_subjects_visible_to(user)
    )


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
        data = spells_and_leaves([case.employee_id])
    spells, leaves = data.get(case.employee_id, ([], []))
    chain = chain_holding(chains_as_of(spells, leaves, today), case.chain_start)
    if chain is None:
        return CaseView(case, None, None)
    if notified is None:
        notified = arbo_notified([case.employee_id])
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
    data = spells_and_leaves(ids)
    notified = arbo_notified(ids)
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


def schedule_for_employee(employee: Employee, as_of: date) -> pw.Schedule | None:
    """The schedule of the employee's latest chain as of `as_of`, with what the case file (if
    there is one) records as done; None when they have no sickness up to that day."""
    data = spells_and_leaves([employee.pk])
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
        notified_at=arbo_notified([employee.pk]).get((employee.pk, chain.start)),
        wia_letter_date=case.wia_letter_date if case else None,
        notification_days=OrganisationSettings.get().arbo_notification_days,
    )
