"""Admin screens for the development interviews, through the app's own permission table: HR
and the director edit the form templates and see the rounds, slots and who is at which stage.
The records' content (preparations, agreements, signatures) is not in the admin: it is read
in the app, where the privacy rules and the audit trail apply."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import RoleAdminMixin
from development.models import (
    Activity,
    Cycle,
    FormTemplate,
    Interview,
    PlanItem,
    PlanParticipant,
    PlanSession,
    Profession,
    Registration,
    RequirementCategory,
    Slot,
    TeamBudget,
    TrainingPlan,
)


class FormTemplateForm(forms.ModelForm):
    class Meta:
        model = FormTemplate
        fields = ["name", "sections"]
        help_texts = {
            "sections": _(
                'A list of sections: {"key", "title", "side": "employee" or "manager", '
                '"questions": [{"key", "text", "help"}]}. Keys: lower-case letters, digits and _.'
            )
        }


@admin.register(FormTemplate)
class FormTemplateAdmin(RoleAdminMixin, admin.ModelAdmin):
    manage_action = "development.manage_cycle"
    form = FormTemplateForm
    list_display = ["name", "created_at"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):
        # a template that a round used stays: its records show its questions
        if obj is not None and obj.cycles.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Cycle)
class CycleAdmin(RoleAdminMixin, admin.ModelAdmin):
    """Rounds are opened and closed on the round page (the services give everyone an
    interview); here they are only read, and the deadline can be changed."""

    manage_action = "development.manage_cycle"
    list_display = ["year", "deadline", "status", "template"]
    list_filter = ["status"]
    fields = ["year", "deadline", "status", "template", "opened_by"]
    readonly_fields = ["year", "status", "template", "opened_by"]

    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Slot)
class SlotAdmin(RoleAdminMixin, admin.ModelAdmin):
    manage_action = "development.manage_cycle"
    list_display = ["manager", "start", "end", "location", "video_link"]
    list_filter = ["manager"]
    date_hierarchy = "start"
    list_select_related = ["manager"]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Interview)
class InterviewAdmin(RoleAdminMixin, admin.ModelAdmin):
    """Who is at which stage (read-only); changes go through the pages."""

    manage_action = "development.manage_cycle"
    list_display = ["employee", "cycle", "manager", "status"]
    list_filter = ["cycle", "status"]
    search_fields = ["employee__personnel_number", "employee__last_name"]
    list_select_related = ["employee", "cycle", "manager"]
    fields = ["cycle", "employee", "manager", "status", "not_this_year_reason", "sequence"]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The training plan -------------------------------------------------------------------------------


class TeamBudgetInline(admin.TabularInline):
    model = TeamBudget
    extra = 0


@admin.register(TrainingPlan)
class TrainingPlanAdmin(RoleAdminMixin, admin.ModelAdmin):
    """Plans are built on the plan pages (the services check the budget); here HR can look
    and correct."""

    manage_action = "development.plan_manage"
    list_display = ["year", "budget"]
    inlines = [TeamBudgetInline]


class PlanParticipantInline(admin.TabularInline):
    model = PlanParticipant
    extra = 0
    raw_id_fields = ["employee"]


class PlanSessionInline(admin.TabularInline):
    model = PlanSession
    extra = 0


@admin.register(PlanItem)
class PlanItemAdmin(RoleAdminMixin, admin.ModelAdmin):
    manage_action = "development.plan_manage"
    list_display = ["title", "plan", "status", "cost", "cost_basis", "team"]
    list_filter = ["plan", "status"]
    search_fields = ["title", "provider"]
    list_select_related = ["plan", "team"]
    raw_id_fields = ["wish", "requested_by"]
    readonly_fields = [
        "approved_by",
        "approved_at",
        "director_approved_by",
        "director_approved_at",
        "declined_by",
        "created_by",
    ]
    inlines = [PlanParticipantInline, PlanSessionInline]


# Professional registration (SKJ) ------------------------------------------------------------------


class RequirementCategoryInline(admin.TabularInline):
    model = RequirementCategory
    extra = 0
    fields = ["position", "key", "name", "required"]


@admin.register(Profession)
class ProfessionAdmin(RoleAdminMixin, admin.ModelAdmin):
    """The requirements per profession: data HR keeps, because SKJ changes them over time."""

    manage_action = "development.registration_manage"
    list_display = ["name", "key", "register", "hours_required", "position"]
    search_fields = ["name", "key"]
    inlines = [RequirementCategoryInline]


@admin.register(Registration)
class RegistrationAdmin(RoleAdminMixin, admin.ModelAdmin):
    """Registrations are kept on the registration pages (the service checks the overrides);
    here HR looks them up and deletes one entered by mistake."""

    manage_action = "development.registration_manage"
    list_display = ["employee", "register", "number", "profession", "registered_on", "vog_on"]
    list_filter = ["profession", "register"]
    search_fields = ["number", "employee__sort_name"]
    list_select_related = ["employee", "profession"]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)


@admin.register(Activity)
class ActivityAdmin(RoleAdminMixin, admin.ModelAdmin):
    """Logged activities, read-only; the certificate opens through the app (checked, audited)."""

    manage_action = "development.registration_manage"
    list_display = ["title", "employee", "category", "points", "completed_on", "certificate_link"]
    list_filter = ["category"]
    search_fields = ["title", "employee__sort_name"]
    list_select_related = ["employee"]
    fields = ["employee", "title", "category", "points", "completed_on", "certificate_link"]
    readonly_fields = [
        "employee",
        "title",
        "category",
        "points",
        "completed_on",
        "certificate_link",
    ]

    @admin.display(description=_("certificate"))
    def certificate_link(self, obj):
        if not obj.certificate:
            return "–"
        url = reverse("development:activity_certificate", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("download"))

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False
