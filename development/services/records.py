"""The record of an interview: both people's preparation, the agreements the manager writes
down, both signatures and the follow-up note.

- A preparation belongs to one side (the employee, or the interview's manager) and only its
  author writes it; sharing it once lets the other (and HR) read it (`development.records`).
- The manager writes the agreements once the interview is planned; saving them marks it held.
- Each of the two signs the exact text they saw: the page or the API sends the hash of that
  text (`development.signing`), and a text changed since is refused (`text_changed`). A change of
  the text voids a signature given before it, so a first signature never covers a text its
  signer did not see. When both sides hold a valid signature the record is signed: read-only
  from then on, apart from the follow-up note.

Every write locks the interview row first and then the agreement row, in that order, so a save
and a signature of one record never interleave; should two signatures of one side still meet,
the partial unique constraint on Signature decides (`already_signed`)."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import check_date
from core.errors import ApplicationError, check_fields
from development.models import Agreement, Interview, Preparation, Side, Signature, TrainingWish
from development.questions import MAX_ANSWER, questions_for
from development.records import hash_of, is_empty, sections_of, side_of, valid_signatures

MAX_WISHES = 20
MAX_WISH = TrainingWish._meta.get_field("text").max_length or 500
LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def _lock(interview: Interview) -> Interview:
    # No select_related: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
    return Interview.objects.select_for_update().get(pk=interview.pk)


def _lock_agreement(interview: Interview) -> Agreement | None:
    return Agreement.objects.select_for_update().filter(interview=interview).first()


def _side(actor, interview: Interview) -> str:
    side = side_of(actor, interview)
    if side is None:
        raise PermissionDenied
    return side


def _record_signed() -> ApplicationError:
    return ApplicationError(
        _("This record has been signed by both and can no longer be changed."),
        code="record_signed",
    )


def _check_preparable(interview: Interview) -> None:
    if interview.status == Interview.Status.SIGNED:
        raise _record_signed()
    if interview.status == Interview.Status.NOT_THIS_YEAR:
        raise ApplicationError(_("There is no interview this year."), code="no_interview_this_year")


def _text(value: str | None) -> str:
    """Free text as stored: one kind of line break, no blank lines around it."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _answers(interview: Interview, side: str, answers: object) -> dict[str, str]:
    """The answers of `side` checked against its questions, in the template's order; blank
    answers are left out."""
    if not isinstance(answers, dict):
        raise ApplicationError(_("The answers are not valid."), code="invalid", field="answers")
    keys = [q.key for q in questions_for(sections_of(interview), side)]
    for key in answers:
        if key not in keys:
            raise ApplicationError(
                _("There is no question %(key)s in your part of the form.") % {"key": key},
                code="unknown_question",
                field=str(key),
            )
    cleaned: dict[str, str] = {}
    too_long: dict[str, list[str]] = {}
    for key in keys:
        value = answers.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise ApplicationError(_("An answer is text."), code="invalid", field=key)
        value = value.replace("\r\n", "\n")
        if len(value) > MAX_ANSWER:
            too_long[key] = [
                _("Keep an answer to at most %(n)s characters (it has %(length)s).")
                % {"n": MAX_ANSWER, "length": len(value)}
            ]
        elif value.strip():
            cleaned[key] = value
    if too_long:
        first = next(iter(too_long.values()))[0]
        raise ApplicationError(first, code="too_long", fields=too_long)
    return cleaned


@transaction.atomic
def preparation_save(*, actor, interview: Interview, answers: dict) -> Preparation:
    """Save the acting person's own preparation (autosave calls this after every pause in
    typing: an unchanged text writes nothing). A shared preparation stays shared: the other sees
    the latest text."""
    interview = _lock(interview)
    side = _side(actor, interview)
    _check_preparable(interview)
    cleaned = _answers(interview, side, answers)
    preparation = Preparation.objects.filter(interview=interview, side=side).first()
    if preparation is None:
        try:
            with transaction.atomic():
                return Preparation.objects.create(interview=interview, side=side, answers=cleaned)
        except IntegrityError:  # a parallel first save won; save over it
            preparation = Preparation.objects.get(interview=interview, side=side)
    if preparation.answers != cleaned:
        preparation.answers = cleaned
        preparation.save(update_fields=["answers", "updated_at"])
    return preparation


@transaction.atomic
def preparation_share(*, actor, interview: Interview) -> Preparation:
    """Share the acting person's preparation with the other (and so with HR). Sharing again
    keeps the first date."""
    interview = _lock(interview)
    side = _side(actor, interview)
    _check_preparable(interview)
    preparation = Preparation.objects.filter(interview=interview, side=side).first()
    if preparation is None or not preparation.answers:
        raise ApplicationError(
            _("Fill in your preparation before you share it."), code="preparation_empty"
        )
    if preparation.shared_at is None:
        preparation.shared_at = timezone.now()
        preparation.save(update_fields=["shared_at"])
    return preparation


def _wishes(training_wishes: object) -> list[str]:
    if not isinstance(training_wishes, list | tuple):
        raise ApplicationError(
            _("The training wishes are a list."), code="invalid", field="training_wishes"
        )
    wishes: list[str] = []
    for wish in training_wishes:
        if not isinstance(wish, str):
            raise ApplicationError(
                _("A training wish is text."), code="invalid", field="training_wishes"
            )
        wish = LINE_BREAKS.sub(" ", wish.strip())
        if not wish:
            continue
        if len(wish) > MAX_WISH:
            raise ApplicationError(
                _("Keep a training wish to at most %(n)s characters.") % {"n": MAX_WISH},
                code="too_long",
                field="training_wishes",
            )
        wishes.append(wish)
    if len(wishes) > MAX_WISHES:
        raise ApplicationError(
            _("At most %(n)s training wishes.") % {"n": MAX_WISHES},
            code="too_many_wishes",
            field="training_wishes",
        )
    return wishes


@transaction.atomic
def agreement_save(
    *,
    actor,
    interview: Interview,
    goals: str,
    training_wishes: list[str],
    support: str,
    follow_up_on,
) -> Agreement:
    """The interview's manager writes down the agreements (the whole text each time). The
    interview is then held. A change of the text voids a signature given before it."""
    interview = _lock(interview)
    if _side(actor, interview) != Side.MANAGER:
        raise PermissionDenied
    if interview.status == Interview.Status.SIGNED:
        raise _record_signed()
    if not interview.talk_started():
        raise ApplicationError(
            _("Agreements are written down during or after the talk, not before."),
            code="not_held_yet",
        )
    check_date(follow_up_on, "follow_up_on")
    wishes = _wishes(training_wishes)
    agreement = _lock_agreement(interview)
    if agreement is None:
        agreement = Agreement(interview=interview)
        before = None
        old_wishes: list[str] = []
    else:
        old_wishes = list(
            agreement.training_wishes.order_by("position", "pk").values_list("text", flat=True)
        )
        before = hash_of(agreement, old_wishes)
    agreement.goals = _text(goals)
    agreement.support = _text(support)
    agreement.follow_up_on = follow_up_on
    check_fields(agreement, ["goals", "support", "follow_up_on"])
    after = hash_of(agreement, wishes)
    if agreement.pk is None:
        agreement.save()
    elif after != before:
        agreement.save(update_fields=["goals", "support", "follow_up_on", "updated_at"])
    if wishes != old_wishes:
        agreement.training_wishes.all().delete()
        TrainingWish.objects.bulk_create(
            TrainingWish(agreement=agreement, position=position, text=text)
            for position, text in enumerate(wishes)
        )
    if before is not None and after != before:
        agreement.signatures.filter(voided_at__isnull=True).update(voided_at=timezone.now())
    if interview.status == Interview.Status.PLANNED:
        interview.status = Interview.Status.HELD
        interview.save(update_fields=["status", "updated_at"])
    return agreement


@transaction.atomic
def agreement_sign(*, actor, interview: Interview, text_hash: str) -> Agreement:
    """The acting person (the employee or the manager of the interview) signs the agreements
    over `text_hash`, the hash of the text they saw. The second valid signature over the text as
    it is makes the record signed."""
    interview = _lock(interview)
    side = _side(actor, interview)
    agreement = _lock_agreement(interview)
    wishes = (
        list(agreement.training_wishes.order_by("position", "pk").values_list("text", flat=True))
        if agreement is not None
        else []
    )
    if agreement is None or is_empty(agreement, wishes):
        raise ApplicationError(
            _("Nothing has been agreed yet, so there is nothing to sign."),
            code="agreement_empty",
        )
    current = hash_of(agreement, wishes)
    valid = [s for s in _valid_signatures(agreement) if s.text_hash == current]
    if any(s.side == side for s in valid):
        raise _already_signed()
    if text_hash != current:
        raise ApplicationError(
            _("The agreements have changed since you opened them. Read them again, then sign."),
            code="text_changed",
        )
    signer = interview.employee if side == Side.EMPLOYEE else interview.manager
    assert signer is not None  # the manager's side is theirs only when there is one (side_of)
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                agreement=agreement, side=side, signer=signer, text_hash=current
            )
    except IntegrityError as exc:  # a parallel signature of the same side won
        raise _already_signed() from exc
    if {s.side for s in valid} | {signature.side} >= {Side.EMPLOYEE, Side.MANAGER}:
        agreement.signed_at = timezone.now()
        agreement.save(update_fields=["signed_at", "updated_at"])
        interview.status = Interview.Status.SIGNED
        interview.save(update_fields=["status", "updated_at"])
    return agreement


def _valid_signatures(agreement: Agreement) -> list[Signature]:
    return valid_signatures(agreement)


def _already_signed() -> ApplicationError:
    return ApplicationError(_("You have already signed these agreements."), code="already_signed")


@transaction.atomic
def follow_up_note_save(*, actor, interview: Interview, note: str) -> Agreement:
    """Either of the two writes the follow-up note of a signed record: the one change a signed
    record takes."""
    interview = _lock(interview)
    _side(actor, interview)
    agreement = _lock_agreement(interview)
    if agreement is None or agreement.signed_at is None:
        raise ApplicationError(
            _("A follow-up note is added once both have signed."), code="not_signed"
        )
    agreement.follow_up_note = _text(note)
    check_fields(agreement, ["follow_up_note"])
    agreement.follow_up_note_at = timezone.now()
    agreement.save(update_fields=["follow_up_note", "follow_up_note_at", "updated_at"])
    return agreement
