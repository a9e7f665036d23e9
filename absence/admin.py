"""Admin screens for sickness episodes, maternity leave and sent reports, through the app's own
permission table."""

from django.contrib import admin

from absence.models import Dispatch
from core.admin import RoleAdminMixin


@admin.register(Dispatch)
class DispatchAdmin(RoleAdminMixin, admin.ModelAdmin):
    """Which digest and board report went to whom (read-only): the tasks' memory."""

    manage_action = "absence.correct"
    list_display = ["kind", "period", "recipient", "sent_at"]
    list_filter = ["kind"]
    search_fields = ["recipient", "period"]
    date_hierarchy = "sent_at"

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False
