"""The writing pages of HR and the director: the overview of every chapter with where its next
version stands, a new chapter, a draft's editor with its preview (live, and without JavaScript),
the preview endpoint, and that no script ever comes back from the text."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from handbook import services
from handbook.models import Chapter, Version
from tests.handbook.conftest import CONSENT_BODY
from tests.handbook.html_checks import XSS_VECTORS, problems
from tests.handbook.pages import login, page, unsafe
from tests.handbook.steps import decide, respond, submit

pytestmark = pytest.mark.django_db

MANAGE = reverse("handbook:manage")
NEW = reverse("handbook:chapter_new")
PREVIEW = reverse("handbook:preview")
HOSTILE = "\n\n".join(XSS_VECTORS)


def edit_url(version: Version) -> str:
    return reverse("handbook:version_edit", args=[version.pk])


def row_of(html: str, chapter: Chapter) -> str:
    match = re.search(rf'<tr id="chapter-{chapter.pk}".*?</tr>', html, re.S)
    assert match, f"no row for {chapter}"
    return match.group(0)


# the overview -----------------------------------------------------------------------------------


def test_the_overview_shows_each_chapters_participation_and_progress(
    client, hr, pvt, director, consent_chapter, advice_chapter, information_chapter
):
    consent_chapter.review_on = date(2026, 1, 1)
    consent_chapter.save()
    submit(advice_chapter.versions.get(), hr, deadline=date(2026, 3, 20))
    info = submit(information_chapter.versions.get(), hr)
    html = page(client, hr, MANAGE)

    consent = row_of(html, consent_chapter)
    assert "WOR art. 27" in consent and "Draft" in consent
    assert 'data-testid="edit-draft"' in consent
    assert 'class="overdue">1 January 2026' in consent  # the periodic review passed
    advice = row_of(html, advice_chapter)
    assert "WOR art. 25" in advice and "With the PVT until 20 March 2026" in advice
    assert "overdue" not in advice
    information = row_of(html, information_chapter)
    assert "WOR art. 31" in information and "Shared with the PVT for information" in information
    assert 'data-testid="ready"' in information  # information may be published once shared
    assert reverse("handbook:review", args=[info.pk]) in information


def test_a_passed_deadline_shows_overdue_in_red(client, hr, draft, now):
    submit(draft, hr, deadline=date(2026, 3, 9))
    now.move_to(date(2026, 3, 10))
    row = row_of(page(client, hr, MANAGE), draft.chapter)
    assert 'class="is-overdue"' in row
    assert '<span class="overdue">With the PVT until 9 March 2026 (overdue)</span>' in row


def test_a_decided_version_is_ready_to_publish_and_the_published_one_shows_its_date(
    client, hr, pvt, director, published
):
    chapter = published.chapter
    version = services.version_create(actor=hr, chapter=chapter, body=CONSENT_BODY + "\nNieuw.")
    decide(respond(submit(version, hr), pvt), director)
    row = row_of(page(client, hr, MANAGE), chapter)
    assert "Decided by the board on 2 March 2026" in row
    assert 'data-testid="ready"' in row
    assert "v1, effective 2 March 2026" in row


def test_a_new_version_starts_from_the_manage_page(client, hr, published):
    login(client, hr)
    response = client.post(MANAGE, {"action": "new_version", "chapter": published.chapter.pk})
    version = published.chapter.versions.get(status="draft")
    assert response["Location"] == edit_url(version)
    assert (version.number, version.body) == (2, published.body)


def test_a_second_new_version_is_refused_with_the_rule(client, hr, draft):
    login(client, hr)
    response = client.post(
        MANAGE, {"action": "new_version", "chapter": draft.chapter.pk}, follow=True
    )
    assert "already has a version in progress" in response.content.decode()
    assert draft.chapter.versions.count() == 1


@pytest.mark.parametrize("role", ["employee", "manager", "adjunct", "pvt", "board"])
def test_only_hr_and_the_director_open_the_writing_pages(client, request, draft, role):
    login(client, request.getfixturevalue(role))
    for url in (MANAGE, NEW, edit_url(draft)):
        assert client.get(url).status_code == 403
    assert client.post(PREVIEW, {"body": "x"}).status_code == 403
    response = client.post(MANAGE, {"action": "new_version", "chapter": draft.chapter.pk})
    assert response.status_code == 403


# a new chapter ----------------------------------------------------------------------------------


def test_hr_creates_a_chapter_with_its_first_draft(client, hr, handbook):
    html = page(client, hr, NEW, handbook=handbook.pk)
    assert f'<option value="{handbook.pk}" selected>' in html
    assert "Consent (WOR art. 27)" in html and "Advice (WOR art. 25)" in html
    response = client.post(
        NEW,
        {
            "handbook": handbook.pk,
            "title": "Opleiding en ontwikkeling",
            "participation": "consent",
            "review_on": "2027-03-01",
            "body": "# Opleiding\n\nIeder jaar een opleidingsplan.",
            "summary": "Eerste versie.",
            "action": "create",
        },
    )
    chapter = Chapter.objects.get(title="Opleiding en ontwikkeling")
    version = chapter.versions.get()
    assert response["Location"] == edit_url(version)
    assert (chapter.participation, chapter.review_on) == ("consent", date(2027, 3, 1))
    assert (version.status, version.summary, version.created_by) == ("draft", "Eerste versie.", hr)


def test_errors_of_a_new_chapter_show_beside_the_fields(client, hr, consent_chapter):
    login(client, hr)
    response = client.post(
        NEW,
        {
            "handbook": consent_chapter.handbook.pk,
            "title": consent_chapter.title,
            "participation": "advice",
            "body": "Tekst",
            "action": "create",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(
        r'id="id_title_error"><li>This handbook already has a chapter with this title', html
    )
    assert Chapter.objects.count() == 1
    response = client.post(NEW, {"handbook": consent_chapter.handbook.pk, "title": "Nieuw"})
    assert 'id="id_participation_error"' in response.content.decode()


def test_the_preview_button_shows_the_rendering_without_saving(client, hr, handbook):
    login(client, hr)
    response = client.post(
        NEW,
        {
            "handbook": handbook.pk,
            "title": "Gedrag",
            "participation": "consent",
            "body": "# Omgangsvormen\n\nWe spreken elkaar **respectvol** aan.",
            "action": "preview",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h2>Omgangsvormen</h2>" in html and "<strong>respectvol</strong>" in html
    assert not Chapter.objects.filter(title="Gedrag").exists()


# the editor of a draft --------------------------------------------------------------------------


def test_the_editor_shows_the_text_beside_its_preview(client, hr, draft):
    html = page(client, hr, edit_url(draft))
    assert "data-preview-source" in html and "Meld je ziek voor 9.00 uur" in html
    assert f'data-preview-url="{PREVIEW}"' in html
    assert "/static/handbook/editor.js" in html
    preview = re.search(r'data-testid="preview">(.*?)</div>', html, re.S).group(1)
    assert "<h2>Ziekmelding</h2>" in preview


def test_hr_saves_a_draft(client, hr, draft):
    login(client, hr)
    response = client.post(
        edit_url(draft),
        {"body": "Nieuwe tekst.", "summary": "Korter", "minor": "on", "action": "save"},
    )
    assert response["Location"] == edit_url(draft)
    draft.refresh_from_db()
    assert (draft.body, draft.summary, draft.minor) == ("Nieuwe tekst.", "Korter", True)


def test_save_and_review_goes_to_the_review_page(client, hr, draft):
    login(client, hr)
    response = client.post(edit_url(draft), {"body": "Tekst", "action": "save_review"})
    assert response["Location"] == reverse("handbook:review", args=[draft.pk])


def test_preview_in_the_editor_does_not_save(client, hr, draft):
    login(client, hr)
    response = client.post(edit_url(draft), {"body": "*Anders*", "action": "preview"})
    assert "<em>Anders</em>" in response.content.decode()
    draft.refresh_from_db()
    assert draft.body == CONSENT_BODY


def test_a_submitted_version_is_not_edited_and_the_rule_is_shown(client, hr, draft):
    submit(draft, hr)
    login(client, hr)
    response = client.get(edit_url(draft), follow=True)
    assert response.redirect_chain[-1][0] == reverse("handbook:review", args=[draft.pk])
    assert "Only a draft can be changed" in response.content.decode()
    response = client.post(edit_url(draft), {"body": "Stiekem", "action": "save"})
    draft.refresh_from_db()
    assert draft.body == CONSENT_BODY


# the preview endpoint and hostile text ----------------------------------------------------------


def test_the_preview_endpoint_answers_sanitised_html(client, hr):
    login(client, hr)
    response = client.post(PREVIEW, {"body": "# Titel\n\nTekst met [link](https://example.org)."})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert "<h2>Titel</h2>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">link</a>' in html


def test_the_preview_endpoint_needs_post_and_a_csrf_token(hr):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    login(client, hr)
    assert client.get(PREVIEW).status_code == 405
    assert client.post(PREVIEW, {"body": "x"}).status_code == 403


def test_a_too_long_preview_is_refused(client, hr):
    login(client, hr)
    response = client.post(PREVIEW, {"body": "x" * 100_001})
    assert response.status_code == 400
    assert response.json()["code"] == "too_long"


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_nothing_that_runs_survives_the_preview(client, hr, vector):
    login(client, hr)
    html = client.post(PREVIEW, {"body": vector}).content.decode()
    assert problems(html) == []
    assert "<script" not in html.lower()
    assert not re.search(r"<[^>]*\sonerror\s*=", html, re.I)
    assert "javascript:" not in "".join(re.findall(r"<[^>]+>", html)).lower()


def test_nothing_that_runs_survives_in_the_editor_page(client, hr, draft):
    services.version_update(actor=hr, version=draft, body=HOSTILE)
    html = page(client, hr, edit_url(draft))
    assert unsafe(html) == []
    # the Markdown itself is shown as typed, escaped, in the textarea
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    login(client, hr)
    preview = client.post(edit_url(draft), {"body": HOSTILE, "action": "preview"})
    assert unsafe(preview.content.decode()) == []


def test_the_live_preview_script_inserts_only_the_endpoints_answer():
    from pathlib import Path

    import handbook

    script = (Path(handbook.__file__).parent / "static/handbook/editor.js").read_text()
    assert script.count("innerHTML") == 1
    assert "box.innerHTML = html;" in script
    assert '"X-CSRFToken"' in script
    assert "eval(" not in script


def test_the_deadline_default_is_offered_six_weeks_ahead(client, hr, draft):
    html = page(client, hr, reverse("handbook:review", args=[draft.pk]))
    expected = (date(2026, 3, 2) + timedelta(weeks=6)).isoformat()
    assert f'name="deadline" value="{expected}"' in html
