from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HrmConfig(AppConfig):
    name = "hrm"
    verbose_name = _("People and teams")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from hrm import models

        for model in (
            models.Team,
            models.Employee,
            models.ContractPeriod,
            models.RoleAssignment,
            models.OrganisationSettings,
        ):
            auditlog.register(model)
