"""The reintegration app: connects to absence's sickness_changed signal and page sections, and
registers its calendar source, menu entry and demo part."""

from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


def _dashboard_cases(viewer, today):
    """The open cases the viewer may read, on the absence dashboard (each row audited)."""
    from core.sections import Section
    from reintegration import selectors

    views = selectors.open_cases(viewer, today)
    selectors.audit_case_list(viewer, [v.case for v in views])
    return Section("reintegration/_dashboard_cases.html", {"cases": views})


def _history_cases(viewer, employee):
    """The employee's cases the viewer may read, on their absence history."""
    from core.sections import Section
    from reintegration import selectors

    cases = selectors.cases_visible_to(viewer).filter(employee=employee).order_by("-chain_start")
    return Section("reintegration/_history_cases.html", {"cases": cases})


def _menu_item(user):
    """The reintegration files in the main menu, for those who may read them."""
    from django.urls import reverse

    from core.permissions import can
    from core.sections import MenuItem

    if can(user, "reintegration.view"):
        return MenuItem("reintegration", _("Reintegration"), reverse("reintegration:case_list"))
    return None


class ReintegrationConfig(AppConfig):
    name = "reintegration"
    verbose_name = _("Reintegration")

    def ready(self) -> None:
        from absence import extensions
        from absence.signals import sickness_changed
        from core import demo
        from reintegration import demo as reintegration_demo
        from reintegration import services, sync
        from reintegration.models import CaseDocument

        # the cases follow the chains of sickness, whatever write changed them
        sickness_changed.connect(sync.follow_sickness, dispatch_uid="reintegration-sync")
        # a document's file goes with its row, however the row goes
        post_delete.connect(
            services.delete_document_file_on_commit,
            sender=CaseDocument,
            dispatch_uid="reintegration-document-file",
        )
        extensions.dashboard_sections.register("reintegration", _dashboard_cases, order=10)
        extensions.history_sections.register("reintegration", _history_cases, order=10)
        demo.register(30, reintegration_demo.load_part)
        # a case owner's deadlines and consultations in their own calendar
        from core.calendar import register_source
        from reintegration import calendar_events

        register_source(
            "reintegration", calendar_events.case_owner_events, is_for=calendar_events.is_for
        )
        from core.sections import menu

        menu.register("reintegration", _menu_item, order=30)
