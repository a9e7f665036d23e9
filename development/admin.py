"""Admin screens for the development interviews, through the app's own permission table: HR
and the director edit the form templates and see the rounds, slots and who is at which stage.
The records' content (preparations, agreements, signatures) is not in the admin: it is read
in the app, where the privacy rules and the audit trail apply."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import RoleAdminMixin
from development.models import Cycle, FormTemplate, Interview, Slot


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
