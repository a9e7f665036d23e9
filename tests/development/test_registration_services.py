"""The registration services: who may write, the checks of the overrides, the one registration
per period, the category of an activity, and a certificate's file kept with its row."""

from datetime import date
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from core.errors import ApplicationError
from development.models import Activity, Registration
from development.services.registrations import activity_delete, activity_log, registration_save
from tests.development.registration_helpers import NOW, make_professions, register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def media(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path):
        yield tmp_path


@pytest.fixture
def professions(db):
    return make_professions()


def _save(actor, employee, **extra):
    values = {
        "employee": employee,
        "number": "110012345",
        "profession": "jeugdzorgwerker",
        "registered_on": date(2022, 3, 15),
        **extra,
    }
    return registration_save(actor, **values)


def test_hr_saves_a_registration_with_overrides(hr, employee, professions):
    registration = _save(
        hr, employee.employee, category_overrides={"reflection": "60", "ethics": 10.5}
    )
    assert registration.category_overrides == {"reflection": 60, "ethics": 10.5}
    assert registration.created_by == hr
    assert registration.profession == professions[0]


def test_only_hr_saves_registrations(employee, manager, professions):
    for actor in (employee, manager):
        with pytest.raises(PermissionDenied):
            _save(actor, employee.employee)


@pytest.mark.parametrize(
    "overrides",
    [
        {"bad key!": 5},
        {"reflection": -1},
        {"reflection": 1001},
        {"reflection": "veel"},
        {"reflection": True},
        {"reflection": None},
        {"reflection": "NaN"},
        ["reflection", 60],
    ],
)
def test_bad_overrides_are_refused(hr, employee, professions, overrides):
    with pytest.raises(ApplicationError) as raised:
        _save(hr, employee.employee, category_overrides=overrides)
    assert raised.value.code == "overrides_invalid"
    assert raised.value.field == "category_overrides"
    assert not Registration.objects.exists()


def test_one_registration_per_period(hr, employee, professions):
    first = _save(hr, employee.employee)
    with pytest.raises(ApplicationError) as raised:
        _save(hr, employee.employee)
    assert raised.value.code == "registration_exists"
    # changing the registration itself is not a duplicate
    changed = _save(hr, employee.employee, number="2", registration=first)
    assert changed.pk == first.pk and Registration.objects.get().number == "2"


def test_a_date_out_of_range_is_refused(hr, employee, professions):
    with pytest.raises(ApplicationError) as raised:
        _save(hr, employee.employee, registered_on=date(1800, 1, 1))
    assert raised.value.code == "date_out_of_range"


def test_an_activity_goes_to_the_current_registrations_categories(hr, employee, professions):
    jzw, jgp = professions
    register(employee.employee, jzw, registered_on=date(2017, 1, 1))
    register(employee.employee, jgp, registered_on=date(2022, 1, 1))
    # the newest registration (jeugd- en gezinsprofessional) has only "training"
    with pytest.raises(ApplicationError) as raised:
        activity_log(
            hr,
            employee=employee.employee,
            title="Intervisie",
            category="reflection",
            points=D(5),
            completed_on=date(2026, 1, 1),
        )
    assert raised.value.code == "unknown_category"
    activity = activity_log(
        hr,
        employee=employee.employee,
        title="Cursus",
        category="training",
        points=D("2.5"),
        completed_on=date(2026, 1, 1),
    )
    assert activity.points == D("2.5")


def test_an_empty_title_is_refused(employee, professions):
    register(employee.employee, professions[0])
    with pytest.raises(ApplicationError) as raised:
        activity_log(
            employee,
            employee=employee.employee,
            title="  ",
            category="free",
            points=D(1),
            completed_on=date(2026, 1, 1),
        )
    assert "title" in raised.value.fields


def test_a_manager_cannot_log_for_their_people(manager, employee, professions):
    register(employee.employee, professions[0])
    with pytest.raises(PermissionDenied):
        activity_log(
            manager,
            employee=employee.employee,
            title="x",
            category="free",
            points=D(1),
            completed_on=date(2026, 1, 1),
        )


def test_a_too_large_certificate_is_refused(employee, professions, monkeypatch):
    from development.services import registrations

    register(employee.employee, professions[0])
    monkeypatch.setattr(registrations, "MAX_CERTIFICATE_BYTES", 10)
    upload = SimpleUploadedFile("c.pdf", b"%PDF-1.4 more than ten bytes")
    with pytest.raises(ApplicationError) as raised:
        activity_log(
            employee,
            employee=employee.employee,
            title="x",
            category="free",
            points=D(1),
            completed_on=date(2026, 1, 1),
            certificate=upload,
        )
    assert raised.value.code == "certificate_too_large"


def test_deleting_an_activity_removes_its_certificate(
    employee, outsider, professions, django_capture_on_commit_callbacks
):
    register(employee.employee, professions[0])
    activity = activity_log(
        employee,
        employee=employee.employee,
        title="Supervisie",
        category="reflection",
        points=D(3),
        completed_on=date(2026, 1, 1),
        certificate=SimpleUploadedFile("c.pdf", b"%PDF-1.4 x"),
    )
    name = activity.certificate.name
    assert default_storage.exists(name)
    with pytest.raises(PermissionDenied):
        activity_delete(outsider, activity)
    with django_capture_on_commit_callbacks(execute=True):
        activity_delete(employee, activity)
    assert not Activity.objects.exists()
    assert not default_storage.exists(name)
