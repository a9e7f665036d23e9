"""The admin site adjusted for this product: one login page for everyone, access by the permission
table, the login (user) admin."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import AuditEvent, User
from core.permissions import can


class RoleAdminMixin:
    """Admin screens ask the same permission layer as the rest of the app."""

    manage_action = "hrm.manage_employees"

    def has_module_permission(self, request):
        return can(request.user, self.manage_action) or request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request, *args):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


def admin_site_has_permission(request) -> bool:
    user = request.user
    return user.is_active and (user.is_staff or can(user, "hrm.manage_employees"))


def admin_site_login(request, extra_context=None):
    """One login page for everyone: the admin's own login only admits staff, HR uses ours."""
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


# The default admin site, adjusted in place rather than replaced (every app registers on it).
admin.site.has_permission = admin_site_has_permission  # type: ignore[method-assign]  # instance attribute on purpose
admin.site.login = admin_site_login  # type: ignore[method-assign]  # instance attribute on purpose


@admin.register(User)
class UserAdmin(RoleAdminMixin, DjangoUserAdmin):
    """Logins. The people app registers its own subclass with the roles assigned (hrm/admin.py)."""

    list_display = ["username", "first_name", "last_name", "email", "is_active", "language"]
    list_filter = ["is_active", "is_staff", "language"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Preferences"), {"fields": ("language",)}),
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        # HR manages logins and roles, not Django's own permission flags.
        hidden = {"is_superuser", "groups", "user_permissions", "is_staff"}
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]})
            for name, opts in fieldsets
        ]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Who read whose sickness records, and when. Read-only: nobody edits or deletes it here."""

    list_display = ["at", "actor_username", "subject_label", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_username", "subject_label"]
    date_hierarchy = "at"

    def has_module_permission(self, request):
        return can(request.user, "core.view_audit_log")

    def has_view_permission(self, request, obj=None):
        return can(request.user, "core.view_audit_log")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
