"""Playwright walks the professional (SKJ) registration: a youth care worker registered on
1 January 2024, complete but for 10 reflection points (40 of 50), opens "Mijn SKJ", sees the
status and the shortfall, logs a reflection of 10 points with a PDF certificate and sees the
registration complete with the activity among those that count (its certificate downloads);
then HR finds the person complete on the overview.

The clock stands at 26 November 2026, 12:00 in Amsterdam (ticking)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D

import pytest
import time_machine
from django.test import override_settings
from playwright.sync_api import expect

from core.roles import Role
from development import skj
from development.models import Activity
from tests.browser.walk_helpers import log_out, shoot
from tests.development.registration_helpers import NOW, make_professions, register
from tests.factories import TeamFactory, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MINE = "/development/registration/"
OVERVIEW = "/development/registrations/"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def media(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        yield tmp_path / "media"


@pytest.fixture
def people(clock):
    """P&O and a youth care worker (36 hours a week since 2022) registered with SKJ on
    1 January 2024: training 60 of 60, free 50 of 50, reflection 40 of 50."""
    team = TeamFactory(name="Geldrop-Mierlo")
    hr = make_person("hr", Role.HR, team=TeamFactory(name="Staf"))
    employee = make_person("employee", team=team)
    jeugdzorgwerker, _other = make_professions()
    registration = register(
        employee.employee,
        jeugdzorgwerker,
        registered_on=date(2024, 1, 1),
        number="110054321",
        vog_on=date(2023, 12, 1),
    )
    for category, points in [("training", 60), ("free", 50), ("reflection", 40)]:
        Activity.objects.create(
            employee=employee.employee,
            title=f"Eerder: {category}",
            category=category,
            points=D(points),
            completed_on=date(2025, 3, 1),
        )
    return {"hr": hr, "employee": employee, "registration": registration}


def cells(row) -> list[str]:
    return [text.strip() for text in row.locator("td").all_inner_texts()]


def test_employee_logs_a_reflection_and_the_registration_is_complete(
    page, live_server, login, people, tmp_path
):
    registration = people["registration"]
    login("employee")
    page.click("[data-nav=development_registration]")
    page.wait_for_url(f"{live_server.url}{MINE}")

    # before: not complete, 10 reflection points short, the rest complete
    status = page.locator("[data-testid=registration-status]")
    expect(status).to_have_attribute("data-status", re.compile(f"^({skj.ON_TRACK}|{skj.AT_RISK})$"))
    points = page.locator("[data-testid=registration-points]")
    reflection = points.locator("tr[data-category=reflection]")
    assert cells(reflection)[1:] == ["40", "50", "10"]
    for key, required in (("training", "60"), ("free", "50")):
        assert cells(points.locator(f"tr[data-category={key}]"))[1:] == [required, required, "–"]
    expect(page.locator("[data-testid=registration-summary]")).to_contain_text("110054321")
    expect(page.locator("[data-testid=hours-short]")).to_have_count(0)
    shoot(page, "skj-mine-before")

    # log a reflection of 10 points with its certificate
    certificate = tmp_path / "intervisie.pdf"
    certificate.write_bytes(PDF)
    form = page.locator("[data-testid=log-activity] form")
    form.locator("input[name=title]").fill("Intervisie casuïstiek")
    form.locator("select[name=category]").select_option("reflection")
    form.locator("input[name=points]").fill("10")
    form.locator("input[name=completed_on]").fill("2026-11-20")
    form.locator("input[name=certificate]").set_input_files(str(certificate))
    shoot(page, "skj-mine-log-form")
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}{MINE}")
    expect(page.locator(".message--success")).to_be_visible()

    # after: complete, nothing short, the activity counted with its certificate
    expect(status).to_have_attribute("data-status", skj.COMPLETE)
    expect(status).to_have_class(re.compile("badge--ok"))
    assert cells(page.locator("tr[data-category=reflection]"))[1:] == ["50", "50", "–"]
    activity = Activity.objects.get(title="Intervisie casuïstiek")
    assert activity.employee == people["employee"].employee
    assert (activity.category, activity.points) == ("reflection", D(10))
    assert activity.completed_on == date(2026, 11, 20)
    counted = page.locator("[data-testid=counted-activities] tbody tr")
    expect(counted).to_have_count(4)
    logged = counted.filter(has_text="Intervisie casuïstiek")
    expect(logged).to_have_count(1)
    assert cells(logged)[1:3] == ["Reflectie", "10"], "the category's name, not its key"
    link = logged.locator(
        f"a[href='/development/registration/activities/{activity.pk}/certificate.pdf']"
    )
    expect(link).to_be_visible()
    response = page.request.get(f"{live_server.url}{link.get_attribute('href')}")
    assert response.ok and response.body() == PDF
    assert response.headers["content-type"] == "application/pdf"
    shoot(page, "skj-mine-complete")
    log_out(page)

    # HR finds the person complete on the overview, and their registration page says so too
    login("hr")
    page.click("[data-nav=development_registration]")
    page.wait_for_url(f"{live_server.url}{OVERVIEW}")
    row = page.locator(f"tr[data-registration='{registration.pk}']")
    expect(row).to_have_attribute("data-status", skj.COMPLETE)
    expect(row).to_contain_text(people["employee"].employee.full_name)
    expect(
        page.locator(f"[data-testid=status-counts] [data-status={skj.COMPLETE}]")
    ).to_have_attribute("data-count", "1")
    shoot(page, "skj-overview")
    row.locator(f"a[href='{MINE}{registration.pk}/']").click()
    page.wait_for_url(f"{live_server.url}{MINE}{registration.pk}/")
    expect(page.locator("[data-testid=registration-status]")).to_have_attribute(
        "data-status", skj.COMPLETE
    )
    expect(page.locator("[data-testid=log-activity]")).to_be_visible()
    shoot(page, "skj-hr-registration")
