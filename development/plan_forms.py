"""Forms of the training plan pages: the plan with its team budgets, an item with its
participants and sessions (a formset of rows), a status change, a decision on a request, and an
employee's request. The forms check the shape of the input; the services check the rules."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import FormDateField
from development.forms import TimeInput
from development.models import MAX_AMOUNT, PlanItem
from development.plan import category_names
from development.points import parse_points
from development.series import AMSTERDAM
from hrm.forms import DateInput
from hrm.models import Employee, Team


def money_field(label, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=0,
        max_value=MAX_AMOUNT,
        decimal_places=2,
        max_digits=11,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    budget = money_field(_("Budget (euro)"))
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.teams = list(teams)
        for team in self.teams:
            self.fields[f"team_{team.pk}"] = money_field(
                _("Budget of team %(team)s (euro)") % {"team": team.name}, required=False
            )
            self.fields[f"team_{team.pk}"].help_text = _("Empty: no budget of its own.")

    def team_amounts(self) -> list[tuple[Team, object]]:
        return [(team, self.cleaned_data.get(f"team_{team.pk}")) for team in self.teams]


class EmployeeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    provider = forms.CharField(label=_("Provider"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    organisation_wide = forms.BooleanField(
        label=_("Organisation-wide"),
        required=False,
        help_text=_("For everyone or a whole team (for example SCHIP training or intervision)."),
    )
    team = forms.ModelChoiceField(
        label=_("Team budget"),
        queryset=Team.objects.order_by("name"),
        required=False,
        help_text=_("Charged to this team's budget as well; empty: only the plan's budget."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=PlanItem.Status.choices)
    hours = forms.DecimalField(
        label=_("Hours per participant"),
        min_value=0,
        max_value=2000,
        decimal_places=1,
        max_digits=6,
        initial=0,
    )
    cost = money_field(_("Cost (euro)"))
    cost_basis = forms.ChoiceField(label=_("Cost is"), choices=PlanItem.CostBasis.choices)
    points = forms.CharField(
        label=_("Registration points"),
        required=False,
        max_length=500,
        help_text=_("Per category, for example training: 16, reflection: 4. Empty: none."),
    )
    participants = EmployeeChoiceField(
        label=_("Participants"),
        queryset=Employee.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confirm_over_budget = forms.BooleanField(
        label=_("Save even if it goes over the budget"), required=False
    )

    def __init__(self, *args, participants_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if participants_queryset is not None:
            field = self.fields["participants"]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = participants_queryset
        names = category_names()
        if names:
            self.fields["points"].help_text = _(
                "Per category, for example training: 16, reflection: 4. Empty: none. "
                "Categories: %(categories)s."
            ) % {"categories": ", ".join(f"{key} ({name})" for key, name in names.items())}

    def clean_points(self) -> dict[str, str]:
        return parse_points(self.cleaned_data.get("points", ""))


class SessionForm(forms.Form):
    day = FormDateField(label=_("Date"), required=False, widget=DateInput())
    start = forms.TimeField(label=_("Start time"), required=False, widget=TimeInput())
    end = forms.TimeField(label=_("End time"), required=False, widget=TimeInput())
    location = forms.CharField(label=_("Location"), max_length=200, required=False)

    def clean(self):
        cleaned = super().clean() or {}
        day, start, end = cleaned.get("day"), cleaned.get("start"), cleaned.get("end")
        if any((day, start, end)) and not all((day, start, end)):
            raise forms.ValidationError(_("Give the date, the start and the end time."))
        if day and start and end and end <= start:
            self.add_error("end", _("A session ends after it starts."))
        return cleaned

    def row(self):
        data = self.cleaned_data
        if not data or not data.get("day"):
            return None
        return (
            datetime.combine(data["day"], data["start"], tzinfo=AMSTERDAM),
            datetime.combine(data["day"], data["end"], tzinfo=AMSTERDAM),
            data.get("location", ""),
        )


SessionFormSet = forms.formset_factory(SessionForm, extra=2, max_num=60, validate_max=True)


def session_initial(item: PlanItem | None) -> list[dict]:
    if item is None:
        return []
    rows = []
    for session in item.sessions.all():
        start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        rows.append(
            {
                "day": start.date(),
                "start": start.time(),
                "end": end.time(),
                "location": session.location,
            }
        )
    return rows


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PlanItem.Status.choices)
    completed_on = FormDateField(
        label=_("Completed on"),
        required=False,
        widget=DateInput(),
        help_text=_("For done; empty: the day of the last session, or today."),
    )
    confirm_over_budget = forms.BooleanField(required=False, widget=forms.HiddenInput)


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (when declining)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
    )


class RequestForm(forms.Form):
    title = forms.CharField(label=_("Training"), max_length=200)
    provider = forms.CharField(label=_("Provider"), max_length=200, required=False)
    reason = forms.CharField(
        label=_("Why"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What it brings to your work (no medical information)."),
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=())
    hours = forms.DecimalField(
        label=_("Hours"), min_value=0, max_value=2000, decimal_places=1, max_digits=6, initial=0
    )
    cost = money_field(_("Cost (euro)"))
    cost_basis = forms.ChoiceField(label=_("Cost is"), choices=PlanItem.CostBasis.choices)
    day = FormDateField(label=_("Date (if known)"), required=False, widget=DateInput())
    start = forms.TimeField(label=_("Start time"), required=False, widget=TimeInput())
    end = forms.TimeField(label=_("End time"), required=False, widget=TimeInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        field = self.fields["year"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(this_year, this_year), (this_year + 1, this_year + 1)]
        self.initial.setdefault("year", this_year)

    def clean(self):
        cleaned = super().clean() or {}
        day, start, end = cleaned.get("day"), cleaned.get("start"), cleaned.get("end")
        if day and not (start and end):
            self.add_error("start", _("Give the start and the end time."))
        if day and start and end and end <= start:
            self.add_error("end", _("A session ends after it starts."))
        return cleaned

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        day, start, end = data.pop("day", None), data.pop("start", None), data.pop("end", None)
        data["sessions"] = (
            [
                (
                    datetime.combine(day, start, tzinfo=AMSTERDAM),
                    datetime.combine(day, end, tzinfo=AMSTERDAM),
                    "",
                )
            ]
            if day and start and end
            else []
        )
        return data
