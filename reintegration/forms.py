"""Forms of the reintegration file. Free text carries the privacy warning: work capacity only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import FormDateField
from core.forms import max_length
from core.privacy import PRIVACY_WARNING, PrivacyTextarea
from hrm.forms import DateInput
from reintegration.models import CaseRecord, ReintegrationCase

Kind = CaseRecord.Kind
COMMON = ["date", "notes"]
CAPACITY = ["hours_per_day", "can_do", "cannot_do"]
FIELDS_BY_KIND = {
    Kind.CONSULTATION: ["date", "company_doctor", *CAPACITY, "next_consultation", "notes"],
    Kind.PROBLEM_ANALYSIS: ["date", "company_doctor", *CAPACITY, "notes"],
    Kind.ACTION_PLAN: [
        "date",
        "goal",
        "track",
        "signed_by_employer",
        "signed_by_employee",
        "notes",
    ],
    Kind.PLAN_EVALUATION: ["date", *CAPACITY, "track", "notes"],
    Kind.UWV_42_WEEK_REPORT: COMMON,
    Kind.FIRST_YEAR_EVALUATION: ["date", "track", *CAPACITY, "notes"],
    Kind.TRACK_2_START: COMMON,
    Kind.FINAL_EVALUATION: ["date", "company_doctor", *CAPACITY, "notes"],
    Kind.WIA_APPLICATION: COMMON,
    Kind.OTHER: COMMON,
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePdfField(forms.FileField):
    """Several PDF files at once (checked as PDF by the service)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class RecordForm(forms.ModelForm):
    documents = MultiplePdfField(label=_("Documents (PDF)"), required=False)

    class Meta:
        model = CaseRecord
        fields = [
            "date",
            "company_doctor",
            "hours_per_day",
            "can_do",
            "cannot_do",
            "next_consultation",
            "goal",
            "track",
            "signed_by_employer",
            "signed_by_employee",
            "notes",
        ]
        widgets = {
            "date": DateInput(),
            "next_consultation": DateInput(),
            "signed_by_employer": DateInput(),
            "signed_by_employee": DateInput(),
            "can_do": PrivacyTextarea(),
            "cannot_do": PrivacyTextarea(),
            "goal": PrivacyTextarea(),
            "notes": PrivacyTextarea(),
        }
        help_texts = {
            "can_do": PRIVACY_WARNING,
            "cannot_do": PRIVACY_WARNING,
            "notes": PRIVACY_WARNING,
            "goal": PRIVACY_WARNING,
        }

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        keep = set(FIELDS_BY_KIND[CaseRecord.Kind(kind)]) | {"documents"}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if kind == Kind.ACTION_PLAN:
            self.fields["track"].required = True


class ActivityForm(forms.Form):
    description = forms.CharField(label=_("Agreed activity"), max_length=300, required=False)
    owner = forms.CharField(label=_("Who"), max_length=120, required=False)
    due = FormDateField(label=_("By"), required=False, widget=DateInput())

    def clean(self):
        cleaned = super().clean() or {}
        filled = [cleaned.get(k) for k in ("description", "owner", "due")]
        if any(filled) and not all(filled):
            raise forms.ValidationError(_("Give the activity, who does it and by when."))
        return cleaned


ActivityFormSet = forms.formset_factory(ActivityForm, extra=4, max_num=20)


class DocumentForm(forms.Form):
    documents = MultiplePdfField(label=_("Documents (PDF)"))


class EmployeeViewForm(forms.Form):
    text = forms.CharField(
        label=_("Your view"),
        widget=PrivacyTextarea(attrs={"rows": 6}),
        help_text=PRIVACY_WARNING,
        max_length=max_length(CaseRecord, "employee_view"),
    )


class OwnerChoiceField(forms.ModelChoiceField):
    """A case owner by name (the login name when no name is set)."""

    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


class CaseForm(forms.ModelForm):
    class Meta:
        model = ReintegrationCase
        fields = ["owner", "wia_letter_date"]
        widgets = {"wia_letter_date": DateInput()}
        field_classes = {"owner": OwnerChoiceField}

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, OwnerChoiceField)
        owner.queryset = owners
        owner.required = True  # without an owner nobody gets the reminders
