"""The handbook app: the personnel handbook and policy, reviewed by the PVT (to come)."""

from django.apps import AppConfig


class HandbookConfig(AppConfig):
    name = "handbook"

    def ready(self) -> None:
        # the demo's handbooks, after the people
        from core import demo
        from handbook import demo as handbook_demo

        demo.register(50, handbook_demo.load_part)

        from core.sections import home_cards, menu

        # reading: the menu entry for everyone who may read, the home card "to acknowledge"
        from handbook import home as handbook_home
        from handbook import menu as handbook_menu

        menu.register("handbook", handbook_menu.handbooks, order=35)
        home_cards.register("handbook.to_acknowledge", handbook_home.to_acknowledge, order=20)
        # the PVT: the requests waiting for its response
        home_cards.register("handbook.for_the_pvt", handbook_home.for_the_pvt, order=5)
        # the director and the board: what waits for the board's decision
        home_cards.register("handbook.for_the_board", handbook_home.for_the_board, order=6)
