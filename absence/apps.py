from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def _sync_schedules(**kwargs) -> None:
    from absence import schedules

    schedules.sync()


class AbsenceConfig(AppConfig):
    name = "absence"
    verbose_name = _("Absence")

    def ready(self) -> None:
        from hrm.models import OrganisationSettings

        # the e-mail schedule follows the organisation settings (absence/schedules.py)
        post_migrate.connect(_sync_schedules, sender=self, dispatch_uid="absence-schedules")
        post_save.connect(
            _sync_schedules, sender=OrganisationSettings, dispatch_uid="absence-schedules-save"
        )
        # a document's file goes with its row, however the row goes (absence/cases.py)
        from absence.cases import delete_document_file_on_commit
        from absence.models import CaseDocument

        post_delete.connect(
            delete_document_file_on_commit, sender=CaseDocument, dispatch_uid="absence-doc-file"
        )
