"""Writing the handbook: chapters, and versions of a chapter's text. Only a draft is ever
changed; a new version starts from the text of the last one."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import check_date
from core.errors import ApplicationError, check_fields
from handbook import workflow
from handbook.models import Chapter, Handbook, Participation, Version
from handbook.services.common import facts, lock, refuse_if, require


def _in_progress() -> ApplicationError:
    return ApplicationError(
        _("This chapter already has a version in progress: change that draft, or withdraw it."),
        code="version_in_progress",
    )


def _check_text(version: Version) -> None:
    check_fields(version, ["body", "summary"])


@transaction.atomic
def chapter_create(
    *,
    actor,
    handbook: Handbook,
    title: str,
    participation: str,
    body: str = "",
    summary: str = "",
    position: int | None = None,
    review_on: date | None = None,
) -> Chapter:
    """A new chapter with its first draft version."""
    require(actor, "handbook.manage")
    title = (title or "").strip()
    if not title:
        raise ApplicationError(_("Give the chapter a title."), code="required", field="title")
    if participation not in Participation.values:
        raise ApplicationError(
            _("Choose consent, advice or information."), code="invalid", field="participation"
        )
    if review_on is not None:
        check_date(review_on, "review_on")
    if position is None:
        position = (handbook.chapters.aggregate(m=Max("position"))["m"] or 0) + 1
    chapter = Chapter(
        handbook=handbook,
        title=title,
        participation=participation,
        position=position,
        review_on=review_on,
    )
    check_fields(chapter, ["title"])
    if Chapter.objects.filter(handbook=handbook, title=title).exists():
        raise ApplicationError(
            _("This handbook already has a chapter with this title."),
            code="duplicate",
            field="title",
        )
    try:
        with transaction.atomic():
            chapter.save()
    except IntegrityError as exc:
        raise ApplicationError(
            _("This handbook already has a chapter with this title."),
            code="duplicate",
            field="title",
        ) from exc
    version = Version(chapter=chapter, number=1, body=body or "", summary=summary or "")
    version.created_by = actor
    _check_text(version)
    version.save()
    return chapter


@transaction.atomic
def version_create(
    *, actor, chapter: Chapter, body: str | None = None, summary: str = "", minor: bool = False
) -> Version:
    """The next draft of a chapter; without a body it starts from the last version's text."""
    require(actor, "handbook.manage")
    Chapter.objects.select_for_update().filter(pk=chapter.pk).first()
    refused = chapter.versions.filter(
        status=Version.Status.RESPONDED, outcome=Version.Outcome.CONSENT_WITHHELD
    ).first()
    if refused is not None:
        # the PVT withheld consent: the revision replaces the refused version
        refused.status, refused.archived_at = Version.Status.WITHDRAWN, timezone.now()
        refused.save(update_fields=["status", "archived_at", "updated_at"])
    if chapter.versions.filter(status__in=Version.IN_PROGRESS).exists():
        raise _in_progress()
    last = chapter.versions.order_by("-number").first()
    version = Version(
        chapter=chapter,
        number=(last.number + 1) if last else 1,
        body=body if body is not None else (last.body if last else ""),
        summary=summary or "",
        minor=minor,
        created_by=actor,
        request=refused.request if refused is not None else "",
    )
    _check_text(version)
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError as exc:  # a parallel request made one first
        raise _in_progress() from exc
    return version


@transaction.atomic
def version_update(
    *, actor, version: Version, body: str, summary: str = "", minor: bool | None = None
) -> Version:
    """Change a draft's text (a draft only)."""
    require(actor, "handbook.manage")
    version = lock(version)
    refuse_if(workflow.cannot_edit(facts(version)), "body")
    version.body, version.summary = body or "", summary or ""
    if minor is not None:
        version.minor = minor
    _check_text(version)
    version.save(update_fields=["body", "summary", "minor", "updated_at"])
    return version


@transaction.atomic
def version_withdraw(*, actor, version: Version) -> Version:
    """Take back a version in progress (after consent was withheld, for instance): a new draft
    can then be written."""
    require(actor, "handbook.manage")
    version = lock(version)
    refuse_if(workflow.cannot_withdraw(facts(version)))
    version.status = Version.Status.WITHDRAWN
    version.archived_at = timezone.now()
    version.save(update_fields=["status", "archived_at", "updated_at"])
    return version
