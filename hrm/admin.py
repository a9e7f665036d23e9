"""Admin screens for people, contract periods, teams and the organisation settings; role
assignments on the login."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import RoleAdminMixin, UserAdmin
from core.models import User
from hrm.models import ContractPeriod, Employee, OrganisationSettings, RoleAssignment, Team


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["team"]


# a login's roles are edited on the login's own page
admin.site.unregister(User)


@admin.register(User)
class UserWithRolesAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, RoleAssignmentInline]
    list_filter = [*UserAdmin.list_filter, "role_assignments__role"]


@admin.register(Team)
class TeamAdmin(RoleAdminMixin, admin.ModelAdmin):
    manage_action = "hrm.manage_teams"
    list_display = ["name", "description"]
    search_fields = ["name"]


class ContractPeriodInline(admin.TabularInline):
    model = ContractPeriod
    extra = 0
    fields = ["start", "end", "hours_per_week", "team", "job_title"]
    ordering = ["start"]


@admin.register(Employee)
class EmployeeAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ["personnel_number", "last_name", "first_name", "email", "manager", "exit_date"]
    list_filter = ["contracts__team", "exit_reason"]
    search_fields = ["personnel_number", "first_name", "last_name", "email"]
    autocomplete_fields = ["user", "manager"]
    inlines = [ContractPeriodInline]
    fieldsets = (
        (None, {"fields": ("personnel_number", "first_name", "last_name", "email")}),
        (_("Organisation"), {"fields": ("manager", "user")}),
        (_("Offboarding"), {"fields": ("exit_date", "exit_reason")}),
    )


@admin.register(ContractPeriod)
class ContractPeriodAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ["employee", "start", "end", "hours_per_week", "team", "job_title"]
    list_filter = ["team"]
    search_fields = ["employee__personnel_number", "employee__last_name"]
    autocomplete_fields = ["employee", "team"]
    date_hierarchy = "start"


@admin.register(OrganisationSettings)
class OrganisationSettingsAdmin(RoleAdminMixin, admin.ModelAdmin):
    """One row: no add (it exists from the first migration) and no delete."""

    manage_action = "hrm.manage_teams"
    list_display = ["name", "full_time_hours", "absence_target", "amber_band", "arbo_email"]
    fieldsets = [
        (None, {"fields": ["name", "full_time_hours"]}),
        (_("Absence"), {"fields": ["absence_target", "amber_band", "retention_years"]}),
        (_("ArboNed"), {"fields": ["arbo_email", "arbo_notification_days"]}),
        (
            _("Weekly absence digest"),
            {"fields": ["digest_recipients", "digest_weekday", "digest_time"]},
        ),
        (_("Monthly board report"), {"fields": ["board_report_recipients", "board_report_time"]}),
        (_("PVT"), {"fields": ["pvt_review_weeks"]}),
        (_("Development interviews"), {"fields": ["interview_change_hours"]}),
    ]

    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
