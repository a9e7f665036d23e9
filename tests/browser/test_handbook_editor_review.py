"""Playwright in the handbook's editor and review page: HR types Markdown and the live preview
follows (hostile markup shows, never runs); the PVT member opens a paragraph's comments on a
phone, starts a thread, and HR answers it. Screenshots of the editor with its preview and of the
review page with threads, at 390 and 1366 px, go to /tmp/shots14/.

The clock stands at 2 March 2026, 10:00 in Amsterdam (ticking)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from core.roles import Role
from handbook.models import CommentThread, Handbook
from handbook.paragraphs import blocks
from handbook.services import chapter_create, thread_start, version_submit
from tests.factories import TeamFactory, make_person
from tests.handbook.conftest import CONSENT_BODY
from tests.handbook.steps import REQUEST

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
SHOTS = Path("/tmp/shots14")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def world():
    with time_machine.travel(NOW, tick=True):
        staff = TeamFactory(name="Staf")
        hr = make_person("hr", Role.HR, team=staff)
        pvt = make_person("pvt", Role.PVT, team=TeamFactory(name="Geldrop-Mierlo"))
        for user in (hr, pvt):
            user.language = "en"
            user.save(update_fields=["language"])
        chapter = chapter_create(
            actor=hr,
            handbook=Handbook.objects.create(name="Personeelshandboek"),
            title="Verzuim en re-integratie",
            participation="consent",
            body=CONSENT_BODY,
        )
        version = version_submit(actor=hr, version=chapter.versions.get(), request=REQUEST)
        anchor = next(b.anchor for b in blocks(version.body) if b.text.startswith("Je bent"))
        thread_start(
            actor=pvt,
            version=version,
            anchor=anchor,
            body="Welk telefoonnummer bedoelen jullie: privé of werk?",
        )
        yield {"hr": hr, "pvt": pvt, "version": version}


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def test_the_live_preview_follows_the_text_and_runs_nothing(page, live_server, login, world):
    version = world["version"]
    login("hr")
    draft = chapter_create(
        actor=world["hr"],
        handbook=version.chapter.handbook,
        title="Opleiding",
        participation="consent",
        body="# Opleiding\n\nIeder jaar een opleidingsplan.",
    ).versions.get()
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/handbook/versions/{draft.pk}/edit/")
    preview = page.get_by_test_id("preview")
    expect(preview.locator("h2")).to_have_text("Opleiding")
    expect(page.get_by_test_id("preview-button")).to_be_hidden()  # JavaScript previews live

    source = page.locator("textarea[name=body]")
    source.fill(
        "# Opleiding en ontwikkeling\n\nIeder jaar een **opleidingsplan**, besproken in het "
        "ontwikkelgesprek.\n\n- SKJ-registratie\n- Intervisie\n\n"
        '<img src=x onerror="window.__xss=1"> [klik](javascript:window.__xss=2)'
    )
    expect(preview.locator("h2")).to_have_text("Opleiding en ontwikkeling")
    expect(preview.locator("strong")).to_have_text("opleidingsplan")
    expect(preview.locator("li")).to_have_count(2)
    expect(preview).to_contain_text('<img src=x onerror="window.__xss=1">')  # shown as text
    assert preview.locator("img").count() == 0
    assert preview.locator("a[href]").count() == 0  # no javascript: link
    assert page.evaluate("window.__xss") is None
    shoot(page, "editor-1366.png")
    page.set_viewport_size(PHONE)
    shoot(page, "editor-390.png")


def test_the_pvt_comments_on_a_paragraph_on_a_phone(page, live_server, login, world):
    version = world["version"]
    login("pvt")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/handbook/versions/{version.pk}/review/")
    boxes = page.get_by_test_id("para-threads")
    expect(boxes.nth(3)).to_have_attribute("open", "")  # the paragraph with an open thread
    first = boxes.nth(1)  # "Meld je ziek ..."
    first.locator("summary").click()
    first.locator("textarea").fill("Kan ziekmelden ook per app?")
    first.get_by_role("button", name="Start a thread").click()
    expect(page.get_by_text("Your comment has been added.")).to_be_visible()
    thread = CommentThread.objects.get(comments__body="Kan ziekmelden ook per app?")
    expect(page.locator(f"#thread-{thread.pk}")).to_be_visible()
    expect(page.get_by_test_id("respond-form")).to_be_visible()
    shoot(page, "review-390.png")

    page.context.clear_cookies()
    login("hr")
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/handbook/versions/{version.pk}/review/#thread-{thread.pk}")
    answer = page.locator(f"#thread-{thread.pk}")
    answer.locator("textarea").fill("Ja, via de app van de bedrijfsarts; dat voegen we toe.")
    answer.get_by_role("button", name="Reply").click()
    expect(page.locator(f"#thread-{thread.pk}")).to_contain_text("via de app")
    shoot(page, "review-1366.png")


def test_from_the_pvt_page_to_consent_decision_and_publication(page, live_server, login, world):
    version = world["version"]
    director = make_person("director", Role.DIRECTOR, team=TeamFactory(name="Directie"))
    director.language = "en"
    director.save(update_fields=["language"])
    login("pvt")
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/handbook/pvt/")
    shoot(page, "pvt-1366.png")
    page.get_by_test_id("open-requests").get_by_role("link", name=version.chapter.title).click()
    form = page.get_by_test_id("respond-form")
    form.get_by_label("Consent given").check()
    form.get_by_label("Motivation").fill("De PVT stemt in; bereikbaarheid is verduidelijkt.")
    form.get_by_role("button", name="Record the response").click()
    expect(page.get_by_test_id("outcome")).to_contain_text("Consent given")

    page.context.clear_cookies()
    login("director")
    page.goto(f"{live_server.url}/handbook/versions/{version.pk}/review/")
    form = page.get_by_test_id("decide-form")
    form.get_by_label("Decision reference").fill("AB-2026-14")
    form.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_test_id("decision")).to_contain_text("AB-2026-14")

    page.context.clear_cookies()
    login("hr")
    page.goto(f"{live_server.url}/handbook/manage/")
    expect(page.get_by_test_id("ready")).to_be_visible()
    shoot(page, "manage-1366.png")
    page.goto(f"{live_server.url}/handbook/versions/{version.pk}/review/")
    expect(page.get_by_test_id("publish-earliest")).to_contain_text("2 March 2026")
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("version-status")).to_have_text("Published")

    # the next version, with one paragraph changed, against the published one
    page.goto(f"{live_server.url}/handbook/manage/")
    page.get_by_test_id("new-version").click()
    source = page.locator("textarea[name=body]")
    source.fill(source.input_value().replace("voor 9.00 uur", "voor 8.30 uur"))
    page.get_by_role("button", name="Save and go to the review").click()
    page.get_by_test_id("changes").locator("summary").click()
    expect(page.get_by_test_id("changes").locator("ins")).to_contain_text("8.30")
    shoot(page, "review-v2-1366.png")
    page.get_by_role("link", name="Side by side").click()
    expect(page.get_by_test_id("side")).to_have_count(2)
    shoot(page, "compare-1366.png")
    page.set_viewport_size(PHONE)
    shoot(page, "compare-390.png")
