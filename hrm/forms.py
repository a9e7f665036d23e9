"""Forms of the people pages: an employee, a contract period, offboarding, the import, and the date
input."""

from decimal import Decimal
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import FormDateField
from hrm.models import MAX_HOURS_PER_WEEK, Employee, OrganisationSettings, Team


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _hours_field():
    return forms.DecimalField(
        label=_("Hours per week"),
        min_value=Decimal("0.01"),
        max_value=MAX_HOURS_PER_WEEK,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.5"}),
    )


class EmployeeFieldsMixin(forms.Form):
    personnel_number = forms.CharField(label=_("Personnel number"), max_length=20)
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        help_text=_("Including prefixes, e.g. 'van der Berg'."),
    )
    email = forms.EmailField(label=_("Work e-mail"), required=False)
    manager = forms.ModelChoiceField(
        label=_("Manager"),
        queryset=Employee.objects.none(),
        required=False,
        empty_label=_("(none)"),
    )

    def __init__(self, *args, exclude_employee=None, **kwargs):
        super().__init__(*args, **kwargs)
        managers = Employee.objects.employed_on(timezone.localdate()).order_by(
            "last_name", "first_name"
        )
        if exclude_employee is not None:
            managers = managers.exclude(pk=exclude_employee.pk)
        cast(forms.ModelChoiceField, self.fields["manager"]).queryset = managers


class ContractFieldsMixin(forms.Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.all())
    job_title = forms.CharField(label=_("Job title"), max_length=100)
    hours_per_week = _hours_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        full_time = OrganisationSettings.get().full_time_hours
        hours = int(full_time) if full_time == int(full_time) else full_time
        self.fields["hours_per_week"].help_text = _("Full-time is %(hours)s hours a week.") % {
            "hours": hours
        }

    def check_dates(self, start_name: str, end_name: str) -> None:
        start, end = self.cleaned_data.get(start_name), self.cleaned_data.get(end_name)
        if start and end and end < start:
            self.add_error(end_name, _("The end date cannot be before the start date."))


class EmployeeCreateForm(EmployeeFieldsMixin, ContractFieldsMixin):
    contract_start = FormDateField(label=_("Contract start"), widget=DateInput())
    contract_end = FormDateField(
        label=_("Contract end"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty for an open-ended contract."),
    )

    field_order = [
        "personnel_number",
        "first_name",
        "last_name",
        "email",
        "manager",
        "team",
        "job_title",
        "hours_per_week",
        "contract_start",
        "contract_end",
    ]

    def clean(self):
        cleaned = super().clean()
        self.check_dates("contract_start", "contract_end")
        return cleaned


class EmployeeEditForm(EmployeeFieldsMixin):
    pass


class ContractForm(ContractFieldsMixin):
    start = FormDateField(label=_("Start"), widget=DateInput())
    end = FormDateField(
        label=_("End"),
        required=False,
        widget=DateInput(),
        help_text=_("Inclusive. Empty: open-ended."),
    )

    field_order = ["start", "end", "team", "job_title", "hours_per_week"]

    def clean(self):
        cleaned = super().clean()
        self.check_dates("start", "end")
        return cleaned


class OffboardForm(forms.Form):
    exit_date = FormDateField(
        label=_("Last working day"),
        widget=DateInput(),
        help_text=_("The last contract period ends on this day; the login stops working after it."),
    )
    exit_reason = forms.ChoiceField(label=_("Reason"), choices=Employee.ExitReason.choices)


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    description = forms.CharField(label=_("Description"), max_length=255, required=False)


class ImportForm(forms.Form):
    MAX_BYTES = 5 * 1024 * 1024
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, separated by ',' or ';', with a header row. Columns: personnel_number, first_name, "
            "last_name, email, team, job_title, hours_per_week, contract_start, contract_end."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class LoginForm(forms.Form):
    username = forms.SlugField(
        label=_("Username"),
        max_length=150,
        help_text=_(
            "Letters, digits, '-' and '_'. The employee gets an e-mail to choose a password."
        ),
    )
