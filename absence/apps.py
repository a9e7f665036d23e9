"""The absence app: sickness and leave records and the figures; connects its own signal receivers
(the e-mail schedule follows the organisation settings)."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def _sync_schedules(**kwargs) -> None:
    from absence.reporting import schedules

    schedules.sync()


class AbsenceConfig(AppConfig):
    name = "absence"
    verbose_name = _("Absence")

    def ready(self) -> None:
        from hrm.models import OrganisationSettings

        # the e-mail schedule follows the organisation settings (absence/reporting/schedules.py)
        post_migrate.connect(_sync_schedules, sender=self, dispatch_uid="absence-schedules")
        post_save.connect(
            _sync_schedules, sender=OrganisationSettings, dispatch_uid="absence-schedules-save"
        )
        # the home page's card to report sick or recovered, the menu entry (core/sections.py)
        from absence import home
        from absence import menu as absence_menu
        from core.sections import home_cards, menu

        home_cards.register("absence.sick_or_better", home.sick_or_better, order=10)
        menu.register("absence", absence_menu.absence, order=20)
        # the sickness part of the demo organisation (core/demo.py)
        from absence import demo as absence_demo
        from core import demo

        demo.register(20, absence_demo.load_part)
