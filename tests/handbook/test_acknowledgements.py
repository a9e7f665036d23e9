"""Employees acknowledge each newly published version of a chapter (not a minor one): the
service (published versions only, idempotent, the database deciding a race) and who still has
to acknowledge what, answered for many people and chapters in a constant number of queries."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied

from core.errors import ApplicationError
from handbook import services
from handbook.models import Acknowledgement, Version
from handbook.selectors import baseline_number, needs_acknowledgement, outstanding_acknowledgements
from tests.factories import make_person
from tests.handbook.steps import new_published_version, publish_draft, submit

BODY_2 = "# Ziekmelding\n\nMeld je ziek voor 8.30 uur bij je leidinggevende."
BODY_3 = "# Ziekmelding\n\nMeld je ziek voor 8.30 uur bij je leidinggevende (spelling)."


@pytest.fixture
def people(hr, pvt, director):
    return {"hr": hr, "pvt": pvt, "director": director}


# the service -------------------------------------------------------------------------------------


def test_an_employee_acknowledges_the_published_version(published, employee):
    acknowledgement = services.acknowledge(actor=employee, version=published)
    assert (acknowledgement.version, acknowledgement.employee) == (published, employee.employee)
    assert acknowledgement.acknowledged_at is not None


def test_acknowledging_twice_answers_the_first_acknowledgement(published, employee, now):
    first = services.acknowledge(actor=employee, version=published)
    now.shift(3600)
    again = services.acknowledge(actor=employee, version=published)
    assert again.pk == first.pk
    assert again.acknowledged_at == first.acknowledged_at
    assert Acknowledgement.objects.count() == 1


def test_a_parallel_acknowledgement_is_decided_by_the_database(published, employee):
    """Both requests found none (as at the same moment): the unique constraint decides, and the
    loser answers the winner's row."""
    winner = Acknowledgement.objects.create(version=published, employee=employee.employee)
    nothing_yet = Acknowledgement.objects.none()
    with mock.patch.object(Acknowledgement.objects, "filter", return_value=nothing_yet):
        answer = services.acknowledge(actor=employee, version=published)
    assert answer.pk == winner.pk
    assert Acknowledgement.objects.count() == 1


def test_a_draft_is_not_acknowledged(draft, employee):
    with pytest.raises(ApplicationError) as caught:
        services.acknowledge(actor=employee, version=draft)
    assert caught.value.code == "not_published"
    assert not Acknowledgement.objects.exists()


def test_a_submitted_version_is_not_acknowledged(draft, hr, employee):
    with pytest.raises(ApplicationError) as caught:
        services.acknowledge(actor=employee, version=submit(draft, hr))
    assert caught.value.code == "not_published"


def test_an_archived_version_is_not_acknowledged(published, employee, people):
    new_published_version(published.chapter, body=BODY_2, **people)
    with pytest.raises(ApplicationError) as caught:
        services.acknowledge(actor=employee, version=published)  # its status read afresh
    assert caught.value.code == "not_published"


@pytest.mark.parametrize("role", ["board", "admin_user"])
def test_only_employees_acknowledge(request, published, role):
    with pytest.raises(PermissionDenied):
        services.acknowledge(actor=request.getfixturevalue(role), version=published)


# who still has to acknowledge --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("versions", "baseline"),
    [
        ([], None),
        ([(1, "draft", False)], None),
        ([(1, "published", False)], 1),
        ([(1, "archived", False), (2, "published", False)], 2),
        ([(1, "archived", False), (2, "published", True)], 1),
        ([(1, "archived", False), (2, "archived", False), (3, "published", True)], 2),
        ([(1, "published", True)], 1),  # a first publication is always acknowledged
        ([(1, "archived", True), (2, "published", True)], 1),
        ([(1, "published", False), (2, "draft", False)], 1),  # in progress: not yet
        ([(1, "archived", False), (2, "withdrawn", False), (3, "published", False)], 3),
        ([(1, "archived", False), (2, "archived", False)], None),  # nothing published now
    ],
)
def test_baseline_version(versions, baseline):
    assert baseline_number(versions) == baseline


def test_nothing_to_acknowledge_before_publication(consent_chapter, employee):
    assert not needs_acknowledgement(employee.employee, consent_chapter)


def test_a_published_chapter_is_acknowledged_once(published, employee):
    chapter = published.chapter
    assert needs_acknowledgement(employee.employee, chapter)
    services.acknowledge(actor=employee, version=published)
    assert not needs_acknowledgement(employee.employee, chapter)


def test_a_new_version_asks_for_a_new_acknowledgement(published, employee, people):
    services.acknowledge(actor=employee, version=published)
    second = new_published_version(published.chapter, body=BODY_2, **people)
    assert needs_acknowledgement(employee.employee, published.chapter)
    services.acknowledge(actor=employee, version=second)
    assert not needs_acknowledgement(employee.employee, published.chapter)


def test_a_minor_version_needs_no_new_acknowledgement(published, employee, people):
    services.acknowledge(actor=employee, version=published)
    new_published_version(published.chapter, body=BODY_3, minor=True, **people)
    assert not needs_acknowledgement(employee.employee, published.chapter)


def test_acknowledging_a_minor_version_covers_the_one_before(published, employee, people):
    minor = new_published_version(published.chapter, body=BODY_3, minor=True, **people)
    assert needs_acknowledgement(employee.employee, published.chapter)
    services.acknowledge(actor=employee, version=minor)
    assert not needs_acknowledgement(employee.employee, published.chapter)


def test_a_minor_version_after_a_major_one_still_asks_for_the_major(published, employee, people):
    services.acknowledge(actor=employee, version=published)
    new_published_version(published.chapter, body=BODY_2, **people)
    new_published_version(published.chapter, body=BODY_3, minor=True, **people)
    assert needs_acknowledgement(employee.employee, published.chapter)


def test_outstanding_pairs_for_people_and_chapters(
    published, advice_chapter, information_chapter, employee, manager, people
):
    information = publish_draft(information_chapter, **people)
    services.acknowledge(actor=employee, version=published)
    services.acknowledge(actor=manager, version=information)
    staff = [employee.employee, manager.employee]
    chapters = [published.chapter, advice_chapter, information_chapter]  # advice: not published
    assert outstanding_acknowledgements(staff, chapters) == {
        (manager.employee.pk, published.chapter_id),
        (employee.employee.pk, information_chapter.pk),
    }
    # ids do as well as records
    assert outstanding_acknowledgements([e.pk for e in staff], [c.pk for c in chapters]) == (
        outstanding_acknowledgements(staff, chapters)
    )


def test_outstanding_takes_two_queries_whatever_the_numbers(
    published, information_chapter, employee, team_a, people, django_assert_num_queries
):
    information = publish_draft(information_chapter, **people)
    staff = [make_person(None, team=team_a) for _ in range(6)] + [employee.employee]
    for version in (published, information):
        Acknowledgement.objects.create(version=version, employee=staff[0])
    chapters = [published.chapter, information_chapter]
    with django_assert_num_queries(2):
        outstanding = outstanding_acknowledgements(staff, chapters)
    assert len(outstanding) == 2 * 6
    assert not any(employee_id == staff[0].pk for employee_id, _ in outstanding)


def test_outstanding_asks_nothing_of_nobody(published, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert outstanding_acknowledgements([], [published.chapter]) == set()


def test_acknowledgements_of_other_chapters_do_not_count(
    published, information_chapter, employee, people
):
    publish_draft(information_chapter, **people)
    # a later-numbered acknowledgement in another chapter
    Version.objects.filter(chapter=information_chapter).update(number=5)
    services.acknowledge(actor=employee, version=information_chapter.versions.get())
    assert needs_acknowledgement(employee.employee, published.chapter)
