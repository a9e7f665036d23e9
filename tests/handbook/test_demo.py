"""The demo's handbooks: both handbooks with published chapters of a realistic outline, one
chapter under the PVT's review with comment threads, one with the PVT's advice and the board's
decision pending, and acknowledgements partly done."""

import pytest
from django.core.management import call_command

from core.models import User
from handbook.models import (
    Acknowledgement,
    Chapter,
    Comment,
    CommentThread,
    Handbook,
    Version,
)
from handbook.paragraphs import blocks

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", quiet_logins=True)


def test_both_handbooks_have_published_chapters_of_a_real_outline(demo):
    assert set(Handbook.objects.values_list("name", flat=True)) == {
        "Personeelshandboek",
        "Handboek werkprocessen",
    }
    titles = " ".join(
        Version.objects.filter(status="published").values_list("chapter__title", flat=True)
    ).lower()
    for subject in ("werktijden", "verlof", "ziekteverzuim", "scholing", "ontwikkel", "privacy"):
        assert subject in titles
    for version in Version.objects.filter(status="published"):
        assert version.effective_date and version.decided_on and version.decision_reference
        if version.chapter.participation == "consent":
            assert version.outcome == "consent_given"


def test_one_chapter_is_with_the_pvt_with_threads_on_its_paragraphs(demo):
    submitted = Version.objects.get(status="submitted")
    assert submitted.chapter.participation == "consent" and submitted.deadline
    anchors = {b.anchor for b in blocks(submitted.body)}
    threads = CommentThread.objects.filter(version=submitted)
    assert threads.count() == 2
    assert {t.anchor for t in threads} <= anchors
    assert threads.filter(resolved_at__isnull=False).count() == 1
    assert Comment.objects.filter(thread__in=threads).count() == 4
    # the published version of the same chapter is still in force
    assert submitted.chapter.versions.filter(status="published").exists()


def test_one_chapter_has_the_advice_and_waits_for_the_board(demo):
    responded = Version.objects.get(status="responded")
    assert responded.chapter.participation == "advice"
    assert responded.outcome == "advice_conditional" and responded.decided_on is None


def test_acknowledgements_are_partly_done(demo):
    employee = User.objects.get(username="employee").employee
    published = Version.objects.filter(status="published").count()
    mine = Acknowledgement.objects.filter(employee=employee).count()
    assert 0 < mine < published
    assert 0 < Acknowledgement.objects.count() < published * 30


def test_loading_the_demo_twice_adds_nothing(demo):
    counts = [
        m.objects.count() for m in (Handbook, Chapter, Version, CommentThread, Acknowledgement)
    ]
    call_command("load_demo", quiet_logins=True)
    assert [
        m.objects.count() for m in (Handbook, Chapter, Version, CommentThread, Acknowledgement)
    ] == counts


def test_the_pvt_sees_its_open_request_on_the_home_page(demo, client):
    client.force_login(User.objects.get(username="pvt"))
    home = client.get("/").content.decode()
    assert 'data-testid="home-pvt"' in home and "re-integratieprotocol" in home
    client.force_login(User.objects.get(username="employee"))
    assert 'data-testid="home-pvt"' not in client.get("/").content.decode()


def test_the_handbook_index_leads_hr_to_writing_and_the_pvt_to_its_review(demo, client):
    client.force_login(User.objects.get(username="hr"))
    page = client.get("/handbook/").content.decode()
    assert 'data-testid="to-manage"' in page and 'data-testid="to-pvt"' in page
    client.force_login(User.objects.get(username="pvt"))
    page = client.get("/handbook/").content.decode()
    assert 'data-testid="to-manage"' not in page and 'data-testid="to-pvt"' in page
    client.force_login(User.objects.get(username="employee"))
    page = client.get("/handbook/").content.decode()
    assert 'data-testid="to-pvt"' not in page


def test_the_board_sees_what_waits_for_its_decision(demo, client):
    client.force_login(User.objects.get(username="board"))
    home = client.get("/").content.decode()
    assert 'data-testid="home-board"' in home and "Herinrichting teams" in home
    client.force_login(User.objects.get(username="pvt"))
    assert 'data-testid="home-board"' not in client.get("/").content.decode()
