"""Planning the interview: the employee books, moves or cancels it (`mine`), the manager
publishes slots and moves or cancels with a message (`slots`), HR or the director opens and
closes the cycle and marks "not this year" (`cycle`). Every write goes through the services;
a refused write shows its message and changes nothing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import ApplicationError
from core.forms import NOT_SAVED, submit
from core.permissions import can, employee_of, require
from development import selectors, services
from development.forms import (
    CancelForm,
    CycleForm,
    MoveForm,
    NotThisYearForm,
    SeriesForm,
    SlotForm,
    slot_label,
)
from development.models import Interview, Slot
from development.permissions import interviews_visible_to

SLOTS_PER_PAGE = 40


def _one(queryset, pk):
    """The row `pk` of `queryset` (what the user may act on), or 404."""
    try:
        return queryset.get(pk=int(pk))
    except (queryset.model.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def _run(request, action, *args, **kwargs):
    """Call a service; a broken rule becomes an error message. True when it was done."""
    try:
        action(*args, actor=request.user, **kwargs)
    except ApplicationError as error:
        messages.error(request, error.message)
        return False
    return True


def _submitted(request, form, service, **extra) -> bool:
    """`core.forms.submit`, with a refusal that belongs to no field also shown as a message
    (the form may sit folded away, or not be shown at all any more)."""
    done = submit(request, form, service, **extra) is not NOT_SAVED
    if not done and form.is_bound:
        for error in form.non_field_errors():
            messages.error(request, error)
    return done


def _grouped_by_day(slots):
    """[(day, [slot, ...]), ...] in Dutch time, for a list a phone can scroll."""
    days: dict = {}
    for slot in slots:
        days.setdefault(timezone.localtime(slot.start).date(), []).append(slot)
    return list(days.items())


def mine(request):
    """My development interview: book one of my manager's free slots, move or cancel it, and
    my interviews of earlier years."""
    me = employee_of(request.user)
    if me is None:
        raise Http404
    cycle = selectors.open_cycle()
    interview = selectors.interview_in_cycle(cycle, me) if cycle else None
    free = selectors.free_slots_for_employee(me) if cycle else Slot.objects.none()
    move_form, cancel_form = MoveForm(slots=free), CancelForm(auto_id="id_cancel_%s")
    if request.method == "POST" and interview is not None:
        action = request.POST.get("action")
        done = False
        if action == "book":
            slot = Slot.objects.filter(pk=request.POST.get("slot") or 0).first()
            if slot is None:
                messages.error(request, _("Choose a time."))
            else:
                done = _run(request, services.interview_book, slot=slot)
                if done:
                    messages.success(
                        request,
                        _("Booked: %(when)s. You both receive an invitation by e-mail.")
                        % {"when": slot_label(slot)},
                    )
        elif action == "move":
            move_form = MoveForm(request.POST, slots=free)
            done = _submitted(
                request, move_form, services.interview_reschedule, interview=interview
            )
            if done:
                messages.success(request, _("Moved. You both receive the new invitation."))
        elif action == "cancel":
            cancel_form = CancelForm(request.POST, auto_id="id_cancel_%s")
            done = _submitted(request, cancel_form, services.interview_cancel, interview=interview)
            if done:
                messages.success(request, _("Cancelled. Choose a new time when you can."))
        if done:
            return redirect("development:mine")
        interview.refresh_from_db()
    can_change = (
        interview is not None
        and interview.status == Interview.Status.PLANNED
        and interview.slot is not None
        and timezone.now() < interview.slot.start - services.change_cutoff()
    )
    history = (
        selectors.interviews_of_employee(me).exclude(cycle=cycle)
        if cycle
        else (selectors.interviews_of_employee(me))
    )
    return render(
        request,
        "development/mine.html",
        {
            "cycle": cycle,
            "interview": interview,
            "manager": me.manager,
            "free_days": _grouped_by_day(free[:60]) if interview and not interview.slot else [],
            "has_free": free.exists(),
            "move_form": move_form,
            "cancel_form": cancel_form,
            "can_change": can_change,
            "cutoff_hours": int(services.change_cutoff().total_seconds() // 3600),
            # a time before this cannot be moved or cancelled by the employee once booked
            "cutoff_moment": timezone.now() + services.change_cutoff(),
            "deadline_passed": cycle is not None and cycle.deadline < timezone.localdate(),
            "history": history,
            "is_manager": can(request.user, "development.publish_slots"),
        },
    )


def slots(request):
    """A manager's slots and the interviews they hold in the open cycle."""
    require(request.user, "development.publish_slots")
    me = employee_of(request.user)
    if me is None:
        raise PermissionDenied
    cycle = selectors.open_cycle()
    slot_form, series_form = SlotForm(prefix="one"), SeriesForm(prefix="series")
    free = selectors.free_slots(me)
    move_form, cancel_form = MoveForm(slots=free), CancelForm()
    failed_for = None
    if request.method == "POST":
        action = request.POST.get("action")
        done = False
        if action == "publish":
            slot_form = SlotForm(request.POST, prefix="one")
            if slot_form.is_valid():
                done = _publish(request, slot_form, lambda: {"slots": [slot_form.spec()]})
        elif action == "series":
            series_form = SeriesForm(request.POST, prefix="series")
            if series_form.is_valid():
                done = _publish(request, series_form, series_form.service_data, series=True)
        elif action == "withdraw":
            slot = _one(Slot.objects.filter(manager=me), request.POST.get("slot"))
            done = _run(request, services.slot_withdraw, slot=slot)
            if done:
                messages.success(request, _("The slot has been withdrawn."))
        elif action in ("move", "cancel") and cycle is not None:
            interview = _one(selectors.interviews_held_by(me, cycle), request.POST.get("interview"))
            failed_for = interview.pk
            if action == "move":
                move_form = MoveForm(request.POST, slots=free, auto_id=f"id_{interview.pk}_move_%s")
                done = _submitted(
                    request, move_form, services.interview_reschedule, interview=interview
                )
            else:
                cancel_form = CancelForm(request.POST, auto_id=f"id_{interview.pk}_cancel_%s")
                done = _submitted(
                    request, cancel_form, services.interview_cancel, interview=interview
                )
            if done:
                messages.success(
                    request,
                    _("Done. %(name)s receives the new invitation.")
                    % {"name": interview.employee.full_name},
                )
        if done:
            return redirect("development:slots")
    page = Paginator(selectors.upcoming_slots_of(me), SLOTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = []
    for interview in selectors.interviews_held_by(me, cycle) if cycle else []:
        if interview.pk == failed_for:
            rows.append((interview, move_form, cancel_form))
        else:
            rows.append(
                (
                    interview,
                    MoveForm(slots=free, auto_id=f"id_{interview.pk}_move_%s"),
                    CancelForm(auto_id=f"id_{interview.pk}_cancel_%s"),
                )
            )
    return render(
        request,
        "development/slots.html",
        {
            "cycle": cycle,
            "slot_form": slot_form,
            "series_form": series_form,
            "page": page,
            "slot_days": _grouped_by_day(page.object_list),
            "rows": rows,
            "failed_for": failed_for,
            "can_see_overview": can(request.user, "development.overview"),
            "has_free": free.exists(),
            "now": timezone.now(),
        },
    )


def _publish(request, form, data, *, series=False) -> bool:
    me = employee_of(request.user)
    service = services.slots_publish_series if series else services.slots_publish
    try:
        published = service(actor=request.user, manager=me, **data())
    except ApplicationError as error:
        error.add_to_form(form)
        return False
    messages.success(
        request,
        ngettext(
            "%(n)s time published. Your people can book it now.",
            "%(n)s times published. Your people can book them now.",
            len(published),
        )
        % {"n": len(published)},
    )
    return True


def cycle(request):
    """Open and close the year's cycle; "not this year" with a reason."""
    require(request.user, "development.manage_cycle")
    current = selectors.open_cycle()
    today = timezone.localdate()
    cycle_form = CycleForm(
        initial={
            "year": today.year,
            "deadline": today.replace(month=12, day=31),
            "template": services.default_template().pk,
        }
    )
    candidates = (
        interviews_visible_to(request.user)
        .filter(cycle=current, status__in=[Interview.Status.TO_PLAN, Interview.Status.PLANNED])
        .order_by("employee__sort_name")
        if current
        else Interview.objects.none()
    )
    not_this_year_form = NotThisYearForm(interviews=candidates)
    if request.method == "POST":
        action = request.POST.get("action")
        done = False
        if action == "open":
            cycle_form = CycleForm(request.POST)
            done = submit(request, cycle_form, services.cycle_open) is not NOT_SAVED
            if done:
                messages.success(request, _("The cycle is open: everyone employed can book."))
        elif action == "close" and current is not None:
            done = _run(request, services.cycle_close, cycle=current)
            if done:
                messages.success(request, _("The cycle is closed."))
        elif action == "not_this_year" and current is not None:
            not_this_year_form = NotThisYearForm(request.POST, interviews=candidates)
            done = (
                submit(request, not_this_year_form, services.interview_mark_not_this_year)
                is not NOT_SAVED
            )
            if done:
                messages.success(request, _("Marked as not this year."))
        if done:
            return redirect("development:cycle")
    return render(
        request,
        "development/cycle.html",
        {
            "cycle": current,
            "counts": selectors.status_counts(current) if current else None,
            "statuses": Interview.Status.choices,
            "cycle_form": cycle_form,
            "not_this_year_form": not_this_year_form,
            "not_this_year": (
                current.interviews.filter(status=Interview.Status.NOT_THIS_YEAR)
                .select_related("employee")
                .order_by("employee__sort_name")
                if current
                else []
            ),
            "earlier": selectors.cycles_closed(),
        },
    )
