"""The people app: employees, contract periods, teams and settings; registers its home cards, menu,
directory and demo part."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HrmConfig(AppConfig):
    name = "hrm"
    verbose_name = _("People and teams")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from core.permissions import Directory, register_directory
        from core.sections import home_cards, menu
        from hrm import home, models, selectors
        from hrm import menu as hrm_menu

        # who a login is: core's permission layer asks the people app through this
        register_directory(
            Directory(
                employee_of=selectors.employee_of_login,
                assigned_roles=selectors.roles_assigned_to,
                logins_with_roles=selectors.logins_with_roles,
            )
        )

        home_cards.register("hrm.my_employment", home.my_employment, order=20)
        home_cards.register("hrm.my_team", home.my_team, order=30)
        home_cards.register("hrm.organisation", home.organisation, order=40)
        home_cards.register("hrm.teams_today", home.teams_today, order=50)
        menu.register("hrm.people", hrm_menu.people, order=10)
        menu.register("hrm.teams", hrm_menu.teams, order=40)
        menu.register("hrm.import", hrm_menu.employee_import, order=50)

        for model in (
            models.Team,
            models.Employee,
            models.ContractPeriod,
            models.RoleAssignment,
            models.OrganisationSettings,
        ):
            auditlog.register(model)

        # the people's part of the demo organisation, first (core/demo.py)
        from core import demo
        from hrm import demo as hrm_demo

        demo.register(10, hrm_demo.load_part)
        demo.register_logins(hrm_demo.PRINTED_LOGINS, hrm_demo.DEMO_PASSWORD)
