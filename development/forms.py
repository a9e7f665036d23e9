"""Forms of the interview pages: a single slot, a series of slots, moving or cancelling with a
message, opening a cycle and "not this year"."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import FormDateField
from development.models import FormTemplate, Interview, Slot
from development.series import AMSTERDAM, SlotSpec
from hrm.forms import DateInput

MESSAGE_MAX = 1000
WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
]


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class _Place(forms.Form):
    location = forms.CharField(
        label=_("Location"),
        max_length=200,
        required=False,
        help_text=_("For example the office in Geldrop, room 2. Or give a video link."),
    )
    video_link = forms.URLField(
        label=_("Video link"), max_length=500, required=False, assume_scheme="https"
    )

    def clean(self):
        cleaned = super().clean() or {}
        if not (cleaned.get("location") or "").strip() and not cleaned.get("video_link"):
            self.add_error("location", _("Give a location or a video link."))
        return cleaned


class SlotForm(_Place):
    """One slot: a day, a start and an end in Dutch time."""

    day = FormDateField(label=_("Date"), widget=DateInput())
    start = forms.TimeField(label=_("Start time"), widget=TimeInput())
    end = forms.TimeField(label=_("End time"), widget=TimeInput())
    field_order = ["day", "start", "end", "location", "video_link"]

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("day"), cleaned.get("start"), cleaned.get("end")
        if day and start and end and end <= start:
            self.add_error("end", _("The end time lies after the start time."))
        return cleaned

    def spec(self) -> SlotSpec:
        data = self.cleaned_data
        return SlotSpec(
            start=datetime.combine(data["day"], data["start"], tzinfo=AMSTERDAM),
            end=datetime.combine(data["day"], data["end"], tzinfo=AMSTERDAM),
            location=data["location"],
            video_link=data["video_link"],
        )


class SeriesForm(_Place):
    """A series: "Tuesdays and Thursdays 9:00-12:00 in March, 45 minutes, 15 minutes between"."""

    first_day = FormDateField(label=_("From"), widget=DateInput())
    last_day = FormDateField(label=_("Until"), widget=DateInput())
    weekdays = forms.TypedMultipleChoiceField(
        label=_("On"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    window_start = forms.TimeField(label=_("Between"), widget=TimeInput())
    window_end = forms.TimeField(label=_("and"), widget=TimeInput())
    minutes = forms.IntegerField(
        label=_("Length of each talk (minutes)"), min_value=5, max_value=480, initial=45
    )
    gap_minutes = forms.IntegerField(
        label=_("Time between talks (minutes)"), min_value=0, max_value=240, initial=15
    )
    field_order = [
        "first_day",
        "last_day",
        "weekdays",
        "window_start",
        "window_end",
        "minutes",
        "gap_minutes",
        "location",
        "video_link",
    ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("window_start"), cleaned.get("window_end")
        if start and end and end <= start:
            self.add_error("window_end", _("The end of the block lies after its start."))
        return cleaned

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "first_day": data["first_day"],
            "last_day": data["last_day"],
            "weekdays": data["weekdays"],
            "window_start": data["window_start"],
            "window_end": data["window_end"],
            "length": timedelta(minutes=data["minutes"]),
            "gap": timedelta(minutes=data["gap_minutes"]),
            "location": data["location"],
            "video_link": data["video_link"],
        }


def slot_label(slot: Slot) -> str:
    local = timezone.localtime(slot.start, AMSTERDAM)
    end = timezone.localtime(slot.end, AMSTERDAM)
    from django.utils.formats import date_format

    return f"{date_format(local, 'l j F Y')} {local:%H:%M}-{end:%H:%M}"


class MoveForm(forms.Form):
    slot = forms.ModelChoiceField(label=_("New time"), queryset=Slot.objects.none())
    message = forms.CharField(
        label=_("Message (optional)"),
        max_length=MESSAGE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Sent with the new invitation."),
    )

    def __init__(self, *args, slots=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["slot"])
        field.queryset = slots if slots is not None else Slot.objects.none()
        field.label_from_instance = slot_label  # type: ignore[method-assign,assignment]


class CancelForm(forms.Form):
    message = forms.CharField(
        label=_("Message (optional)"),
        max_length=MESSAGE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Sent with the cancellation."),
    )


class CycleForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    deadline = FormDateField(
        label=_("Deadline"),
        widget=DateInput(),
        help_text=_("Every interview is held and signed by this date."),
    )
    template = forms.ModelChoiceField(
        label=_("Form template"),
        queryset=FormTemplate.objects.all(),
        help_text=_("The questions both people prepare. Templates are managed in the admin."),
    )


class NotThisYearForm(forms.Form):
    interview = forms.ModelChoiceField(label=_("Employee"), queryset=Interview.objects.none())
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "For example: leaves the organisation, or long-term sickness. Never a diagnosis."
        ),
    )

    def __init__(self, *args, interviews=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["interview"])
        field.queryset = interviews if interviews is not None else Interview.objects.none()
        field.label_from_instance = lambda i: i.employee.full_name  # type: ignore[method-assign,assignment]
