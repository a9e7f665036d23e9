"""The development overview on a phone: a bar per team, the people as a table that scrolls
inside its box, and a page that does not scroll sideways at 390 px."""

import re
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.roles import Role
from development.models import Interview
from development.services import cycle_open
from tests.factories import TeamFactory, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def round_with_people(db):
    hr = make_person("hr", Role.HR, team=TeamFactory(name="Staf"))
    team = TeamFactory(name="Geldrop-Mierlo en omstreken")
    manager = make_person("manager", Role.MANAGER, team=team, manages=team)
    for _ in range(6):
        person = make_person(None, team=team)
        person.last_name = "van der Langeachternaam-Verhoeven"
        person.manager = manager.employee
        person.save()
    today = timezone.localdate()
    cycle = cycle_open(actor=hr, year=today.year, deadline=date(today.year, 12, 31))
    first = Interview.objects.filter(cycle=cycle, manager=manager.employee).order_by("pk").first()
    Interview.objects.filter(pk=first.pk).update(status=Interview.Status.SIGNED)
    return cycle


def test_the_overview_fits_a_phone(browser, live_server, round_with_people):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "hr")
    page.fill("#id_password", "demo-pass-123")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))
    page.goto(f"{live_server.url}/development/overview/")

    expect(page.locator("[data-testid=overview-total] .dev-bar")).to_be_visible()
    team = page.locator("[data-testid=overview-team]", has_text="Geldrop-Mierlo en omstreken")
    expect(team.locator(".dev-bar__seg")).to_have_count(2)
    expect(team.locator("tbody tr")).to_have_count(7)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page itself must not scroll sideways on a phone"
    page.screenshot(path="/tmp/m13/overview-390.png", full_page=True)
    context.close()
