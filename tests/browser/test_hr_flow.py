import re

import pytest
from playwright.sync_api import expect

from core.roles import Role
from tests.factories import TeamFactory, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hr_user(db):
    TeamFactory(name="Waalre")
    return make_person("hr", Role.HR, team=TeamFactory(name="Staf"))


def test_hr_adds_employee_switches_language_and_sees_it_listed(page, live_server, login, hr_user):
    login("hr")
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    page.click("[data-nav=people]")
    page.click("a[href='/people/new/']")
    page.fill("#id_personnel_number", "4242")
    page.fill("#id_first_name", "Noor")
    page.fill("#id_last_name", "van Houten")
    page.fill("#id_email", "noor.vanhouten@plusteam.example")
    page.select_option("#id_team", label="Waalre")
    page.fill("#id_job_title", "Generalist")
    page.fill("#id_hours_per_week", "28.5")
    page.fill("#id_contract_start", "2024-03-01")
    page.click("main form button[type=submit]")

    expect(page.locator("h1")).to_have_text("Noor van Houten")
    expect(page.locator(".message--success")).to_be_visible()

    page.click("button.lang-switch__btn[value=en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.click("[data-nav=people]")
    expect(page.locator("h1")).to_have_text("People")
    page.fill("input[name=q]", "Houten")
    row = page.locator("#results tbody tr", has_text="Noor van Houten")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Waalre")
    expect(row).to_contain_text("28.5")

    hr_user.refresh_from_db()
    assert hr_user.language == "en"


def test_form_errors_show_beside_the_field(page, live_server, login, hr_user):
    login("hr")
    page.goto(f"{live_server.url}/people/new/")
    page.fill("#id_personnel_number", "1")
    page.fill("#id_first_name", "A")
    page.fill("#id_last_name", "B")
    page.select_option("#id_team", label="Staf")
    page.fill("#id_job_title", "X")
    page.fill("#id_hours_per_week", "70")
    page.fill("#id_contract_start", "2024-01-01")
    page.click("main form button[type=submit]")
    error = page.locator("#id_hours_per_week_error")
    expect(error).to_be_visible()
    expect(page.locator(".field--error #id_hours_per_week")).to_have_count(1)


def test_phone_layout_has_menu_and_scrolling_table(browser, live_server, hr_user):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "hr")
    page.fill("#id_password", "demo-pass-123")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))
    page.click("button.menu-toggle")
    page.click("[data-nav=people]")
    expect(page.locator("#results table")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page itself must not scroll sideways on a phone"
    context.close()
