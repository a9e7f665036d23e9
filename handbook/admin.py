"""Admin screens for the handbooks, through the app's own permission table. Handbooks and the
order, titles and review dates of chapters are kept here; a chapter's text and its steps (submit,
respond, decide, publish) only go through the services (the pages and the API), so the admin
shows versions, threads and acknowledgements read-only and cannot skip a step."""

from django.contrib import admin

from core.admin import RoleAdminMixin
from handbook.models import Acknowledgement, Chapter, CommentThread, Handbook, Version


class _ReadOnly(RoleAdminMixin, admin.ModelAdmin):
    manage_action = "handbook.manage"

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Handbook)
class HandbookAdmin(RoleAdminMixin, admin.ModelAdmin):
    manage_action = "handbook.manage"
    list_display = ["name", "position"]
    list_editable = ["position"]


@admin.register(Chapter)
class ChapterAdmin(RoleAdminMixin, admin.ModelAdmin):
    """Order, title and review date; the participation right is fixed once a version went to
    the PVT (it decides which steps apply)."""

    manage_action = "handbook.manage"
    list_display = ["title", "handbook", "position", "participation", "review_on"]
    list_filter = ["handbook", "participation"]
    list_editable = ["position", "review_on"]
    fields = ["handbook", "title", "position", "participation", "review_on"]
    search_fields = ["title"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.versions.exclude(status=Version.Status.DRAFT).exists():
            return ["handbook", "participation"]
        return ["handbook"] if obj is not None else []

    def has_add_permission(self, request, *args):
        return False  # a chapter starts with its first draft: on the writing page or the API


@admin.register(Version)
class VersionAdmin(_ReadOnly):
    list_display = ["chapter", "number", "status", "outcome", "decided_on", "effective_date"]
    list_filter = ["status", "chapter__handbook"]
    list_select_related = ["chapter"]
    search_fields = ["chapter__title", "decision_reference"]


@admin.register(CommentThread)
class CommentThreadAdmin(_ReadOnly):
    list_display = ["chapter", "version", "anchor", "started_by", "resolved_at"]
    list_select_related = ["chapter", "version", "started_by"]


@admin.register(Acknowledgement)
class AcknowledgementAdmin(_ReadOnly):
    list_display = ["employee", "version", "acknowledged_at"]
    list_select_related = ["employee", "version__chapter"]
    date_hierarchy = "acknowledged_at"
