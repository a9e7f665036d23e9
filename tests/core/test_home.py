"""The home page and the main menu are assembled from what the apps register (core/sections.py):
core names no app, and every role sees the same cards and menu entries, in the same order, as
when the page knew them all."""

from __future__ import annotations

import re

import pytest

from core import sections
from core.sections import MenuItem, Section

EVERYONE = ["Teams vandaag"]
OWN = ["Ziek of beter?", "Mijn dienstverband"]
CARDS = {
    "employee": [*OWN, *EVERYONE],
    "outsider": [*OWN, *EVERYONE],
    "pvt": [*OWN, *EVERYONE],
    "manager": [*OWN, "Mijn team", *EVERYONE],
    "hr": [*OWN, "Organisatie", *EVERYONE],
    "adjunct": [*OWN, "Organisatie", *EVERYONE],
    "director": [*OWN, "Organisatie", *EVERYONE],
    "board": EVERYONE,
    "admin_user": ["Organisatie", *EVERYONE],
}
DEVELOPMENT = ["development", "development_plan"]
READERS = ["home", "people", "absence", *DEVELOPMENT, "reintegration", "handbook", "teams"]
# managers and HR also see the professional registrations (their people's, everyone's)
REGISTRATIONS = [*READERS[:5], "development_registration", *READERS[5:]]
MENU = {
    "employee": ["home", "people", "absence", *DEVELOPMENT, "handbook", "teams"],
    "outsider": ["home", "people", "absence", *DEVELOPMENT, "handbook", "teams"],
    "pvt": ["home", "people", "absence", *DEVELOPMENT, "handbook", "teams"],
    "manager": REGISTRATIONS,
    "adjunct": READERS,
    "director": READERS,
    "hr": [*REGISTRATIONS, "import", "admin"],
    "board": ["home", "absence", "handbook", "teams"],
    "admin_user": ["home", "people", "handbook", "teams", "import", "admin"],
}


def _cards(html: str) -> list[str]:
    return re.findall(r"<h2>(.*?)</h2>", html[html.index('<div class="grid">') :])


def _menu(html: str) -> list[str]:
    return re.findall(r'data-nav="([^"]+)"', html)


@pytest.mark.parametrize("role", sorted(CARDS))
def test_each_role_sees_its_cards_and_menu_in_order(client, request, role, team_a):
    client.force_login(request.getfixturevalue(role))

    html = client.get("/").content.decode()

    assert _cards(html) == CARDS[role]
    assert _menu(html) == MENU[role]


def test_the_sick_card_offers_recovery_while_one_is_sick(client, employee):
    from absence.models import Episode

    episode = Episode.objects.create(employee=employee.employee, first_sick_day="2025-05-28")
    client.force_login(employee)

    html = client.get("/").content.decode()

    assert f"/absence/episodes/{episode.pk}/recover/" in html
    assert "/absence/report-sick/" not in html


def test_the_people_card_lists_the_managers_people(client, manager, employee):
    client.force_login(manager)

    html = client.get("/").content.decode()

    assert employee.employee.full_name in html
    assert manager.employee.full_name not in html.split('<div class="grid">')[1]


def test_a_registered_card_shows_in_its_order_and_none_shows_nothing(client, employee, monkeypatch):
    monkeypatch.setattr(sections.home_cards, "_builders", dict(sections.home_cards._builders))
    sections.home_cards.register("test.nothing", lambda user, today: None, order=0)
    sections.home_cards.register(
        "test.between",
        lambda user, today: Section("core/_test_card.html", {"title": "Tussendoor"}),
        order=15,
    )
    client.force_login(employee)

    html = client.get("/").content.decode()

    assert _cards(html) == ["Ziek of beter?", "Tussendoor", "Mijn dienstverband", *EVERYONE]


def test_a_registered_menu_entry_shows_in_its_order(client, employee, monkeypatch):
    monkeypatch.setattr(sections.menu, "_builders", dict(sections.menu._builders))
    sections.menu.register("test", lambda user: MenuItem("test", "Test", "/test/"), order=25)
    client.force_login(employee)

    html = client.get("/").content.decode()

    assert _menu(html) == [
        "home",
        "people",
        "absence",
        "development",
        "test",
        "development_plan",
        "handbook",
        "teams",
    ]


@pytest.fixture(autouse=True)
def _test_card_template(settings, tmp_path):
    """A card template of a test's own (a card is a template and its context)."""
    folder = tmp_path / "templates" / "core"
    folder.mkdir(parents=True)
    (folder / "_test_card.html").write_text(
        '<section class="card"><h2>{{ section.title }}</h2></section>'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]]}
    ]
