"""The PVT's review in pages: the consent path from a new chapter to publication (comments per
paragraph, answers, resolving, a next version that keeps the thread on the unchanged paragraph
and shows the other as outdated, consent, the board's decision, publication), refusals with the
rule on the page, the forms each role gets, two versions side by side, the PVT's own page, who
may open what, and that no script survives in any of them."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from handbook import services
from handbook.models import Chapter, CommentThread, Version
from handbook.paragraphs import blocks
from tests.handbook.conftest import CONSENT_BODY
from tests.handbook.html_checks import XSS_VECTORS
from tests.handbook.pages import login, page, unsafe
from tests.handbook.steps import REQUEST, decide, respond, submit

pytestmark = pytest.mark.django_db

MANAGE = reverse("handbook:manage")
PVT_PAGE = reverse("handbook:pvt")
COMPARE = reverse("handbook:compare")


def review_url(version: Version) -> str:
    return reverse("handbook:review", args=[version.pk])


def anchor_of(version: Version, start: str) -> str:
    return next(b.anchor for b in blocks(version.body) if b.text.startswith(start))


def post(client, user, url, data, status=302):
    login(client, user)
    response = client.post(url, data)
    assert response.status_code == status, response.content.decode()[:2000]
    return response


def box(html: str) -> str:
    """The workflow box of a review page."""
    return re.search(r'<section class="card workflow".*?</section>', html, re.S).group(0)


def details_of(html: str, anchor: str) -> str:
    """The paragraph `anchor` and the thread box after it."""
    match = re.search(
        rf'<section class="para" id="{anchor}".*?</section>\s*(<details.*?</details>)', html, re.S
    )
    assert match, f"no threads box after {anchor}"
    return match.group(1)


# the consent path, through the pages ------------------------------------------------------------


def test_a_consent_chapter_goes_from_draft_to_published_through_the_pages(
    client, handbook, hr, pvt, director, now
):
    # HR writes a new consent chapter and submits it to the PVT
    post(
        client,
        hr,
        reverse("handbook:chapter_new"),
        {
            "handbook": handbook.pk,
            "title": "Verzuim en re-integratie",
            "participation": "consent",
            "body": CONSENT_BODY,
            "action": "create",
        },
    )
    v1 = Chapter.objects.get(title="Verzuim en re-integratie").versions.get()
    post(
        client,
        hr,
        review_url(v1),
        {"action": "submit", "request": REQUEST, "deadline": "2026-04-13"},
    )
    v1.refresh_from_db()
    assert (v1.status, v1.deadline) == ("submitted", date(2026, 4, 13))

    # the PVT reads it and comments on two paragraphs
    html = page(client, pvt, review_url(v1))
    assert "Wet verbetering poortwachter" in html and "13 April 2026" in html
    changed, kept = anchor_of(v1, "Meld je ziek"), anchor_of(v1, "Je bent")
    assert f'<section class="para" id="{changed}" data-anchor="{changed}">' in html
    assert 'data-testid="resolve"' not in html  # the PVT does not resolve
    post(client, pvt, review_url(v1), {"action": "comment", "anchor": changed, "body": "8.30?"})
    post(client, pvt, review_url(v1), {"action": "comment", "anchor": kept, "body": "Welk nr?"})
    on_changed = CommentThread.objects.get(anchor=changed)
    on_kept = CommentThread.objects.get(anchor=kept)

    # HR answers in the thread and marks it resolved
    post(
        client,
        hr,
        review_url(v1),
        {"action": "reply", "thread": on_changed.pk, "body": "We maken er 8.30 uur van."},
    )
    post(client, hr, review_url(v1), {"action": "resolve", "thread": on_changed.pk})
    html = page(client, hr, review_url(v1))
    assert "We maken er 8.30 uur van." in details_of(html, changed)
    assert 'data-testid="thread-resolved"' in details_of(html, changed)

    # the PVT withholds consent; publishing is refused with the rule on the page
    post(
        client,
        pvt,
        review_url(v1),
        {"action": "respond", "outcome": "consent_withheld", "motivation": "Eerst 8.30 uur."},
    )
    html = page(client, hr, review_url(v1))
    assert "never published without the PVT&#x27;s consent" in box(html)
    response = post(
        client,
        hr,
        review_url(v1),
        {"action": "publish", "effective_date": "2026-03-02"},
        status=200,
    )
    assert re.search(
        r'id="id_effective_date_error"><li>A chapter that needs consent is never published',
        response.content.decode(),
    )
    v1.refresh_from_db()
    assert v1.status == "responded"

    # HR withdraws it and writes version 2 with the changed paragraph
    post(client, hr, review_url(v1), {"action": "withdraw"})
    response = post(client, hr, MANAGE, {"action": "new_version", "chapter": v1.chapter_id})
    v2 = Version.objects.get(chapter=v1.chapter, number=2)
    assert response["Location"] == reverse("handbook:version_edit", args=[v2.pk])
    post(
        client,
        hr,
        reverse("handbook:version_edit", args=[v2.pk]),
        {
            "body": CONSENT_BODY.replace("voor 9.00 uur", "voor 8.30 uur"),
            "summary": "Ziekmelden voor 8.30 uur.",
            "action": "save",
        },
    )
    post(client, hr, review_url(v2), {"action": "submit", "request": REQUEST, "deadline": ""})
    v2.refresh_from_db()
    assert v2.deadline == date(2026, 4, 13)  # the default: 6 weeks

    # on version 2 the thread of the unchanged paragraph carries over, the other is outdated
    html = page(client, pvt, review_url(v2))
    assert "Welk nr?" in details_of(html, kept) and "Started on version 1" in html
    outdated = re.search(r'data-testid="outdated".*?</section>', html, re.S).group(0)
    assert "8.30?" in outdated
    assert "Meld je ziek voor 9.00 uur bij je leidinggevende" in outdated  # as it was
    assert f'id="thread-{on_kept.pk}"' not in outdated
    changes = re.search(r'data-testid="changes".*?</details>', html, re.S)
    assert changes is None  # nothing is published yet to compare with

    # consent, the board's decision, publication
    post(
        client,
        pvt,
        review_url(v2),
        {
            "action": "respond",
            "outcome": "consent_given",
            "motivation": "Akkoord.",
            "pvt_meeting_on": "2026-03-02",
        },
    )
    html = page(client, director, review_url(v2))
    assert 'data-testid="decide-form"' in html
    post(
        client,
        director,
        review_url(v2),
        {"action": "decide", "date": "2026-03-02", "reference": "AB-2026-14"},
    )
    html = page(client, hr, review_url(v2))
    assert 'data-testid="earliest">2 March 2026' in html
    post(client, hr, review_url(v2), {"action": "publish", "effective_date": "2026-03-02"})
    v2.refresh_from_db()
    assert (v2.status, v2.effective_date, v2.published_by) == (
        "published",
        date(2026, 3, 2),
        hr,
    )
    history = re.search(
        r'data-testid="history".*?</section>', page(client, hr, review_url(v2)), re.S
    )
    for step in ("Submitted to the PVT", "Consent given", "AB-2026-14", "effective 2 March 2026"):
        assert step in history.group(0)


# the page's parts -------------------------------------------------------------------------------


def test_each_paragraph_has_its_anchor_and_a_comment_form(client, draft, pvt):
    html = page(client, pvt, review_url(draft))
    for block in blocks(draft.body):
        box_html = details_of(html, block.anchor)
        assert f'name="anchor" value="{block.anchor}"' in box_html
        assert f'id="id_{block.anchor}_body"' in box_html
    assert '<details class="para-threads" open' not in html  # nothing open yet


def test_a_paragraph_with_an_open_thread_is_unfolded(client, draft, pvt):
    anchor = anchor_of(draft, "Je bent")
    services.thread_start(actor=pvt, version=draft, anchor=anchor, body="Vraag")
    html = page(client, pvt, review_url(draft))
    assert details_of(html, anchor).startswith('<details class="para-threads" open')
    assert "1 thread · 1 open" in details_of(html, anchor)


def test_an_empty_comment_is_refused_beside_its_field(client, draft, pvt):
    anchor = anchor_of(draft, "Je bent")
    response = post(
        client, pvt, review_url(draft), {"action": "comment", "anchor": anchor, "body": ""}, 200
    )
    threads = details_of(response.content.decode(), anchor)
    assert threads.startswith('<details class="para-threads" open')
    assert f'id="id_{anchor}_body_error"' in threads
    assert not CommentThread.objects.exists()


def test_a_reply_to_a_resolved_thread_shows_the_rule(client, draft, hr, pvt):
    thread = services.thread_start(
        actor=pvt, version=draft, anchor=anchor_of(draft, "Je bent"), body="Vraag"
    )
    services.thread_resolve(actor=hr, thread=thread)
    response = post(
        client,
        pvt,
        review_url(draft),
        {"action": "reply", "thread": thread.pk, "body": "Toch nog"},
        200,
    )
    assert "This thread was marked resolved" in response.content.decode()
    assert thread.comments.count() == 1


def test_no_comment_form_once_the_pvt_has_responded(client, draft, hr, pvt):
    thread = services.thread_start(
        actor=pvt, version=draft, anchor=anchor_of(draft, "Je bent"), body="Vraag"
    )
    respond(submit(draft, hr), pvt)
    html = page(client, pvt, review_url(draft))
    assert 'data-testid="comment-form"' not in html
    assert f'id="id_reply{thread.pk}_body"' in html  # the open thread still takes replies
    response = post(
        client,
        pvt,
        review_url(draft),
        {"action": "comment", "anchor": anchor_of(draft, "Meld je"), "body": "Laat"},
        200,
    )
    assert "no longer open to change" in response.content.decode()


def test_a_thread_of_another_chapter_cannot_be_answered_here(
    client, draft, advice_chapter, hr, pvt
):
    other = advice_chapter.versions.get()
    thread = services.thread_start(
        actor=pvt, version=other, anchor=blocks(other.body)[1].anchor, body="Vraag"
    )
    login(client, hr)
    response = client.post(review_url(draft), {"action": "resolve", "thread": thread.pk})
    assert response.status_code == 404
    thread.refresh_from_db()
    assert thread.resolved_at is None


def test_the_request_form_lists_what_a_consent_request_contains(client, draft, hr):
    html = box(page(client, hr, review_url(draft)))
    for part in (
        "the reasons for the change",
        "the expected consequences for staff",
        "the measures proposed",
        "where the CAO Sociaal Werk already settles the matter",
    ):
        assert part in html
    assert 'data-testid="withdraw"' in html


def test_a_consent_request_without_reasons_is_refused_beside_the_field(client, draft, hr):
    response = post(
        client,
        hr,
        review_url(draft),
        {"action": "submit", "request": "", "deadline": "2026-04-13"},
        200,
    )
    assert 'id="id_request_error"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_the_response_choices_fit_the_participation(client, draft, advice_chapter, hr, pvt):
    submit(draft, hr)
    consent = box(page(client, pvt, review_url(draft)))
    assert "Response on behalf of the PVT" in consent
    assert re.findall(r'name="outcome" value="(\w+)"', consent) == [
        "consent_given",
        "consent_withheld",
    ]
    advice = submit(advice_chapter.versions.get(), hr)
    advice_box = box(page(client, pvt, review_url(advice)))
    assert re.findall(r'name="outcome" value="(\w+)"', advice_box) == [
        "advice_positive",
        "advice_negative",
        "advice_conditional",
    ]


def test_an_outcome_of_the_wrong_kind_is_refused(client, draft, hr, pvt):
    submit(draft, hr)
    response = post(
        client,
        pvt,
        review_url(draft),
        {"action": "respond", "outcome": "advice_positive", "motivation": "x"},
        200,
    )
    assert 'id="id_outcome_error"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "submitted"


def test_only_the_pvt_gets_the_response_form(client, draft, hr, director, board, adjunct):
    submit(draft, hr)
    for user in (hr, director, board, adjunct):
        assert 'data-testid="respond-form"' not in page(client, user, review_url(draft))
    post(
        client,
        hr,
        review_url(draft),
        {"action": "respond", "outcome": "consent_given", "motivation": "x"},
        403,
    )


def test_the_board_sees_the_rule_before_the_pvt_responded(client, draft, hr, board):
    submit(draft, hr)
    html = box(page(client, board, review_url(draft)))
    assert 'data-testid="decide-form"' not in html
    assert "after the PVT has responded" in html


def test_the_board_records_its_decision(client, draft, hr, pvt, board):
    respond(submit(draft, hr), pvt)
    post(
        client,
        board,
        review_url(draft),
        {"action": "decide", "date": "2026-03-02", "reference": "AB-2026-3"},
    )
    draft.refresh_from_db()
    assert (draft.status, draft.decided_by, draft.decision_reference) == (
        "decided",
        board,
        "AB-2026-3",
    )


def test_a_decision_against_the_advice_shows_the_earliest_date_a_month_later(
    client, advice_chapter, hr, pvt, director
):
    version = decide(
        respond(submit(advice_chapter.versions.get(), hr), pvt, "advice_negative"), director
    )
    html = box(page(client, hr, review_url(version)))
    assert 'data-testid="earliest">2 April 2026' in html
    assert "The earliest allowed effective date is 2 April 2026." in html
    # until then it cannot be published: the version in force stays in force
    assert 'data-testid="publish-rule"' in html and 'data-testid="publish-form"' not in html
    response = post(
        client,
        hr,
        review_url(version),
        {"action": "publish", "effective_date": "2026-03-15"},
        200,
    )
    assert "WOR art. 25(6)" in response.content.decode()


def test_the_changes_against_the_published_version_are_folded(client, published, hr):
    body = published.body.replace("voor 9.00 uur", "voor 8.30 uur")
    draft = services.version_create(actor=hr, chapter=published.chapter, body=body)
    html = page(client, hr, review_url(draft))
    changes = re.search(r'<details class="changes".*?</details>', html, re.S).group(0)
    assert "Changes against version 1 (Published)" in changes
    assert re.search(r"<del>9.00\s*</del><ins>8.30\s*</ins>", changes)


def test_employees_never_see_a_draft_and_do_not_review(client, draft, published, employee):
    # `published` made the draft the published v1; a next draft:
    draft = services.version_create(
        actor=published.created_by, chapter=published.chapter, body="Nieuw"
    )
    login(client, employee)
    assert client.get(review_url(draft)).status_code == 404
    assert client.post(review_url(draft), {"action": "comment"}).status_code == 404
    assert client.get(review_url(published)).status_code == 403


# two versions side by side ----------------------------------------------------------------------


@pytest.fixture
def two_published(published, hr, pvt, director):
    body = published.body.replace("voor 9.00 uur", "voor 8.30 uur")
    services.version_create(actor=hr, chapter=published.chapter, body=body)
    from tests.handbook.steps import publish_draft

    v2 = publish_draft(published.chapter, hr=hr, pvt=pvt, director=director)
    published.refresh_from_db()
    return published, v2


def test_two_versions_side_by_side_with_the_word_changes(client, two_published, employee):
    v1, v2 = two_published
    html = page(client, employee, COMPARE, a=v2.pk, b=v1.pk)  # the older one goes left
    sides = re.findall(r'data-testid="side">\s*<h2>Version (\d)', html)
    assert sides == ["1", "2"]
    assert re.search(r"<del>9.00\s*</del><ins>8.30\s*</ins>", html)
    assert "Changes from version 1 to version 2" in html
    chooser = re.search(r'data-testid="compare-chooser".*?</form>', html, re.S).group(0)
    assert f'<option value="{v1.pk}" selected>' in chooser


def test_without_a_the_previous_version_is_compared(client, two_published, employee):
    _v1, v2 = two_published
    html = page(client, employee, COMPARE, b=v2.pk)
    assert "Changes from version 1 to version 2" in html


def test_the_first_version_alone_has_nothing_to_compare(client, published, employee):
    html = page(client, employee, COMPARE, b=published.pk)
    assert "no earlier version" in html


@pytest.mark.parametrize("query", [{}, {"a": "x", "b": "1"}, {"b": "999999"}])
def test_compare_answers_404_for_unknown_versions(client, published, employee, query):
    login(client, employee)
    assert client.get(COMPARE, query).status_code == 404


def test_versions_of_two_chapters_are_not_compared(client, published, advice_chapter, hr):
    login(client, hr)
    other = advice_chapter.versions.get()
    assert client.get(COMPARE, {"a": other.pk, "b": published.pk}).status_code == 404


def test_an_employee_does_not_compare_with_a_draft(client, published, hr, employee):
    draft = services.version_create(actor=hr, chapter=published.chapter, body="Geheim")
    login(client, employee)
    assert client.get(COMPARE, {"a": published.pk, "b": draft.pk}).status_code == 404
    assert "Geheim" in page(client, hr, COMPARE, a=published.pk, b=draft.pk)


# the PVT's page ---------------------------------------------------------------------------------


def test_the_pvt_page_lists_requests_waiting_threads_and_responses(
    client, draft, advice_chapter, hr, pvt, now
):
    submit(draft, hr, deadline=date(2026, 3, 9))
    advice = submit(advice_chapter.versions.get(), hr, deadline=date(2026, 4, 13))
    thread = services.thread_start(
        actor=pvt, version=draft, anchor=anchor_of(draft, "Je bent"), body="Welk nummer?"
    )
    services.comment_add(actor=hr, thread=thread, body="Het nummer in AFAS.")
    services.thread_start(
        actor=pvt, version=draft, anchor=anchor_of(draft, "Meld je"), body="Nog open"
    )
    respond(advice, pvt, "advice_conditional")
    now.move_to(date(2026, 3, 10))

    html = page(client, pvt, PVT_PAGE)
    requests = re.search(r'data-testid="open-requests".*?</section>', html, re.S).group(0)
    assert 'class="is-overdue"' in requests and "9 March 2026 (overdue)" in requests
    assert advice_chapter.title not in requests  # answered
    waiting = re.search(r'data-testid="waiting-threads".*?</section>', html, re.S).group(0)
    assert "Het nummer in AFAS." in waiting and "Nog open" not in waiting
    assert f"#thread-{thread.pk}" in waiting
    assert 'data-testid="waiting-drafters"' not in html  # that list is HR's
    history = re.search(r'data-testid="response-history".*?</section>', html, re.S).group(0)
    assert "Advice with conditions" in history and advice_chapter.title in history

    hr_html = page(client, hr, PVT_PAGE)
    drafters = re.search(r'data-testid="waiting-drafters".*?</section>', hr_html, re.S).group(0)
    assert "Nog open" in drafters


@pytest.mark.parametrize("role", ["employee", "manager", "adjunct", "board"])
def test_the_pvt_page_is_for_the_pvt_hr_and_the_director(client, request, role):
    login(client, request.getfixturevalue(role))
    assert client.get(PVT_PAGE).status_code == 403


# nothing that runs ------------------------------------------------------------------------------

HOSTILE = "\n\n".join(XSS_VECTORS)


def test_nothing_that_runs_survives_on_the_review_compare_and_pvt_pages(client, handbook, hr, pvt):
    chapter = services.chapter_create(
        actor=hr, handbook=handbook, title="Test", participation="consent", body="Begin."
    )
    v1 = services.version_update(actor=hr, version=chapter.versions.get(), body=HOSTILE)
    submit(v1, hr, request="<script>alert(1)</script> reden, gevolgen en maatregelen")
    for block in blocks(v1.body)[:12]:
        thread = services.thread_start(
            actor=pvt, version=v1, anchor=block.anchor, body="<img src=x onerror=alert(1)>"
        )
        services.comment_add(actor=hr, thread=thread, body='<a href="javascript:alert(1)">x</a>')
    html = page(client, pvt, review_url(v1))
    assert unsafe(html) == []
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # shown as typed
    assert unsafe(page(client, hr, PVT_PAGE)) == []
    assert unsafe(page(client, hr, COMPARE, b=v1.pk)) == []


def test_the_review_page_takes_as_many_queries_with_many_threads(client, draft, hr, pvt):
    def count() -> int:
        login(client, pvt)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(review_url(draft)).status_code == 200
        return len(queries)

    anchors = [b.anchor for b in blocks(draft.body)]
    services.thread_start(actor=pvt, version=draft, anchor=anchors[0], body="Een")
    few = count()
    for anchor in anchors[1:]:
        thread = services.thread_start(actor=pvt, version=draft, anchor=anchor, body="Meer")
        services.comment_add(actor=hr, thread=thread, body="Antwoord")
    assert count() == few


@pytest.mark.parametrize("anchor", ["%s%d", 'x" onmouseover="alert(1)', ""])
def test_a_comment_on_an_unknown_paragraph_is_refused_with_a_message(client, draft, pvt, anchor):
    login(client, pvt)
    response = client.post(
        review_url(draft), {"action": "comment", "anchor": anchor, "body": "x"}, follow=True
    )
    html = response.content.decode()
    assert '<li class="message message--error">' in html
    assert unsafe(html) == []
    assert not CommentThread.objects.exists()


def test_a_comment_on_a_paragraph_of_another_version_is_refused(client, draft, hr, pvt):
    gone = anchor_of(draft, "Meld je ziek")
    services.version_update(actor=hr, version=draft, body="Een heel andere tekst.")
    login(client, pvt)
    response = client.post(
        review_url(draft), {"action": "comment", "anchor": gone, "body": "x"}, follow=True
    )
    assert "This paragraph is not in this version of the text." in response.content.decode()
    assert not CommentThread.objects.exists()
