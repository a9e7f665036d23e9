"""The training plan pages: the plan of a year with its budget, items and the wishes from the
interviews (`plan`), the plan's budget (`plan_edit`), an item (`item_edit`), the requests
waiting for a decision (`approvals`), an employee's own requests (`requests`) and the Excel
export (`export`). Every write goes through development.services.plan; a broken rule shows its
message beside the field or at the top, and an over-budget step asks to confirm."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import record_reads
from core.errors import ApplicationError
from core.permissions import can, employee_of, require
from development import plan as plan_reads
from development.models import PlanItem, TeamBudget, TrainingPlan, TrainingWish
from development.permissions import items_to_approve_for
from development.plan_export import plan_xlsx
from development.plan_forms import (
    DecisionForm,
    ItemForm,
    PlanForm,
    RequestForm,
    SessionFormSet,
    StatusForm,
    session_initial,
)
from development.points import points_text
from development.services import plan as services
from hrm.models import Employee, Team
from hrm.selectors import employees_employed_on, organisation_settings

ITEMS_PER_PAGE = 30


@dataclass
class ItemRow:
    """An item as a page shows it, with its total cost and where its approval stands."""

    item: PlanItem
    total: Decimal
    needs_director: bool
    waits_for_director: bool = False
    form: DecisionForm | None = None
    points: list = field(default_factory=list)


def _row(item: PlanItem, threshold, form: DecisionForm | None = None, names=None) -> ItemRow:
    total = plan_reads.item_total(item)
    needs_director = services.needs_director(item, total, threshold=threshold)
    return ItemRow(
        item,
        total,
        needs_director,
        waits_for_director=needs_director and item.approved_by_id is not None,
        form=form,
        points=plan_reads.points_shown(item.points, names or {}),
    )


WISHES_SHOWN = 50


def _one(queryset, pk):
    try:
        return queryset.get(pk=int(pk))
    except (queryset.model.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def _audit_items(request, items, action: str = "view") -> None:
    """One audit row per person whose training is shown (not the viewer's own)."""
    record_reads(
        request.user,
        [
            (participant.employee, action, "training", item.pk)
            for item in items
            for participant in item.participants.all()
        ],
    )


def _year_of(year) -> int:
    if year is None:
        return timezone.localdate().year
    if not 2000 <= year <= 2100:
        raise Http404
    return year


def plan(request, year: int | None = None):
    require(request.user, "development.plan_view")
    year = _year_of(year)
    the_plan = plan_reads.plan_of_year(year)
    is_hr = can(request.user, "development.plan_manage")
    confirm = None
    if request.method == "POST":
        if not is_hr or (the_plan is None and request.POST.get("action") != "from_wish"):
            raise PermissionDenied
        done, confirm = _plan_action(request, the_plan)
        if done:
            return redirect(request.get_full_path())
        the_plan = plan_reads.plan_of_year(year)
    status = request.GET.get("status", "")
    if status not in PlanItem.Status.values:
        status = ""
    context: dict = {
        "year": year,
        "plan": the_plan,
        "years": sorted({year, timezone.localdate().year, *plan_reads.plan_years()}, reverse=True),
        "status": status,
        "statuses": PlanItem.Status.choices,
        "is_hr": is_hr,
        "confirm": confirm,
        "status_form": StatusForm(),
    }
    if the_plan is not None:
        context["budget"] = plan_reads.budget_of(the_plan)
        page = Paginator(plan_reads.items_of(the_plan, status=status or None), ITEMS_PER_PAGE)
        items = page.get_page(request.GET.get("page"))
        threshold = organisation_settings().training_director_threshold
        names = plan_reads.category_names()
        context["rows"] = [_row(item, threshold, names=names) for item in items]
        _audit_items(request, items)
        context["items"] = items
    if is_hr:
        wishes = plan_reads.open_wishes(year)
        context["wishes"] = list(wishes[:WISHES_SHOWN])
        context["wishes_more"] = max(0, wishes.count() - WISHES_SHOWN)
    return render(request, "development/plan.html", context)


def _plan_action(request, the_plan):
    """The POST buttons of the plan page: (done, confirmation to ask for or None)."""
    action = request.POST.get("action")
    try:
        if action == "from_wish":
            wish = _one(TrainingWish.objects.all(), request.POST.get("wish"))
            item = services.item_from_wish(request.user, wish)
            messages.success(
                request, _("“%(title)s” is in the plan as a wish.") % {"title": item.title}
            )
            return True, None
        item = _one(PlanItem.objects.filter(plan=the_plan), request.POST.get("item"))
        if action == "delete":
            services.item_delete(request.user, item)
            messages.success(request, _("The wish has been deleted."))
            return True, None
        if action == "status":
            form = StatusForm(request.POST)
            if not form.is_valid():
                for errors in form.errors.values():
                    for error in errors:
                        messages.error(request, str(error))
                return False, None
            data = form.cleaned_data
            try:
                services.item_set_status(
                    request.user,
                    item,
                    data["status"],
                    completed_on=data["completed_on"],
                    confirm_over_budget=data["confirm_over_budget"],
                )
            except ApplicationError as error:
                if error.code == "over_budget":
                    return False, {
                        "item": item,
                        "message": error.message,
                        "status": data["status"],
                        "completed_on": data["completed_on"],
                    }
                raise
            messages.success(request, _("The status has been changed."))
            return True, None
    except ApplicationError as error:
        messages.error(request, error.message)
        return False, None
    return False, None


def plan_edit(request, year: int | None = None):
    """Create a year's plan, or change its budget, note and team budgets (HR)."""
    require(request.user, "development.plan_manage")
    the_plan = None
    if year is not None:
        the_plan = TrainingPlan.objects.filter(year=year).first()
        if the_plan is None:
            raise Http404
    teams = list(Team.objects.order_by("name"))
    initial: dict = {"year": timezone.localdate().year, "budget": 0}
    if the_plan is not None:
        initial = {"year": the_plan.year, "budget": the_plan.budget, "note": the_plan.note}
        for team_budget in TeamBudget.objects.filter(plan=the_plan):
            initial[f"team_{team_budget.team_id}"] = team_budget.amount
    form = PlanForm(request.POST or None, teams=teams, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.plan_save(
                request.user,
                year=data["year"],
                budget=data["budget"],
                note=data["note"],
                plan=the_plan,
            )
            for team, amount in form.team_amounts():
                services.team_budget_set(request.user, saved, team, amount)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("The training plan has been saved."))
            return redirect("development:plan_year", year=saved.year)
    return render(request, "development/plan_form.html", {"form": form, "plan": the_plan})


def _participants_queryset(item: PlanItem | None):
    employed = employees_employed_on(timezone.localdate()).values("pk")
    condition = Q(pk__in=employed)
    if item is not None:
        condition |= Q(training_participations__item=item)
    return Employee.objects.filter(condition).distinct().order_by("sort_name", "pk")


def item_edit(request, year: int, pk: int | None = None):
    """Add an item to the plan of `year`, or change one (HR)."""
    require(request.user, "development.plan_manage")
    the_plan = plan_reads.plan_of_year(year)
    if the_plan is None:
        raise Http404
    item = _one(PlanItem.objects.filter(plan=the_plan), pk) if pk is not None else None
    initial: dict = {"status": PlanItem.Status.WISH, "cost_basis": PlanItem.CostBasis.PER_PERSON}
    if item is not None:
        initial = {
            "title": item.title,
            "provider": item.provider,
            "description": item.description,
            "organisation_wide": item.organisation_wide,
            "team": item.team_id,
            "status": item.status,
            "hours": item.hours,
            "cost": item.cost,
            "cost_basis": item.cost_basis,
            "points": points_text(item.points),
            "participants": list(item.participants.values_list("employee_id", flat=True)),
        }
    people = _participants_queryset(item)
    data = request.POST if request.method == "POST" else None
    form = ItemForm(data, initial=initial, participants_queryset=people)
    sessions = SessionFormSet(data, initial=session_initial(item), prefix="sessions")
    over_budget = False
    if data is not None and form.is_valid() and sessions.is_valid():
        values = dict(form.cleaned_data)
        try:
            saved = services.item_save(
                request.user,
                the_plan,
                item=item,
                sessions=[row for f in sessions.forms if (row := f.row()) is not None],
                **values,
            )
        except ApplicationError as error:
            over_budget = error.code == "over_budget"
            error.add_to_form(form)
        else:
            messages.success(request, _("The training has been saved."))
            return redirect(f"{reverse('development:plan_year', args=[year])}#item-{saved.pk}")
    return render(
        request,
        "development/plan_item_form.html",
        {
            "form": form,
            "sessions": sessions,
            "plan": the_plan,
            "item": item,
            "over_budget": over_budget,
        },
    )


def _decision_ids(item: PlanItem) -> str:
    """Element ids of an item's decision form: one form per request on the page, so each
    label points at its own field."""
    return f"id_%s_{item.pk}"


def approvals(request):
    """The requests waiting for this user's decision: approve (with a confirmation when it
    goes over the budget) or decline with a reason."""
    require(request.user, "development.training_approve")
    allowed = items_to_approve_for(request.user)
    confirm = None
    forms_by_item: dict[int, DecisionForm] = {}
    if request.method == "POST":
        item = _one(allowed, request.POST.get("item"))
        form = DecisionForm(request.POST, auto_id=_decision_ids(item))
        action = request.POST.get("action")
        if form.is_valid():
            try:
                if action == "decline":
                    services.item_decline(request.user, item, reason=form.cleaned_data["reason"])
                    messages.success(request, _("Declined; the requester gets an e-mail."))
                else:
                    approved = services.item_approve(
                        request.user,
                        item,
                        confirm_over_budget=request.POST.get("confirm_over_budget") == "1",
                    )
                    messages.success(
                        request,
                        _("Approved.")
                        if approved.status == PlanItem.Status.APPROVED
                        else _("Your approval is recorded; it now waits for the director."),
                    )
                return redirect("development:plan_approvals")
            except ApplicationError as error:
                if error.code == "over_budget" and action != "decline":
                    confirm = {"item": item, "message": error.message}
                else:
                    error.add_to_form(form)
        forms_by_item[item.pk] = form
    page = Paginator(plan_reads.waiting_for(allowed), ITEMS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    is_director = can(request.user, "development.training_approve_above")
    threshold = organisation_settings().training_director_threshold
    rows = [
        _row(
            item, threshold, forms_by_item.get(item.pk) or DecisionForm(auto_id=_decision_ids(item))
        )
        for item in page
    ]
    _audit_items(request, page)
    return render(
        request,
        "development/plan_approvals.html",
        {"page": page, "rows": rows, "confirm": confirm, "is_director": is_director},
    )


def requests(request):
    """An employee asks for a training, and sees their requests with status and reason."""
    me = employee_of(request.user)
    if me is None or not can(request.user, "development.training_request"):
        raise Http404
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.training_request(request.user, **form.service_data())
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Your request has been sent to your manager."))
            return redirect("development:training_requests")
    page = Paginator(plan_reads.requests_of(me), ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "development/plan_requests.html",
        {
            "form": form,
            "page": page,
            "trainings": plan_reads.trainings_of(me)[:50],
            "has_manager": me.manager_id is not None,
        },
    )


def export(request, year: int):
    """The plan of `year` as an Excel file for the HR partner (HR)."""
    require(request.user, "development.plan_manage")
    the_plan = plan_reads.plan_of_year(year)
    if the_plan is None:
        raise Http404
    body, items = plan_xlsx(the_plan)
    _audit_items(request, items, action="export")
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="opleidingsplan-{year}.xlsx"'
    return response
