"""The steps of a chapter version through the PVT and the board to publication, as the services
enforce them for every door (pages, API, admin): the whole consent path, the refusals with the
rule in the message, the one version in progress per chapter, and the e-mail to the PVT."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from core.errors import ApplicationError
from core.roles import Role
from handbook import services
from handbook.models import Version
from handbook.notifications import send_submission_mail
from hrm.models import OrganisationSettings
from tests.factories import make_person
from tests.handbook.steps import REQUEST, decide, publish, publish_draft, respond, submit


@pytest.fixture(autouse=True)
def _rules_in_english():
    """The rules' messages are asserted in their English source text (Dutch is the default)."""
    from django.utils import translation

    with translation.override("en"):
        yield


AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TODAY = date(2026, 3, 2)  # tests/handbook/conftest.py freezes it


def refused(call, *args, **kwargs) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        call(*args, **kwargs)
    return caught.value


# the consent path --------------------------------------------------------------------------------


def test_consent_chapter_goes_from_draft_to_published(draft, hr, pvt, director):
    version = services.version_submit(
        actor=hr, version=draft, request=REQUEST, deadline=date(2026, 4, 13)
    )
    assert version.status == Version.Status.SUBMITTED
    assert (version.submitted_by, version.deadline, version.request) == (
        hr,
        date(2026, 4, 13),
        REQUEST,
    )

    version = services.version_respond(
        actor=pvt,
        version=version,
        outcome="consent_given",
        motivation="Instemming verleend in de PVT-vergadering.",
        pvt_meeting_on=TODAY,
    )
    assert version.status == Version.Status.RESPONDED
    assert (version.outcome, version.responded_by, version.pvt_meeting_on) == (
        "consent_given",
        pvt,
        TODAY,
    )

    version = services.version_decide(
        actor=director, version=version, date=TODAY, reference="AB-2026-14"
    )
    assert version.status == Version.Status.DECIDED
    assert (version.decided_on, version.decision_reference, version.decided_by) == (
        TODAY,
        "AB-2026-14",
        director,
    )

    # published ahead of its effective date: refused, the version in force stays in force
    assert refused(publish, version, hr, date(2026, 4, 1)).code == "step_out_of_order"
    version = services.version_publish(actor=hr, version=version, effective_date=TODAY)
    version.refresh_from_db()
    assert version.status == Version.Status.PUBLISHED
    assert (version.effective_date, version.published_by) == (TODAY, hr)
    assert version.published_at is not None


def test_publishing_the_next_version_archives_the_previous(published, hr, pvt, director):
    services.version_create(actor=hr, chapter=published.chapter, body="# Ziekmelding\n\nNieuw.")
    second = publish_draft(published.chapter, hr=hr, pvt=pvt, director=director)

    published.refresh_from_db()
    assert published.status == Version.Status.ARCHIVED
    assert published.archived_at is not None
    # the archived version keeps who decided what when
    assert (published.decided_by_id, published.decision_reference) == (director.pk, "AB-2026-14")
    assert published.effective_date == TODAY
    assert second.status == Version.Status.PUBLISHED
    assert second.number == 2
    assert list(published.chapter.versions.values_list("number", "status")) == [
        (1, "archived"),
        (2, "published"),
    ]


def test_a_new_version_starts_from_the_last_text(published, hr):
    version = services.version_create(actor=hr, chapter=published.chapter)
    assert (version.number, version.status, version.body) == (2, "draft", published.body)


# refusals with the rule in the message -----------------------------------------------------------


def test_publishing_a_consent_chapter_without_consent_is_refused(draft, hr):
    version = submit(draft, hr)
    error = refused(services.version_publish, actor=hr, version=version, effective_date=TODAY)
    assert error.code == "step_out_of_order"
    assert error.message == (
        "A chapter that needs consent is never published without the PVT's consent."
    )
    version.refresh_from_db()
    assert version.status == Version.Status.SUBMITTED


def test_consent_withheld_cannot_be_decided_but_withdrawn_and_rewritten(draft, hr, pvt, director):
    version = respond(submit(draft, hr), pvt, "consent_withheld")

    error = refused(decide, version, director)
    assert error.code == "step_out_of_order"
    assert "consent" in error.message
    error = refused(services.version_publish, actor=hr, version=version, effective_date=TODAY)
    assert error.code == "step_out_of_order"

    withdrawn = services.version_withdraw(actor=hr, version=version)
    assert withdrawn.status == Version.Status.WITHDRAWN
    assert withdrawn.archived_at is not None

    second = services.version_create(
        actor=hr, chapter=draft.chapter, summary="Na het overleg met de PVT"
    )
    assert (second.number, second.status, second.body) == (2, "draft", draft.body)


def test_advice_without_response_is_decided_once_the_deadline_passed(
    advice_chapter, hr, director, now
):
    version = submit(advice_chapter.versions.get(), hr, deadline=TODAY)
    assert refused(decide, version, director).code == "step_out_of_order"

    now.move_to(TODAY + timedelta(days=1))
    decided = decide(version, director)
    assert decided.status == Version.Status.DECIDED
    assert decided.outcome == ""


@pytest.mark.parametrize("outcome", ["advice_negative", "advice_conditional"])
def test_decision_against_advice_takes_effect_a_month_later_at_the_earliest(
    advice_chapter, hr, pvt, director, outcome, now
):
    version = decide(respond(submit(advice_chapter.versions.get(), hr), pvt, outcome), director)

    error = refused(publish, version, hr, date(2026, 4, 1))
    assert error.code == "step_out_of_order"
    assert "25(6)" in error.message
    assert error.fields == {"effective_date": [error.message]}

    now.move_to(datetime(2026, 4, 2, 9, 0, tzinfo=AMSTERDAM))
    assert publish(version, hr, date(2026, 4, 2)).status == Version.Status.PUBLISHED


def test_positive_advice_takes_effect_on_the_decision_date(advice_chapter, hr, pvt, director):
    version = decide(respond(submit(advice_chapter.versions.get(), hr), pvt), director)
    assert publish(version, hr, TODAY).effective_date == TODAY


def test_information_is_published_once_shared(information_chapter, hr):
    version = information_chapter.versions.get()
    assert refused(publish, version, hr).code == "step_out_of_order"
    assert publish(submit(version, hr, request=""), hr).status == Version.Status.PUBLISHED


def test_the_pvt_does_not_respond_to_information(information_chapter, hr, pvt):
    version = submit(information_chapter.versions.get(), hr, request="")
    error = refused(respond, version, pvt, "advice_positive")
    assert error.code == "step_out_of_order"


# only a draft is edited --------------------------------------------------------------------------


def test_a_draft_is_edited(draft, hr):
    version = services.version_update(actor=hr, version=draft, body="Nieuwe tekst", summary="Kort")
    version.refresh_from_db()
    assert (version.body, version.summary) == ("Nieuwe tekst", "Kort")


@pytest.mark.parametrize("step", ["submitted", "responded", "decided"])
def test_a_version_in_progress_past_draft_is_not_edited(draft, hr, pvt, director, step):
    version = submit(draft, hr)
    if step in ("responded", "decided"):
        version = respond(version, pvt)
    if step == "decided":
        version = decide(version, director)
    error = refused(services.version_update, actor=hr, version=version, body="Anders")
    assert error.code == "step_out_of_order"
    assert error.fields == {"body": [error.message]}
    version.refresh_from_db()
    assert version.body == draft.body


def test_a_published_version_is_never_edited(published, hr):
    error = refused(services.version_update, actor=hr, version=published, body="Anders")
    assert error.code == "step_out_of_order"
    published.refresh_from_db()
    assert published.body != "Anders"
    assert published.status == Version.Status.PUBLISHED


def test_a_published_version_is_not_withdrawn(published, hr):
    assert refused(services.version_withdraw, actor=hr, version=published).code == (
        "step_out_of_order"
    )


# one version in progress per chapter -------------------------------------------------------------


def test_a_second_version_in_progress_is_refused(draft, hr):
    error = refused(services.version_create, actor=hr, chapter=draft.chapter, body="Tweede")
    assert error.code == "version_in_progress"
    assert draft.chapter.versions.count() == 1


def test_the_database_refuses_two_versions_in_progress(draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        Version.objects.create(chapter=draft.chapter, number=2, status=Version.Status.SUBMITTED)


def test_a_parallel_second_draft_is_refused_by_the_database(draft, hr):
    """The service's own check passed (as for two requests at once): the constraint decides."""
    with mock.patch("django.db.models.query.QuerySet.exists", return_value=False):
        error = refused(services.version_create, actor=hr, chapter=draft.chapter, body="Tweede")
    assert error.code == "version_in_progress"
    assert list(draft.chapter.versions.values_list("number", flat=True)) == [1]


def test_the_database_refuses_two_published_versions(published):
    with pytest.raises(IntegrityError), transaction.atomic():
        Version.objects.create(
            chapter=published.chapter,
            number=2,
            status=Version.Status.PUBLISHED,
            effective_date=TODAY,
        )


# deadline and permissions ----------------------------------------------------------------------


def test_the_deadline_defaults_to_the_organisations_term(draft, hr):
    settings = OrganisationSettings.get()
    settings.pvt_review_weeks = 4
    settings.save()
    version = services.version_submit(actor=hr, version=draft, request=REQUEST)
    assert version.deadline == TODAY + timedelta(weeks=4)


def test_a_deadline_in_the_past_is_refused(draft, hr):
    error = refused(submit, draft, hr, deadline=TODAY - timedelta(days=1))
    assert (error.code, list(error.fields)) == ("step_out_of_order", ["deadline"])


def test_a_consent_request_without_reasons_is_refused(draft, hr):
    error = refused(submit, draft, hr, request="  ")
    assert (error.code, list(error.fields)) == ("step_out_of_order", ["request"])


@pytest.mark.parametrize("role", ["employee", "manager", "pvt", "board", "adjunct"])
def test_only_hr_and_the_director_submit(request, draft, role):
    with pytest.raises(PermissionDenied):
        submit(draft, request.getfixturevalue(role))


@pytest.mark.parametrize("role", ["hr", "director", "employee", "board"])
def test_only_the_pvt_responds(request, draft, hr, role):
    version = submit(draft, hr)
    with pytest.raises(PermissionDenied):
        respond(version, request.getfixturevalue(role))


@pytest.mark.parametrize(("role", "allowed"), [("director", True), ("board", True), ("hr", False)])
def test_the_director_or_the_board_records_the_decision(request, draft, hr, pvt, role, allowed):
    version = respond(submit(draft, hr), pvt)
    actor = request.getfixturevalue(role)
    if allowed:
        assert decide(version, actor).decided_by == actor
    else:
        with pytest.raises(PermissionDenied):
            decide(version, actor)


# the e-mail to the PVT ---------------------------------------------------------------------------


def test_submission_mails_each_pvt_member_with_an_address_after_commit(
    draft, hr, pvt, django_capture_on_commit_callbacks
):
    silent = make_person("pvt_no_mail", Role.PVT)
    silent.email = ""
    silent.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit(draft, hr)
    assert mail.outbox == []  # nothing before the submission commits
    assert len(callbacks) == 1

    callbacks[0]()
    assert [message.to for message in mail.outbox] == [[pvt.email]]
    message = mail.outbox[0]
    assert "Verzuim en re-integratie" in message.subject
    assert f"/handbook/versions/{draft.pk}/review/" in message.body


def test_no_mail_without_pvt_addresses(draft, hr, pvt):
    pvt.email = ""
    pvt.save()
    assert send_submission_mail(submit(draft, hr).pk) == 0


def test_the_board_does_not_decide_before_the_pvt_responded(advice_chapter, hr, pvt, director, now):
    version = submit(advice_chapter.versions.get(), hr)
    now.move_to(datetime(2026, 3, 9, 10, 0, tzinfo=AMSTERDAM))
    version = respond(version, pvt)
    error = refused(
        services.version_decide,
        actor=director,
        version=version,
        date=date(2026, 3, 5),
        reference="AB-2026-15",
    )
    assert error.code == "invalid" and error.fields.keys() == {"date"}


def test_the_pvt_meeting_is_not_before_the_submission(draft, hr, pvt):
    version = submit(draft, hr)
    error = refused(
        services.version_respond,
        actor=pvt,
        version=version,
        outcome="consent_given",
        motivation="Akkoord.",
        pvt_meeting_on=date(2025, 1, 1),
    )
    assert error.code == "invalid" and error.fields.keys() == {"pvt_meeting_on"}


def test_after_consent_withheld_a_new_version_replaces_the_refused_one(draft, hr, pvt):
    refused_version = respond(submit(draft, hr), pvt, "consent_withheld")
    revision = services.version_create(actor=hr, chapter=draft.chapter)
    refused_version.refresh_from_db()
    assert refused_version.status == Version.Status.WITHDRAWN
    assert refused_version.outcome == "consent_withheld"  # its history ends on the refusal
    assert (revision.status, revision.number) == (Version.Status.DRAFT, refused_version.number + 1)
    assert revision.body == refused_version.body and revision.request == refused_version.request


def test_the_pvt_hears_of_the_boards_decision_after_commit(
    advice_chapter, hr, pvt, director, django_capture_on_commit_callbacks
):
    version = respond(submit(advice_chapter.versions.get(), hr), pvt, "advice_negative")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide(version, director)
    assert [message.to for message in mail.outbox] == [[pvt.email]]
    body = mail.outbox[0].body
    # the reference of the decision, and the earliest date it can take effect (WOR 25(6))
    assert version.chapter.title in mail.outbox[0].subject
    assert "2 April 2026" in body or "2 april 2026" in body
