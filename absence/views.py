"""The absence pages: the dashboard (by audience), exports, the board PDF, reporting sick and
recovered, an episode and its corrections, an employee's absence history, maternity leave."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from absence import extensions, selectors, services
from absence.figures import Figures, absence_report, audience_for
from absence.forms import (
    CorrectForm,
    DashboardForm,
    DetailsForm,
    LeaveForm,
    PartialForm,
    PeriodForm,
    RecoverForm,
    ReportSickForm,
)
from absence.models import Episode
from absence.permissions import can_report_for, subjects_visible_to
from absence.reporting import board_report, dashboard, exports
from core.errors import ApplicationError
from core.forms import NOT_SAVED, submit
from core.permissions import can, employee_of, require


def _reportable_employees(user):
    """Whom `user` may report sick (a queryset): themselves, plus their people (manager) or
    anyone (HR); only people employed today."""
    from hrm.models import Employee

    today = timezone.localdate()
    me = employee_of(user)
    if can(user, "absence.correct") or can(user, "absence.report_for_others"):
        people = subjects_visible_to(user)
    else:
        people = Employee.objects.filter(pk=me.pk) if me else Employee.objects.none()
    return people.employed_on(today).order_by("sort_name")


def index(request):
    """The absence dashboard for those who see figures; an employee's own history."""
    if not can(request.user, "absence.view_report"):
        me = employee_of(request.user)
        if me is None:
            raise PermissionDenied
        return redirect("absence:employee_history", pk=me.pk)
    today = timezone.localdate()
    audience = audience_for(request.user)
    form, values = _dashboard_form(request, audience, today)
    context = dashboard.build(
        request.user,
        audience,
        today=today,
        start=values["start"],
        end=values["end"],
        team=values["team"] or None,
        by=values["by"],
    )
    return render(
        request,
        "absence/dashboard.html",
        {
            **context,
            "form": form,
            "values": values,
            "today": today,
            "query": urlencode(  # what the page shows, also after an invalid choice
                {
                    "start": values["start"].isoformat(),
                    "end": values["end"].isoformat(),
                    "team": values["team"] or "",
                    "by": values["by"],
                }
            ),
            "can_report": _reportable_employees(request.user).exists(),
        },
    )


def _dashboard_form(request, audience, today):
    form = DashboardForm(
        request.GET or None,
        today=today,
        teams=audience.teams,
        all_label=_("All my people") if audience.employee_ids is not None else None,
    )
    return form, form.values()


def export(request, fmt: str):
    """The dashboard's figures for the chosen period and team: Excel (a sheet per grouping and
    the definitions) or CSV (the chosen grouping). Same audience rules as the page."""
    today = timezone.localdate()
    audience = audience_for(request.user)
    form, values = _dashboard_form(request, audience, today)
    if form.is_bound and not form.is_valid():
        return HttpResponse(
            "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    figures = Figures(audience, until=max(values["end"], today))
    team = values["team"] or None
    name = f"verzuim-{values['start']:%Y%m%d}-{values['end']:%Y%m%d}"
    if fmt == "xlsx":
        content = exports.to_xlsx(figures, values["start"], values["end"], team)
        response = HttpResponse(content, content_type=exports.XLSX)
    else:
        content = exports.to_csv(figures.report(values["start"], values["end"], values["by"], team))
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def board_report_pdf(request):
    """The board's one-page PDF for a chosen month (HR, the (adjunct-)director, the board)."""
    require(request.user, "absence.board_report")
    today = timezone.localdate()
    month = request.GET.get("month") or board_report.previous_month(today)
    try:
        start, _end = board_report.parse_month(month)
        pdf = board_report.render_pdf(month, language=translation.get_language() or "nl")
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("absence:index")
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "attachment" if request.GET.get("download") else "inline"
    response["Content-Disposition"] = (
        f'{disposition}; filename="verzuimrapportage-{start:%Y-%m}.pdf"'
    )
    return response


@require_http_methods(["GET", "POST"])
def report_sick(request):
    employees = _reportable_employees(request.user)
    if not employees.exists():
        raise PermissionDenied
    initial = {}
    if request.GET.get("employee"):
        initial["employee"] = request.GET["employee"]
    form = ReportSickForm(request.POST or None, employees=employees, initial=initial)
    episode = submit(request, form, services.episode_report_sick)
    if episode is not NOT_SAVED:
        messages.success(
            request,
            _("%(name)s is reported sick from %(day)s. Get well soon!")
            % {
                "name": episode.employee.full_name,
                "day": episode.first_sick_day.strftime("%d-%m-%Y"),
            },
        )
        for note in episode.notes:
            messages.info(request, note)
        return redirect(episode)
    return render(
        request,
        "absence/form.html",
        {
            "form": form,
            "title": _("Report sick"),
            "submit": _("Report sick"),
            "intro": _("Only the fact that someone is sick is recorded here, never why."),
        },
    )


def episode_list(request):
    require(request.user, "absence.view_individual")
    status = request.GET.get("status", "open")
    episodes = selectors.episodes_for_list(request.user).order_by("-first_sick_day")
    if status == "open":
        episodes = episodes.filter(recovered_on__isnull=True)
    page = Paginator(episodes, 50).get_page(request.GET.get("page"))
    selectors.audit_episode_list(request.user, page.object_list)
    today = timezone.localdate()
    overdue = set(
        selectors.arbo_overdue(today, selectors.episodes_for_list(request.user)).values_list(
            "pk", flat=True
        )
    )
    return render(
        request,
        "absence/episode_list.html",
        {
            "page": page,
            "status": status,
            "today": today,
            "overdue": overdue,
            "can_report": _reportable_employees(request.user).exists(),
        },
    )


def episode_detail(request, pk: int):
    episode = selectors.episode_for_viewer(request.user, pk)
    today = timezone.localdate()
    may_report = can_report_for(request.user, episode.employee)
    overdue = selectors.arbo_overdue(today, Episode.objects.filter(pk=episode.pk)).exists()
    return render(
        request,
        "absence/episode_detail.html",
        {
            "episode": episode,
            "today": today,
            "sick_day": episode.sick_day_number(today),
            "can_report": may_report,
            "can_correct": can(request.user, "absence.correct"),
            "arbo_overdue": overdue,
            "history": episode.changes.select_related("actor")
            if can(request.user, "absence.correct")
            else None,
            "recover_form": RecoverForm(initial={"recovered_on": today}),
            "partial_form": PartialForm(initial={"start": today}),
        },
    )


def _episode_for_write(request, pk: int, *, report: bool = False) -> Episode:
    """An episode you can see (else 404); with `report`, one you may report for (else 403).
    These pages show whose episode it is: the read is audited like the episode's own page."""

    def may_report(episode: Episode) -> None:
        if not can_report_for(request.user, episode.employee):
            raise PermissionDenied

    return selectors.episode_for_viewer(request.user, pk, check=may_report if report else None)


@require_http_methods(["GET", "POST"])
def episode_recover(request, pk: int):
    episode = _episode_for_write(request, pk, report=True)
    form = RecoverForm(request.POST or None, initial={"recovered_on": timezone.localdate()})
    if submit(request, form, services.episode_recover, episode=episode) is not NOT_SAVED:
        messages.success(request, _("Recovery recorded. Welcome back!"))
        return redirect(episode)
    return render(
        request,
        "absence/form.html",
        {
            "form": form,
            "title": _("Report recovered: %(name)s") % {"name": episode.employee.full_name},
            "submit": _("Report recovered"),
            "cancel": episode.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
def episode_partial(request, pk: int):
    episode = _episode_for_write(request, pk, report=True)
    form = PartialForm(request.POST or None, initial={"start": timezone.localdate()})
    if submit(request, form, services.episode_partial_recovery, episode=episode) is not NOT_SAVED:
        messages.success(request, _("Partial recovery recorded."))
        return redirect(episode)
    return render(
        request,
        "absence/form.html",
        {
            "form": form,
            "title": _("Working partly again: %(name)s") % {"name": episode.employee.full_name},
            "intro": _(
                "From this date the employee works this percentage of the contract, as the company doctor advised. "
                "Work on a therapeutic basis is not a partial recovery."
            ),
            "cancel": episode.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
def episode_correct(request, pk: int):
    require(request.user, "absence.correct")
    episode = _episode_for_write(request, pk)
    form = CorrectForm(
        request.POST or None,
        initial={
            "first_sick_day": episode.first_sick_day,
            "recovered_on": episode.recovered_on,
        },
    )
    if submit(request, form, services.episode_correct, episode=episode) is not NOT_SAVED:
        messages.success(request, _("The correction is saved and kept in the history."))
        return redirect(episode)
    return render(
        request,
        "absence/form.html",
        {
            "form": form,
            "title": _("Correct episode: %(name)s") % {"name": episode.employee.full_name},
            "cancel": episode.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
def episode_details(request, pk: int):
    require(request.user, "absence.record_details")
    episode = _episode_for_write(request, pk)
    form = DetailsForm(request.POST or None, instance=Episode.objects.get(pk=episode.pk))
    if submit(request, form, services.episode_update_details, episode=episode) is not NOT_SAVED:
        messages.success(request, _("The details are saved."))
        return redirect(episode)
    return render(
        request,
        "absence/form.html",
        {
            "form": form,
            "title": _("Details: %(name)s") % {"name": episode.employee.full_name},
            "intro": _(
                "Record only what the privacy rules allow. The three questions are answered with yes or no only."
            ),
            "cancel": episode.get_absolute_url(),
        },
    )


@require_POST
def episode_arbo_portal(request, pk: int):
    require(request.user, "absence.arbo")  # refused before the (audited) read, like correct/
    episode = _episode_for_write(request, pk)
    services.episode_mark_arbo_portal(actor=request.user, episode=episode)
    messages.success(request, _("Marked as reported via the ArboNed portal."))
    return redirect(episode)


def employee_history(request, pk: int):
    """An employee's absence history: episodes, partial recovery, leave and their figures."""
    employee, episodes, leave = selectors.employee_absence(request.user, pk)
    today = timezone.localdate()
    form = PeriodForm(request.GET or None, initial=PeriodForm.default(today))
    period = form.cleaned_data if form.is_bound and form.is_valid() else PeriodForm.default(today)
    figures = absence_report(start=period["start"], end=period["end"], employee_ids=[employee.pk])[
        "total"
    ]
    return render(
        request,
        "absence/employee_history.html",
        {
            "employee": employee,
            "episodes": episodes,
            "leave": leave,
            "figures": figures,
            "form": form,
            "period": period,
            "today": today,
            "can_report": can_report_for(request.user, employee),
            "can_manage_leave": can(request.user, "absence.manage_leave"),
            "open_episode": next((e for e in episodes if e.recovered_on is None), None),
            "sections": extensions.history_sections.sections(request.user, employee),
        },
    )


@require_http_methods(["GET", "POST"])
def leave_create(request):
    require(request.user, "absence.manage_leave")
    employees = subjects_visible_to(request.user).order_by("sort_name")
    form = LeaveForm(
        request.POST or None, employees=employees, initial={"employee": request.GET.get("employee")}
    )
    leave = submit(request, form, services.maternity_leave_record)
    if leave is not NOT_SAVED:
        messages.success(request, _("The pregnancy and maternity leave is recorded."))
        for note in leave.notes:
            messages.info(request, note)
        return redirect("absence:employee_history", pk=leave.employee_id)
    return render(
        request,
        "absence/form.html",
        {
            "form": form,
            "title": _("Pregnancy and maternity leave"),
            "intro": _(
                "Leave is not sickness: no sickness episode can overlap it. An episode that runs into the leave ends on its first day."
            ),
        },
    )
