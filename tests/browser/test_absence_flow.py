from datetime import date

import pytest
import time_machine
from playwright.sync_api import expect

from absence.models import Episode
from tests.factories import TeamFactory, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lotte(db):
    return make_person("employee", team=TeamFactory(name="Geldrop-Mierlo"))


@time_machine.travel(date(2026, 11, 23), tick=True)
def test_employee_reports_sick_and_recovered(page, live_server, login, lotte):
    login("employee")
    page.click("a[href='/absence/report-sick/']")
    page.fill("#id_first_sick_day", "2026-11-23")
    page.select_option("#id_expected_duration", "days")
    expect(page.locator("textarea[data-privacy-warning]").first).to_be_visible()
    page.click("main form button[type=submit]")
    expect(page.locator(".message--success")).to_be_visible()
    episode = Episode.objects.get(employee=lotte.employee)
    assert episode.first_sick_day == date(2026, 11, 23) and episode.recovered_on is None

    page.goto(f"{live_server.url}/")
    page.click(f"a[href='/absence/episodes/{episode.pk}/recover/']")
    page.fill("#id_recovered_on", "2026-11-26")
    page.click("main form button[type=submit]")
    expect(page.locator(".message--success")).to_be_visible()
    episode.refresh_from_db()
    assert episode.recovered_on == date(2026, 11, 26)
