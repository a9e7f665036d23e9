"""Forms of the absence pages: report sick, recovered or partly recovered, correct dates with a
reason, the permitted details, maternity leave and the dashboard's choice of period, team and
grouping."""

from datetime import date
from decimal import Decimal
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from absence.models import Episode, EpisodeChange
from core.dates import FormDateField
from core.forms import max_length
from core.privacy import PRIVACY_WARNING, PrivacyTextarea
from hrm.forms import DateInput
from hrm.models import Employee


def _free_text(label, help_text="", *, max_length=None):
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=PrivacyTextarea(),
        help_text=f"{help_text} {PRIVACY_WARNING}".strip() if help_text else PRIVACY_WARNING,
    )


class ReportSickForm(forms.Form):
    employee = forms.ModelChoiceField(label=_("Employee"), queryset=Employee.objects.none())
    first_sick_day = FormDateField(label=_("First sick day"), widget=DateInput())
    expected_duration = forms.ChoiceField(
        label=_("Expected duration"),
        choices=Episode.ExpectedDuration.choices,
        initial=Episode.ExpectedDuration.UNKNOWN,
    )
    contact_phone = forms.CharField(
        label=_("Phone number while sick"), max_length=30, required=False
    )
    contact_address = _free_text(
        _("Address while sick"),
        _("Only when not at the home address."),
        max_length=max_length(Episode, "contact_address"),
    )
    availability = _free_text(
        _("Availability for appointments"), max_length=max_length(Episode, "availability")
    )

    def __init__(self, *args, employees=None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["employee"]).queryset = (
            employees if employees is not None else Employee.objects.none()
        )
        self.fields["first_sick_day"].initial = timezone.localdate()
        if employees is not None and employees.count() == 1:
            self.fields["employee"].initial = employees.first().pk
            self.fields["employee"].widget = forms.HiddenInput()


class RecoverForm(forms.Form):
    recovered_on = FormDateField(
        label=_("Fully fit again on"),
        widget=DateInput(),
        help_text=_("The first day you work your full contract again."),
    )


class PartialForm(forms.Form):
    start = FormDateField(label=_("From"), widget=DateInput())
    percentage = forms.DecimalField(
        label=_("Works (percentage of contract)"),
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        decimal_places=2,
        help_text=_("As the company doctor advised. 100% means fully recovered."),
    )


class CorrectForm(forms.Form):
    first_sick_day = FormDateField(label=_("First sick day"), widget=DateInput())
    recovered_on = FormDateField(
        label=_("Recovered on"),
        widget=DateInput(),
        required=False,
        help_text=_("The first day fully fit again. Empty while sick."),
    )
    reason = forms.CharField(
        label=_("Reason for the correction"),
        widget=PrivacyTextarea(),
        help_text=PRIVACY_WARNING,
        max_length=max_length(EpisodeChange, "reason"),
    )


class DetailsForm(forms.ModelForm):
    class Meta:
        model = Episode
        fields = [
            "expected_duration",
            "contact_phone",
            "contact_address",
            "availability",
            "safety_net",
            "work_accident",
            "third_party_liable",
        ]
        widgets = {"contact_address": PrivacyTextarea(), "availability": PrivacyTextarea()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("contact_address", "availability"):
            self.fields[name].help_text = f"{self.fields[name].help_text} {PRIVACY_WARNING}".strip()


class LeaveForm(forms.Form):
    employee = forms.ModelChoiceField(label=_("Employee"), queryset=Employee.objects.none())
    start = FormDateField(label=_("First day of leave"), widget=DateInput())
    end = FormDateField(label=_("Last day of leave"), widget=DateInput())

    def __init__(self, *args, employees=None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["employee"]).queryset = (
            employees if employees is not None else Employee.objects.none()
        )

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data  # what Form.clean returns, never None
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("The end date cannot be before the start date."))
        return cleaned


class PeriodForm(forms.Form):
    start = FormDateField(label=_("From"), widget=DateInput())
    end = FormDateField(label=_("Up to and including"), widget=DateInput())

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data  # what Form.clean returns, never None
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("The end date cannot be before the start date."))
        return cleaned

    @staticmethod
    def default(today: date) -> dict:
        return {"start": date(today.year, 1, 1), "end": today}


class DashboardForm(forms.Form):
    """Period, team and grouping of the absence dashboard and its exports. Empty fields take
    the defaults: the last 12 whole months up to today, per month, all teams."""

    team = forms.ChoiceField(label=_("Team"), required=False)
    start = FormDateField(label=_("From"), widget=DateInput(), required=False)
    end = FormDateField(label=_("Up to and including"), widget=DateInput(), required=False)
    by = forms.ChoiceField(
        label=_("Group by"),
        choices=[("month", _("Month")), ("week", _("Week")), ("team", _("Team"))],
        required=False,
    )

    def __init__(self, *args, today: date, teams=(), all_label=None, **kwargs):
        self.today = today
        kwargs.setdefault("initial", self.default(today))
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["team"]).choices = [
            ("", all_label or _("All teams"))
        ] + [(t, t) for t in teams]

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data  # what Form.clean returns, never None
        defaults = self.default(self.today)
        for name in ("start", "end", "by"):
            if name not in self.errors and not cleaned.get(name):
                cleaned[name] = defaults[name]
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and "start" not in self.errors and "end" not in self.errors:
            if end < start:
                self.add_error("end", _("The end date cannot be before the start date."))
            elif (end - start).days > 366 * 10:
                self.add_error("end", _("Choose a period of at most 10 years."))
        return cleaned

    @staticmethod
    def default(today: date) -> dict:
        from absence.figures import months_back

        return {"start": months_back(today, 11), "end": today, "by": "month", "team": ""}

    def values(self) -> dict:
        """The chosen values when valid, else the defaults (the errors stay on the form)."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data
        return self.default(self.today)
