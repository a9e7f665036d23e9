"""Writing the handbook (HR and the director, `handbook.manage`): the overview of every chapter
with where its next version stands (`manage`), a new chapter (`chapter_new`), a draft's text
(`version_edit`) and the live preview of Markdown (`preview`).

The editor shows the rendered text beside the Markdown: handbook/static/handbook/editor.js
posts the text to `preview` a moment after typing stops and puts the answer, the sanitised
HTML of `handbook.markdown.render`, in the preview box. Without JavaScript the editor's
"Preview" button shows the same rendering on the page, without saving."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django import forms
from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.dates import FormDateField
from core.errors import ApplicationError
from core.forms import NOT_SAVED, submit
from core.permissions import require
from handbook import markdown, selectors, services, workflow
from handbook.models import MAX_BODY, WOR_ARTICLES, Chapter, Handbook, Participation, Version
from handbook.permissions import versions_visible_to
from handbook.services.common import facts
from hrm.forms import DateInput

SUMMARY_MAX = Version._meta.get_field("summary").max_length


def participation_choices() -> list[tuple[str, str]]:
    return [
        (value, f"{label} ({WOR_ARTICLES[Participation(value)]})")
        for value, label in Participation.choices
    ]


def _body_field() -> forms.CharField:
    return forms.CharField(
        label=gettext_lazy("Text (Markdown)"),
        help_text=gettext_lazy(
            "# heading, **bold**, *italic*, - list item, 1. numbered item, [link](https://...). "
            "Every paragraph can be commented on by the PVT."
        ),
        required=False,
        strip=False,
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 22, "data-preview-source": "", "spellcheck": "true"}),
    )


def _summary_field() -> forms.CharField:
    return forms.CharField(
        label=gettext_lazy("Summary of the changes"),
        help_text=gettext_lazy("What changed and why, in a few lines: shown with the version."),
        required=False,
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ChapterForm(forms.Form):
    handbook = forms.ModelChoiceField(
        label=gettext_lazy("Handbook"), queryset=Handbook.objects.all(), empty_label=None
    )
    title = forms.CharField(
        label=gettext_lazy("Title"), max_length=Chapter._meta.get_field("title").max_length
    )
    participation = forms.ChoiceField(
        label=gettext_lazy("Participation right of the PVT"),
        help_text=Chapter._meta.get_field("participation").help_text,
        choices=participation_choices,
        widget=forms.RadioSelect,
    )
    review_on = FormDateField(
        label=gettext_lazy("Next periodic review"),
        help_text=Chapter._meta.get_field("review_on").help_text,
        required=False,
        widget=DateInput(),
    )
    body = _body_field()
    summary = _summary_field()


class VersionForm(forms.Form):
    body = _body_field()
    summary = _summary_field()
    minor = forms.BooleanField(
        label=gettext_lazy("Minor change"),
        help_text=Version._meta.get_field("minor").help_text,
        required=False,
    )


def preview_html(body: str) -> SafeString:
    """The sanitised HTML of `body` (`handbook.markdown.render`, nothing else reaches a page)."""
    return mark_safe(markdown.render(body[:MAX_BODY]))  # noqa: S308 - sanitised by nh3's allow-list


@require_POST
def preview(request):
    """The live preview: Markdown in (`body`), the sanitised HTML fragment out."""
    require(request.user, "handbook.manage")
    body = request.POST.get("body", "")
    if len(body) > MAX_BODY:
        return JsonResponse(
            {"code": "too_long", "detail": _("The text is too long."), "fields": {}}, status=400
        )
    return HttpResponse(preview_html(body), content_type="text/html; charset=utf-8")


# Where the next version of a chapter stands -----------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """How a version in progress is shown: a label, whether a deadline passed, whether HR may
    publish it now, and from when at the earliest."""

    label: str
    overdue: bool
    ready: bool
    earliest: date | None


def progress_of(version: Version, today: date) -> Progress:
    f = facts(version)
    overdue = False
    status = version.status
    if status == Version.Status.DRAFT:
        label = _("Draft")
    elif status == Version.Status.SUBMITTED:
        if version.chapter.participation == Participation.INFORMATION:
            label = _("Shared with the PVT for information")
        else:
            deadline = date_format(version.deadline, "j F Y") if version.deadline else "–"
            label = _("With the PVT until %(deadline)s") % {"deadline": deadline}
            overdue = version.deadline is not None and version.deadline < today
    elif status == Version.Status.RESPONDED:
        label = _("PVT responded: %(outcome)s") % {"outcome": version.get_outcome_display()}
    elif status == Version.Status.DECIDED:
        decided = date_format(version.decided_on, "j F Y") if version.decided_on else "–"
        label = _("Decided by the board on %(date)s") % {"date": decided}
    else:
        label = version.get_status_display()
    earliest = workflow.earliest_effective(f)
    ready = False
    if status in (Version.Status.SUBMITTED, Version.Status.RESPONDED, Version.Status.DECIDED):
        effective = max(today, earliest) if earliest else today
        ready = workflow.cannot_publish(f, effective, today) is None
    return Progress(label=str(label), overdue=overdue, ready=ready, earliest=earliest)


def manage(request):
    """Every handbook's chapters: participation right, the version in progress and where it
    stands, the published version, the review date; a POST with `action=new_version` starts
    the next draft of a chapter."""
    require(request.user, "handbook.manage")
    if request.method == "POST" and request.POST.get("action") == "new_version":
        chapter = get_object_or_404(Chapter, pk=_int(request.POST.get("chapter")))
        try:
            version = services.version_create(actor=request.user, chapter=chapter)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(f"{reverse('handbook:manage')}#chapter-{chapter.pk}")
        messages.success(
            request, _("Version %(number)s is a new draft.") % {"number": version.number}
        )
        return redirect("handbook:version_edit", version.pk)
    today = timezone.localdate()
    handbooks = [
        (
            handbook,
            [
                {
                    "row": row,
                    "progress": progress_of(row.in_progress, today) if row.in_progress else None,
                    "review_due": row.chapter.review_on is not None
                    and row.chapter.review_on < today,
                }
                for row in rows
            ],
        )
        for handbook, rows in selectors.chapters_to_manage()
    ]
    return render(request, "handbook/manage.html", {"handbooks": handbooks, "today": today})


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _editor(request, form, *, title: str, context: dict):
    shown = None
    if request.method == "POST" and request.POST.get("action") == "preview":
        shown = preview_html(request.POST.get("body", ""))
    elif form.is_bound:
        shown = preview_html(form.data.get("body", ""))
    else:
        shown = preview_html(form.initial.get("body", "") or "")
    return render(
        request,
        "handbook/editor.html",
        {"form": form, "title": title, "preview": shown, **context},
    )


def chapter_new(request):
    """A new chapter and its first draft."""
    require(request.user, "handbook.manage")
    initial = {}
    handbook_id = _int(request.GET.get("handbook"))
    if handbook_id is not None:
        initial["handbook"] = get_object_or_404(Handbook, pk=handbook_id)
    form = ChapterForm(request.POST or None, initial=initial)
    if request.method == "POST" and request.POST.get("action") != "preview":
        chapter = submit(request, form, services.chapter_create)
        if chapter is not NOT_SAVED:
            messages.success(request, _("The chapter was created with a first draft."))
            return redirect("handbook:version_edit", chapter.versions.get().pk)
    elif request.method == "POST":
        form.is_valid()  # show what is missing, without saving
    return _editor(request, form, title=_("New chapter"), context={"version": None})


def version_edit(request, pk: int):
    """A draft's text, summary and "minor"; a version that is no draft answers with the rule
    (on its review page)."""
    require(request.user, "handbook.manage")
    version = get_object_or_404(versions_visible_to(request.user), pk=pk)
    rule = workflow.cannot_edit(facts(version))
    if rule:
        messages.error(request, rule)
        return redirect("handbook:review", version.pk)
    form = VersionForm(
        request.POST or None,
        initial={"body": version.body, "summary": version.summary, "minor": version.minor},
    )
    if request.method == "POST" and request.POST.get("action") != "preview":
        saved = submit(request, form, services.version_update, version=version)
        if saved is not NOT_SAVED:
            messages.success(request, _("The draft has been saved."))
            if request.POST.get("action") == "save_review":
                return redirect("handbook:review", version.pk)
            return redirect("handbook:version_edit", version.pk)
    title = _("%(chapter)s, version %(number)s") % {
        "chapter": version.chapter.title,
        "number": version.number,
    }
    return _editor(request, form, title=title, context={"version": version})
