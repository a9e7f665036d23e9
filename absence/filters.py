"""Filters of the API's lists of individual records (episodes, leave, reintegration cases)."""

import django_filters

from absence.permissions import subjects_visible_to
from hrm.filters import VisibleEmployeeFilter


class EmployeeRecordsFilter(django_filters.FilterSet):
    """`?employee=<id>` among the people whose sickness records the requester may read: an id
    outside them answers like one that does not exist (an empty list)."""

    employee = VisibleEmployeeFilter(visible=subjects_visible_to)
