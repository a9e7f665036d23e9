"""Signing in and out: the language of the pages, password reset, locking after failed logins,
and the login of someone whose employment ended."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.core import mail
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.calendar import calendar_feed_for
from core.models import User
from core.roles import Role
from hrm import services
from tests.factories import make_person

PASSWORD = "demo-pass-123"  # tests.factories.UserFactory


@pytest.fixture(autouse=True)
def _fresh_axes(db):
    reset()
    yield
    reset()


def _lang(response) -> str:
    match = re.search(rb'<html lang="([a-z-]+)"', response.content)
    assert match, "no <html lang> on the page"
    return match.group(1).decode()


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _log_in(client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


# Language -------------------------------------------------------------------------------------


def test_login_page_is_dutch_by_default(client, db):
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    assert _lang(response) == "nl"
    assert response["Content-Language"] == "nl"


def test_browser_language_is_ignored(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")

    assert _lang(response) == "nl"
    assert response["Content-Language"] == "nl"


def test_signed_in_pages_follow_the_users_language(client, employee):
    client.force_login(employee)
    assert _lang(client.get("/")) == "nl"

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/teams/"})

    assert response.status_code == 302
    assert response["Location"] == "/teams/"
    employee.refresh_from_db()
    assert employee.language == "en"
    page = client.get("/teams/")
    assert _lang(page) == "en"
    assert page["Content-Language"] == "en"


def test_users_language_beats_the_cookie(client, employee):
    User.objects.filter(pk=employee.pk).update(language="en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    client.force_login(employee)

    assert _lang(client.get("/")) == "en"


def test_language_follows_the_user_to_another_browser(client, employee):
    client.force_login(employee)
    client.post("/i18n/setlang/", {"language": "en"})

    other = type(client)()
    other.force_login(employee)
    assert _lang(other.get("/")) == "en"


def test_api_answers_in_the_users_language(client, employee):
    User.objects.filter(pk=employee.pk).update(language="en")
    client.force_login(employee)

    response = client.get("/api/employees/999999/")

    assert response.status_code == 404
    assert response["Content-Language"] == "en"


def test_anonymous_switch_sets_the_cookie(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["max-age"] == 365 * 24 * 3600
    page = client.get("/accounts/login/")
    assert _lang(page) == "en"
    assert page["Content-Language"] == "en"


def test_unknown_language_changes_nothing(client, employee):
    client.force_login(employee)

    response = client.post("/i18n/setlang/", {"language": "de"})

    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    employee.refresh_from_db()
    assert employee.language == "nl"
    assert _lang(client.get("/")) == "nl"


def test_unknown_language_in_the_cookie_falls_back_to_dutch(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    assert _lang(client.get("/accounts/login/")) == "nl"


def test_language_switch_does_not_redirect_off_site(client, db):
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "https://evil.example/phish"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_language_switch_is_post_only(client, employee):
    client.force_login(employee)
    assert client.get("/i18n/setlang/", {"language": "en"}).status_code == 405
    employee.refresh_from_db()
    assert employee.language == "nl"


# Logging in -----------------------------------------------------------------------------------


def test_login_with_the_form(client, employee):
    response = _log_in(client, "employee", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _signed_in(client)


def test_login_follows_next(client, employee):
    response = client.post(
        "/accounts/login/?next=/teams/",
        {"username": "employee", "password": PASSWORD, "next": "/teams/"},
    )
    assert response["Location"] == "/teams/"


def test_wrong_password_is_refused(client, employee):
    response = _log_in(client, "employee", "wrong")

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not _signed_in(client)


def test_signed_in_user_skips_the_login_page(client, employee):
    client.force_login(employee)
    response = client.get("/accounts/login/")
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_leaver_cannot_log_in(client, team_a):
    user = make_person("leaver", team=team_a)
    user.employee.exit_date, user.employee.exit_reason = date(2020, 1, 31), "own_request"
    user.employee.save()

    response = _log_in(client, "leaver", PASSWORD)

    assert response.status_code == 200
    assert not _signed_in(client)


def test_leaver_can_log_in_until_the_last_working_day(client, team_a):
    user = make_person("leaver", team=team_a)
    user.employee.exit_date, user.employee.exit_reason = date(2999, 1, 31), "own_request"
    user.employee.save()

    _log_in(client, "leaver", PASSWORD)

    assert _signed_in(client)


def test_session_of_a_leaver_ends(client, team_a):
    user = make_person("leaver", team=team_a)
    client.force_login(user)
    assert client.get("/").status_code == 200

    user.employee.exit_date, user.employee.exit_reason = date(2020, 1, 31), "own_request"
    user.employee.save()
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.get("/api/me/").status_code in (401, 403)


def _offboard(user, hr, exit_date: date) -> None:
    """HR's offboarding, without the nightly task that deactivates leavers afterwards."""
    services.employee_offboard(
        actor=hr, employee=user.employee, exit_date=exit_date, reason="own_request"
    )


def test_token_of_a_leaver_stops_working_the_day_after_offboarding(hr, team_a):
    user = make_person("leaver", team=team_a)
    token = Token.objects.create(user=user).key
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    yesterday = timezone.localdate() - timedelta(days=1)
    assert api.get("/api/me/").status_code == 200

    _offboard(user, hr, exit_date=yesterday)
    me = api.get("/api/me/")
    report = api.post(
        "/api/absence/episodes/",
        {"employee": user.employee.pk, "first_sick_day": yesterday.isoformat()},
        format="json",
    )

    for response in (me, report):
        assert response.status_code == 401
        assert response["Content-Type"] == "application/json"
        assert response.json()["code"] == "authentication_failed"
    assert not user.employee.episodes.exists()
    assert User.objects.get(pk=user.pk).is_active  # refused at request time, not by the task


def test_token_of_a_leaver_works_on_the_last_working_day(hr, team_a):
    user = make_person("leaver", team=team_a)
    token = Token.objects.create(user=user).key
    _offboard(user, hr, exit_date=timezone.localdate())

    response = APIClient().get("/api/me/", HTTP_AUTHORIZATION=f"Token {token}")

    assert response.status_code == 200


def test_session_api_of_a_leaver_is_refused(hr, team_a):
    user = make_person("leaver", team=team_a)
    api = APIClient()
    api.force_login(user)
    assert api.get("/api/me/").status_code == 200

    _offboard(user, hr, exit_date=timezone.localdate() - timedelta(days=1))

    assert api.get("/api/me/").status_code in (401, 403)


def test_admin_refuses_a_leaver(client, hr, team_a):
    user = make_person("leaver", team=team_a)
    User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
    client.force_login(user)
    assert client.get("/admin/").status_code == 200

    _offboard(user, hr, exit_date=timezone.localdate() - timedelta(days=1))
    page = client.get("/admin/")
    login = _log_in(client, "leaver", PASSWORD)  # the admin's login page sends people here

    assert page.status_code == 302
    assert page["Location"].startswith("/admin/login/")
    assert login.status_code == 200  # the form again, with an error
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/core/user/").status_code == 302


def test_calendar_feed_of_a_leaver_stops(client, hr, team_a):
    user = make_person("leaver", Role.ADJUNCT_DIRECTOR, team=team_a)
    token = calendar_feed_for(user).token
    assert client.get(f"/calendar/{token}.ics").status_code == 200

    _offboard(user, hr, exit_date=timezone.localdate() - timedelta(days=1))

    assert client.get(f"/calendar/{token}.ics").status_code == 404


# Password reset -------------------------------------------------------------------------------


def _reset_link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/reset/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_password_reset(client, employee):
    response = client.post("/accounts/password_reset/", {"email": employee.email})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password_reset/done/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [employee.email]
    link = _reset_link(message)
    assert "employee" in message.body  # the username, for people who forgot it too

    response = client.get(link)
    assert response.status_code == 302
    form_url = response["Location"]
    assert form_url.endswith("/set-password/")
    assert client.get(form_url).status_code == 200

    response = client.post(
        form_url, {"new_password1": "Zomer-in-Waalre-2025", "new_password2": "Zomer-in-Waalre-2025"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/reset/done/"
    employee.refresh_from_db()
    assert employee.check_password("Zomer-in-Waalre-2025")
    assert not employee.check_password(PASSWORD)

    _log_in(client, "employee", "Zomer-in-Waalre-2025")
    assert _signed_in(client)


def test_reset_link_works_once(client, employee):
    client.post("/accounts/password_reset/", {"email": employee.email})
    link = _reset_link(mail.outbox[0])
    form_url = client.get(link)["Location"]
    client.post(
        form_url, {"new_password1": "Zomer-in-Waalre-2025", "new_password2": "Zomer-in-Waalre-2025"}
    )

    again = type(client)()
    response = again.get(link)
    if response.status_code == 302:
        response = again.get(response["Location"])
    assert response.status_code == 200
    assert response.context["validlink"] is False


def test_reset_with_an_unknown_address_sends_nothing_and_says_the_same(client, employee):
    response = client.post("/accounts/password_reset/", {"email": "nobody@plusteam.example"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password_reset/done/"
    assert mail.outbox == []


def test_reset_with_a_weak_password_is_refused(client, employee):
    client.post("/accounts/password_reset/", {"email": employee.email})
    form_url = client.get(_reset_link(mail.outbox[0]))["Location"]

    response = client.post(form_url, {"new_password1": "12345678", "new_password2": "12345678"})

    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    employee.refresh_from_db()
    assert employee.check_password(PASSWORD)


# Locking after failed logins (django-axes) ----------------------------------------------------


def _fail(client, username: str, times: int) -> list[int]:
    return [_log_in(client, username, f"wrong-{i}").status_code for i in range(times)]


def test_five_failures_lock_the_account(client, employee):
    statuses = _fail(client, "employee", settings.AXES_FAILURE_LIMIT)
    assert statuses[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)

    response = _log_in(client, "employee", PASSWORD)

    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    assert not _signed_in(client)
    assert AccessAttempt.objects.filter(username="employee").exists()


def test_lock_holds_in_another_browser(client, employee):
    _fail(client, "employee", settings.AXES_FAILURE_LIMIT)

    other = type(client)(REMOTE_ADDR="10.1.2.3")
    response = _log_in(other, "employee", PASSWORD)

    assert response.status_code == 429
    assert not _signed_in(other)


def test_four_failures_do_not_lock(client, employee):
    _fail(client, "employee", settings.AXES_FAILURE_LIMIT - 1)

    _log_in(client, "employee", PASSWORD)

    assert _signed_in(client)


def test_success_resets_the_count(client, employee):
    _fail(client, "employee", settings.AXES_FAILURE_LIMIT - 1)
    _log_in(client, "employee", PASSWORD)
    client.post("/accounts/logout/")
    _fail(client, "employee", settings.AXES_FAILURE_LIMIT - 1)

    _log_in(client, "employee", PASSWORD)

    assert _signed_in(client)


def test_lock_is_per_account(client, employee, outsider):
    _fail(client, "employee", settings.AXES_FAILURE_LIMIT)

    _log_in(client, "outsider", PASSWORD)

    assert _signed_in(client)


def test_reset_unlocks(client, employee):
    _fail(client, "employee", settings.AXES_FAILURE_LIMIT)
    assert _log_in(client, "employee", PASSWORD).status_code == 429

    reset(username="employee")

    _log_in(client, "employee", PASSWORD)
    assert _signed_in(client)
