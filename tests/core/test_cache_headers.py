"""Responses with personal data are never stored by a browser or a proxy
(`Cache-Control: no-store`): pages behind the login, the API (errors too), exports, PDFs and the
calendar feed. Static files keep their own caching."""

from __future__ import annotations

import pytest

from core.calendar import calendar_feed_for


def assert_never_cached(response) -> None:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    assert {"no-store", "private"} <= directives, response.get("Cache-Control")


@pytest.mark.parametrize("url", ["/", "/people/", "/absence/", "/teams/"])
def test_pages_behind_the_login_are_never_cached(client, hr, url):
    client.force_login(hr)

    response = client.get(url)

    assert response.status_code == 200
    assert_never_cached(response)


def test_api_answers_are_never_cached(api, hr, db):
    me = api(hr).get("/api/me/")
    anonymous = api().get("/api/me/")

    assert me.status_code == 200
    assert anonymous.status_code == 401
    assert_never_cached(me)
    assert_never_cached(anonymous)


@pytest.mark.parametrize(
    "url",
    ["/people/export.csv", "/people/export.xlsx", "/absence/export.csv", "/absence/export.xlsx"],
)
def test_exports_are_never_cached(client, hr, url):
    client.force_login(hr)

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert_never_cached(response)


def test_board_report_pdf_is_never_cached(client, hr):
    client.force_login(hr)

    response = client.get("/absence/board-report/", {"month": "2026-10"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert_never_cached(response)


def test_calendar_feed_is_never_cached(client, adjunct):
    token = calendar_feed_for(adjunct).token

    response = client.get(f"/calendar/{token}.ics")  # no login: the token is the key

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert_never_cached(response)


def test_static_files_keep_their_caching(client, db):
    response = client.get("/static/core/app.css")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
