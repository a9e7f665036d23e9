"""Every answer of the API that is an error is JSON `{"code", "detail", "fields"}`, never an HTML
page and never a 500 for bad input: ids that are not numbers, bodies of the wrong JSON type,
bodies that are too large, URLs that do not exist, and a bug (an unhandled exception)."""

from __future__ import annotations

import json
import logging
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured, RequestDataTooBig
from django.http import HttpResponse
from django.urls import include, path
from rest_framework import viewsets

from absence.models import Episode, PartialRecovery
from core.api import NumericIds, Router
from hrm.api import MeView
from hrm.models import Team

ERROR_KEYS = {"code", "detail", "fields"}


def plain_view(request):
    """A Django view (not DRF) under /api/: what Django itself answers is made JSON as well."""
    if request.GET.get("fail"):
        raise RuntimeError("a bug in a plain view")
    return HttpResponse(f"{len(request.body)} bytes")


urlpatterns = [
    path("api/plain/", plain_view),
    path("", include("config.urls")),
]


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = json.loads(response.content)
    assert set(body) == ERROR_KEYS
    assert isinstance(body["detail"], str)
    assert body["detail"]
    assert isinstance(body["fields"], dict)
    return body


@pytest.fixture
def episode(employee):
    with time_machine.travel(date(2025, 6, 2)):
        return Episode.objects.create(employee=employee.employee, first_sick_day=date(2025, 5, 26))


# Ids that are not numbers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/absence/episodes/abc/"),
        ("post", "/api/absence/episodes/abc/recover/"),
        ("post", "/api/absence/episodes/abc/partial/"),
        ("post", "/api/absence/episodes/abc/correct/"),
        ("post", "/api/absence/episodes/abc/details/"),
        ("post", "/api/absence/episodes/abc/arbo-portal/"),
        ("get", "/api/absence/episodes/null%2Cnull/"),
        ("get", "/api/reintegration/cases/abc/"),
        ("get", "/api/reintegration/cases/abc/schedule/"),
        ("get", "/api/reintegration/cases/null,null/schedule/"),
        ("patch", "/api/teams/null,null/"),
        ("get", "/api/teams/-1/"),
        ("get", "/api/employees/0.5/"),
        ("post", "/api/employees/abc/offboard/"),
        ("put", "/api/employees/1e3/"),
        ("get", "/api/absence/maternity-leave/-2.2e-309/"),
        ("delete", "/api/absence/maternity-leave/abc/"),
        # beyond a 64-bit integer: the database would overflow
        ("get", "/api/teams/99999999999999999999999/"),
        ("get", "/api/absence/episodes/9223372036854775808/"),
    ],
)
def test_an_id_that_is_not_a_number_is_not_found(api, hr, method, url):
    response = getattr(api(hr), method)(url, {}, format="json")
    assert error_of(response, 404)["code"] == "not_found"


def test_an_id_that_is_a_number_still_works(api, hr, team_a):
    response = api(hr).patch(f"/api/teams/{team_a.pk}/", {"description": "Zuid"}, format="json")
    assert response.status_code == 200
    assert response.json()["name"] == "Geldrop-Mierlo"
    assert Team.objects.get(pk=team_a.pk).description == "Zuid"


# Bodies of the wrong JSON type -----------------------------------------------------------------


@pytest.mark.parametrize("body", ['["x"]', '"x"', "1", "null", "true", "[]"])
def test_a_team_change_that_is_not_an_object_is_invalid(api, hr, team_a, body):
    response = api(hr).patch(f"/api/teams/{team_a.pk}/", body, content_type="application/json")
    assert error_of(response, 400)["code"] == "invalid"
    assert Team.objects.get(pk=team_a.pk).name == "Geldrop-Mierlo"


@pytest.mark.parametrize(
    "url",
    [
        "/api/teams/",
        "/api/employees/",
        "/api/absence/episodes/",
        "/api/absence/maternity-leave/",
    ],
)
def test_a_new_record_that_is_not_an_object_is_invalid(api, hr, url):
    response = api(hr).post(url, '[{"name": "x"}]', content_type="application/json")
    body = error_of(response, 400)
    assert body["code"] == "invalid"
    assert set(body["fields"]) == {"non_field_errors"}


@pytest.mark.parametrize("steps", [[None], [None, {"start": "2025-05-30", "percentage": "50"}]])
def test_a_correction_with_a_null_step_is_invalid(api, hr, episode, steps):
    body = {
        "reason": "Verkeerde datum",
        "first_sick_day": "2025-05-26",
        "recovered_on": None,
        "partial_recoveries": steps,
    }
    with time_machine.travel(date(2025, 6, 2)):
        response = api(hr).post(f"/api/absence/episodes/{episode.pk}/correct/", body, format="json")
    result = error_of(response, 400)
    assert result["code"] == "invalid"
    assert any(key.startswith("partial_recoveries") for key in result["fields"])
    assert not PartialRecovery.objects.exists()


def test_a_correction_may_still_leave_the_steps_out_or_null(api, hr, episode):
    body = {"reason": "Verkeerde datum", "first_sick_day": "2025-05-27", "recovered_on": None}
    url = f"/api/absence/episodes/{episode.pk}/correct/"
    with time_machine.travel(date(2025, 6, 2)):
        assert api(hr).post(url, body, format="json").status_code == 200
        body |= {"partial_recoveries": None, "first_sick_day": "2025-05-26"}
        assert api(hr).post(url, body, format="json").status_code == 200


# Text in query parameters ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/absence/current/?team=%00",
        "/api/absence/current/?team=Staf%00",
        "/api/absence/report/?start=2025-01-01&end=2025-01-31&team=%00",
        "/api/teams/?name=%00",
    ],
)
def test_a_nul_character_in_a_query_parameter_is_invalid(api, hr, url):
    # PostgreSQL refuses NUL in text: unchecked, it was a 500 there (and silently "no match" on
    # SQLite).
    assert error_of(api(hr).get(url), 400)["code"] == "invalid"


def test_the_sick_list_still_filters_on_a_team(api, hr, team_a):
    assert api(hr).get("/api/absence/current/", {"team": team_a.name}).status_code == 200
    assert api(hr).get("/api/absence/current/", {"team": ""}).status_code == 200


# Bodies that are too large ---------------------------------------------------------------------


def test_a_json_body_over_the_limit_is_too_large(api, hr, team_a, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"name": "x" * 2000})
    response = api(hr).patch(f"/api/teams/{team_a.pk}/", body, content_type="application/json")
    assert error_of(response, 413)["code"] == "too_large"
    assert Team.objects.get(pk=team_a.pk).name == "Geldrop-Mierlo"


def test_a_json_body_within_the_limit_is_read(api, hr, team_a, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"description": "x" * 100})
    response = api(hr).patch(f"/api/teams/{team_a.pk}/", body, content_type="application/json")
    assert response.status_code == 200


def test_django_refusing_a_large_body_in_an_api_view_is_too_large(api, hr, monkeypatch):
    def read_too_much(self, request):
        raise RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.")

    monkeypatch.setattr(MeView, "get", read_too_much)
    assert error_of(api(hr).get("/api/me/"), 413)["code"] == "too_large"


@pytest.mark.urls(__name__)
def test_a_large_body_to_a_plain_view_under_the_api_is_too_large(client, hr, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(hr)
    assert client.post("/api/plain/", "x" * 100, content_type="text/plain").status_code == 200
    response = client.post("/api/plain/", "x" * 2000, content_type="text/plain")
    assert error_of(response, 413)["code"] == "too_large"


def test_the_schema_documents_too_large_for_every_body(client, hr):
    client.force_login(hr)
    schema = json.loads(client.get("/api/schema/?format=json").content)
    for path_item in schema["paths"].values():
        for method, operation in path_item.items():
            documented = set(operation["responses"])
            assert {"401", "403", "404"} <= documented
            if method in {"post", "put", "patch"}:
                assert "413" in documented
                assert "400" in documented


# URLs that do not exist, and bugs --------------------------------------------------------------


@pytest.mark.parametrize("url", ["/api/nope/", "/api/teams/1/nope/", "/api/absence/"])
def test_an_unknown_api_url_is_not_found(api, hr, url):
    assert error_of(api(hr).get(url), 404)["code"] == "not_found"


def test_an_unknown_api_url_is_not_found_for_anonymous_visitors(api, db):
    assert error_of(api().get("/api/nope/"), 404)["code"] == "not_found"


def test_an_unknown_api_url_is_not_found_with_debug_on(api, hr, settings):
    settings.DEBUG = True
    assert error_of(api(hr).get("/api/nope/"), 404)["code"] == "not_found"


def test_an_unknown_page_outside_the_api_stays_html(client, hr):
    client.force_login(hr)
    response = client.get("/nope-not-a-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("debug", [False, True])
def test_a_bug_in_an_api_view_is_a_json_server_error(api, hr, monkeypatch, settings, caplog, debug):
    settings.DEBUG = debug

    def broken(self, request):
        raise RuntimeError("a bug")

    monkeypatch.setattr(MeView, "get", broken)
    client = api(hr)
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/api/me/")
    body = error_of(response, 500)
    assert body["code"] == "server_error"
    assert "a bug" not in body["detail"]
    assert any(r.exc_info and r.exc_info[0] is RuntimeError for r in caplog.records)


@pytest.mark.urls(__name__)
def test_a_bug_in_a_plain_view_under_the_api_is_a_json_server_error(client, hr):
    client.force_login(hr)
    client.raise_request_exception = False
    body = error_of(client.get("/api/plain/?fail=1"), 500)
    assert body["code"] == "server_error"


def test_the_api_router_takes_only_viewsets_that_check_their_ids():
    class Unchecked(viewsets.GenericViewSet):
        queryset = Team.objects.all()

    class Checked(NumericIds, viewsets.GenericViewSet):
        queryset = Team.objects.all()

    router = Router()
    with pytest.raises(ImproperlyConfigured):
        router.register("unchecked", Unchecked, basename="unchecked")
    router.register("checked", Checked, basename="checked")
