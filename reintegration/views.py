"""Pages of the reintegration file: the list of cases, a case with its timeline and records,
the forms that add to it, its documents and the file as one PDF. Every door reads the case
through selectors (404 for what you may not read, an audit row for each read) and writes
through services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.forms import NOT_SAVED, submit
from core.permissions import can, employee_of, require, users_with_role
from core.roles import Role
from reintegration import pdf, selectors, services
from reintegration.forms import (
    ActivityFormSet,
    CaseForm,
    DocumentForm,
    EmployeeViewForm,
    RecordForm,
)
from reintegration.models import CaseRecord


def case_list(request):
    """Open cases, overdue first, then by next deadline; closed cases on their own tab."""
    if not (can(request.user, "reintegration.view") or employee_of(request.user)):
        raise PermissionDenied
    today = timezone.localdate()
    status = request.GET.get("status", "open")
    if status == "closed":
        closed = list(
            selectors.cases_visible_to(request.user)
            .filter(closed_on__isnull=False)
            .select_related("employee", "owner")
            .order_by("-closed_on")[:200]
        )
        views = selectors.views_of(closed, today)
    else:
        views = selectors.open_cases(request.user, today)
    selectors.audit_case_list(request.user, [v.case for v in views])
    return render(
        request,
        "reintegration/case_list.html",
        {"views": views, "status": status, "today": today},
    )


def case_detail(request, pk: int):
    case = selectors.case_for_viewer(request.user, pk)
    today = timezone.localdate()
    records = list(case.records.all())  # by date: the first of a kind is the one that counts
    view = selectors.view_of(case, today, records=records)
    first_of_kind: dict[str, CaseRecord] = {}
    for record in records:
        first_of_kind.setdefault(record.kind, record)
    me = employee_of(request.user)
    return render(
        request,
        "reintegration/case_detail.html",
        {
            "case": case,
            "view": view,
            "today": today,
            "timeline": [
                {**row, "record": first_of_kind.get(row["milestone"].key)}
                if row["milestone"].done_on
                else row
                for row in selectors.timeline(view)
            ],
            "records": records[::-1],
            "kinds": CaseRecord.Kind.choices,
            "can_manage": can(request.user, "reintegration.manage"),
            "is_employee": me is not None and me.pk == case.employee_id,
            "view_kinds": services.EMPLOYEE_VIEW_KINDS,
        },
    )


def _case_to_manage(request, pk: int):
    require(request.user, "reintegration.manage")
    return selectors.case_for_viewer(request.user, pk)


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
            services.record_add,
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
        "reintegration/case_record_form.html",
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
    record = selectors.record_for_viewer(request.user, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    added = submit(  # documents_add checks every file first, then stores all or none
        request,
        form,
        services.documents_add,
        data=lambda c: {"uploads": c["documents"]},
        record=record,
    )
    if added is not NOT_SAVED:
        messages.success(request, _("The documents are added."))
        return redirect(record.case)
    return render(
        request,
        "reintegration/case_record_form.html",
        {
            "case": record.case,
            "form": form,
            "title": _("Documents for: %(record)s") % {"record": record},
            "upload_only": True,
        },
    )


def case_document(request, pk: int):
    """A document, only through the permission check; each read is audited."""
    document = selectors.document_for_viewer(request.user, pk)
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

    record = selectors.record_for_viewer(request.user, pk, check=only_the_employee)
    form = EmployeeViewForm(request.POST or None, initial={"text": record.employee_view})
    saved = submit(
        request,
        form,
        services.employee_view_set,
        data=lambda c: {"text": c["text"]},
        record=record,
    )
    if saved is not NOT_SAVED:
        messages.success(request, _("Your view is added to the file."))
        return redirect(record.case)
    return render(
        request,
        "hrm/form.html",
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
            services.case_update,
            data=lambda c: {"owner": c["owner"], "wia_letter_date": c["wia_letter_date"]},
            case=case,
        )
        is not NOT_SAVED
    ):
        messages.success(request, _("The case is updated."))
        return redirect(case)
    return render(
        request,
        "hrm/form.html",
        {
            "form": form,
            "title": _("Case of %(name)s") % {"name": case.employee.full_name},
            "cancel": case.get_absolute_url(),
        },
    )


def case_pdf(request, pk: int):
    case = selectors.case_for_viewer(request.user, pk)
    body = pdf.render_pdf(case, timezone.localdate())
    response = HttpResponse(body, content_type="application/pdf")
    name = f"reintegratiedossier-{case.employee.personnel_number}-{case.chain_start:%Y%m%d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
