"""Filters of the people lists and API, including the employee filter that answers alike for ids
you may not see and ids that do not exist."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from hrm.models import Team
from hrm.permissions import employees_visible_to
from hrm.selectors import employees_by_status


@extend_schema_field(OpenApiTypes.INT)
class VisibleEmployeeFilter(django_filters.Filter):
    """`?employee=<id>`: the rows of that employee, chosen among the employees the requester
    may see (`visible(user)`, by default hrm's rule; an app passes its own, e.g. absence's
    `subjects_visible_to`). Any whole number is a valid value: an id you may not see answers
    exactly like one that does not exist (no rows), so the answer never tells which ids exist.
    What is not a whole number is refused alike for everyone (400, as the schema's integer
    type says), whatever exists."""

    field_class = forms.IntegerField

    def __init__(self, *args, visible=employees_visible_to, **kwargs):
        kwargs.setdefault("field_name", "employee")
        kwargs.setdefault("label", _("Employee"))
        super().__init__(*args, **kwargs)
        self.visible = visible

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        user = getattr(getattr(self.parent, "request", None), "user", None)
        employees = self.visible(user).filter(pk=value).values("pk")
        return qs.filter(**{f"{self.field_name}__in": employees})


class EmployeeFilter(django_filters.FilterSet):
    """Shared by the people page and /api/employees/."""

    STATUS_CHOICES = [
        ("active", _("Employed now")),
        ("left", _("Left")),
        ("future", _("Starting later")),
        ("all", _("Everyone")),
    ]

    q = django_filters.CharFilter(method="filter_q", label=_("Search"), max_length=200)
    team = extend_schema_field(OpenApiTypes.INT)(
        django_filters.ModelChoiceFilter(
            queryset=Team.objects.all(),
            method="filter_team",
            label=_("Team"),
            empty_label=_("All teams"),
        )
    )
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES, method="filter_status", label=_("Status"), empty_label=None
    )

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("status", "active")
        super().__init__(data, *args, **kwargs)

    def filter_q(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(personnel_number__icontains=word)
                | Q(email__icontains=word)
            )
        return queryset

    def filter_team(self, queryset, name, value):
        return queryset.filter(current_team_id=value.pk) if value else queryset

    def filter_status(self, queryset, name, value):
        return employees_by_status(queryset, value, timezone.localdate())
