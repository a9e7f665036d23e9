"""Reading the handbook (everyone who may read it) and acknowledging it (employees): the
handbooks with their tables of contents (`index`), one handbook as one document (`handbook`) and
as a PDF (`handbook_pdf`), a chapter's current text with who decided what when and what changed
since one last read it (`chapter`), search (`search`), any visible version (`version`), and HR's
overview of who has not acknowledged, with the reminders (`acknowledgements`).

Readers see published and archived versions only (`handbook.permissions`): a draft answers 404.
Opening a chapter's page moves the reader's read mark to the version shown
(`handbook.services.mark_read`); the handbook as one document does not, as nobody reads a whole
handbook at once."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import ApplicationError
from core.permissions import can, employee_of, require
from handbook import diff, markdown, paragraphs, pdf, selectors, services
from handbook.models import Acknowledgement, Chapter, Handbook, Version
from handbook.overview import acknowledgement_overview
from handbook.permissions import sees_drafts, versions_visible_to
from handbook.search import MAX_QUERY

NEW, CHANGED = "new", "changed"


def _number(value: str | None) -> int | None:
    """A query parameter as an id: None when absent, 404 when it is not a number."""
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise Http404 from None


def _safe(html: str):
    """HTML the handbook's renderers built: sanitised (handbook.markdown) or rebuilt from the
    allow-list with every text escaped (handbook.diff)."""
    return mark_safe(html)  # noqa: S308 (sanitised by handbook.markdown / handbook.diff)


def _acknowledger(user):
    """The employee record of a login that acknowledges chapters, or None."""
    employee = employee_of(user)
    return employee if employee is not None and can(user, "handbook.acknowledge") else None


@dataclass(frozen=True)
class Entry:
    """A chapter in a table of contents, for the signed-in reader."""

    version: Version
    state: str  # NEW (never opened), CHANGED (a newer version since last read) or ""
    to_acknowledge: bool


def index(request):
    require(request.user, "handbook.read")
    employee = employee_of(request.user)
    acknowledger = _acknowledger(request.user)
    versions = list(selectors.published_versions())
    chapter_ids = [v.chapter_id for v in versions]
    marks = selectors.read_marks(employee, chapter_ids)
    outstanding = (
        selectors.outstanding_acknowledgements([acknowledger], chapter_ids)
        if acknowledger is not None
        else set()
    )
    entries: dict[int, list[Entry]] = {}
    for version in versions:
        mark = marks.get(version.chapter_id)
        state = ""
        if employee is not None:
            if mark is None:
                state = NEW
            elif mark.version.number < version.number:
                state = CHANGED
        entries.setdefault(version.chapter.handbook_id, []).append(
            Entry(
                version=version,
                state=state,
                to_acknowledge=acknowledger is not None
                and (acknowledger.pk, version.chapter_id) in outstanding,
            )
        )
    handbooks = [(h, entries.get(h.pk, [])) for h in Handbook.objects.all()]
    return render(
        request,
        "handbook/index.html",
        {
            "handbooks": handbooks,
            "to_acknowledge": sum(e.to_acknowledge for _h, rows in handbooks for e in rows),
            "is_employee": employee is not None,
            "can_manage": can(request.user, "handbook.manage"),
            "can_review": can(request.user, "handbook.comment"),
        },
    )


def _document(handbook: Handbook) -> list[tuple[Version, object]]:
    return [
        (version, _safe(markdown.render(version.body)))
        for version in selectors.published_versions(handbook)
    ]


def handbook(request, pk: int):
    require(request.user, "handbook.read")
    book = get_object_or_404(Handbook, pk=pk)
    return render(
        request, "handbook/handbook.html", {"handbook": book, "chapters": _document(book)}
    )


def handbook_pdf(request, pk: int):
    require(request.user, "handbook.read")
    book = get_object_or_404(Handbook, pk=pk)
    response = HttpResponse(pdf.render_pdf(book, _document(book)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.filename(book)}"'
    return response


class AcknowledgeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


def _acknowledge(request, chapter: Chapter):
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        raise Http404
    version = get_object_or_404(
        versions_visible_to(request.user), pk=form.cleaned_data["version"], chapter=chapter
    )
    try:
        services.acknowledge(actor=request.user, version=version)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _('You confirmed that you read and understood "%(title)s".') % {"title": chapter},
        )
    return redirect("handbook:chapter", chapter.pk)


def chapter(request, pk: int):
    require(request.user, "handbook.read")
    chapter = get_object_or_404(Chapter.objects.select_related("handbook"), pk=pk)
    if request.method == "POST":
        return _acknowledge(request, chapter)
    version = selectors.published_versions().filter(chapter=chapter).first()
    if version is None:
        if not sees_drafts(request.user):
            raise Http404
        return render(
            request,
            "handbook/chapter_unpublished.html",
            {"chapter": chapter, "versions": chapter.versions.order_by("-number")},
        )
    employee = employee_of(request.user)
    acknowledger = _acknowledger(request.user)
    mark = selectors.read_marks(employee, [chapter]).get(chapter.pk)
    previous = mark.version if mark is not None and mark.version.number < version.number else None
    services.mark_read(actor=request.user, version=version)
    acknowledged = (
        Acknowledgement.objects.filter(employee=acknowledger, version__chapter=chapter)
        .select_related("version")
        .order_by("-version__number")
        .first()
        if acknowledger is not None
        else None
    )
    in_progress = (
        chapter.versions.filter(status__in=Version.IN_PROGRESS).first()
        if sees_drafts(request.user)
        else None
    )
    return render(
        request,
        "handbook/chapter.html",
        {
            "chapter": chapter,
            "version": version,
            "html": _safe(paragraphs.render_with_anchors(version.body)),
            "previous": previous,
            "changes": _safe(diff.diff_html(previous.body, version.body)) if previous else None,
            "must_acknowledge": acknowledger is not None
            and selectors.needs_acknowledgement(acknowledger, chapter),
            "acknowledged": acknowledged,
            "earlier": selectors.earlier_versions(chapter),
            "in_progress": in_progress,
        },
    )


def search(request):
    require(request.user, "handbook.read")
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY]
    hits, more = selectors.search_published(query) if query else ([], False)
    return render(request, "handbook/search.html", {"query": query, "hits": hits, "more": more})


def _compare_url(a: Version, b: Version) -> str | None:
    try:
        return reverse("handbook:compare") + "?" + urlencode({"a": a.pk, "b": b.pk})
    except NoReverseMatch:  # the comparison page is not mounted
        return None


def version(request, pk: int):
    require(request.user, "handbook.read")
    version = get_object_or_404(
        versions_visible_to(request.user).select_related(
            "submitted_by", "responded_by", "decided_by", "published_by"
        ),
        pk=pk,
    )
    current = selectors.published_versions().filter(chapter_id=version.chapter_id).first()
    return render(
        request,
        "handbook/version.html",
        {
            "version": version,
            "chapter": version.chapter,
            "current": current,
            "html": _safe(paragraphs.render_with_anchors(version.body)),
            "compare_url": _compare_url(version, current)
            if current is not None and current.pk != version.pk
            else None,
        },
    )


def acknowledgements(request):
    require(request.user, "handbook.manage")
    if request.method == "POST":
        return _remind(request)
    chapter_id = _number(request.GET.get("chapter"))
    overview = acknowledgement_overview(
        timezone.localdate(), chapter_id=chapter_id, team=request.GET.get("team")
    )
    if chapter_id is not None and overview.selected is None:
        raise Http404
    return render(request, "handbook/acknowledgements.html", {"overview": overview})


def _remind(request):
    chapter = get_object_or_404(Chapter, pk=_number(request.POST.get("chapter")) or 0)
    try:
        sent = services.remind_unacknowledged(actor=request.user, chapter=chapter)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if sent:
            messages.success(
                request,
                ngettext(
                    '%(n)d reminder sent for "%(title)s".',
                    '%(n)d reminders sent for "%(title)s".',
                    sent,
                )
                % {"n": sent, "title": chapter},
            )
        else:
            messages.info(
                request,
                _(
                    'Nobody to remind for "%(title)s": everyone who has not acknowledged it '
                    "was reminded of this version before, or has no e-mail address."
                )
                % {"title": chapter},
            )
    return redirect(reverse("handbook:acknowledgements") + "?" + urlencode({"chapter": chapter.pk}))
