"""The registration pages: Mijn SKJ (status, points, hours with the effect of sickness,
activities that count and that do not, logging an activity with a PDF certificate), one
registration for HR and the manager (audited), the certificate download, HR's overview (at risk
first, counts, filters, pagination) and HR's form; the menu entry and the home card."""

import html
import re
from datetime import date
from decimal import Decimal as D
from urllib.parse import parse_qs, urlparse

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation

from absence.models import Episode
from core.models import AuditEvent
from development.models import Activity, Registration
from development.registration_selectors import PER_PAGE
from hrm.services import employee_offboard
from tests.development.registration_helpers import NOW, make_professions, register
from tests.factories import make_person

pytestmark = pytest.mark.django_db

MINE = "/development/registration/"
OVERVIEW = "/development/registrations/"


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


@pytest.fixture
def registration(employee, professions):
    """The employee's registration from 15 March 2022: deadline 14 December 2026, at risk."""
    return register(employee.employee, professions[0], vog_on=date(2022, 3, 1))


def _log_form(**extra):
    return {
        "title": "Intervisie",
        "category": "reflection",
        "points": "5",
        "completed_on": "2026-11-20",
        **extra,
    }


def test_mine_without_a_registration_shows_the_empty_state(client, employee, professions):
    client.force_login(employee)
    response = client.get(MINE)
    assert response.status_code == 200
    assert b'data-testid="no-registration"' in response.content
    assert b'data-testid="log-activity"' not in response.content


def test_mine_shows_period_deadline_status_and_points(client, employee, registration):
    client.force_login(employee)
    with translation.override("en"):
        response = client.get(MINE, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-status="at_risk"' in page
    row = response.context["row"]
    assert row.figures.submission_deadline == date(2026, 12, 14)
    assert [c.key for c in row.categories] == ["training", "reflection", "free"]
    assert 'data-category="reflection"' in page
    assert response.context["form"] is not None
    assert not AuditEvent.objects.exists()  # one's own registration


def test_sickness_and_projected_shortfall_are_explained(client, employee, professions):
    registration = register(
        employee.employee, professions[0], registered_on=date(2025, 1, 1), hours_required=D(9500)
    )
    Episode.objects.create(
        employee=employee.employee, first_sick_day=date(2025, 3, 3), recovered_on=date(2025, 3, 31)
    )
    client.force_login(employee)
    response = client.get(MINE)
    page = response.content.decode()
    assert response.context["row"].hours_lost_to_sickness > 0
    assert 'data-testid="sickness-hours"' in page
    assert 'data-testid="hours-short"' in page
    assert response.context["registration"] == registration
    assert "Dagen waarop je (gedeeltelijk) ziek was" in page  # the page speaks Dutch


def test_hr_reads_the_explanations_about_this_person_not_you(client, hr, employee, professions):
    registration = register(
        employee.employee, professions[0], registered_on=date(2025, 1, 1), hours_required=D(9500)
    )
    Episode.objects.create(
        employee=employee.employee, first_sick_day=date(2025, 3, 3), recovered_on=date(2025, 3, 31)
    )
    client.force_login(hr)
    page = client.get(f"/development/registration/{registration.pk}/").content.decode()
    assert "Dagen waarop deze persoon (gedeeltelijk) ziek was" in page  # the page speaks Dutch
    assert "waarop je" not in page and "bespreek met deze persoon" in page


def test_an_override_is_marked_with_its_note(client, employee, professions):
    register(
        employee.employee,
        professions[0],
        category_overrides={"reflection": 60},
        override_note="SKJ vraagt extra reflectie",
    )
    client.force_login(employee)
    response = client.get(MINE)
    assert b"SKJ vraagt extra reflectie" in response.content
    line = {c.key: c for c in response.context["row"].categories}["reflection"]
    assert line.overridden and line.required == D(60)


def test_logging_an_activity_counts_it_and_changes_the_status(client, employee, professions):
    register(employee.employee, professions[0], registered_on=date(2024, 1, 1))
    for category, points in [("training", 60), ("reflection", 45), ("free", 50)]:
        Activity.objects.create(
            employee=employee.employee,
            title=category,
            category=category,
            points=D(points),
            completed_on=date(2025, 1, 1),
        )
    client.force_login(employee)
    assert client.get(MINE).context["row"].status == "on_track"
    response = client.post(MINE, _log_form())
    assert response.status_code == 302
    assert client.get(MINE).context["row"].status == "complete"
    assert Activity.objects.filter(title="Intervisie", created_by=employee).exists()


def test_a_bad_activity_shows_the_error_beside_the_field(client, employee, registration):
    client.force_login(employee)
    response = client.post(MINE, _log_form(completed_on="2027-01-01"))
    assert response.status_code == 200
    assert "completed_on" in response.context["form"].errors
    response = client.post(MINE, _log_form(points="0"))
    assert "points" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_a_certificate_must_be_a_pdf(client, employee, registration):
    client.force_login(employee)
    fake = SimpleUploadedFile("cert.pdf", b"GIF89a nope", content_type="application/pdf")
    response = client.post(MINE, {**_log_form(), "certificate": fake})
    assert response.status_code == 200
    assert "certificate" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_the_certificate_downloads_for_who_may_see_it_audited(
    client, employee, manager, hr, outsider, registration
):
    client.force_login(employee)
    pdf = SimpleUploadedFile("cert.pdf", b"%PDF-1.4 certificaat", content_type="application/pdf")
    assert client.post(MINE, {**_log_form(), "certificate": pdf}).status_code == 302
    activity = Activity.objects.get()
    url = f"/development/registration/activities/{activity.pk}/certificate.pdf"
    own = client.get(url)
    assert own.status_code == 200
    assert own["Content-Disposition"].startswith("attachment;")
    assert own.content == b"%PDF-1.4 certificaat"
    assert not AuditEvent.objects.exists()
    client.force_login(hr)
    assert client.get(url).status_code == 200
    assert AuditEvent.objects.filter(actor=hr, object_type="development_activity").count() == 1
    client.force_login(manager)
    assert client.get(url).status_code == 200
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_the_employee_removes_their_own_activity_the_manager_cannot(
    client, employee, manager, registration
):
    activity = Activity.objects.create(
        employee=employee.employee,
        title="x",
        category="free",
        points=D(1),
        completed_on=date(2026, 1, 1),
    )
    url = f"/development/registration/activities/{activity.pk}/delete/"
    client.force_login(manager)
    assert client.post(url).status_code == 403
    client.force_login(employee)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not Activity.objects.exists()


def test_one_registration_for_hr_and_the_manager_audited_404_for_others(
    client, employee, manager, hr, outsider, director, registration
):
    url = f"/development/registration/{registration.pk}/"
    for user in (hr, manager):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
    assert AuditEvent.objects.filter(object_type="development_registration").count() == 2
    # the manager reads, but logs nothing for their people
    assert response.context["form"] is None
    assert client.post(url, _log_form()).status_code == 403
    for user in (outsider, director):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_hr_logs_for_someone_on_their_page(client, hr, employee, registration):
    client.force_login(hr)
    url = f"/development/registration/{registration.pk}/"
    assert client.post(url, _log_form()).status_code == 302
    assert Activity.objects.get().employee == employee.employee


def test_the_overview_puts_those_at_risk_first_with_counts(client, hr, team_a, professions):
    complete = make_person(None, team=team_a)
    register(complete, professions[1], registered_on=date(2016, 1, 1), number="1")  # expired
    on_track = make_person(None, team=team_a)
    register(on_track, professions[0], registered_on=date(2024, 6, 1), number="2")
    at_risk = make_person(None, team=team_a)
    register(at_risk, professions[0], registered_on=date(2022, 3, 15), number="3")
    # only the newest registration of a person is listed
    register(at_risk, professions[0], registered_on=date(2017, 3, 15), number="old")
    client.force_login(hr)
    response = client.get(OVERVIEW)
    assert response.status_code == 200
    rows = response.context["overview"].rows
    assert [r.registration.number for r in rows] == ["1", "3", "2"]
    assert [r.status for r in rows] == ["expired", "at_risk", "on_track"]
    counts = response.context["overview"].counts
    assert counts == {"expired": 1, "overdue": 0, "at_risk": 1, "on_track": 1, "complete": 0}
    assert AuditEvent.objects.filter(action="list_registration").count() == 3
    filtered = client.get(OVERVIEW, {"status": "at_risk"})
    assert [r.registration.number for r in filtered.context["overview"].rows] == ["3"]
    assert filtered.context["overview"].counts == counts
    nobody = client.get(OVERVIEW, {"team": "Waalre"})
    assert b'data-testid="no-registrations"' in nobody.content


def test_the_overview_paginates_after_sorting(client, hr, team_a, professions):
    for n in range(PER_PAGE + 1):
        person = make_person(None, team=team_a)
        # the last one is the only expired registration: it comes first, on page 1
        day = date(2016, 1, 1) if n == PER_PAGE else date(2024, 6, 1)
        register(person, professions[0], registered_on=day, number=str(n))
    client.force_login(hr)
    first = client.get(OVERVIEW).context["overview"]
    assert len(first.rows) == PER_PAGE
    assert first.rows[0].registration.number == str(PER_PAGE)
    second = client.get(OVERVIEW, {"page": "2"}).context["overview"]
    assert len(second.rows) == 1
    assert client.get(OVERVIEW, {"page": "x"}).status_code == 200


def test_the_manager_sees_their_people_the_employee_may_not_open_the_overview(
    client, manager, employee, outsider, registration, professions
):
    register(outsider.employee, professions[0])
    client.force_login(manager)
    rows = client.get(OVERVIEW).context["overview"].rows
    assert [r.registration for r in rows] == [registration]
    client.force_login(employee)
    assert client.get(OVERVIEW).status_code == 403


def test_hr_creates_and_changes_a_registration(client, hr, employee, professions):
    client.force_login(hr)
    assert client.get("/development/registrations/new/").status_code == 200
    data = {
        "employee": employee.employee.pk,
        "register": "SKJ",
        "number": "110099999",
        "profession": professions[0].pk,
        "registered_on": "2023-04-01",
        "vog_on": "",
        "hours_required": "",
        "category_overrides": "reflection: 60\nethics: 10",
        "override_note": "Extra",
    }
    response = client.post("/development/registrations/new/", data)
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.category_overrides == {"reflection": 60, "ethics": 10}
    edit = f"/development/registration/{registration.pk}/edit/"
    assert client.get(edit).status_code == 200
    response = client.post(edit, {**data, "category_overrides": "reflection: 2000"})
    assert response.status_code == 200
    assert "category_overrides" in response.context["form"].errors
    assert client.post(edit, {**data, "number": "1"}).status_code == 302
    registration.refresh_from_db()
    assert registration.number == "1"


def test_only_hr_opens_the_registration_form(client, manager, employee):
    for user in (manager, employee):
        client.force_login(user)
        assert client.get("/development/registrations/new/").status_code == 403


def test_menu_and_home_card(client, employee, outsider, registration):
    client.force_login(employee)
    home = client.get("/")
    assert b'data-testid="home-registration"' in home.content
    assert MINE.encode() in home.content
    client.force_login(outsider)
    home = client.get("/")
    assert b'data-testid="home-registration"' not in home.content
    assert MINE.encode() not in home.content


def test_no_home_card_when_on_track(client, employee, professions):
    register(employee.employee, professions[0], registered_on=date(2025, 1, 1))
    client.force_login(employee)
    assert b'data-testid="home-registration"' not in client.get("/").content


def test_the_overview_leaves_out_people_who_have_left(client, hr, team_a, professions, now):
    staying = make_person(None, team=team_a)
    register(staying, professions[0], registered_on=date(2022, 3, 15), number="stays")
    leaver = make_person(None, team=team_a)
    register(leaver, professions[0], registered_on=date(2022, 3, 15), number="left")
    employee_offboard(
        actor=None, employee=leaver, exit_date=date(2026, 6, 30), reason="own_request"
    )
    client.force_login(hr)
    rows = client.get(OVERVIEW).context["overview"].rows
    assert [r.registration.number for r in rows] == ["stays"]


def test_the_form_refuses_a_future_date_someone_elses_number_and_offers_no_leavers(
    client, hr, employee, colleague, professions
):
    register(colleague.employee, professions[0], number="110999999", vog_on=date(2022, 1, 5))
    client.force_login(hr)
    data = {
        "employee": employee.employee.pk,
        "register": "SKJ",
        "number": "110999999",
        "profession": professions[0].pk,
        "registered_on": "2022-03-15",
    }
    taken = client.post("/development/registrations/new/", data)
    assert taken.status_code == 200 and "number" in taken.context["form"].errors
    future = client.post(
        "/development/registrations/new/",
        {**data, "number": "110111111", "registered_on": "2027-01-04"},
    )
    assert future.status_code == 200 and "registered_on" in future.context["form"].errors
    assert not Registration.objects.filter(employee=employee.employee).exists()
    leaver = make_person(None)
    leaver.exit_date, leaver.exit_reason = date(2025, 8, 31), "own_request"
    leaver.save()
    offered = client.get("/development/registrations/new/").context["form"].fields["employee"]
    assert leaver not in offered.queryset and employee.employee in offered.queryset


def test_a_re_registration_keeps_the_vog_date_and_hr_can_delete_a_mistake(
    client, hr, employee, professions
):
    from development.services.registrations import registration_save

    first = register(employee.employee, professions[0], vog_on=date(2021, 12, 1))
    again = registration_save(
        hr, employee=employee.employee, number="110012345", profession=professions[0],
        registered_on=date(2026, 3, 15),
    )  # fmt: skip
    assert again.vog_on == date(2021, 12, 1)
    client.force_login(hr)
    url = f"/admin/development/registration/{again.pk}/delete/"
    assert client.get(url).status_code == 200
    client.post(url, {"post": "yes"})
    assert list(Registration.objects.filter(employee=employee.employee)) == [first]


def test_the_next_page_keeps_the_filters(client, hr, team_a, professions):
    for n in range(PER_PAGE + 1):
        register(make_person(None, team=team_a), professions[0], date(2024, 6, 1), number=str(n))
    client.force_login(hr)
    page = client.get(OVERVIEW, {"status": "on_track", "team": team_a.name}).content.decode()
    link = re.search(r'<a class="pagination__page" rel="next" href="([^"]+)"', page)
    assert link is not None
    query = parse_qs(urlparse(html.unescape(link[1])).query)
    assert query == {"status": ["on_track"], "team": [team_a.name], "page": ["2"]}
