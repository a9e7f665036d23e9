"""The discussion of a version's text, per paragraph: a thread hangs on a paragraph's stable
anchor (`handbook.paragraphs`), so it shows again on every later version in which that
paragraph is unchanged.

The rules:
- HR, the director and the PVT take part (`handbook.comment`); the drafter (HR or the
  director, `handbook.manage`) marks a thread resolved.
- A thread is started on a draft or on a version with the PVT (submitted): the text that is
  still open to change. A draft, because HR and the PVT often talk a text through before it is
  formally submitted, and because the next draft is where the drafter answers what the PVT
  asked; a submitted version, because that is the PVT's review. Once the PVT has responded the
  text is fixed for this round: a new thread waits for the next version (code
  `step_out_of_order`).
- A reply goes into any unresolved thread, whatever became of the version it was started on
  (the drafter answers a question after the PVT's response too); a resolved thread takes no
  more replies (code `thread_resolved`): a new point is a new thread.
- Resolving twice changes nothing (the first who resolved it stays on record).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError, check_fields
from handbook.models import Comment, CommentThread, Version
from handbook.paragraphs import blocks
from handbook.services.common import require

OPEN_FOR_COMMENTS = (Version.Status.DRAFT, Version.Status.SUBMITTED)
EXCERPT_MAX = CommentThread._meta.get_field("excerpt").max_length or 300


def excerpt_of(text: str, limit: int = EXCERPT_MAX) -> str:
    """The start of a paragraph's plain text, cut at a word with an ellipsis when too long."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut + "…"


def _comment(actor, thread: CommentThread, body: str) -> Comment:
    body = (body or "").strip()
    if not body:
        raise ApplicationError(_("Write a comment."), code="required", field="body")
    comment = Comment(thread=thread, author=actor, body=body)
    check_fields(comment, ["body"])
    return comment


@transaction.atomic
def thread_start(*, actor, version: Version, anchor: str, body: str) -> CommentThread:
    """A new thread on the paragraph `anchor` of `version`, with its first comment."""
    require(actor, "handbook.comment")
    version = Version.objects.select_related("chapter").get(pk=version.pk)
    if version.status not in OPEN_FOR_COMMENTS:
        raise ApplicationError(
            _(
                "Comments are made on a draft or on a version with the PVT; this text is no "
                "longer open to change, so comment on its next version."
            ),
            code="step_out_of_order",
        )
    block = next((b for b in blocks(version.body) if b.anchor == anchor), None)
    if block is None:
        raise ApplicationError(
            _("This paragraph is not in this version of the text."),
            code="unknown_paragraph",
            field="anchor",
        )
    thread = CommentThread(
        chapter=version.chapter,
        version=version,
        anchor=anchor,
        excerpt=excerpt_of(block.text),
        started_by=actor,
    )
    comment = _comment(actor, thread, body)
    thread.save()
    comment.thread = thread
    comment.save()
    return thread


@transaction.atomic
def comment_add(*, actor, thread: CommentThread, body: str) -> Comment:
    """A reply in an unresolved thread."""
    require(actor, "handbook.comment")
    thread = CommentThread.objects.select_for_update().get(pk=thread.pk)
    if thread.resolved_at is not None:
        raise ApplicationError(
            _("This thread was marked resolved; start a new thread on the paragraph."),
            code="thread_resolved",
        )
    comment = _comment(actor, thread, body)
    comment.save()
    return comment


@transaction.atomic
def thread_resolve(*, actor, thread: CommentThread) -> CommentThread:
    """The drafter (HR or the director) marks a thread resolved."""
    require(actor, "handbook.manage")
    thread = CommentThread.objects.select_for_update().get(pk=thread.pk)
    if thread.resolved_at is None:
        thread.resolved_at, thread.resolved_by = timezone.now(), actor
        thread.save(update_fields=["resolved_at", "resolved_by"])
    return thread
