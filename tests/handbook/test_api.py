"""/api/handbook/: every endpoint with its exact keys, the status code per role, the rule in
`detail` for a step out of order, employees never seeing a draft (404), and the comparison of
two versions."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from handbook import services, workflow
from handbook.models import Acknowledgement, Chapter, Handbook, Version
from handbook.services.common import facts
from tests.handbook.html_checks import problems
from tests.handbook.steps import REQUEST, decide, new_published_version, respond, submit

TODAY = date(2026, 3, 2)  # tests/handbook/conftest.py freezes it

CHAPTER_KEYS = {"id", "title", "participation", "wor_article", "position", "published_version"}
CREATED_CHAPTER_KEYS = {
    "id",
    "handbook",
    "title",
    "participation",
    "wor_article",
    "position",
    "review_on",
    "published_version",
    "draft_version",
}
VERSION_KEYS = {
    "id",
    "chapter",
    "number",
    "status",
    "body",
    "summary",
    "minor",
    "html",
    "created_at",
    "updated_at",
    "request",
    "deadline",
    "submitted_at",
    "submitted_by",
    "outcome",
    "motivation",
    "pvt_meeting_on",
    "responded_at",
    "responded_by",
    "decided_on",
    "decision_reference",
    "decided_by",
    "earliest_effective_date",
    "effective_date",
    "published_at",
    "published_by",
    "archived_at",
}
BODY_2 = (
    "# Ziekmelding\n\nMeld je ziek voor 8.30 uur bij je leidinggevende, telefonisch.\n\n"
    "## Bereikbaarheid\n\nJe bent tijdens je ziekte bereikbaar op het telefoonnummer dat bij "
    "P&O bekend is.\n"
)


@pytest.fixture
def people(hr, pvt, director):
    return {"hr": hr, "pvt": pvt, "director": director}


def post(client, url: str, data: dict | None = None):
    return client.post(url, data or {}, format="json")


def rule_in_dutch(rule, *args) -> str:
    """The rule's message as the API gives it (Dutch by default)."""
    with translation.override("nl"):
        return rule(*args)


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content[:400]
    body = response.json()
    assert set(body) == {"code", "detail", "fields"}
    assert body["code"] == code
    return body


# handbooks -------------------------------------------------------------------------------------


def test_handbooks_list_their_chapters(api, hr, published, advice_chapter):
    response = api(hr).get("/api/handbook/handbooks/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    handbook = body["results"][0]
    assert set(handbook) == {"id", "name", "description", "position", "chapters"}
    assert handbook["name"] == "Personeelshandboek"
    assert all(set(chapter) == CHAPTER_KEYS for chapter in handbook["chapters"])
    assert handbook["chapters"] == [
        {
            "id": published.chapter_id,
            "title": "Verzuim en re-integratie",
            "participation": "consent",
            "wor_article": "WOR art. 27",
            "position": 1,
            "published_version": published.pk,
        },
        {
            "id": advice_chapter.pk,
            "title": "Organisatie van de teams",
            "participation": "advice",
            "wor_article": "WOR art. 25",
            "position": 2,
            "published_version": None,
        },
    ]


@pytest.mark.parametrize("role", ["employee", "manager", "admin_user"])
def test_readers_see_only_published_chapters(request, api, role, published, advice_chapter):
    response = api(request.getfixturevalue(role)).get("/api/handbook/handbooks/")
    assert response.status_code == 200
    chapters = response.json()["results"][0]["chapters"]
    assert [chapter["id"] for chapter in chapters] == [published.chapter_id]


def test_handbooks_need_a_login(api, handbook):
    assert_error(api().get("/api/handbook/handbooks/"), 401, "not_authenticated")


def test_handbooks_list_in_a_constant_number_of_queries(api, hr, handbook):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert api(hr).get("/api/handbook/handbooks/").status_code == 200
        return len(context)

    services.chapter_create(actor=hr, handbook=handbook, title="Eén", participation="consent")
    few = queries()
    second = Handbook.objects.create(name="Handboek werkprocessen", position=2)
    for n in range(5):
        book = handbook if n % 2 else second
        services.chapter_create(actor=hr, handbook=book, title=f"H{n}", participation="advice")
    assert queries() == few


# chapters and versions -------------------------------------------------------------------------


def test_hr_creates_a_chapter_with_a_first_draft(api, hr, handbook):
    response = post(
        api(hr),
        "/api/handbook/chapters/",
        {
            "handbook": handbook.pk,
            "title": "Opleiding en ontwikkeling",
            "participation": "consent",
            "body": "# Opleiding\n\nIeder jaar een opleidingsplan.",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == CREATED_CHAPTER_KEYS
    chapter = Chapter.objects.get(pk=body["id"])
    draft = chapter.versions.get()
    assert body == {
        "id": chapter.pk,
        "handbook": handbook.pk,
        "title": "Opleiding en ontwikkeling",
        "participation": "consent",
        "wor_article": "WOR art. 27",
        "position": 1,
        "review_on": None,
        "published_version": None,
        "draft_version": draft.pk,
    }
    assert (draft.status, draft.body) == ("draft", "# Opleiding\n\nIeder jaar een opleidingsplan.")


@pytest.mark.parametrize("role", ["employee", "manager", "pvt", "board", "adjunct", "admin_user"])
def test_only_hr_and_the_director_create_chapters(request, api, role, handbook):
    response = post(
        api(request.getfixturevalue(role)),
        "/api/handbook/chapters/",
        {"handbook": handbook.pk, "title": "Privacy", "participation": "consent", "body": ""},
    )
    assert_error(response, 403, "permission_denied")
    assert not Chapter.objects.exists()


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"participation": "veto"}, "invalid", "participation"),
        ({"title": ""}, "invalid", "title"),
        ({"title": "x" * 201}, "invalid", "title"),
        ({"handbook": 999_999}, "invalid", "handbook"),
        ({"body": "x" * 100_001}, "invalid", "body"),
    ],
)
def test_invalid_chapters_are_refused(api, director, handbook, changes, code, field):
    data = {"handbook": handbook.pk, "title": "Privacy", "participation": "consent"} | changes
    body = assert_error(post(api(director), "/api/handbook/chapters/", data), 400, code)
    assert field in body["fields"]


def test_a_title_is_unique_in_its_handbook(api, hr, consent_chapter):
    data = {"handbook": consent_chapter.handbook_id, "title": consent_chapter.title}
    response = post(api(hr), "/api/handbook/chapters/", data | {"participation": "advice"})
    assert assert_error(response, 400, "duplicate")["fields"] == {
        "title": [response.json()["detail"]]
    }


def test_hr_writes_the_next_version(api, hr, published):
    response = post(
        api(hr),
        f"/api/handbook/chapters/{published.chapter_id}/versions/",
        {"body": BODY_2, "summary": "Ziekmelden om 8.30 uur"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == VERSION_KEYS
    version = Version.objects.get(pk=body["id"])
    assert (body["number"], body["status"], body["body"], body["summary"], body["minor"]) == (
        2,
        "draft",
        BODY_2,
        "Ziekmelden om 8.30 uur",
        False,
    )
    assert version.chapter_id == published.chapter_id


def test_a_next_version_without_a_body_starts_from_the_last_text(api, hr, published):
    response = post(api(hr), f"/api/handbook/chapters/{published.chapter_id}/versions/")
    assert response.status_code == 201
    assert response.json()["body"] == published.body


def test_no_next_version_while_one_is_in_progress(api, hr, draft):
    response = post(api(hr), f"/api/handbook/chapters/{draft.chapter_id}/versions/", {"body": "x"})
    assert_error(response, 400, "version_in_progress")


@pytest.mark.parametrize("role", ["employee", "pvt", "board"])
def test_only_hr_and_the_director_write_versions(request, api, role, published):
    url = f"/api/handbook/chapters/{published.chapter_id}/versions/"
    assert_error(
        post(api(request.getfixturevalue(role)), url, {"body": "x"}), 403, "permission_denied"
    )


@pytest.mark.parametrize("pk", ["999999", "abc", "99999999999999999999"])
def test_versions_of_an_unknown_chapter_are_404(api, hr, pk, handbook):
    assert_error(post(api(hr), f"/api/handbook/chapters/{pk}/versions/"), 404, "not_found")


# the steps ---------------------------------------------------------------------------------------


def test_the_consent_path_through_the_api(api, hr, pvt, director, board, draft):
    url = f"/api/handbook/versions/{draft.pk}"
    response = post(api(hr), f"{url}/submit/", {"deadline": "2026-04-13", "request": REQUEST})
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == VERSION_KEYS
    assert (body["status"], body["deadline"], body["request"]) == (
        "submitted",
        "2026-04-13",
        REQUEST,
    )
    assert body["submitted_by"] == str(hr)

    response = post(
        api(pvt),
        f"{url}/respond/",
        {
            "outcome": "consent_given",
            "motivation": "De PVT stemt in.",
            "pvt_meeting_on": "2026-03-02",
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["outcome"], body["motivation"], body["pvt_meeting_on"]) == (
        "responded",
        "consent_given",
        "De PVT stemt in.",
        "2026-03-02",
    )
    assert body["responded_by"] == str(pvt)

    response = post(api(board), f"{url}/decide/", {"date": "2026-03-02", "reference": "AB-2026-14"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["decided_on"], body["decision_reference"]) == (
        "decided",
        "2026-03-02",
        "AB-2026-14",
    )
    assert (body["decided_by"], body["earliest_effective_date"]) == (str(board), "2026-03-02")

    response = post(api(director), f"{url}/publish/", {"effective_date": "2026-03-02"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["effective_date"], body["published_by"]) == (
        "published",
        "2026-03-02",
        str(director),
    )
    assert body["published_at"] is not None


def test_submit_takes_the_default_deadline(api, hr, draft):
    response = post(api(hr), f"/api/handbook/versions/{draft.pk}/submit/", {"request": REQUEST})
    assert response.status_code == 200
    assert response.json()["deadline"] == "2026-04-13"  # six weeks


def test_publishing_without_consent_answers_the_rule(api, hr, draft):
    version = submit(draft, hr)
    response = post(
        api(hr), f"/api/handbook/versions/{version.pk}/publish/", {"effective_date": "2026-04-01"}
    )
    body = assert_error(response, 400, "step_out_of_order")
    assert body["detail"] == rule_in_dutch(workflow.cannot_publish, facts(version), TODAY, TODAY)
    assert body["fields"] == {"effective_date": [body["detail"]]}
    version.refresh_from_db()
    assert version.status == "submitted"


def test_a_step_out_of_order_answers_400_with_the_rule(api, hr, draft):
    version = submit(draft, hr)
    response = post(api(hr), f"/api/handbook/versions/{version.pk}/submit/", {"request": REQUEST})
    body = assert_error(response, 400, "step_out_of_order")
    assert body["detail"] == rule_in_dutch(workflow.cannot_submit, facts(version), TODAY)


def test_a_consent_chapter_is_not_answered_with_advice(api, hr, pvt, draft):
    version = submit(draft, hr)
    response = post(
        api(pvt),
        f"/api/handbook/versions/{version.pk}/respond/",
        {"outcome": "advice_positive", "motivation": "Positief"},
    )
    body = assert_error(response, 400, "step_out_of_order")
    assert body["detail"] == rule_in_dutch(
        workflow.cannot_respond, facts(version), "advice_positive"
    )


def test_consent_withheld_is_not_decided(api, hr, pvt, director, draft):
    version = respond(submit(draft, hr), pvt, "consent_withheld")
    response = post(
        api(director),
        f"/api/handbook/versions/{version.pk}/decide/",
        {"date": "2026-03-02", "reference": "AB-2026-15"},
    )
    body = assert_error(response, 400, "step_out_of_order")
    assert body["detail"] == rule_in_dutch(workflow.cannot_decide, facts(version), TODAY)


def test_an_early_effective_date_against_advice_is_refused(
    api, hr, pvt, director, advice_chapter, now
):
    version = decide(
        respond(submit(advice_chapter.versions.get(), hr), pvt, "advice_negative"), director
    )
    client = api(hr)
    detail = client.get(f"/api/handbook/versions/{version.pk}/").json()
    assert detail["earliest_effective_date"] == "2026-04-02"
    url = f"/api/handbook/versions/{version.pk}/publish/"
    assert_error(post(client, url, {"effective_date": "2026-04-01"}), 400, "step_out_of_order")
    # not ahead of time either: on 2 April it is published
    assert_error(post(client, url, {"effective_date": "2026-04-02"}), 400, "step_out_of_order")
    now.move_to(datetime(2026, 4, 2, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam")))
    assert post(client, url, {"effective_date": "2026-04-02"}).status_code == 200


@pytest.mark.parametrize(
    ("data", "code", "field"),
    [
        ({"deadline": "13-04-2026"}, "invalid", "deadline"),
        ({"deadline": "3026-04-13"}, "date_out_of_range", "deadline"),
        ({"request": "x" * 10_001}, "invalid", "request"),
    ],
)
def test_invalid_submissions_are_refused(api, hr, draft, data, code, field):
    response = post(
        api(hr), f"/api/handbook/versions/{draft.pk}/submit/", {"request": REQUEST} | data
    )
    assert field in assert_error(response, 400, code)["fields"]


STEPS = {
    "submit": ({"request": REQUEST}, {"hr", "director"}),
    "respond": ({"outcome": "consent_given", "motivation": "Ja"}, {"pvt"}),
    "decide": ({"date": "2026-03-02", "reference": "AB-1"}, {"director", "board"}),
    "publish": ({"effective_date": "2026-03-02"}, {"hr", "director"}),
    "acknowledge": ({}, {"employee", "manager", "hr", "adjunct", "director", "pvt"}),
}
ROLES = ["employee", "manager", "hr", "adjunct", "director", "pvt", "board", "admin_user"]


@pytest.mark.parametrize(
    ("step", "role"),
    [(step, role) for step, (_, allowed) in STEPS.items() for role in ROLES if role not in allowed],
)
def test_a_role_that_may_not_take_a_step_gets_403(request, api, draft, step, role):
    data = STEPS[step][0]
    response = post(
        api(request.getfixturevalue(role)), f"/api/handbook/versions/{draft.pk}/{step}/", data
    )
    assert_error(response, 403, "permission_denied")
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_steps_on_an_unknown_version_are_404(api, hr, db):
    assert_error(post(api(hr), "/api/handbook/versions/999999/submit/", {}), 404, "not_found")


# reading a version -------------------------------------------------------------------------------


def test_a_version_with_its_html_and_chapter(api, employee, published):
    response = api(employee).get(f"/api/handbook/versions/{published.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == VERSION_KEYS
    assert body["chapter"] == {
        "id": published.chapter_id,
        "handbook": published.chapter.handbook_id,
        "title": "Verzuim en re-integratie",
        "participation": "consent",
        "wor_article": "WOR art. 27",
    }
    assert (body["id"], body["number"], body["status"], body["body"]) == (
        published.pk,
        1,
        "published",
        published.body,
    )
    assert body["html"].startswith('<section class="para" id="p-')
    assert "<h2>Ziekmelding</h2>" in body["html"]  # h1 is the chapter's title
    assert "<li>Geef een verpleegadres door als je niet thuis bent.</li>" in body["html"]
    assert (body["outcome"], body["decision_reference"], body["effective_date"]) == (
        "consent_given",
        "AB-2026-14",
        "2026-03-02",
    )
    assert body["earliest_effective_date"] == "2026-03-02"


def test_the_html_is_sanitised_and_the_markdown_kept(api, hr, consent_chapter, draft):
    body = (
        "Tekst <script>alert(1)</script> <img src=x onerror=alert(2)> [klik](javascript:alert(3))"
    )
    services.version_update(actor=hr, version=draft, body=body)
    response = api(hr).get(f"/api/handbook/versions/{draft.pk}/").json()
    assert response["body"] == body
    assert problems(response["html"]) == []
    assert "&lt;script&gt;" in response["html"]  # shown as text, never run


@pytest.mark.parametrize("role", ["employee", "manager", "outsider", "admin_user"])
def test_readers_never_see_a_draft(request, api, role, draft):
    response = api(request.getfixturevalue(role)).get(f"/api/handbook/versions/{draft.pk}/")
    assert_error(response, 404, "not_found")


@pytest.mark.parametrize("role", ["hr", "director", "adjunct", "pvt", "board"])
def test_reviewers_see_a_draft(request, api, role, draft):
    response = api(request.getfixturevalue(role)).get(f"/api/handbook/versions/{draft.pk}/")
    assert response.status_code == 200
    assert response.json()["status"] == "draft"


def test_readers_see_an_archived_version(api, employee, published, people):
    new_published_version(published.chapter, body=BODY_2, **people)
    response = api(employee).get(f"/api/handbook/versions/{published.pk}/")
    assert response.status_code == 200
    assert response.json()["status"] == "archived"
    assert response.json()["archived_at"] is not None


def test_a_version_needs_a_login(api, published):
    assert_error(api().get(f"/api/handbook/versions/{published.pk}/"), 401, "not_authenticated")


# acknowledging -------------------------------------------------------------------------------------


def test_an_employee_acknowledges_the_published_version(api, employee, published):
    url = f"/api/handbook/versions/{published.pk}/acknowledge/"
    response = post(api(employee), url)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"version", "chapter", "employee", "acknowledged_at"}
    assert (body["version"], body["chapter"], body["employee"]) == (
        published.pk,
        published.chapter_id,
        employee.employee.pk,
    )
    again = post(api(employee), url)
    assert again.status_code == 200
    assert again.json() == body
    assert Acknowledgement.objects.count() == 1


def test_an_employee_cannot_acknowledge_a_draft_they_cannot_see(api, employee, draft):
    assert_error(
        post(api(employee), f"/api/handbook/versions/{draft.pk}/acknowledge/"), 404, "not_found"
    )


def test_only_the_published_version_is_acknowledged(api, hr, draft):
    response = post(api(hr), f"/api/handbook/versions/{draft.pk}/acknowledge/")
    assert_error(response, 400, "not_published")


# comparing two versions --------------------------------------------------------------------------


def test_the_changes_between_two_versions(api, employee, published, people):
    second = new_published_version(published.chapter, body=BODY_2, **people)
    response = api(employee).get(
        f"/api/handbook/versions/{second.pk}/diff/", {"against": published.pk}
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"version", "against", "html", "summary"}
    assert (body["version"], body["against"]) == (second.pk, published.pk)
    assert "<del>" in body["html"] and "<ins>" in body["html"]
    assert "<del>9.00 </del><ins>8.30 </ins>" in body["html"]
    assert body["summary"] == {
        "blocks_added": 0,
        "blocks_removed": 2,  # the two list items
        "blocks_changed": 1,
        "blocks_unchanged": 3,
        "words_inserted": 1,
        "words_deleted": 1 + 15,
    }


@pytest.mark.parametrize("against", [None, "", "abc", "1.5", "-1", "99999999999999999999"])
def test_diff_needs_a_version_number_to_compare_with(api, hr, published, against):
    params = {} if against is None else {"against": against}
    response = api(hr).get(f"/api/handbook/versions/{published.pk}/diff/", params)
    assert list(assert_error(response, 400, "invalid")["fields"]) == ["against"]


def test_diff_against_a_draft_is_404_for_an_employee(api, hr, employee, published):
    draft = services.version_create(actor=hr, chapter=published.chapter, body=BODY_2)
    client = api(employee)
    url = f"/api/handbook/versions/{published.pk}/diff/"
    assert_error(client.get(url, {"against": draft.pk}), 404, "not_found")
    url = f"/api/handbook/versions/{draft.pk}/diff/"
    assert_error(client.get(url, {"against": published.pk}), 404, "not_found")
    assert api(hr).get(url, {"against": published.pk}).status_code == 200


def test_diff_against_an_unknown_version_is_404(api, hr, published):
    response = api(hr).get(f"/api/handbook/versions/{published.pk}/diff/", {"against": 999999})
    assert_error(response, 404, "not_found")
