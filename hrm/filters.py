import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from hrm.models import Team
from hrm.selectors import employees_by_status


class EmployeeFilter(django_filters.FilterSet):
    """Shared by the people page and /api/employees/."""

    STATUS_CHOICES = [
        ("active", _("Employed now")),
        ("left", _("Left")),
        ("future", _("Starting later")),
        ("all", _("Everyone")),
    ]

    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
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
