"""Professional registration (SKJ) pages: "Mijn SKJ" (one's own registration, with logging an
activity), one registration for HR and the person's manager (read audited), everyone's current
registration at risk first (HR; a manager their people), HR's form for a registration, and a
certificate download (permission-checked, audited, as an attachment).

Reads go through development.registration_selectors, writes through
development.services.registrations (the same flow as the API)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.dates import FormDateField
from core.forms import NOT_SAVED, submit
from core.permissions import can, employee_of, has_role
from core.roles import Role
from development.models import Activity, Profession, Registration
from development.permissions import registrations_visible_to
from development.points import parse_points, points_text
from development.registration_selectors import (
    STATUS_BADGES,
    STATUS_EXPLANATIONS,
    STATUS_LABELS,
    STATUSES,
    activities_outside,
    activity_for_viewer,
    figures_of,
    my_registrations,
    overview_for,
    registration_for_viewer,
)
from development.services.registrations import (
    activity_delete,
    activity_log,
    category_choices,
    may_log_for,
    registration_save,
)
from hrm.forms import DateInput
from hrm.models import Employee

TITLE_MAX = Activity._meta.get_field("title").max_length


class ActivityForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=TITLE_MAX)
    category = forms.ChoiceField(label=gettext_lazy("Category"))
    points = forms.DecimalField(
        label=gettext_lazy("Points"),
        max_digits=7,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"min": "0.01", "max": "1000", "step": "0.01"}),
    )
    completed_on = FormDateField(label=gettext_lazy("Completed on"), widget=DateInput())
    certificate = forms.FileField(
        label=gettext_lazy("Certificate (PDF, optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, categories: list[tuple[str, str]], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = categories  # type: ignore[attr-defined]  # a ChoiceField


class RegistrationForm(forms.Form):
    employee = forms.ModelChoiceField(
        label=gettext_lazy("Employee"), queryset=Employee.objects.order_by("sort_name")
    )
    register = forms.CharField(label=gettext_lazy("Register"), max_length=20, initial="SKJ")
    number = forms.CharField(label=gettext_lazy("Registration number"), max_length=30)
    profession = forms.ModelChoiceField(
        label=gettext_lazy("Profession"), queryset=Profession.objects.order_by("position", "name")
    )
    registered_on = FormDateField(label=gettext_lazy("(Re)registered on"), widget=DateInput())
    vog_on = FormDateField(
        label=gettext_lazy("Certificate of conduct (VOG) dated"), required=False, widget=DateInput()
    )
    hours_required = forms.DecimalField(
        label=gettext_lazy("Work hours required (only when SKJ set a different number)"),
        required=False,
        max_digits=7,
        decimal_places=1,
        min_value=Decimal(0),
        max_value=Decimal(20000),
    )
    category_overrides = forms.CharField(
        label=gettext_lazy("Points set for this person"),
        help_text=gettext_lazy(
            "One category per line as key: points, for example reflection: 60. "
            "A new key adds a category. Empty: the profession's table applies."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    override_note = forms.CharField(
        label=gettext_lazy("What SKJ set for this person"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_category_overrides(self) -> dict[str, str]:
        return parse_points(self.cleaned_data["category_overrides"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["employee"]
        assert isinstance(field, forms.ModelChoiceField)
        # people still employed (a leaver's registration is history)
        field.queryset = Employee.objects.exclude(exit_date__lt=timezone.localdate()).order_by(
            "sort_name"
        )


# One registration ---------------------------------------------------------------------------------


def _registration_page(request, registration: Registration | None, *, own: bool, others=()):
    today = timezone.localdate()
    may_log = registration is not None and may_log_for(request.user, registration.employee)
    form = None
    if may_log and registration is not None:
        form = ActivityForm(
            category_choices(registration),
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
        )
        done = submit(
            request,
            form,
            activity_log,
            data=lambda cleaned: {**cleaned, "employee": registration.employee},
        )
        if done is not NOT_SAVED:
            messages.success(request, _("The activity has been logged."))
            return redirect(request.path)
    elif request.method == "POST":
        raise PermissionDenied
    row = figures_of(registration, today) if registration is not None else None
    names = {line.key: line.short_name for line in row.categories} if row else {}
    return render(
        request,
        "development/registration.html",
        {
            "own": own,
            "registration": registration,
            "row": row,
            "counted": [(a, names.get(a.category, a.category)) for a in row.counted] if row else [],
            "others": others,
            "today": today,
            "form": form,
            "outside": activities_outside(registration, today) if registration else [],
            "status_label": STATUS_LABELS.get(row.status) if row else None,
            "status_explanation": STATUS_EXPLANATIONS.get(row.status) if row else None,
            "status_badge": STATUS_BADGES.get(row.status) if row else None,
            "may_manage": can(request.user, "development.registration_manage"),
            "may_delete": may_log,
        },
    )


def mine(request):
    """Mijn SKJ: one's own current registration (older ones linked)."""
    if employee_of(request.user) is None:
        raise Http404
    registrations = my_registrations(request.user)
    current = registrations[0] if registrations else None
    return _registration_page(request, current, own=True, others=registrations[1:])


def registration(request, pk: int):
    """One registration: the employee's own, their manager's people, HR everyone (404 else)."""
    found = registration_for_viewer(request.user, pk)
    me = employee_of(request.user)
    own = me is not None and me.pk == found.employee_id
    return _registration_page(request, found, own=own)


def certificate(request, pk: int):
    """A logged activity's certificate, for whoever may see the registration; audited."""
    activity = activity_for_viewer(request.user, pk)
    if not activity.certificate:
        raise Http404
    try:
        with activity.certificate.open("rb") as handle:
            content = handle.read()  # at most 20 MB; whole, so nothing streams after the audit
    except FileNotFoundError:
        raise Http404 from None
    response = HttpResponse(content, content_type="application/pdf")
    name = f"certificate-{activity.completed_on:%Y-%m-%d}-{activity.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
def activity_remove(request, pk: int):
    visible = registrations_visible_to(request.user).values("employee_id")
    activity = Activity.objects.select_related("employee").filter(employee_id__in=visible)
    found = activity.filter(pk=pk).first()
    if found is None:
        raise Http404
    activity_delete(request.user, found)
    messages.success(request, _("The activity has been removed."))
    me = employee_of(request.user)
    if me is not None and me.pk == found.employee_id:
        return redirect("development:registration_mine")
    latest = (
        registrations_visible_to(request.user)
        .filter(employee_id=found.employee_id)
        .order_by("-registered_on")
        .first()
    )
    if latest is None:  # pragma: no cover - visible means a registration exists
        return redirect("development:registrations")
    return redirect("development:registration", latest.pk)


# Everyone's registrations -------------------------------------------------------------------------


def overview(request):
    """HR: everyone's current registration; a manager: their people's. At risk first."""
    if not (
        can(request.user, "development.registration_manage") or has_role(request.user, Role.MANAGER)
    ):
        raise PermissionDenied
    data = overview_for(
        request.user,
        today=timezone.localdate(),
        status=request.GET.get("status") or None,
        team=request.GET.get("team") or None,
        page=request.GET.get("page") or 1,
    )
    return render(
        request,
        "development/registrations.html",
        {
            "overview": data,
            "statuses": [(s, STATUS_LABELS[s], data.counts[s], STATUS_BADGES[s]) for s in STATUSES],
            "lines": [
                {
                    "row": row,
                    "team": data.team_of.get(row.registration.pk, ""),
                    "label": STATUS_LABELS[row.status],
                    "badge": STATUS_BADGES[row.status],
                }
                for row in data.rows
            ],
            "may_manage": can(request.user, "development.registration_manage"),
        },
    )


def registration_edit(request, pk: int | None = None):
    """HR: a new registration, or a change to one."""
    if not can(request.user, "development.registration_manage"):
        raise PermissionDenied
    existing = registration_for_viewer(request.user, pk) if pk is not None else None
    initial = {}
    if existing is not None:
        initial = {
            "employee": existing.employee,
            "register": existing.register,
            "number": existing.number,
            "profession": existing.profession,
            "registered_on": existing.registered_on,
            "vog_on": existing.vog_on,
            "hours_required": existing.hours_required,
            "category_overrides": points_text(existing.category_overrides),
            "override_note": existing.override_note,
        }
    elif request.GET.get("employee", "").isdigit():
        initial["employee"] = request.GET["employee"]
    form = RegistrationForm(request.POST if request.method == "POST" else None, initial=initial)
    saved = submit(request, form, registration_save, registration=existing)
    if saved is not NOT_SAVED:
        messages.success(request, _("The registration has been saved."))
        return redirect(reverse("development:registration", args=[saved.pk]))
    return render(
        request,
        "development/registration_form.html",
        {"form": form, "registration": existing},
    )
