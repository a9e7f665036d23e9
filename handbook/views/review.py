"""The PVT's review of a version (`review`), two versions side by side (`compare`) and the PVT's
own page (`pvt`).

`review` shows the version's text paragraph by paragraph (each in the `<section>` of
`handbook.paragraphs` that carries its anchor), each paragraph with its comment threads and a
form to start one in a `<details>`, so it works without JavaScript; the changes against the
published version (folded); and the workflow box: the request and deadline, the PVT's response,
the board's decision and the publication, each form shown to the roles that may take that step
and, when the step is not possible yet, the rule instead. Every form posts to the page with an
`action`; the services decide, and a refusal shows beside its field.

Who: `handbook.review` (HR, the directors, the PVT, the board) opens a version; a version one
may not see answers 404 (employees never see drafts). `compare` is for every reader, on the
versions they see. `pvt` is for those who take part in the review discussion
(`handbook.comment`: the PVT, HR and the director)."""

from __future__ import annotations

import re

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import FormDateField
from core.errors import ApplicationError
from core.forms import NOT_SAVED, submit
from core.permissions import can, require
from handbook import diff, markdown, paragraphs, selectors, services, workflow
from handbook.models import Comment, CommentThread, Participation, Version
from handbook.permissions import versions_visible_to
from handbook.services.comments import OPEN_FOR_COMMENTS
from handbook.services.common import facts
from handbook.views.writing import progress_of
from hrm.forms import DateInput

COMMENT_MAX = Comment._meta.get_field("body").max_length
ANCHOR = re.compile(r"p-[0-9a-f]{1,20}(?:-[0-9]{1,5})?")


def _comment_field(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": COMMENT_MAX}),
    )


class ThreadForm(forms.Form):
    anchor = forms.CharField(widget=forms.HiddenInput, max_length=40)
    body = _comment_field(gettext_lazy("Comment on this paragraph"))


class ReplyForm(forms.Form):
    thread = forms.IntegerField(widget=forms.HiddenInput)
    body = _comment_field(gettext_lazy("Reply"))


class SubmitForm(forms.Form):
    request = forms.CharField(
        label=gettext_lazy("Request to the PVT"),
        required=False,
        max_length=Version._meta.get_field("request").max_length,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    deadline = FormDateField(
        label=gettext_lazy("Response deadline"),
        help_text=gettext_lazy("The term agreed with the PVT; by default 6 weeks from today."),
        required=False,
        widget=DateInput(),
    )


class RespondForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Response of the PVT"), choices=(), widget=forms.RadioSelect
    )
    motivation = forms.CharField(
        label=gettext_lazy("Motivation"),
        max_length=Version._meta.get_field("motivation").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    pvt_meeting_on = FormDateField(
        label=gettext_lazy("PVT meeting"),
        help_text=gettext_lazy("The meeting at which the PVT decided on its response."),
        required=False,
        widget=DateInput(),
    )

    def __init__(self, participation: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Version.Outcome.choices)
        outcome = self.fields["outcome"]
        assert isinstance(outcome, forms.ChoiceField)
        outcome.choices = [(value, labels[value]) for value in workflow.OUTCOMES[participation]]


class DecideForm(forms.Form):
    date = FormDateField(label=gettext_lazy("Date of the board's decision"), widget=DateInput())
    reference = forms.CharField(
        label=gettext_lazy("Decision reference"),
        help_text=gettext_lazy("As in the minutes of the general board, for example AB-2026-14."),
        max_length=Version._meta.get_field("decision_reference").max_length,
    )


class PublishForm(forms.Form):
    effective_date = FormDateField(label=gettext_lazy("Effective date"), widget=DateInput())


# The actions of the review page ----------------------------------------------------------------


def _back(version: Version, anchor: str = ""):
    url = reverse("handbook:review", args=[version.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _thread_of(request, version: Version) -> CommentThread:
    try:
        pk = int(request.POST.get("thread", ""))
    except ValueError:
        raise Http404 from None
    return get_object_or_404(CommentThread, pk=pk, chapter_id=version.chapter_id)


def _comment(request, version: Version):
    anchor = request.POST.get("anchor", "")
    if not ANCHOR.fullmatch(anchor):  # the form's ids are built from it
        anchor = ""
    form = ThreadForm(request.POST, auto_id=f"id_{anchor}_%s")
    thread = submit(request, form, services.thread_start, version=version)
    if thread is NOT_SAVED:
        if anchor in {b.anchor for b in paragraphs.blocks(version.body)}:
            return {f"comment:{anchor}": form}  # shown under its paragraph
        for error in form.errors.as_data().values():  # no paragraph to show it under
            for message in error:
                messages.error(request, " ".join(message.messages))
        return _back(version)
    messages.success(request, _("Your comment has been added."))
    return _back(version, f"thread-{thread.pk}")


def _reply(request, version: Version):
    thread = _thread_of(request, version)
    form = ReplyForm(request.POST, auto_id=f"id_reply{thread.pk}_%s")
    comment = submit(
        request, form, services.comment_add, data=lambda d: {"body": d["body"]}, thread=thread
    )
    if comment is NOT_SAVED:
        return {f"reply:{thread.pk}": form}
    messages.success(request, _("Your reply has been added."))
    return _back(version, f"thread-{thread.pk}")


def _resolve(request, version: Version):
    thread = _thread_of(request, version)
    services.thread_resolve(actor=request.user, thread=thread)
    messages.success(request, _("The thread is marked resolved."))
    return _back(version, f"thread-{thread.pk}")


def _step(form_key: str, form, service, message, anchor: str = "workflow", **extra):
    def handle(request, version: Version):
        bound = form(request, version)
        if submit(request, bound, service, version=version, **extra) is NOT_SAVED:
            return {form_key: bound}
        messages.success(request, str(message))
        return _back(version, anchor)

    return handle


def _withdraw(request, version: Version):
    try:
        services.version_withdraw(actor=request.user, version=version)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The version has been withdrawn; a new draft can be written."))
    return _back(version, "workflow")


ACTIONS = {
    "comment": _comment,
    "reply": _reply,
    "resolve": _resolve,
    "withdraw": _withdraw,
    "submit": _step(
        "submit",
        lambda request, version: SubmitForm(request.POST),
        services.version_submit,
        gettext_lazy("The version has been submitted to the PVT; its members get an e-mail."),
    ),
    "respond": _step(
        "respond",
        lambda request, version: RespondForm(version.chapter.participation, request.POST),
        services.version_respond,
        gettext_lazy("The PVT's response has been recorded."),
    ),
    "decide": _step(
        "decide",
        lambda request, version: DecideForm(request.POST),
        services.version_decide,
        gettext_lazy("The board's decision has been recorded."),
    ),
    "publish": _step(
        "publish",
        lambda request, version: PublishForm(request.POST),
        services.version_publish,
        gettext_lazy("The version has been published."),
    ),
}


# The review page ---------------------------------------------------------------------------


def _compared_with(version: Version) -> Version | None:
    """The version the changes are shown against: the published one, or for a published or
    archived version the public version before it."""
    versions = Version.objects.filter(chapter_id=version.chapter_id).exclude(pk=version.pk)
    if version.status not in (Version.Status.PUBLISHED, Version.Status.ARCHIVED):
        return versions.filter(status=Version.Status.PUBLISHED).first()
    return (
        versions.filter(
            status__in=(Version.Status.PUBLISHED, Version.Status.ARCHIVED),
            number__lt=version.number,
        )
        .order_by("-number")
        .first()
    )


def _history(version: Version) -> list[tuple]:
    """(when, who, what) of each step the version took, in order."""
    events: list[tuple] = [(version.created_at, version.created_by, _("Written"))]
    if version.submitted_at:
        events.append((version.submitted_at, version.submitted_by, _("Submitted to the PVT")))
    if version.responded_at:
        events.append(
            (
                version.responded_at,
                version.responded_by,
                _("PVT response recorded: %(outcome)s")
                % {"outcome": version.get_outcome_display()},
            )
        )
    if version.decided_on:
        events.append(
            (
                version.decided_on,
                version.decided_by,
                _("Decided by the general board (%(reference)s)")
                % {"reference": version.decision_reference},
            )
        )
    if version.published_at and version.effective_date:
        events.append(
            (
                version.published_at,
                version.published_by,
                _("Published, effective %(date)s")
                % {"date": date_format(version.effective_date, "j F Y")},
            )
        )
    if version.archived_at:
        label = (
            _("Withdrawn")
            if version.status == Version.Status.WITHDRAWN
            else _("Archived: superseded by a newer version")
        )
        events.append((version.archived_at, None, label))
    return events


def _workflow(request, version: Version, bound: dict) -> dict:
    """The forms of the steps the viewer may take now, or the rule that stands in the way."""
    user, today = request.user, timezone.localdate()
    f = facts(version)
    status = version.status
    box: dict = {"progress": progress_of(version, today) if status in Version.IN_PROGRESS else None}
    earliest = workflow.earliest_effective(f)
    box["earliest"] = earliest
    manager = can(user, "handbook.manage")
    if manager and status == Version.Status.DRAFT:
        box["submit_form"] = bound.get("submit") or SubmitForm(
            initial={"request": version.request, "deadline": services.default_deadline()}
        )
    if manager and status in Version.IN_PROGRESS:
        box["can_withdraw"] = workflow.cannot_withdraw(f) is None
    if can(user, "handbook.respond") and status == Version.Status.SUBMITTED:
        if version.chapter.participation == Participation.INFORMATION:
            box["respond_rule"] = workflow.cannot_respond(f, "")
        else:
            box["respond_form"] = bound.get("respond") or RespondForm(version.chapter.participation)
    if can(user, "handbook.decide") and status in (
        Version.Status.SUBMITTED,
        Version.Status.RESPONDED,
    ):
        rule = workflow.cannot_decide(f, today)
        if rule and "decide" not in bound:
            box["decide_rule"] = rule
        else:
            box["decide_form"] = bound.get("decide") or DecideForm(initial={"date": today})
    if manager and status in (
        Version.Status.SUBMITTED,
        Version.Status.RESPONDED,
        Version.Status.DECIDED,
    ):
        effective = max(today, earliest) if earliest else today
        rule = workflow.cannot_publish(f, effective, today)
        if rule and "publish" not in bound:
            box["publish_rule"] = rule
        else:
            box["publish_form"] = bound.get("publish") or PublishForm(
                initial={"effective_date": effective}
            )
    return box


def _paragraphs(request, version: Version, threads: selectors.VersionThreads, bound: dict):
    may_comment = can(request.user, "handbook.comment")
    may_start = may_comment and version.status in OPEN_FOR_COMMENTS
    result = []
    for block in paragraphs.blocks(version.body):
        key = f"comment:{block.anchor}"
        form = None
        if may_start:
            form = bound.get(key) or ThreadForm(
                initial={"anchor": block.anchor}, auto_id=f"id_{block.anchor}_%s"
            )
        listed = threads.for_anchor(block.anchor)
        for thread in listed:
            _with_reply_form(thread, may_comment, bound)
        result.append(
            {
                "anchor": block.anchor,
                # the block's sanitised HTML in its anchored <section> (handbook.paragraphs)
                "html": mark_safe(paragraphs.wrap(block)),  # noqa: S308 - sanitised by nh3
                "threads": listed,
                "open_count": sum(1 for t in listed if t.resolved_at is None),
                "form": form,
                "open": key in bound or any(f"reply:{t.pk}" in bound for t in listed),
            }
        )
    for thread in threads.outdated:
        _with_reply_form(thread, may_comment, bound)
    return result


def _with_reply_form(thread: CommentThread, may_comment: bool, bound: dict) -> None:
    """The reply form of the thread, for the template: the one just posted (with its errors),
    else an empty one while the thread takes replies."""
    form = bound.get(f"reply:{thread.pk}")
    if form is None and may_comment and thread.resolved_at is None:
        form = ReplyForm(initial={"thread": thread.pk}, auto_id=f"id_reply{thread.pk}_%s")
    thread.reply_form = form  # type: ignore[attr-defined]  # for the template only


def review(request, pk: int):
    version = get_object_or_404(versions_visible_to(request.user), pk=pk)
    require(request.user, "handbook.review")
    bound: dict = {}
    if request.method == "POST":
        handler = ACTIONS.get(request.POST.get("action", ""))
        if handler is None:
            return _back(version)
        result = handler(request, version)
        if isinstance(result, HttpResponse):
            return result
        bound = result
        version.refresh_from_db()
    blocks = paragraphs.blocks(version.body)
    threads = selectors.threads_for(version, [b.anchor for b in blocks])
    against = _compared_with(version)
    visible = versions_visible_to(request.user)
    context = {
        "version": version,
        "chapter": version.chapter,
        "paragraphs": _paragraphs(request, version, threads, bound),
        "outdated": threads.outdated,
        "unresolved": threads.unresolved,
        "against": against,
        "changes": mark_safe(diff.diff_html(against.body, version.body)) if against else None,  # noqa: S308 - rebuilt from the allow-list
        "change_summary": diff.summary(against.body, version.body) if against else None,
        "box": _workflow(request, version, bound),
        "history": _history(version),
        "versions": selectors.chapter_versions(version.chapter, visible),
        "may_manage": can(request.user, "handbook.manage"),
        "may_comment": can(request.user, "handbook.comment"),
        "open_for_comments": version.status in OPEN_FOR_COMMENTS,
        "today": timezone.localdate(),
    }
    return render(request, "handbook/review.html", context)


# Two versions side by side -------------------------------------------------------------------


def _id(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise Http404 from None


def compare(request):
    """`?a=<id>&b=<id>`: two versions of one chapter, side by side, with the word-level changes
    from a to b. Without `a`, b is compared with the version before it that the viewer sees."""
    require(request.user, "handbook.read")
    visible = versions_visible_to(request.user)
    b_id, a_id = _id(request.GET.get("b")), _id(request.GET.get("a"))
    if b_id is None:
        if a_id is None:
            raise Http404
        a_id, b_id = None, a_id
    new = get_object_or_404(visible, pk=b_id)
    if a_id is None:
        old = (
            visible.filter(chapter_id=new.chapter_id, number__lt=new.number)
            .order_by("-number")
            .first()
        )
    else:
        old = get_object_or_404(visible, pk=a_id, chapter_id=new.chapter_id)
    if old is not None and old.number > new.number:
        old, new = new, old  # the older one on the left; the changes go from old to new
    sides = [(v, mark_safe(markdown.render(v.body))) for v in (old, new) if v]  # noqa: S308 - sanitised by nh3
    context = {
        "chapter": new.chapter,
        "old": old,
        "new": new,
        "sides": sides,
        "changes": mark_safe(diff.diff_html(old.body, new.body)) if old else None,  # noqa: S308 - rebuilt from the allow-list
        "change_summary": diff.summary(old.body, new.body) if old else None,
        "versions": selectors.chapter_versions(new.chapter, visible),
        "may_review": can(request.user, "handbook.review"),
    }
    return render(request, "handbook/compare.html", context)


# The PVT's page ------------------------------------------------------------------------------


def _with_last_comment(threads: list[CommentThread]) -> list[CommentThread]:
    for thread in threads:
        comments = list(thread.comments.all())  # prefetched
        thread.last_comment = comments[-1] if comments else None  # type: ignore[attr-defined]  # for the template
    return threads


def pvt(request):
    """Open requests with their deadlines, threads waiting for the PVT, and the history of the
    PVT's responses (the latest `selectors.RESPONSE_HISTORY`)."""
    require(request.user, "handbook.comment")
    today = timezone.localdate()
    requests = [
        {"version": v, "overdue": v.deadline is not None and v.deadline < today}
        for v in selectors.open_requests()
    ]
    context = {
        "requests": requests,
        "waiting": _with_last_comment(selectors.threads_waiting(for_pvt=True)),
        "waiting_for_drafters": (
            _with_last_comment(selectors.threads_waiting(for_pvt=False))
            if can(request.user, "handbook.manage")
            else None
        ),
        "history": selectors.response_history(),
        "history_limit": selectors.RESPONSE_HISTORY,
        "today": today,
    }
    return render(request, "handbook/pvt.html", context)
