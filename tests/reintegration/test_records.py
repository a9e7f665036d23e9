"""Recording in the reintegration file: who may record, a date before the chain is refused,
PDF-only documents (refused beside the field, by the service, and later), documents served only
through the permission check, the action plan's agreed activities, the case's owner and WIA
date."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from core.errors import ApplicationError
from reintegration.models import CaseDocument, CaseRecord
from reintegration.selectors import view_of
from reintegration.services import (
    case_update,
    document_add,
    record_add,
)
from tests.reintegration.helpers import (
    PDF_BYTES,
    TODAY,
    Kind,
    body_of,
    milestones,
    pdf,
)

pytestmark = pytest.mark.usefixtures("_today")


def test_a_record_before_the_chain_start_is_refused(sick_case, adjunct):
    with pytest.raises(ApplicationError) as error:
        record_add(actor=adjunct, case=sick_case, kind=Kind.CONSULTATION, date=date(2025, 5, 1))
    assert error.value.code == "date_before_case"
    assert not CaseRecord.objects.exists()


@pytest.mark.parametrize("role", ["hr", "adjunct"])
def test_hr_and_the_adjunct_director_record(request, sick_case, role):
    actor = request.getfixturevalue(role)
    record = record_add(
        actor=actor,
        case=sick_case,
        kind=Kind.ACTION_PLAN,
        date=date(2025, 6, 1),
        goal="Terug in eigen werk, 4 uur per dag",
        track="1",
        activities=[{"description": "Aangepast werk", "owner": "Teamleider", "due": TODAY}],
        documents=[pdf()],
    )
    assert record.created_by == actor
    assert record.activities.get().description == "Aangepast werk"
    assert record.documents.get().name == "advies.pdf"


@pytest.mark.parametrize("role", ["manager", "director", "employee", "pvt"])
def test_others_may_not_record(request, sick_case, role):
    with pytest.raises(PermissionDenied):
        record_add(
            actor=request.getfixturevalue(role),
            case=sick_case,
            kind=Kind.CONSULTATION,
            date=TODAY,
        )
    assert not CaseRecord.objects.exists()


def test_a_non_pdf_upload_is_refused_beside_the_field_and_nothing_is_saved(client, hr, sick_case):
    client.force_login(hr)
    fake = SimpleUploadedFile("advies.pdf", b"<html>not a pdf</html>", "application/pdf")

    response = client.post(
        f"/reintegration/cases/{sick_case.pk}/records/new/?kind=consultation",
        {"date": "2025-06-02", "company_doctor": "Dr. Visser", "documents": [fake]},
    )

    assert response.status_code == 200
    html = response.content.decode()
    error = re.search(r'<ul class="field__errors" id="id_documents_error">(.*?)</ul>', html, re.S)
    assert error is not None, "the error is shown beside the documents field"
    assert "advies.pdf is geen pdf-bestand." in error.group(1)
    assert not CaseRecord.objects.exists()
    assert not CaseDocument.objects.exists()


def test_a_non_pdf_is_refused_by_the_service_with_its_code(sick_case, adjunct, plan):
    with pytest.raises(ApplicationError) as error:
        record_add(
            actor=adjunct,
            case=sick_case,
            kind=Kind.CONSULTATION,
            date=TODAY,
            documents=[pdf(), pdf("foto.pdf", b"\x89PNG\r\n\x1a\n")],
        )
    assert error.value.code == "document_not_pdf"
    assert error.value.field == "documents"
    with pytest.raises(ApplicationError) as error:
        document_add(actor=adjunct, record=plan, upload=pdf("leeg.pdf", b""))
    assert error.value.code == "document_not_pdf"
    assert CaseRecord.objects.count() == 1, "only the plan of the fixture"
    assert CaseDocument.objects.count() == 1


def test_a_non_pdf_added_to_a_record_later_is_refused_too(client, hr, plan):
    client.force_login(hr)
    response = client.post(
        f"/reintegration/records/{plan.pk}/documents/",
        {"documents": [SimpleUploadedFile("brief.docx", b"PK\x03\x04", "application/msword")]},
    )
    assert response.status_code == 200
    assert "brief.docx is geen pdf-bestand." in response.content.decode()
    assert plan.documents.count() == 1


def test_a_pdf_uploaded_with_a_record_is_stored_and_served_only_through_the_check(
    client, hr, outsider, sick_case
):
    content = PDF_BYTES + b"% consult 2 juni\n"
    client.force_login(hr)

    response = client.post(
        f"/reintegration/cases/{sick_case.pk}/records/new/?kind=consultation",
        {
            "date": "2025-06-02",
            "company_doctor": "Dr. Visser",
            "hours_per_day": "4",
            "can_do": "Administratief werk",
            "next_consultation": "2025-06-16",
            "documents": [pdf("consult.pdf", content)],
        },
    )

    assert response.status_code == 302
    record = CaseRecord.objects.get()
    assert (record.kind, record.date, record.created_by) == (Kind.CONSULTATION, TODAY, hr)
    assert record.next_consultation == date(2025, 6, 16)
    document = record.documents.get()
    assert (document.name, document.size, document.uploaded_by) == ("consult.pdf", len(content), hr)

    served = client.get(f"/reintegration/documents/{document.pk}/")
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert body_of(served) == content

    # the storage path is not a page of the site
    assert client.get("/" + document.file.name).status_code == 404
    client.force_login(outsider)
    assert client.get(f"/reintegration/documents/{document.pk}/").status_code == 404


def test_an_action_plan_with_agreed_activities_through_the_form(client, adjunct, sick_case):
    client.force_login(adjunct)
    url = f"/reintegration/cases/{sick_case.pk}/records/new/?kind=action_plan"
    assert client.get(url).status_code == 200
    data = {
        "date": "2025-06-02",
        "goal": "Terug in eigen werk",
        "track": "1",
        "signed_by_employer": "2025-06-02",
        "signed_by_employee": "2025-06-02",
        "activities-TOTAL_FORMS": "2",
        "activities-INITIAL_FORMS": "0",
        "activities-MIN_NUM_FORMS": "0",
        "activities-MAX_NUM_FORMS": "20",
        "activities-0-description": "Therapeutisch werk, 2 uur per dag",
        "activities-0-owner": "Leidinggevende",
        "activities-0-due": "2025-06-16",
    }

    response = client.post(url, data)

    assert response.status_code == 302
    record = CaseRecord.objects.get(kind=Kind.ACTION_PLAN)
    assert [(a.description, a.due) for a in record.activities.all()] == [
        ("Therapeutisch werk, 2 uur per dag", date(2025, 6, 16))
    ]
    got = milestones(view_of(sick_case, TODAY).schedule)
    assert got["action_plan"].status == "done"
    assert got["plan_evaluation"].due == date(2025, 7, 14)


@pytest.mark.parametrize("role", ["employee", "manager", "director"])
def test_only_hr_and_the_adjunct_director_use_the_record_form(request, client, sick_case, role):
    client.force_login(request.getfixturevalue(role))
    response = client.post(
        f"/reintegration/cases/{sick_case.pk}/records/new/?kind=consultation",
        {"date": "2025-06-02", "documents": [pdf()]},
    )
    assert response.status_code == 403
    assert not CaseRecord.objects.exists()


def test_case_edit_sets_the_owner_and_the_wia_letter_date(client, adjunct, hr, sick_case):
    client.force_login(adjunct)
    response = client.post(
        f"/reintegration/cases/{sick_case.pk}/edit/",
        {"owner": hr.pk, "wia_letter_date": "2027-02-01"},
    )
    assert response.status_code == 302
    sick_case.refresh_from_db()
    assert (sick_case.owner, sick_case.wia_letter_date) == (hr, date(2027, 2, 1))
    got = milestones(view_of(sick_case, TODAY).schedule)
    assert got["wia_application"].due == date(2027, 2, 1)


def test_the_owner_must_keep_cases(sick_case, adjunct, manager):
    with pytest.raises(ApplicationError) as error:
        case_update(actor=adjunct, case=sick_case, owner=manager)
    assert error.value.code == "owner_invalid"
    sick_case.refresh_from_db()
    assert sick_case.owner == adjunct
