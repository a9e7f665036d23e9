"""The development app: annual development interviews (training and professional (SKJ)
registration to come). Registers its menu entry, home card and demo part."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevelopmentConfig(AppConfig):
    name = "development"
    verbose_name = _("Development")

    def ready(self) -> None:
        from core import demo
        from core.sections import home_cards, menu
        from development import demo as development_demo
        from development import home
        from development import menu as development_menu

        menu.register("development", development_menu.interviews, order=25)
        home_cards.register("development.my_interview", home.my_interview, order=15)
        menu.register("development_plan", development_menu.training, order=26)
        home_cards.register(
            "development.training_requests", home.training_requests_waiting, order=16
        )
        menu.register("development_registration", development_menu.registration, order=27)
        home_cards.register("development.my_registration", home.my_registration, order=17)
        demo.register(40, development_demo.load_part)

        # the interviews in each person's own calendar feed (as employee and as manager)
        from core.calendar import register_source
        from development import calendar_events

        register_source(
            "development", calendar_events.interview_events, is_for=calendar_events.is_for
        )
        # the sessions of approved and planned trainings in each participant's calendar
        from development import training_calendar

        register_source(
            "development_training",
            training_calendar.training_events,
            is_for=training_calendar.is_for,
        )
