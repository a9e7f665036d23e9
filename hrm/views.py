"""The people pages: list and search, an employee with their contracts and history, offboarding,
import with preview, exports, teams."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from core.forms import NOT_SAVED, submit
from core.permissions import can, employee_of, require
from hrm import exports, importers, services
from hrm.filters import EmployeeFilter
from hrm.forms import (
    ContractForm,
    EmployeeCreateForm,
    EmployeeEditForm,
    ImportForm,
    LoginForm,
    OffboardForm,
    TeamForm,
)
from hrm.models import ContractPeriod, Employee, Team
from hrm.permissions import employees_visible_to
from hrm.selectors import employee_history, team_overview
from hrm.selectors import employee_list as select_employees
from hrm.tables import EmployeeTable

IMPORT_SESSION_KEY = "hrm_import"


def _visible_employee(request, pk: int) -> Employee:
    return get_object_or_404(employees_visible_to(request.user).with_contracts(), pk=pk)


def employee_list(request):
    if not can(request.user, "hrm.view_employee_list"):
        me = employee_of(request.user)
        if me is not None:
            return redirect(me)
        raise PermissionDenied
    filterset = EmployeeFilter(request.GET, queryset=select_employees(request.user))
    table = EmployeeTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    template = "hrm/_employee_results.html" if request.htmx else "hrm/employee_list.html"
    return render(
        request, template, {"filter": filterset, "table": table, "query": request.GET.urlencode()}
    )


def employee_detail(request, pk: int):
    employee = _visible_employee(request, pk)
    today = timezone.localdate()
    return render(
        request,
        "hrm/employee_detail.html",
        {
            "employee": employee,
            "contracts": employee.sorted_contracts(),
            "current": employee.contract_on(today),
            "status": employee.status_on(today),
            "can_manage": can(request.user, "hrm.manage_employees"),
            "can_offboard": can(request.user, "hrm.offboard_employee") and not employee.exit_date,
            "history": employee_history(employee)
            if can(request.user, "core.view_audit_log")
            else None,
        },
    )


@require_http_methods(["GET", "POST"])
def employee_login(request, pk: int):
    """Give an employee a login; they get an e-mail with a link to choose their password."""
    require(request.user, "hrm.manage_employees")
    employee = _visible_employee(request, pk)
    if employee.user_id:
        messages.info(request, _("%(name)s already has a login.") % {"name": employee.full_name})
        return redirect(employee)
    suggested = (
        employee.email.split("@")[0] if employee.email else employee.personnel_number
    ).lower()
    form = LoginForm(request.POST or None, initial={"username": suggested})
    user = submit(request, form, services.employee_link_user, employee=employee)
    if user is not NOT_SAVED:
        if services.send_password_setup(user=user, request=request):
            messages.success(
                request,
                _("Login created; %(email)s got a link to choose a password.")
                % {"email": user.email},
            )
        else:
            messages.warning(
                request,
                _("Login created, but without a work e-mail address no link could be sent."),
            )
        return redirect(employee)
    return render(
        request,
        "hrm/form.html",
        {
            "form": form,
            "title": _("Login for %(name)s") % {"name": employee.full_name},
            "submit": _("Create login"),
            "cancel": employee.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
def employee_create(request):
    require(request.user, "hrm.manage_employees")
    form = EmployeeCreateForm(request.POST or None)
    employee = submit(request, form, services.employee_create)
    if employee is not NOT_SAVED:
        messages.success(request, _("%(name)s was added.") % {"name": employee.full_name})
        return redirect(employee)
    return render(
        request,
        "hrm/form.html",
        {"form": form, "title": _("New employee"), "cancel_url": "hrm:employee_list"},
    )


@require_http_methods(["GET", "POST"])
def employee_edit(request, pk: int):
    require(request.user, "hrm.manage_employees")
    employee = _visible_employee(request, pk)
    initial = {
        f: getattr(employee, f)
        for f in ("personnel_number", "first_name", "last_name", "email", "manager")
    }
    form = EmployeeEditForm(request.POST or None, initial=initial, exclude_employee=employee)
    if submit(request, form, services.employee_update, employee=employee) is not NOT_SAVED:
        messages.success(request, _("The changes were saved."))
        return redirect(employee)
    return render(
        request,
        "hrm/form.html",
        {
            "form": form,
            "title": _("Edit %(name)s") % {"name": employee.full_name},
            "cancel": employee.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
def contract_form(request, pk: int, contract_pk: int | None = None):
    require(request.user, "hrm.manage_employees")
    employee = _visible_employee(request, pk)
    contract = (
        get_object_or_404(ContractPeriod, pk=contract_pk, employee=employee)
        if contract_pk
        else None
    )
    initial = {}
    if contract:
        initial = {
            f: getattr(contract, f) for f in ("start", "end", "team", "job_title", "hours_per_week")
        }
    else:
        contracts = employee.sorted_contracts()
        if contracts:
            last = contracts[-1]
            initial = {
                "team": last.team,
                "job_title": last.job_title,
                "hours_per_week": last.hours_per_week,
            }
    form = ContractForm(request.POST or None, initial=initial)
    if contract:
        saved = submit(request, form, services.contract_update, contract=contract)
    else:
        saved = submit(request, form, services.contract_add, employee=employee)
    if saved is not NOT_SAVED:
        messages.success(request, _("The contract period was saved."))
        return redirect(employee)
    title = _("Change contract period") if contract else _("New contract period")
    return render(
        request,
        "hrm/form.html",
        {
            "form": form,
            "title": f"{title}: {employee.full_name}",
            "cancel": employee.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
def employee_offboard(request, pk: int):
    require(request.user, "hrm.offboard_employee")
    employee = _visible_employee(request, pk)
    form = OffboardForm(request.POST or None)
    saved = submit(
        request,
        form,
        services.employee_offboard,
        employee=employee,
        data=lambda c: {"exit_date": c["exit_date"], "reason": c["exit_reason"]},
    )
    if saved is not NOT_SAVED:
        messages.success(request, _("%(name)s has been offboarded.") % {"name": employee.full_name})
        return redirect(employee)
    return render(
        request,
        "hrm/form.html",
        {
            "form": form,
            "title": _("Offboard %(name)s") % {"name": employee.full_name},
            "intro": _(
                "The history of this employee stays; only the login stops working after the last working day."
            ),
            "submit": _("Offboard"),
            "cancel": employee.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
def employee_import(request):
    """Upload -> preview of what will change (or every problem) -> confirm."""
    require(request.user, "hrm.import_employees")
    form = ImportForm()
    context: dict = {"form": form, "columns": importers.COLUMNS}
    if request.method == "POST" and "confirm" in request.POST:
        pending = request.session.get(IMPORT_SESSION_KEY)
        if not pending or pending["token"] != request.POST.get("token"):
            messages.error(request, _("The upload has expired; please upload the file again."))
            return redirect("hrm:employee_import")
        result = importers.run_import(pending["data"])
        del request.session[IMPORT_SESSION_KEY]
        if result.ok:
            messages.success(request, _("Import done. %(summary)s") % {"summary": result.summary()})
            return redirect("hrm:employee_list")
        context.update(result=result, filename=pending["name"])
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            result, _rows = importers.plan_import(data)
            context.update(result=result, filename=upload.name)
            if result.ok and result.has_changes:
                token = secrets.token_urlsafe(16)
                request.session[IMPORT_SESSION_KEY] = {
                    "token": token,
                    "name": upload.name,
                    "data": data.decode("utf-8-sig"),
                }
                context["token"] = token
    return render(request, "hrm/employee_import.html", context)


def employee_export(request, fmt: str):
    require(request.user, "hrm.export_employees")
    employees = employees_visible_to(request.user)
    rows = exports.export_rows(employees)
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        response = HttpResponse(
            exports.to_xlsx(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(exports.to_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="medewerkers-{stamp}.{fmt}"'
    return response


def team_list(request):
    require(request.user, "hrm.view_teams")
    return render(
        request,
        "hrm/team_list.html",
        {"teams": team_overview(), "can_manage": can(request.user, "hrm.manage_teams")},
    )


@require_http_methods(["GET", "POST"])
def team_form(request, pk: int | None = None):
    require(request.user, "hrm.manage_teams")
    team = get_object_or_404(Team, pk=pk) if pk else None
    initial = {"name": team.name, "description": team.description} if team else {}
    form = TeamForm(request.POST or None, initial=initial)
    if team:
        saved = submit(request, form, services.team_update, team=team)
    else:
        saved = submit(request, form, services.team_create)
    if saved is not NOT_SAVED:
        messages.success(request, _("The team was saved."))
        return redirect("hrm:team_list")
    title = _("Edit team %(name)s") % {"name": team.name} if team else _("New team")
    return render(
        request, "hrm/form.html", {"form": form, "title": title, "cancel_url": "hrm:team_list"}
    )
