"""Comments per paragraph: starting a thread on a paragraph's anchor, replies, resolving, when
the text is open to comments, and which threads show on which version (carried over where the
paragraph is unchanged, outdated where it changed); the threads waiting for the PVT."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from core.errors import ApplicationError
from handbook import selectors, services
from handbook.models import Comment, CommentThread, Version
from handbook.paragraphs import blocks
from handbook.services.comments import EXCERPT_MAX, excerpt_of
from tests.handbook.conftest import CONSENT_BODY
from tests.handbook.steps import decide, respond, submit

pytestmark = pytest.mark.django_db


def anchor_of(version: Version, start: str) -> str:
    return next(b.anchor for b in blocks(version.body) if b.text.startswith(start))


def refused(call, **kwargs) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        call(**kwargs)
    return caught.value


def start(version, user, paragraph="Meld je ziek", body="Waarom voor 9.00 uur?"):
    return services.thread_start(
        actor=user, version=version, anchor=anchor_of(version, paragraph), body=body
    )


# starting a thread ------------------------------------------------------------------------------


def test_the_pvt_starts_a_thread_on_a_paragraph_of_a_submitted_version(draft, hr, pvt):
    version = submit(draft, hr)
    thread = start(version, pvt)
    assert (thread.chapter, thread.version, thread.started_by) == (draft.chapter, version, pvt)
    assert thread.anchor == anchor_of(version, "Meld je ziek")
    assert thread.excerpt == "Meld je ziek voor 9.00 uur bij je leidinggevende, telefonisch."
    assert [(c.author, c.body) for c in thread.comments.all()] == [(pvt, "Waarom voor 9.00 uur?")]


def test_a_thread_can_be_started_on_a_draft(draft, hr, pvt):
    assert start(draft, pvt).version == draft
    assert start(draft, hr, "Je bent").version == draft


def test_a_long_paragraph_is_quoted_up_to_a_word_with_an_ellipsis(handbook, hr, pvt):
    long = "Een zin over verlof " * 40
    chapter = services.chapter_create(
        actor=hr, handbook=handbook, title="Verlof", participation="consent", body=long
    )
    thread = start(chapter.versions.get(), pvt, "Een zin")
    assert len(thread.excerpt) <= EXCERPT_MAX
    assert thread.excerpt.endswith("…")
    kept = thread.excerpt[:-1]
    assert long.startswith(kept) and long[len(kept)] == " "  # cut between two words
    assert excerpt_of("kort") == "kort"


@pytest.mark.parametrize("step", ["responded", "decided", "published"])
def test_no_new_thread_once_the_text_is_fixed(draft, hr, pvt, director, step):
    version = respond(submit(draft, hr), pvt)
    if step in ("decided", "published"):
        version = decide(version, director)
    if step == "published":
        version = services.version_publish(
            actor=hr, version=version, effective_date=version.decided_on
        )
    error = refused(
        services.thread_start,
        actor=pvt,
        version=version,
        anchor=anchor_of(version, "Meld je ziek"),
        body="Nog een vraag",
    )
    assert error.code == "step_out_of_order"
    assert not CommentThread.objects.exists()


def test_a_withdrawn_version_takes_no_new_thread(draft, hr, pvt):
    version = services.version_withdraw(actor=hr, version=draft)
    error = refused(
        services.thread_start,
        actor=pvt,
        version=version,
        anchor=anchor_of(version, "Meld je ziek"),
        body="x",
    )
    assert error.code == "step_out_of_order"


def test_an_anchor_not_in_the_version_is_refused(draft, pvt):
    error = refused(
        services.thread_start, actor=pvt, version=draft, anchor="p-0000000000", body="Vraag"
    )
    assert (error.code, error.field) == ("unknown_paragraph", "anchor")
    assert not CommentThread.objects.exists()


def test_an_empty_comment_is_refused(draft, pvt):
    error = refused(
        services.thread_start,
        actor=pvt,
        version=draft,
        anchor=anchor_of(draft, "Meld je ziek"),
        body="   ",
    )
    assert (error.code, error.field) == ("required", "body")
    assert not CommentThread.objects.exists()


def test_a_too_long_comment_is_refused(draft, pvt):
    error = refused(
        services.thread_start,
        actor=pvt,
        version=draft,
        anchor=anchor_of(draft, "Meld je ziek"),
        body="x" * 5001,
    )
    assert list(error.fields) == ["body"]
    assert not CommentThread.objects.exists()


@pytest.mark.parametrize("role", ["employee", "manager", "adjunct", "board", "admin_user"])
def test_only_hr_the_director_and_the_pvt_comment(request, draft, role):
    with pytest.raises(PermissionDenied):
        start(draft, request.getfixturevalue(role))


# replies and resolving ---------------------------------------------------------------------------


def test_hr_answers_and_resolves_a_thread(draft, hr, pvt):
    thread = start(draft, pvt)
    services.comment_add(actor=hr, thread=thread, body="Zo kan de planning worden aangepast.")
    services.comment_add(actor=pvt, thread=thread, body="Duidelijk.")
    thread = services.thread_resolve(actor=hr, thread=thread)
    assert thread.resolved_by == hr and thread.resolved_at is not None
    assert [c.author for c in thread.comments.order_by("pk")] == [pvt, hr, pvt]


def test_a_reply_after_the_pvt_responded_is_allowed(draft, hr, pvt):
    thread = start(submit(draft, hr), pvt)
    respond(Version.objects.get(pk=draft.pk), pvt)
    comment = services.comment_add(actor=hr, thread=thread, body="Antwoord na de reactie.")
    assert comment.thread == thread


def test_a_resolved_thread_takes_no_reply(draft, hr, pvt):
    thread = services.thread_resolve(actor=hr, thread=start(draft, pvt))
    error = refused(services.comment_add, actor=pvt, thread=thread, body="Toch nog iets")
    assert error.code == "thread_resolved"
    assert thread.comments.count() == 1


def test_an_empty_reply_is_refused(draft, hr, pvt):
    error = refused(services.comment_add, actor=hr, thread=start(draft, pvt), body="")
    assert (error.code, error.field) == ("required", "body")


def test_resolving_twice_keeps_the_first_resolver(draft, hr, director, pvt):
    thread = start(draft, pvt)
    first = services.thread_resolve(actor=hr, thread=thread)
    again = services.thread_resolve(actor=director, thread=thread)
    assert (again.resolved_by, again.resolved_at) == (hr, first.resolved_at)


@pytest.mark.parametrize("role", ["pvt", "adjunct", "board", "employee"])
def test_only_hr_and_the_director_resolve(request, draft, pvt, role):
    thread = start(draft, pvt)
    with pytest.raises(PermissionDenied):
        services.thread_resolve(actor=request.getfixturevalue(role), thread=thread)
    thread.refresh_from_db()
    assert thread.resolved_at is None


@pytest.mark.parametrize("role", ["employee", "adjunct", "board"])
def test_only_participants_reply(request, draft, pvt, role):
    thread = start(draft, pvt)
    with pytest.raises(PermissionDenied):
        services.comment_add(actor=request.getfixturevalue(role), thread=thread, body="Hallo")
    assert Comment.objects.count() == 1


# which threads show on a version ---------------------------------------------------------------

CHANGED_BODY = CONSENT_BODY.replace("voor 9.00 uur", "voor 8.30 uur")


def test_a_thread_carries_over_where_the_paragraph_is_unchanged(draft, hr, pvt):
    version1 = submit(draft, hr)
    on_changed = start(version1, pvt, "Meld je ziek", "Waarom 9.00?")
    on_kept = start(version1, pvt, "Je bent", "Welk nummer?")
    services.version_withdraw(actor=hr, version=version1)
    version2 = services.version_create(actor=hr, chapter=draft.chapter, body=CHANGED_BODY)

    threads = selectors.threads_for(version2)
    assert threads.for_anchor(anchor_of(version2, "Je bent")) == [on_kept]
    assert threads.outdated == [on_changed]
    assert threads.for_anchor(anchor_of(version2, "Meld je ziek")) == []
    assert threads.unresolved == 2
    # on the first version both hang on their paragraph
    first = selectors.threads_for(version1)
    assert first.for_anchor(on_changed.anchor) == [on_changed] and first.outdated == []


def test_a_thread_of_a_later_version_does_not_show_on_an_earlier_one(draft, hr, pvt):
    services.version_withdraw(actor=hr, version=draft)
    version2 = services.version_create(actor=hr, chapter=draft.chapter)
    start(version2, pvt)
    threads = selectors.threads_for(Version.objects.get(pk=draft.pk))
    assert threads.by_anchor == {} and threads.outdated == []


def test_resolved_threads_on_changed_paragraphs_fade_after_one_version(draft, hr, pvt):
    thread = start(draft, pvt)
    services.thread_resolve(actor=hr, thread=thread)
    services.version_withdraw(actor=hr, version=draft)
    version2 = services.version_create(actor=hr, chapter=draft.chapter, body=CHANGED_BODY)
    assert selectors.threads_for(version2).outdated == [thread]
    services.version_withdraw(actor=hr, version=version2)
    version3 = services.version_create(actor=hr, chapter=draft.chapter, body=CHANGED_BODY + "\nEn.")
    assert selectors.threads_for(version3).outdated == []


def test_unresolved_threads_on_changed_paragraphs_stay_listed(draft, hr, pvt):
    thread = start(draft, pvt)
    services.version_withdraw(actor=hr, version=draft)
    version2 = services.version_create(actor=hr, chapter=draft.chapter, body=CHANGED_BODY)
    services.version_withdraw(actor=hr, version=version2)
    version3 = services.version_create(actor=hr, chapter=draft.chapter, body=CHANGED_BODY + "\nEn.")
    assert selectors.threads_for(version3).outdated == [thread]


def test_threads_of_a_version_take_two_queries(draft, hr, pvt, django_assert_num_queries):
    for paragraph in ("Meld je ziek", "Je bent", "Geef een"):
        thread = start(draft, pvt, paragraph)
        services.comment_add(actor=hr, thread=thread, body="Antwoord")
    anchors = [b.anchor for b in blocks(draft.body)]
    with django_assert_num_queries(2):
        threads = selectors.threads_for(draft, anchors)
        assert sum(len(t.comments.all()) for ts in threads.by_anchor.values() for t in ts) == 6


# waiting for the PVT ----------------------------------------------------------------------------


def test_threads_wait_for_whoever_did_not_have_the_last_word(draft, hr, director, pvt):
    asked = start(draft, pvt, "Meld je ziek")
    answered = start(draft, pvt, "Je bent")
    services.comment_add(actor=hr, thread=answered, body="Zie de toelichting.")
    by_director = start(draft, director, "Geef een", "Graag jullie mening.")
    closed = start(draft, pvt, "Houd afspraken")
    services.comment_add(actor=hr, thread=closed, body="Aangepast.")
    services.thread_resolve(actor=hr, thread=closed)

    assert selectors.threads_waiting(for_pvt=True) == [answered, by_director]
    assert selectors.threads_waiting(for_pvt=False) == [asked]
