"""Reads of the handbooks.

Acknowledgements: an employee acknowledges each newly published version of a chapter; a version
marked minor (spelling, layout) needs no new acknowledgement. So what a person must have
acknowledged is the chapter's *baseline*: the newest published-or-archived version that is not
minor and is not newer than the published one (when every such version is minor, the first of
them). A person is done with the chapter when they acknowledged any version numbered at or after
the baseline. A chapter without a published version asks nothing of anyone."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.safestring import mark_safe

from core.permissions import PERMISSIONS, users_with_role
from handbook import search
from handbook.models import (
    Acknowledgement,
    Chapter,
    Comment,
    CommentThread,
    Handbook,
    ReadMark,
    Version,
)
from handbook.paragraphs import blocks

PUBLIC = (Version.Status.PUBLISHED, Version.Status.ARCHIVED)


def baseline_number(versions: Iterable[tuple[int, str, bool]]) -> int | None:
    """The number of the version a person must have acknowledged (or a later one), from a
    chapter's versions as (number, status, minor); None when nothing is published. Pure."""
    public = sorted((n, s, m) for n, s, m in versions if s in PUBLIC)
    published = [n for n, s, _ in public if s == Version.Status.PUBLISHED]
    if not published:
        return None
    current = published[-1]
    major = [n for n, _, minor in public if not minor and n <= current]
    return major[-1] if major else public[0][0]


def _ids(items: Iterable) -> list[int]:
    return sorted({getattr(item, "pk", item) for item in items})


def outstanding_acknowledgements(employees: Iterable, chapters: Iterable) -> set[tuple[int, int]]:
    """The (employee_id, chapter_id) pairs where the employee still has to acknowledge the
    chapter's published version. `employees` and `chapters` are model instances or ids (a
    queryset is read once). Two queries, whatever the number of employees and chapters."""
    employee_ids, chapter_ids = _ids(employees), _ids(chapters)
    if not employee_ids or not chapter_ids:
        return set()
    by_chapter: dict[int, list[tuple[int, str, bool]]] = {}
    for chapter_id, number, status, minor in Version.objects.filter(
        chapter_id__in=chapter_ids, status__in=PUBLIC
    ).values_list("chapter_id", "number", "status", "minor"):
        by_chapter.setdefault(chapter_id, []).append((number, status, minor))
    baselines = {
        chapter_id: baseline
        for chapter_id, versions in by_chapter.items()
        if (baseline := baseline_number(versions)) is not None
    }
    if not baselines:
        return set()
    latest = {
        (row["employee_id"], row["version__chapter_id"]): row["latest"]
        for row in Acknowledgement.objects.filter(
            employee_id__in=employee_ids, version__chapter_id__in=list(baselines)
        )
        .values("employee_id", "version__chapter_id")
        .annotate(latest=Max("version__number"))
    }
    return {
        (employee_id, chapter_id)
        for chapter_id, baseline in baselines.items()
        for employee_id in employee_ids
        if latest.get((employee_id, chapter_id), 0) < baseline
    }


def needs_acknowledgement(employee, chapter: Chapter) -> bool:
    """Whether `employee` still has to acknowledge `chapter` (see the module's rule)."""
    return (employee.pk, chapter.pk) in outstanding_acknowledgements([employee], [chapter])


# The writing and the PVT's review ---------------------------------------------------------------
#
# Comment threads hang on a paragraph's anchor (`handbook.paragraphs`). On a version, a thread of
# its chapter shows beside its paragraph when that anchor occurs in the version's text (so it
# carries over to every later version in which the paragraph is unchanged), and only threads
# started on this version or an earlier one count. A thread whose paragraph changed is
# *outdated* on this version: listed apart with the paragraph's text as it was, while it is
# unresolved or was started on the version just before this one (older resolved discussions stay
# on the page of the version they were started on).

RESPONSE_HISTORY = 50  # the latest responses on the PVT page
WAITING_THREADS = 100  # the threads waiting for someone, oldest question first


@dataclass
class VersionThreads:
    by_anchor: dict[str, list[CommentThread]] = field(default_factory=dict)
    outdated: list[CommentThread] = field(default_factory=list)

    def for_anchor(self, anchor: str) -> list[CommentThread]:
        return self.by_anchor.get(anchor, [])

    @property
    def unresolved(self) -> int:
        current = [t for ts in self.by_anchor.values() for t in ts] + self.outdated
        return sum(1 for t in current if t.resolved_at is None)


def _threads() -> QuerySet[CommentThread]:
    return CommentThread.objects.select_related(
        "version", "started_by", "resolved_by", "chapter__handbook"
    ).prefetch_related(
        Prefetch("comments", queryset=Comment.objects.select_related("author").order_by("pk"))
    )


def threads_for(version: Version, anchors: Iterable[str] | None = None) -> VersionThreads:
    """The chapter's threads on `version` (see the rule above); `anchors` are the anchors of the
    version's blocks, when the caller has them already. Two queries."""
    present = set(anchors) if anchors is not None else {b.anchor for b in blocks(version.body)}
    result = VersionThreads()
    threads = _threads().filter(chapter_id=version.chapter_id, version__number__lte=version.number)
    for thread in threads.order_by("created_at", "pk"):
        if thread.anchor in present:
            result.by_anchor.setdefault(thread.anchor, []).append(thread)
        elif thread.resolved_at is None or thread.version.number == version.number - 1:
            result.outdated.append(thread)
    return result


def _last_author() -> Subquery:
    return Subquery(
        Comment.objects.filter(thread=OuterRef("pk"))
        .order_by("-created_at", "-pk")
        .values("author_id")[:1]
    )


def threads_waiting(*, for_pvt: bool) -> list[CommentThread]:
    """Unresolved threads whose last word is the drafters' (HR, the director: waiting for the
    PVT), or, with `for_pvt=False`, someone else's (waiting for the drafters); the oldest first,
    at most `WAITING_THREADS`."""
    drafters = users_with_role(*PERMISSIONS["handbook.manage"]).values("pk")
    threads = _threads().filter(resolved_at__isnull=True).annotate(last_author=_last_author())
    if for_pvt:
        threads = threads.filter(last_author__in=drafters)
    else:
        threads = threads.exclude(last_author__in=drafters)
    return list(threads.order_by("created_at", "pk")[:WAITING_THREADS])


def open_requests() -> QuerySet[Version]:
    """The versions with the PVT, the nearest deadline first."""
    return (
        Version.objects.filter(status=Version.Status.SUBMITTED)
        .select_related("chapter__handbook", "submitted_by")
        .order_by("deadline", "pk")
    )


def response_history(limit: int = RESPONSE_HISTORY) -> list[Version]:
    """The PVT's formal responses, the latest first."""
    return list(
        Version.objects.filter(responded_at__isnull=False)
        .select_related("chapter__handbook", "responded_by")
        .order_by("-responded_at", "-pk")[:limit]
    )


@dataclass
class ChapterRow:
    chapter: Chapter
    in_progress: Version | None
    published: Version | None
    open_threads: int


def chapters_to_manage() -> list[tuple[Handbook, list[ChapterRow]]]:
    """Every handbook with its chapters, each with its version in progress, its published
    version and its number of unresolved threads. Three queries."""
    shown = (*Version.IN_PROGRESS, Version.Status.PUBLISHED)
    chapters = Chapter.objects.annotate(
        open_threads=Count("threads", filter=Q(threads__resolved_at__isnull=True))
    ).prefetch_related(
        Prefetch(
            "versions",
            queryset=Version.objects.filter(status__in=shown).order_by("number"),
            to_attr="shown_versions",
        )
    )
    by_handbook: dict[int, list[ChapterRow]] = {}
    for chapter in chapters.order_by("position", "pk"):
        versions = chapter.shown_versions  # the Prefetch's to_attr
        by_handbook.setdefault(chapter.handbook_id, []).append(
            ChapterRow(
                chapter=chapter,
                in_progress=next((v for v in versions if v.status in Version.IN_PROGRESS), None),
                published=next((v for v in versions if v.status == Version.Status.PUBLISHED), None),
                open_threads=chapter.open_threads,  # annotated
            )
        )
    return [(handbook, by_handbook.get(handbook.pk, [])) for handbook in Handbook.objects.all()]


def chapter_versions(chapter: Chapter, visible: QuerySet[Version]) -> list[Version]:
    """The versions of `chapter` among `visible` (a user's `versions_visible_to`), newest first."""
    return list(
        visible.filter(chapter=chapter)
        .select_related("created_by", "submitted_by", "responded_by", "decided_by", "published_by")
        .order_by("-number")
    )


# Reading: the current handbook, what a person read, search ---------------------------------------


def published_versions(handbook=None) -> QuerySet[Version]:
    """The current text of each chapter (its published version), in the order of the handbooks
    and their chapters; with the people who responded, decided and published."""
    versions = Version.objects.filter(status=Version.Status.PUBLISHED)
    if handbook is not None:
        versions = versions.filter(chapter__handbook=handbook)
    return versions.select_related(
        "chapter__handbook", "responded_by", "decided_by", "published_by"
    ).order_by(
        "chapter__handbook__position",
        "chapter__handbook__name",
        "chapter__position",
        "chapter__pk",
    )


def earlier_versions(chapter: Chapter) -> QuerySet[Version]:
    """The chapter's archived versions (superseded by a later publication), newest first."""
    return Version.objects.filter(chapter=chapter, status=Version.Status.ARCHIVED).order_by(
        "-number"
    )


def read_marks(employee, chapters: Iterable) -> dict[int, ReadMark]:
    """Per chapter id, what `employee` last read of it (with the version); one query."""
    if employee is None:
        return {}
    return {
        mark.chapter_id: mark
        for mark in ReadMark.objects.filter(
            employee=employee, chapter_id__in=_ids(chapters)
        ).select_related("version")
    }


def to_acknowledge(employee) -> list[Version]:
    """The published versions `employee` still has to acknowledge, in the handbooks' order
    (three queries); nothing for a login without an employee record."""
    if employee is None:
        return []
    versions = list(published_versions())
    outstanding = outstanding_acknowledgements([employee], [v.chapter_id for v in versions])
    return [v for v in versions if (employee.pk, v.chapter_id) in outstanding]


@dataclass(frozen=True)
class SearchHit:
    version: Version
    title: str  # escaped HTML, the terms in <mark>
    snippet: str  # escaped HTML, the terms in <mark>
    anchor: str  # the paragraph the snippet comes from ("" for a match in the title only)


@functools.lru_cache(maxsize=512)
def _blocks_of_published(version_id: int, body: str) -> tuple:
    """A published version's blocks: its text never changes, so they are made once per process
    (keyed by the text too, so nothing stale can be returned)."""
    return tuple(blocks(body))


def search_published(query: str, limit: int = 50) -> tuple[list[SearchHit], bool]:
    """The chapters whose current text or title holds every term of `query` (handbook.search:
    case and accents ignored), title matches first, then in the handbooks' order; at most
    `limit`, and whether there were more. Reads the published versions only, in one query."""
    wanted = search.terms(query)
    if not wanted:
        return [], False
    in_title: list[SearchHit] = []
    in_text: list[SearchHit] = []
    for version in published_versions():
        title = version.chapter.title
        parts = _blocks_of_published(version.pk, version.body)
        if not search.contains_all(" ".join([title, *(b.text for b in parts)]), wanted):
            continue
        counts = [search.matched_terms(b.text, wanted) for b in parts]
        best = max(range(len(parts)), key=lambda i: (counts[i], -i), default=None)
        block = parts[best] if best is not None and counts[best] else None
        text = block.text if block else (parts[0].text if parts else "")
        # handbook.search escapes the text and adds nothing but <mark>
        hit = SearchHit(
            version=version,
            title=mark_safe(search.highlight(title, wanted)),  # noqa: S308 (escaped, see above)
            snippet=mark_safe(search.snippet(text, wanted)),  # noqa: S308 (escaped, see above)
            anchor=block.anchor if block else "",
        )
        (in_title if search.matched_terms(title, wanted) else in_text).append(hit)
    hits = in_title + in_text
    return hits[:limit], len(hits) > limit
