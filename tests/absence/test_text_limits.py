"""Every free-text field has a maximum, taken from the model field, and every door checks it:
the pages (the message beside the field), the API (JSON 400 naming the field), the services
underneath and the CSV imports. An over-long value stores nothing.

Today is frozen at Monday 4 March 2024."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from absence import services
from absence.models import Episode, EpisodeChange
from core.errors import ApplicationError
from reintegration.forms import RecordForm
from reintegration.models import CaseRecord

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime(2024, 3, 4, 10, 0, tzinfo=AMS), tick=False):
        yield


@pytest.fixture
def episode(employee):
    return Episode.objects.create(employee=employee.employee, first_sick_day=date(2024, 2, 26))


def limit(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def test_every_free_text_field_has_a_maximum():
    from django.apps import apps
    from django.db import models

    unbounded = [
        f"{model._meta.label}.{field.name}"
        for app in ("core", "hrm", "absence")
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.fields
        if isinstance(field, models.TextField) and not field.max_length
    ]

    assert unbounded == []


def test_the_limits_are_sensible():
    assert limit(Episode, "contact_address") == 500
    assert limit(Episode, "availability") == 1000
    assert limit(EpisodeChange, "reason") == 2000
    assert limit(CaseRecord, "notes") == 5000


# Pages ------------------------------------------------------------------------------------------


def test_details_page(client, hr, episode):
    client.force_login(hr)
    too_long = "x" * (limit(Episode, "contact_address") + 1)

    response = client.post(
        f"/absence/episodes/{episode.pk}/details/",
        {"expected_duration": "unknown", "contact_address": too_long},
    )

    assert response.status_code == 200
    assert "contact_address" in response.context["form"].errors
    episode.refresh_from_db()
    assert episode.contact_address == ""


def test_report_sick_page(client, employee):
    client.force_login(employee)

    response = client.post(
        "/absence/report-sick/",
        {
            "employee": employee.employee.pk,
            "first_sick_day": "2024-03-04",
            "expected_duration": "unknown",
            "availability": "x" * (limit(Episode, "availability") + 1),
        },
    )

    assert response.status_code == 200
    assert "availability" in response.context["form"].errors
    assert not Episode.objects.exists()


def test_correct_page_reason(client, hr, episode):
    client.force_login(hr)

    response = client.post(
        f"/absence/episodes/{episode.pk}/correct/",
        {"first_sick_day": "2024-02-27", "reason": "x" * (limit(EpisodeChange, "reason") + 1)},
    )

    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    episode.refresh_from_db()
    assert episode.first_sick_day == date(2024, 2, 26)


def test_case_record_form(db):
    form = RecordForm(
        data={"date": "2024-03-04", "notes": "x" * (limit(CaseRecord, "notes") + 1)},
        kind=CaseRecord.Kind.OTHER,
    )

    assert not form.is_valid()
    assert "notes" in form.errors


# API --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [501, 100_000])
def test_api_details(api, hr, episode, size):
    response = api(hr).post(
        f"/api/absence/episodes/{episode.pk}/details/",
        {"contact_address": "x" * size},
        format="json",
    )

    assert response.status_code == 400
    body = response.json()
    assert (body["code"], list(body["fields"])) == ("invalid", ["contact_address"])
    episode.refresh_from_db()
    assert episode.contact_address == ""


def test_api_report_sick(api, employee):
    response = api(employee).post(
        "/api/absence/episodes/",
        {
            "employee": employee.employee.pk,
            "first_sick_day": "2024-03-04",
            "contact_address": "x" * 501,
        },
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["contact_address"]
    assert not Episode.objects.exists()


def test_api_correct_reason(api, hr, episode):
    response = api(hr).post(
        f"/api/absence/episodes/{episode.pk}/correct/",
        {"reason": "x" * 2001, "first_sick_day": "2024-02-27", "recovered_on": None},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["reason"]
    assert not EpisodeChange.objects.exists()


def test_api_employee_search(api, hr):
    response = api(hr).get("/api/employees/", {"q": "x" * 201})

    assert response.status_code == 400
    assert "q" in response.json()["fields"]


# Services ---------------------------------------------------------------------------------------


def test_report_sick_service(employee):
    with pytest.raises(ApplicationError) as error:
        services.episode_report_sick(
            actor=employee,
            employee=employee.employee,
            first_sick_day=date(2024, 3, 4),
            availability="x" * 1001,
            notify_arbo=False,
        )

    assert (error.value.code, list(error.value.fields)) == ("invalid", ["availability"])
    assert not Episode.objects.exists()


def test_correct_service_reason(hr, episode):
    with pytest.raises(ApplicationError) as error:
        services.episode_correct(
            actor=hr,
            episode=episode,
            reason="x" * 2001,
            first_sick_day=date(2024, 2, 27),
            recovered_on=None,
        )

    assert list(error.value.fields) == ["reason"]
    episode.refresh_from_db()
    assert episode.first_sick_day == date(2024, 2, 26)
