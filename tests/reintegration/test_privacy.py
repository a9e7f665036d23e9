"""Who reads the reintegration file and the audit of every read by someone else
(shared/domain/privacy.md): the employee reads their own file and adds their view, a manager
reads (audited), other employees, PVT and board get 404."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from reintegration.services import (
    employee_view_set,
    record_add,
)
from tests.reintegration.helpers import (
    PDF_BYTES,
    TODAY,
    Kind,
    body_of,
    reads,
)

pytestmark = pytest.mark.usefixtures("_today")


def test_employee_sees_their_own_case_file_and_documents_without_audit(
    client, employee, person, plan
):
    client.force_login(employee)
    document = plan.documents.get()

    page = client.get(f"/reintegration/cases/{plan.case_id}/")
    assert page.status_code == 200
    assert "Opbouw naar eigen werk" in page.content.decode()
    assert f"/reintegration/records/{plan.pk}/my-view/" in page.content.decode()

    file = client.get(f"/reintegration/cases/{plan.case_id}/file.pdf")
    assert file.status_code == 200
    assert file.content.startswith(b"%PDF-")

    served = client.get(f"/reintegration/documents/{document.pk}/")
    assert served.status_code == 200
    assert body_of(served) == PDF_BYTES

    schedule = client.get(f"/api/reintegration/cases/{plan.case_id}/schedule/")
    assert schedule.status_code == 200

    assert reads() == [], "the employee's own reads are not audited"


def test_employee_adds_their_view_on_the_action_plan(client, employee, plan):
    client.force_login(employee)
    url = f"/reintegration/records/{plan.pk}/my-view/"
    assert client.get(url).status_code == 200

    response = client.post(url, {"text": "Ik wil eerst halve dagen proberen."})

    assert response.status_code == 302
    assert response["Location"] == f"/reintegration/cases/{plan.case_id}/"
    plan.refresh_from_db()
    assert plan.employee_view == "Ik wil eerst halve dagen proberen."
    page = client.get(response["Location"])
    assert "Ik wil eerst halve dagen proberen." in page.content.decode()


def test_employee_cannot_add_a_view_on_a_consultation(client, employee, sick_case, adjunct):
    consultation = record_add(actor=adjunct, case=sick_case, kind=Kind.CONSULTATION, date=TODAY)
    client.force_login(employee)

    response = client.post(f"/reintegration/records/{consultation.pk}/my-view/", {"text": "x"})

    assert response.status_code == 200
    assert "Je kunt je visie toevoegen aan het plan van aanpak" in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.employee_view == ""


@pytest.mark.parametrize(("role", "status"), [("manager", 403), ("hr", 403), ("outsider", 404)])
def test_only_the_employee_writes_their_view(request, client, plan, role, status):
    client.force_login(request.getfixturevalue(role))
    response = client.post(f"/reintegration/records/{plan.pk}/my-view/", {"text": "Niet van mij"})
    assert response.status_code == status
    plan.refresh_from_db()
    assert plan.employee_view == ""


def test_employee_view_service_refuses_anyone_else(plan, hr):
    with pytest.raises(PermissionDenied):
        employee_view_set(actor=hr, record=plan, text="Namens de werknemer")


def test_another_employee_gets_404_for_everything_of_the_case(client, api, outsider, person, plan):
    case_id, document = plan.case_id, plan.documents.get()
    client.force_login(outsider)
    for url in [
        f"/reintegration/cases/{case_id}/",
        f"/reintegration/cases/{case_id}/file.pdf",
        f"/reintegration/documents/{document.pk}/",
        f"/reintegration/records/{plan.pk}/my-view/",
    ]:
        assert client.get(url).status_code == 404, url
    for url in [
        f"/api/reintegration/cases/{case_id}/",
        f"/api/reintegration/cases/{case_id}/schedule/",
    ]:
        assert api(outsider).get(url).status_code == 404, url
    assert api(outsider).get("/api/reintegration/cases/").json()["results"] == []
    assert person.full_name not in client.get("/reintegration/").content.decode()
    assert reads() == []


@pytest.mark.parametrize("role", ["pvt", "board"])
def test_pvt_and_board_cannot_read_the_case(request, client, api, plan, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    assert client.get(f"/reintegration/cases/{plan.case_id}/").status_code == 404
    assert client.get(f"/reintegration/documents/{plan.documents.get().pk}/").status_code == 404
    assert api(user).get(f"/api/reintegration/cases/{plan.case_id}/schedule/").status_code == 404
    assert reads() == []


def test_the_manager_reads_the_case_and_each_read_is_audited(client, manager, person, plan):
    client.force_login(manager)
    document = plan.documents.get()

    assert client.get(f"/reintegration/cases/{plan.case_id}/").status_code == 200
    served = client.get(f"/reintegration/documents/{document.pk}/")
    assert served.status_code == 200
    assert body_of(served) == PDF_BYTES

    assert reads() == [
        ("manager", person.pk, "view_case", "case", str(plan.case_id)),
        ("manager", person.pk, "read_case_document", "case_document", str(document.pk)),
    ]


@pytest.mark.parametrize("role", ["manager", "hr", "adjunct", "director"])
@pytest.mark.parametrize(
    ("url", "action"),
    [
        ("/reintegration/cases/{case}/", "view_case"),
        ("/reintegration/cases/{case}/file.pdf", "view_case"),
        ("/reintegration/documents/{document}/", "read_case_document"),
        ("/api/reintegration/cases/{case}/", "view_case"),
        ("/api/reintegration/cases/{case}/schedule/", "view_case"),
        ("/reintegration/", "list_case"),
        ("/api/reintegration/cases/", "list_case"),
    ],
)
def test_every_read_by_someone_else_is_audited_once(
    request, client, api, plan, person, role, url, action
):
    user = request.getfixturevalue(role)
    url = url.format(case=plan.case_id, document=plan.documents.get().pk)
    if url.startswith("/api/"):
        response = api(user).get(url)
    else:
        client.force_login(user)
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            body_of(response)

    assert response.status_code == 200
    [(actor, subject, got, _type, _id)] = reads()
    assert (actor, subject, got) == (role, person.pk, action)


def test_the_absence_dashboard_audits_the_cases_it_lists(client, adjunct, person, plan):
    client.force_login(adjunct)
    response = client.get("/absence/")
    assert response.status_code == 200
    assert person.full_name in response.content.decode()
    assert ("adjunct", person.pk, "list_case", "case", str(plan.case_id)) in reads()
