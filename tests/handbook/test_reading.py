"""Reading the handbook in the browser: the tables of contents with what is new, changed or to
acknowledge for the reader; a chapter with who decided what when, what changed since one last
read it, and the acknowledge button; earlier versions; search; the handbook as one document
and as a PDF; drafts never shown to employees; the menu entry and the home card."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from handbook.models import Acknowledgement, Chapter, ReadMark, Version
from tests.handbook.steps import new_published_version, publish_draft, submit

BODY_2 = """\
# Ziekmelding

Meld je ziek voor 8.30 uur bij je leidinggevende, telefonisch.

## Bereikbaarheid

Je bent tijdens je ziekte bereikbaar op het telefoonnummer dat bij P&O bekend is.

- Geef een verpleegadres door als je niet thuis bent.
- Houd afspraken met de bedrijfsarts aan.
"""


def chapter_url(chapter) -> str:
    return reverse("handbook:chapter", args=[chapter.pk])


def toc_entry(html: str, chapter) -> str:
    match = re.search(rf'<li[^>]*data-chapter="{chapter.pk}".*?</li>', html, re.S)
    assert match, f"chapter {chapter.pk} not in the table of contents"
    return match.group(0)


@pytest.fixture
def second(published, consent_chapter, hr, pvt, director) -> Version:
    """Version 2 of the consent chapter (one word changed), published; version 1 archived."""
    return new_published_version(consent_chapter, hr=hr, pvt=pvt, director=director, body=BODY_2)


# drafts are never shown to employees ----------------------------------------------------------


def test_an_employee_gets_404_on_a_draft(client, employee, draft):
    client.force_login(employee)
    assert client.get(reverse("handbook:version", args=[draft.pk])).status_code == 404


def test_an_employee_gets_404_on_a_submitted_version(client, employee, draft, hr):
    submit(draft, hr)
    client.force_login(employee)
    assert client.get(reverse("handbook:version", args=[draft.pk])).status_code == 404


def test_an_employee_gets_404_on_a_chapter_not_yet_published(client, employee, consent_chapter):
    client.force_login(employee)
    assert client.get(chapter_url(consent_chapter)).status_code == 404


def test_a_reviewer_sees_that_a_chapter_is_not_published_yet(client, pvt, draft):
    client.force_login(pvt)
    response = client.get(chapter_url(draft.chapter))
    assert response.status_code == 200
    assert b'data-testid="unpublished"' in response.content
    assert reverse("handbook:version", args=[draft.pk]).encode() in response.content


def test_the_table_of_contents_leaves_out_unpublished_chapters(
    client, employee, published, advice_chapter
):
    client.force_login(employee)
    html = client.get(reverse("handbook:index")).content.decode()
    assert published.chapter.title in html
    assert advice_chapter.title not in html


def test_a_draft_in_progress_does_not_change_what_an_employee_reads(
    client, employee, published, hr
):
    from handbook import services

    services.version_create(actor=hr, chapter=published.chapter, body="# Geheim concept")
    client.force_login(employee)
    html = client.get(chapter_url(published.chapter)).content.decode()
    assert "Geheim concept" not in html
    assert 'data-testid="in-progress"' not in html


# the table of contents --------------------------------------------------------------------------


def test_the_index_shows_new_and_to_acknowledge_for_an_unread_chapter(client, employee, published):
    client.force_login(employee)
    html = client.get(reverse("handbook:index")).content.decode()
    entry = toc_entry(html, published.chapter)
    assert 'data-badge="new"' in entry
    assert 'data-badge="acknowledge"' in entry
    assert "2 maart 2026" in entry  # the effective date
    assert 'data-testid="to-acknowledge"' in html


def test_after_reading_the_chapter_is_no_longer_new(client, employee, published):
    client.force_login(employee)
    client.get(chapter_url(published.chapter))
    entry = toc_entry(client.get(reverse("handbook:index")).content.decode(), published.chapter)
    assert 'data-badge="new"' not in entry
    assert 'data-badge="changed"' not in entry
    assert 'data-badge="acknowledge"' in entry  # read, not yet acknowledged


def test_a_newer_version_shows_as_changed_since_read(
    client, employee, published, hr, pvt, director
):
    client.force_login(employee)
    client.get(chapter_url(published.chapter))
    new_published_version(published.chapter, hr=hr, pvt=pvt, director=director, body=BODY_2)
    entry = toc_entry(client.get(reverse("handbook:index")).content.decode(), published.chapter)
    assert 'data-badge="changed"' in entry


def test_the_index_card_counts_the_chapters_to_acknowledge(
    client, employee, published, information_chapter, hr, pvt, director
):
    publish_draft(information_chapter, hr=hr, pvt=pvt, director=director)
    Acknowledgement.objects.create(version=published, employee=employee.employee)
    client.force_login(employee)
    html = client.get(reverse("handbook:index")).content.decode()
    card = re.search(r'data-testid="to-acknowledge">\s*<h2>(.*?)</h2>', html, re.S).group(1)
    assert "1 hoofdstuk" in card


def test_the_board_reads_without_badges(client, board, published):
    client.force_login(board)
    html = client.get(reverse("handbook:index")).content.decode()
    assert "data-badge=" not in toc_entry(html, published.chapter)
    assert 'data-testid="to-acknowledge"' not in html


def test_the_index_takes_the_same_queries_for_more_chapters(
    client, employee, published, information_chapter, advice_chapter, hr, pvt, director
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(employee)
    client.get(reverse("handbook:index"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("handbook:index"))
    publish_draft(information_chapter, hr=hr, pvt=pvt, director=director)
    publish_draft(advice_chapter, hr=hr, pvt=pvt, director=director)
    with CaptureQueriesContext(connection) as three:
        client.get(reverse("handbook:index"))
    assert len(three) == len(one)


# a chapter: read marks and what changed since --------------------------------------------------


def test_opening_a_chapter_marks_it_read(client, employee, published):
    client.force_login(employee)
    assert client.get(chapter_url(published.chapter)).status_code == 200
    mark = ReadMark.objects.get(employee=employee.employee)
    assert (mark.chapter, mark.version) == (published.chapter, published)


def test_opening_a_newer_version_moves_the_read_mark(client, employee, published, second):
    ReadMark.objects.create(
        chapter=published.chapter, employee=employee.employee, version=published
    )
    client.force_login(employee)
    client.get(chapter_url(published.chapter))
    assert ReadMark.objects.get(employee=employee.employee).version == second
    assert ReadMark.objects.count() == 1


def test_a_login_without_employee_record_leaves_no_read_mark(client, board, published):
    client.force_login(board)
    assert client.get(chapter_url(published.chapter)).status_code == 200
    assert not ReadMark.objects.exists()


def test_the_changes_since_last_read_are_shown_once(client, employee, published, second):
    client.force_login(employee)
    ReadMark.objects.create(
        chapter=published.chapter, employee=employee.employee, version=published
    )
    html = client.get(chapter_url(published.chapter)).content.decode()
    changes = re.search(
        r'<details class="hb-changes" open data-testid="changes-since-read">(.*?)</details>',
        html,
        re.S,
    )
    assert changes, "the changes since last read are folded open"
    assert "versie 1 → 2" in changes.group(1)
    assert "<del>9.00 </del>" in changes.group(1) or "<del>9.00" in changes.group(1)
    assert "<ins>8.30" in changes.group(1)
    # read now: the next visit shows nothing changed
    again = client.get(chapter_url(published.chapter)).content.decode()
    assert 'data-testid="changes-since-read"' not in again


def test_no_changes_are_shown_on_a_first_read(client, employee, second):
    client.force_login(employee)
    html = client.get(chapter_url(second.chapter)).content.decode()
    assert 'data-testid="changes-since-read"' not in html


def test_the_chapter_shows_who_decided_what_when(client, employee, published, director):
    published.refresh_from_db()
    client.force_login(employee)
    html = client.get(chapter_url(published.chapter)).content.decode()
    chapter = published.chapter
    assert f"{chapter.get_participation_display()} (WOR art. 27)" in html
    pvt_response = re.search(r'data-testid="pvt-response">(.*?)</dd>', html, re.S).group(1)
    assert str(published.get_outcome_display()) in pvt_response
    assert "2 maart 2026" in pvt_response
    decision = re.search(r'data-testid="board-decision">(.*?)</dd>', html, re.S).group(1)
    assert "2 maart 2026" in decision and "AB-2026-14" in decision
    published_by = re.search(r'data-testid="published">(.*?)</dd>', html, re.S).group(1)
    assert str(published.published_by) in published_by


def test_the_chapter_text_carries_paragraph_anchors(client, employee, published):
    from handbook.paragraphs import blocks

    client.force_login(employee)
    html = client.get(chapter_url(published.chapter)).content.decode()
    for block in blocks(published.body):
        assert f'id="{block.anchor}"' in html


def test_earlier_versions_are_listed_and_readable(client, employee, published, second):
    client.force_login(employee)
    html = client.get(chapter_url(second.chapter)).content.decode()
    earlier = re.search(r'data-testid="earlier-versions">(.*?)</section>', html, re.S).group(1)
    url = reverse("handbook:version", args=[published.pk])
    assert url in earlier
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="archived-notice"' in page
    assert "Meld je ziek voor 9.00 uur" in page
    compare = reverse("handbook:compare") + f"?a={published.pk}&amp;b={second.pk}"
    assert compare in page


def test_the_current_version_page_has_no_compare_link(client, employee, published):
    client.force_login(employee)
    html = client.get(reverse("handbook:version", args=[published.pk])).content.decode()
    assert 'data-testid="compare"' not in html


# acknowledging ----------------------------------------------------------------------------------


def test_an_employee_acknowledges_on_the_chapter_page(client, employee, published):
    client.force_login(employee)
    html = client.get(chapter_url(published.chapter)).content.decode()
    assert 'data-testid="acknowledge-form"' in html
    assert "Gelezen en begrepen" in html
    response = client.post(chapter_url(published.chapter), {"version": published.pk})
    assert response.status_code == 302
    assert response["Location"] == chapter_url(published.chapter)
    assert Acknowledgement.objects.filter(version=published, employee=employee.employee).exists()
    after = client.get(chapter_url(published.chapter)).content.decode()
    assert 'data-testid="acknowledge-form"' not in after
    assert 'data-testid="acknowledged"' in after
    index = client.get(reverse("handbook:index")).content.decode()
    assert 'data-badge="acknowledge"' not in toc_entry(index, published.chapter)


def test_a_new_version_asks_for_a_new_acknowledgement_on_the_page(
    client, employee, published, second
):
    Acknowledgement.objects.create(version=published, employee=employee.employee)
    client.force_login(employee)
    html = client.get(chapter_url(second.chapter)).content.decode()
    assert 'data-testid="acknowledge-form"' in html
    assert f'name="version" value="{second.pk}"' in html


def test_a_minor_version_needs_no_new_acknowledgement(
    client, employee, published, hr, pvt, director
):
    Acknowledgement.objects.create(version=published, employee=employee.employee)
    minor = new_published_version(
        published.chapter, hr=hr, pvt=pvt, director=director, body=BODY_2, minor=True
    )
    assert minor.status == Version.Status.PUBLISHED and minor.minor
    client.force_login(employee)
    html = client.get(chapter_url(minor.chapter)).content.decode()
    assert 'data-testid="acknowledge-form"' not in html
    assert 'data-testid="acknowledged"' in html
    index = client.get(reverse("handbook:index")).content.decode()
    assert 'data-badge="acknowledge"' not in toc_entry(index, minor.chapter)


def test_acknowledging_a_superseded_version_is_refused(client, employee, published, second):
    client.force_login(employee)
    response = client.post(chapter_url(second.chapter), {"version": published.pk}, follow=True)
    assert not Acknowledgement.objects.exists()
    [message] = list(response.context["messages"])
    assert message.level_tag == "error"
    assert 'data-testid="acknowledge-form"' in response.content.decode()  # still to do


def test_acknowledging_a_draft_answers_404(client, employee, published, hr):
    from handbook import services

    draft = services.version_create(actor=hr, chapter=published.chapter, body="# Concept")
    client.force_login(employee)
    response = client.post(chapter_url(published.chapter), {"version": draft.pk})
    assert response.status_code == 404
    assert not Acknowledgement.objects.exists()


def test_the_board_cannot_acknowledge(client, board, published):
    client.force_login(board)
    html = client.get(chapter_url(published.chapter)).content.decode()
    assert 'data-testid="acknowledge-form"' not in html
    response = client.post(chapter_url(published.chapter), {"version": published.pk})
    assert response.status_code == 403


# search -----------------------------------------------------------------------------------------


def search(client, query: str) -> str:
    return client.get(reverse("handbook:search"), {"q": query}).content.decode()


def hits(html: str) -> list[str]:
    return re.findall(
        r'<article class="hb-hit" data-testid="search-hit">(.*?)</article>', html, re.S
    )


def test_search_finds_the_current_text_without_case(client, employee, published):
    client.force_login(employee)
    found = hits(search(client, "VERPLEEGADRES"))
    assert len(found) == 1
    assert "<mark>verpleegadres</mark>" in found[0]
    assert f"{chapter_url(published.chapter)}#p-" in found[0]  # to the paragraph


def test_search_ignores_accents(client, employee, handbook, hr, pvt, director):
    from handbook import services

    chapter = services.chapter_create(
        actor=hr,
        handbook=handbook,
        title="Einde dienstverband",
        participation="information",
        body="Bij beëindiging van het dienstverband krijg je een getuigschrift.",
    )
    publish_draft(chapter, hr=hr, pvt=pvt, director=director)
    client.force_login(employee)
    found = hits(search(client, "Beeindiging"))
    assert len(found) == 1
    assert "<mark>beëindiging</mark>" in found[0]


def test_search_matches_titles_first(
    client, employee, published, information_chapter, hr, pvt, director
):
    publish_draft(information_chapter, hr=hr, pvt=pvt, director=director)
    client.force_login(employee)
    found = hits(search(client, "bereikbaar"))
    assert len(found) == 2
    assert "Kantoor en <mark>bereikbaar</mark>heid" in found[0]


def test_search_needs_every_word(client, employee, published):
    client.force_login(employee)
    assert len(hits(search(client, "ziek bedrijfsarts"))) == 1
    assert hits(search(client, "ziek vakantiedagen")) == []


def test_search_leaves_out_drafts_and_earlier_versions(client, employee, published, second, hr):
    from handbook import services

    services.version_create(actor=hr, chapter=second.chapter, body="Het nieuwe thuiswerkbeleid.")
    client.force_login(employee)
    assert hits(search(client, "thuiswerkbeleid")) == []
    assert hits(search(client, "9.00")) == []  # only in the archived version 1
    assert len(hits(search(client, "8.30"))) == 1


def test_search_without_results_says_so(client, employee, published):
    client.force_login(employee)
    html = search(client, "vakantiedagen")
    assert 'data-testid="no-results"' in html
    assert hits(html) == []


def test_search_without_a_query_shows_the_form_only(client, employee, published):
    client.force_login(employee)
    html = client.get(reverse("handbook:search")).content.decode()
    assert 'data-testid="search-results"' not in html


XSS = '<script>alert("x")</script> <img src=x onerror=alert(1)>'


def test_a_script_in_a_chapter_never_comes_back_unescaped(
    client, employee, handbook, hr, pvt, director
):
    from handbook import services

    chapter = services.chapter_create(
        actor=hr,
        handbook=handbook,
        title='Gedrag <script>alert("t")</script>',
        participation="information",
        body=f"Gedragscode script {XSS}\n\n`<script>` in code",
    )
    publish_draft(chapter, hr=hr, pvt=pvt, director=director)
    client.force_login(employee)
    for query in ("script", "alert", "onerror", "<script>", "gedrag"):
        html = search(client, query)
        assert hits(html), query
        lowered = html.lower()
        assert "<script>alert" not in lowered and "<script" not in lowered.replace(
            '<script src="/static/', ""
        ).replace("<script src='/static/", ""), query
        assert "<img" not in lowered, query
        assert "&lt;script&gt;" in lowered or "&lt;<mark>script</mark>&gt;" in lowered, query


def test_search_shows_at_most_50_chapters(client, employee, handbook):
    from datetime import date

    for n in range(51):
        chapter = Chapter.objects.create(
            handbook=handbook, position=n, title=f"Regeling {n}", participation="information"
        )
        Version.objects.create(
            chapter=chapter,
            number=1,
            status=Version.Status.PUBLISHED,
            body="Een regeling over verlof.",
            effective_date=date(2026, 1, 1),
        )
    client.force_login(employee)
    html = search(client, "verlof")
    assert len(hits(html)) == 50
    assert "De eerste 50 hoofdstukken" in html


# the handbook as one document, and as a PDF ------------------------------------------------------


def test_the_handbook_reads_as_one_document(
    client, employee, handbook, published, information_chapter, hr, pvt, director
):
    publish_draft(information_chapter, hr=hr, pvt=pvt, director=director)
    client.force_login(employee)
    html = client.get(reverse("handbook:handbook", args=[handbook.pk])).content.decode()
    chapters = re.findall(r'data-testid="document-chapter">\s*<h2>(.*?)</h2>', html)
    assert chapters == ["1. Verzuim en re-integratie", "2. Kantoor en bereikbaarheid"]
    assert f'href="#chapter-{published.chapter_id}"' in html  # the table of contents
    assert "Meld je ziek voor 9.00 uur" in html
    assert "handbook/reading.css" in html  # with the print rules
    assert reverse("handbook:handbook_pdf", args=[handbook.pk]) in html
    assert not ReadMark.objects.exists()  # not read chapter by chapter


def test_print_rules_hide_the_navigation():
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "handbook/static/handbook/reading.css").read_text()
    print_rules = css[css.index("@media print") :]
    assert ".no-print" in print_rules and "display: none" in print_rules


def test_the_handbook_pdf(client, employee, handbook, published):
    client.force_login(employee)
    response = client.get(reverse("handbook:handbook_pdf", args=[handbook.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="personeelshandboek-2026-03-02.pdf"' in response["Content-Disposition"]


def test_the_pdf_holds_the_chapters_and_effective_dates(handbook, published):
    from django.template.loader import render_to_string

    from handbook.views.reading import _document

    html = render_to_string(
        "handbook/handbook_pdf.html",
        {"handbook": handbook, "chapters": _document(handbook), "organisation": "PlusTeam"},
    )
    assert "Verzuim en re-integratie" in html
    assert "versie 1, van kracht vanaf 2 maart 2026" in html
    assert "Meld je ziek voor 9.00 uur" in html


def test_an_unknown_handbook_answers_404(client, employee, db):
    client.force_login(employee)
    assert client.get(reverse("handbook:handbook", args=[999])).status_code == 404
    assert client.get(reverse("handbook:handbook_pdf", args=[999])).status_code == 404


# the menu and the home card ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ["employee", "hr", "pvt", "board", "admin_user"])
def test_the_menu_leads_to_the_handbooks(request, client, role):
    client.force_login(request.getfixturevalue(role))
    html = client.get("/").content.decode()
    assert f'href="{reverse("handbook:index")}"' in html
    assert 'data-nav="handbook"' in html


def test_the_home_card_counts_the_chapters_to_acknowledge(client, employee, published):
    client.force_login(employee)
    html = client.get("/").content.decode()
    card = re.search(r'data-testid="home-handbook">(.*?)</section>', html, re.S)
    assert card and "Handboek: 1 hoofdstuk om te lezen en te bevestigen" in card.group(1)
    assert chapter_url(published.chapter) in card.group(1)


def test_no_home_card_when_everything_is_acknowledged(client, employee, published):
    Acknowledgement.objects.create(version=published, employee=employee.employee)
    client.force_login(employee)
    assert b'data-testid="home-handbook"' not in client.get("/").content


def test_no_home_card_for_the_board(client, board, published):
    client.force_login(board)
    assert b'data-testid="home-handbook"' not in client.get("/").content


def test_a_reviewer_sees_the_version_in_progress(client, hr, published):
    from handbook import services

    draft = services.version_create(actor=hr, chapter=published.chapter, body="# Concept")
    client.force_login(hr)
    html = client.get(chapter_url(published.chapter)).content.decode()
    notice = re.search(r'data-testid="in-progress">(.*?)</p>', html, re.S).group(1)
    assert reverse("handbook:review", args=[draft.pk]) in notice
    assert "Concept" not in re.search(
        r'data-testid="chapter-text">(.*?)</article>', html, re.S
    ).group(1)
