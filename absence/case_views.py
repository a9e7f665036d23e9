"""Pages of the reintegration file (issue 7)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from absence import case_file, cases, ics
from absence.case_forms import (
    ActivityFormSet,
    CaseForm,
    DocumentForm,
    EmployeeViewForm,
    RecordForm,
)
from absence.models import CalendarFeed, CaseRecord
from core.auth import employment_ended
from core.forms import NOT_SAVED, submit
from core.permissions import can, employee_of, require, users_with_role
from core.roles import Role


def case_list(request):
    """Open cases, overdue first, then by next deadline; closed cases on their own tab."""
    if not (can(request.user, "reintegration.view") or employee_of(request.user)):
        raise PermissionDenied
    today = timezone.localdate()
    status = request.GET.get("status", "open")
    if status == "closed":
        closed = list(
            cases.cases_visible_to(request.user)
            .filter(closed_on__isnull=False)
            .select_related("employee", "owner")
            .order_by("-closed_on")[:200]
        )
        views = cases.views_of(closed, today)
    else:
        views = cases.open_cases(request.user, today)
    cases.audit_case_list(request.user, [v.case for v in views])
    return render(
        request,
        "absence/case_list.html",
        {"views": views, "status": status, "today": today},
    )


def case_detail(request, pk: int):
    case = cases.case_for_viewer(request.user, pk)
    today = timezone.localdate()
    records = list(case.records.all())  # by date: the first of a kind is the one that counts
    view = cases.view_of(case, today, records=records)
    first_of_kind = {}
    for record in records:
        first_of_kind.setdefault(record.kind, record)
    me = employee_of(request.user)
    return render(
        request,
        "absence/case_detail.html",
        {
            "case": case,
            "view": view,
            "today": today,
            "timeline": [
                {**row, "record": first_of_kind.get(row["milestone"].key)}
                if row["milestone"].done_on
                else row
                for row in cases.timeline(view)
            ],
            "records": records[::-1],
            "kinds": CaseRecord.Kind.choices,
            "can_manage": can(request.user, "reintegration.manage"),
            "is_employee": me is not None and me.pk == case.employee_id,
            "view_kinds": cases.EMPLOYEE_VIEW_KINDS,
        },
    )


def _case_to_manage(request, pk: int):
    require(request.user, "reintegration.manage")
    return cases.case_for_viewer(request.user, pk)


@require_http_methods(["GET", "POST"])
def record_create(request, pk: int):
    case = _case_to_manage(request, pk)
    kind = request.GET.get("kind") or request.POST.get("kind") or ""
    if kind not in CaseRecord.Kind.values:
        raise Http404
    form = RecordForm(
        request.POST or None,
        request.FILES or None,
        kind=kind,
        initial={"date": timezone.localdate()},
    )
    activities = (
        ActivityFormSet(request.POST or None, prefix="activities")
        if kind == CaseRecord.Kind.ACTION_PLAN
        else None
    )
    if request.method == "POST" and (activities is None or activities.is_valid()):
        planned = [
            f.cleaned_data
            for f in (activities.forms if activities is not None else [])
            if f.cleaned_data.get("description")
        ]
        record = submit(  # record_add is atomic: record, activities and documents or nothing
            request,
            form,
            cases.record_add,
            data=lambda c: {**c, "documents": c.get("documents") or []},
            case=case,
            kind=kind,
            activities=planned,
        )
        if record is not NOT_SAVED:
            messages.success(
                request, _("%(what)s is recorded.") % {"what": record.get_kind_display()}
            )
            return redirect(case)
    return render(
        request,
        "absence/case_record_form.html",
        {
            "case": case,
            "form": form,
            "activities": activities,
            "kind": kind,
            "title": CaseRecord.Kind(kind).label,
        },
    )


@require_http_methods(["GET", "POST"])
def record_documents(request, pk: int):
    require(request.user, "reintegration.manage")
    record = cases.record_for_viewer(request.user, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    added = submit(  # documents_add checks every file first, then stores all or none
        request,
        form,
        cases.documents_add,
        data=lambda c: {"uploads": c["documents"]},
        record=record,
    )
    if added is not NOT_SAVED:
        messages.success(request, _("The documents are added."))
        return redirect(record.case)
    return render(
        request,
        "absence/case_record_form.html",
        {
            "case": record.case,
            "form": form,
            "title": _("Documents for: %(record)s") % {"record": record},
            "upload_only": True,
        },
    )


def case_document(request, pk: int):
    """A document, only through the permission check; each read is audited."""
    document = cases.document_for_viewer(request.user, pk)
    try:
        with document.file.open("rb") as handle:
            content = handle.read()  # at most 20 MB; read whole, so nothing streams after the audit
    except FileNotFoundError:
        raise Http404 from None
    response = HttpResponse(content, content_type="application/pdf")
    quoted = document.name.replace('"', "").replace("\r", "").replace("\n", "")
    response["Content-Disposition"] = f'inline; filename="{quoted}"'
    return response


@require_http_methods(["GET", "POST"])
def employee_view(request, pk: int):
    me = employee_of(request.user)

    def only_the_employee(record: CaseRecord) -> None:
        if me is None or me.pk != record.case.employee_id:
            raise PermissionDenied  # only the employee writes their own view

    record = cases.record_for_viewer(request.user, pk, check=only_the_employee)
    form = EmployeeViewForm(request.POST or None, initial={"text": record.employee_view})
    saved = submit(
        request,
        form,
        cases.employee_view_set,
        data=lambda c: {"text": c["text"]},
        record=record,
    )
    if saved is not NOT_SAVED:
        messages.success(request, _("Your view is added to the file."))
        return redirect(record.case)
    return render(
        request,
        "absence/form.html",
        {
            "form": form,
            "title": _("Your view on: %(record)s") % {"record": record},
            "intro": _("This becomes part of your reintegration file, next to what was agreed."),
            "cancel": record.case.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
def case_edit(request, pk: int):
    case = _case_to_manage(request, pk)
    owners = users_with_role(Role.ADJUNCT_DIRECTOR, Role.HR)
    form = CaseForm(request.POST or None, instance=case, owners=owners)
    if (
        submit(
            request,
            form,
            cases.case_update,
            data=lambda c: {"owner": c["owner"], "wia_letter_date": c["wia_letter_date"]},
            case=case,
        )
        is not NOT_SAVED
    ):
        messages.success(request, _("The case is updated."))
        return redirect(case)
    return render(
        request,
        "absence/form.html",
        {
            "form": form,
            "title": _("Case of %(name)s") % {"name": case.employee.full_name},
            "cancel": case.get_absolute_url(),
        },
    )


def case_pdf(request, pk: int):
    case = cases.case_for_viewer(request.user, pk)
    pdf = case_file.render_pdf(case, timezone.localdate())
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"reintegratiedossier-{case.employee.personnel_number}-{case.chain_start:%Y%m%d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def calendar_settings(request):
    require(request.user, "reintegration.manage")
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(
        request,
        "absence/calendar.html",
        {
            "feed": feed,
            "url": request.build_absolute_uri(reverse("calendar_feed", args=[feed.token]))
            if feed
            else None,
        },
    )


@require_POST
def calendar_renew(request):
    require(request.user, "reintegration.manage")
    cases.calendar_feed_for(request.user, renew=True)
    messages.success(
        request, _("Your calendar address is ready. Any earlier address no longer works.")
    )
    return redirect("absence:calendar_settings")


@login_not_required
def calendar_feed(request, token: str):
    """The private iCalendar feed (no login: the token is the key; a new token revokes it)."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if (
        feed is None
        or not feed.user.is_active
        or employment_ended(feed.user)  # the feed's token is a login too
        or not can(feed.user, "reintegration.manage")
    ):
        raise Http404
    body = ics.feed_for(feed.user, timezone.localdate())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="plusteam-poortwachter.ics"'
    return response
