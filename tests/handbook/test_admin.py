"""The handbook in the admin: HR keeps handbooks and the order of chapters there, but cannot
change a version's text or steps (those go through the services)."""

import pytest
from django.core.management import call_command

from core.models import User
from handbook.models import Chapter, Version

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_client(client):
    call_command("load_demo", quiet_logins=True)
    client.force_login(User.objects.get(username="hr"))
    return client


@pytest.mark.parametrize(
    "model", ["handbook", "chapter", "version", "commentthread", "acknowledgement"]
)
def test_hr_opens_every_handbook_list(hr_client, model):
    assert hr_client.get(f"/admin/handbook/{model}/").status_code == 200


def test_a_version_cannot_be_changed_in_the_admin(hr_client):
    version = Version.objects.filter(status="published").first()
    before = version.body
    response = hr_client.post(
        f"/admin/handbook/version/{version.pk}/change/", {"body": "Anders", "status": "draft"}
    )
    assert response.status_code == 403
    version.refresh_from_db()
    assert (version.body, version.status) == (before, "published")


def test_the_participation_right_is_fixed_once_a_version_went_to_the_pvt(hr_client):
    chapter = Chapter.objects.get(title="Ziekteverzuim- en re-integratieprotocol")
    page = hr_client.get(f"/admin/handbook/chapter/{chapter.pk}/change/").content.decode()
    assert 'name="participation"' not in page and 'name="title"' in page


def test_an_employee_has_no_handbook_admin(client):
    call_command("load_demo", quiet_logins=True)
    client.force_login(User.objects.get(username="employee"))
    assert client.get("/admin/handbook/version/").status_code in (302, 403)
