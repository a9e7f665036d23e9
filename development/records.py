"""Reads of one interview's record: the preparations of both people, the agreements, the
signatures, and what the viewer may do with them.

Privacy is decided here, in the query layer (privacy.md): a preparation is seen by its author,
and by anyone else who sees the interview only once it is shared; an unshared one does not exist
for them (Http404), HR and the director included. A read of a record by anyone but the employee
and their manager in that interview writes one audit row per request (`interview_for_viewer`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q, QuerySet
from django.http import Http404

from core.audit import audited_get, record_read
from core.permissions import employee_of, has_role
from development.models import Agreement, Interview, Preparation, Side, Signature
from development.permissions import OVERVIEW_ROLES, interviews_visible_to
from development.questions import DEFAULT_SECTIONS, SIDES, questions_for
from development.signing import agreement_hash
from hrm.models import Employee

AUDIT_ACTION = "view_development_record"
AUDIT_OBJECT = "development_interview"


def sections_of(interview: Interview) -> list[dict]:
    """The sections of the interview's form: its cycle's template, or the default one."""
    template = interview.cycle.template
    return template.sections if template is not None else DEFAULT_SECTIONS


def side_of(user, interview: Interview) -> str | None:
    """ "employee" or "manager": who `user` is in this interview, or None (not one of the two)."""
    me = employee_of(user)
    if me is None:
        return None
    if interview.employee_id == me.pk:
        return Side.EMPLOYEE
    if interview.manager_id is not None and interview.manager_id == me.pk:
        return Side.MANAGER
    return None


def interview_for_viewer(viewer, pk, *, signed_only: bool = False) -> Interview:
    """The interview `pk` if `viewer` may see it (else Http404), with an audit row unless the
    viewer is its employee or manager. `signed_only`: an unsigned record is a 404 too, decided
    before anything is written to the audit log."""
    interviews = interviews_visible_to(viewer).select_related("cycle__template")
    me = employee_of(viewer)
    if me is not None:
        try:
            mine = interviews.filter(Q(employee=me) | Q(manager=me)).filter(pk=pk).first()
        except (ValueError, TypeError):
            raise Http404 from None
        if mine is not None:
            if signed_only and mine.status != Interview.Status.SIGNED:
                raise Http404
            return mine

    def check(interview) -> None:
        if signed_only and interview.status != Interview.Status.SIGNED:
            raise Http404

    return audited_get(
        viewer, interviews, pk, action=AUDIT_ACTION, object_type=AUDIT_OBJECT, check=check
    )


def audit_read(viewer, interview: Interview) -> None:
    """The audit row of a read of `interview`'s record, unless `viewer` is one of the two."""
    if side_of(viewer, interview) is None:
        record_read(viewer, interview.employee, AUDIT_ACTION, AUDIT_OBJECT, interview.pk)


def preparations_visible_to(viewer) -> QuerySet[Preparation]:
    """The preparations `viewer` may read: their own (shared or not) and the shared ones of the
    interviews they see."""
    visible = Preparation.objects.filter(interview__in=interviews_visible_to(viewer).values("pk"))
    me = employee_of(viewer)
    shared = Q(shared_at__isnull=False)
    if me is None:
        return visible.filter(shared)
    own = Q(side=Side.EMPLOYEE, interview__employee=me) | Q(
        side=Side.MANAGER, interview__manager=me
    )
    return visible.filter(own | shared)


def preparation_for(viewer, interview: Interview, side: str) -> Preparation:
    """One side's preparation as `viewer` may see it. Its author gets it even before writing a
    word (an empty, unsaved one); anyone else only a shared one, else Http404."""
    if side not in SIDES:
        raise Http404
    found = preparations_visible_to(viewer).filter(interview=interview, side=side).first()
    if found is not None:
        return found
    if side_of(viewer, interview) == side:
        return Preparation(interview=interview, side=side, answers={})
    raise Http404


def agreement_of(interview: Interview) -> Agreement | None:
    return Agreement.objects.filter(interview=interview).first()


def wishes_of(agreement: Agreement | None) -> list[str]:
    if agreement is None or agreement.pk is None:
        return []
    return list(agreement.training_wishes.order_by("position", "pk").values_list("text", flat=True))


def hash_of(agreement: Agreement | None, wishes: list[str] | None = None) -> str:
    """The hash of the agreement's text as it is now (an empty one when there is none)."""
    if wishes is None:
        wishes = wishes_of(agreement)
    return agreement_hash(
        goals=agreement.goals if agreement is not None else "",
        training_wishes=wishes,
        support=agreement.support if agreement is not None else "",
        follow_up_on=agreement.follow_up_on if agreement is not None else None,
    )


def is_empty(agreement: Agreement | None, wishes: list[str]) -> bool:
    """Nothing agreed yet: no goals, no training wishes and no support."""
    return agreement is None or not (agreement.goals.strip() or wishes or agreement.support.strip())


def valid_signatures(agreement: Agreement) -> list[Signature]:
    return list(agreement.signatures.filter(voided_at__isnull=True))


# The record of one interview, as one viewer sees it ---------------------------------------------


@dataclass(frozen=True)
class Answer:
    key: str
    text: str
    help: str
    answer: str


@dataclass(frozen=True)
class SectionAnswers:
    title: str
    answers: list[Answer]


@dataclass
class SideRecord:
    """One side's preparation: the questions of that side with the answers the viewer may see.
    `visible` is False when the viewer may not see it (not shared): then the answers are blank."""

    side: str
    person: Employee | None
    mine: bool
    visible: bool
    shared_at: datetime | None
    sections: list[SectionAnswers]
    updated_at: datetime | None = None

    @property
    def has_answers(self) -> bool:
        return any(a.answer for s in self.sections for a in s.answers)


@dataclass
class RecordView:
    interview: Interview
    viewer_side: str | None
    employee: SideRecord
    manager: SideRecord
    agreement: Agreement | None
    wishes: list[str]
    text_hash: str
    signatures: list[Signature]
    valid: dict[str, Signature] = field(default_factory=dict)

    @property
    def signed(self) -> bool:
        return self.interview.status == Interview.Status.SIGNED

    @property
    def not_this_year(self) -> bool:
        """No interview this year: the record is only its reason."""
        return self.interview.status == Interview.Status.NOT_THIS_YEAR

    @property
    def empty(self) -> bool:
        return is_empty(self.agreement, self.wishes)

    @property
    def mine(self) -> SideRecord | None:
        if self.viewer_side == Side.EMPLOYEE:
            return self.employee
        if self.viewer_side == Side.MANAGER:
            return self.manager
        return None

    @property
    def other(self) -> SideRecord | None:
        if self.viewer_side == Side.EMPLOYEE:
            return self.manager
        if self.viewer_side == Side.MANAGER:
            return self.employee
        return None

    @property
    def can_edit_preparation(self) -> bool:
        return self.viewer_side is not None and self.interview.status not in (
            Interview.Status.SIGNED,
            Interview.Status.NOT_THIS_YEAR,
        )

    @property
    def can_edit_agreement(self) -> bool:
        return self.viewer_side == Side.MANAGER and self.interview.talk_started()

    @property
    def can_sign(self) -> bool:
        return (
            self.viewer_side is not None
            and not self.signed
            and not self.not_this_year
            and not self.empty
            and self.viewer_side not in self.valid
        )

    @property
    def can_note(self) -> bool:
        return self.viewer_side is not None and self.signed

    def signature_of(self, side: str) -> Signature | None:
        return self.valid.get(side)

    @property
    def voided(self) -> list[Signature]:
        return [s for s in self.signatures if s.voided_at is not None]


def _side_record(
    interview: Interview,
    side: str,
    preparation: Preparation | None,
    *,
    mine: bool,
    visible: bool,
) -> SideRecord:
    answers = preparation.answers if (preparation is not None and visible) else {}
    sections: list[SectionAnswers] = []
    for question in questions_for(sections_of(interview), side):
        answer = Answer(
            question.key, question.text, question.help, str(answers.get(question.key, ""))
        )
        if sections and sections[-1].title == question.section:
            sections[-1].answers.append(answer)
        else:
            sections.append(SectionAnswers(question.section, [answer]))
    return SideRecord(
        side=side,
        person=interview.employee if side == Side.EMPLOYEE else interview.manager,
        mine=mine,
        visible=visible,
        shared_at=preparation.shared_at if preparation is not None else None,
        sections=sections,
        updated_at=preparation.updated_at if preparation is not None else None,
    )


def record_view(viewer, interview: Interview, *, shared_only: bool = False) -> RecordView:
    """The record of `interview` as `viewer` sees it (the interview comes from
    `interview_for_viewer`). `shared_only`: only shared preparations, also the viewer's own (the
    printed record)."""
    viewer_side = None if shared_only else side_of(viewer, interview)
    if shared_only:
        preparations = Preparation.objects.filter(interview=interview, shared_at__isnull=False)
    else:
        preparations = preparations_visible_to(viewer).filter(interview=interview)
    by_side = {p.side: p for p in preparations}
    sides = {
        side: _side_record(
            interview,
            side,
            by_side.get(side),
            mine=viewer_side == side,
            visible=side in by_side or viewer_side == side,
        )
        for side in SIDES
    }
    agreement = agreement_of(interview)
    wishes = wishes_of(agreement)
    signatures = (
        list(agreement.signatures.select_related("signer")) if agreement is not None else []
    )
    return RecordView(
        interview=interview,
        viewer_side=viewer_side,
        employee=sides[Side.EMPLOYEE],
        manager=sides[Side.MANAGER],
        agreement=agreement,
        wishes=wishes,
        text_hash=hash_of(agreement, wishes),
        signatures=signatures,
        valid={s.side: s for s in signatures if s.voided_at is None},
    )


# Last year's agreements, read again while preparing this year's talk ----------------------------

# while this year's talk is still to be held or signed: the form asks what became of them
PREVIOUS_SHOWN_WHILE = (Interview.Status.TO_PLAN, Interview.Status.PLANNED, Interview.Status.HELD)


@dataclass(frozen=True)
class PreviousAgreement:
    """The signed agreements of an earlier interview of the same employee."""

    interview: Interview
    agreement: Agreement
    wishes: list[str]

    @property
    def year(self) -> int:
        return self.interview.cycle.year


def previous_agreement_for_viewer(viewer, interview: Interview) -> PreviousAgreement | None:
    """The signed agreements of the employee's most recent earlier interview (by cycle year),
    shown beside `interview` while it is not yet signed, to its two people and to HR and the
    (adjunct-)director; None when there is none or the viewer is none of those.

    It is a read of another record, audited like `interview_for_viewer` for anyone but the two
    people of THAT interview: a manager new to the employee reads their predecessor's record
    (the talk needs it), and that read is written to the audit log."""
    if interview.status not in PREVIOUS_SHOWN_WHILE:
        return None
    if side_of(viewer, interview) is None and not has_role(viewer, *OVERVIEW_ROLES):
        return None
    earlier = (
        Interview.objects.filter(
            employee_id=interview.employee_id,
            cycle__year__lt=interview.cycle.year,
            status=Interview.Status.SIGNED,
            agreement__signed_at__isnull=False,
        )
        .select_related("cycle", "employee", "agreement")
        .order_by("-cycle__year")
        .first()
    )
    if earlier is None:
        return None
    audit_read(viewer, earlier)
    return PreviousAgreement(earlier, earlier.agreement, wishes_of(earlier.agreement))
