"""The people list as a sortable, paginated table."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from hrm.models import Employee

SMALL_HIDDEN = {"td": {"class": "hide-sm"}, "th": {"class": "hide-sm"}}


class EmployeeTable(tables.Table):
    personnel_number = tables.Column(verbose_name=_("No."), linkify=True)
    name = tables.Column(
        verbose_name=_("Name"),
        accessor="full_name",
        order_by=("sort_name",),
        linkify=True,
    )
    current_team = tables.Column(verbose_name=_("Team"))
    current_job_title = tables.Column(verbose_name=_("Job title"), attrs=SMALL_HIDDEN)
    current_hours = tables.Column(
        verbose_name=_("Hours/week"),
        attrs={"td": {"class": "num hide-sm"}, "th": {"class": "num hide-sm"}},
    )
    manager = tables.Column(
        verbose_name=_("Manager"), order_by=("manager__sort_name",), attrs=SMALL_HIDDEN
    )
    status = tables.Column(verbose_name=_("Status"), empty_values=(), orderable=False)

    class Meta:
        model = Employee
        fields = (
            "personnel_number",
            "name",
            "current_team",
            "current_job_title",
            "current_hours",
            "manager",
        )
        sequence = (
            "personnel_number",
            "name",
            "current_team",
            "current_job_title",
            "current_hours",
            "manager",
            "status",
        )
        attrs = {"class": "table"}
        empty_text = _("No employees match these filters.")
        order_by = ("name",)

    def render_current_hours(self, value):
        text = f"{value:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text

    def render_status(self, record):
        if record.employed_now:
            return _("Employed")
        if record.exit_date:
            return _("Left")
        if record.current_team is None:
            return _("Starting later")
        return _("No contract")
