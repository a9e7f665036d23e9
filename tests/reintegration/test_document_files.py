"""A reintegration document's file and its row live and die together: no file under MEDIA_ROOT
without a row, no row without its file. Uploads check every file before writing any and remove
what they wrote when they fail; a deleted row (directly, by a cascade, through the admin) takes
its file with it once the deletion is committed."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from absence import services
from absence.models import Episode
from core.errors import ApplicationError
from reintegration.models import CaseDocument, CaseRecord, ReintegrationCase
from reintegration.services import documents_add, record_add
from reintegration.sync import sync_employees

AMS = ZoneInfo("Europe/Amsterdam")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
Kind = CaseRecord.Kind


def at(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 10, tzinfo=AMS), tick=False)


@pytest.fixture(autouse=True)
def _today():
    with at(date(2025, 6, 2)):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    """A MEDIA_ROOT of this test's own, so what is on disk is what this test wrote."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = str(root)
    return root


def pdf(name: str = "advies.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, "application/pdf")


def not_a_pdf(name: str = "brief.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"PK\x03\x04 not a pdf", "application/msword")


def on_disk(media: Path) -> set[str]:
    return {p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file()}


def in_rows() -> set[str]:
    return set(CaseDocument.objects.values_list("file", flat=True))


def assert_files_match_rows(media: Path) -> None:
    assert on_disk(media) == in_rows()


@pytest.fixture
def case(employee, adjunct):
    """`employee` sick since 5 May 2025, with a case since sick day 8."""
    Episode.objects.create(employee=employee.employee, first_sick_day=date(2025, 5, 5))
    sync_employees([employee.employee.pk])
    return ReintegrationCase.objects.get(employee=employee.employee)


@pytest.fixture
def plan(case, adjunct):
    return record_add(
        actor=adjunct,
        case=case,
        kind=Kind.ACTION_PLAN,
        date=date(2025, 5, 28),
        track="1",
        documents=[pdf("plan.pdf"), pdf("bijlage.pdf")],
    )


def test_a_record_with_documents_stores_each_file_with_its_row(media, plan):
    assert plan.documents.count() == 2
    assert len(on_disk(media)) == 2
    assert_files_match_rows(media)


@pytest.mark.parametrize(
    "door",
    [
        "/reintegration/records/{record}/documents/",
        "/reintegration/cases/{case}/records/new/?kind=consultation",
    ],
)
def test_an_upload_whose_second_file_is_refused_leaves_no_row_and_no_file(
    client, hr, media, plan, door
):
    before = on_disk(media)
    client.force_login(hr)

    response = client.post(
        door.format(record=plan.pk, case=plan.case_id),
        {"date": "2025-06-02", "documents": [pdf("goed.pdf"), not_a_pdf()]},
    )

    assert response.status_code == 200
    assert "brief.docx" in response.content.decode()
    assert CaseDocument.objects.count() == 2, "only the plan's own"
    assert CaseRecord.objects.count() == 1
    assert on_disk(media) == before
    assert_files_match_rows(media)


def test_the_service_refuses_before_writing_any_file(adjunct, media, plan):
    with pytest.raises(ApplicationError) as error:
        documents_add(actor=adjunct, record=plan, uploads=[pdf("a.pdf"), not_a_pdf()])

    assert error.value.code == "document_not_pdf"
    assert plan.documents.count() == 2
    assert_files_match_rows(media)


def test_a_failure_after_files_were_written_removes_them(adjunct, case, media, monkeypatch):
    saved = CaseDocument.save
    calls = []

    def fail_on_the_second_row(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 2:
            raise IntegrityError("the database refused the row")
        return saved(self, *args, **kwargs)

    monkeypatch.setattr(CaseDocument, "save", fail_on_the_second_row)

    with pytest.raises(IntegrityError):
        record_add(
            actor=adjunct,
            case=case,
            kind=Kind.CONSULTATION,
            date=date(2025, 6, 2),
            documents=[pdf("een.pdf"), pdf("twee.pdf")],
        )

    assert not CaseRecord.objects.exists()
    assert on_disk(media) == set()


def test_writing_files_inside_a_callers_transaction_is_refused(adjunct, case, media):
    """Only the outermost transaction knows its rows are committed, so a block that writes
    files must be it (a caller's rollback afterwards would leave the files behind)."""
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        record_add(
            actor=adjunct, case=case, kind=Kind.OTHER, date=date(2025, 6, 2), documents=[pdf()]
        )

    assert on_disk(media) == set()


def test_deleting_a_document_deletes_its_file_once_committed(
    media, plan, django_capture_on_commit_callbacks
):
    document = plan.documents.first()
    name = document.file.name

    with django_capture_on_commit_callbacks() as callbacks:
        document.delete()
        assert name in on_disk(media), "not before the deletion is committed"

    assert callbacks
    for callback in callbacks:
        callback()
    assert name not in on_disk(media)
    assert_files_match_rows(media)


@pytest.mark.parametrize("what", ["record", "case", "employee"])
def test_a_cascade_deletes_the_files_of_the_documents_it_deletes(
    media, plan, what, django_capture_on_commit_callbacks
):
    owner = {"record": plan, "case": plan.case, "employee": plan.case.employee}[what]

    with django_capture_on_commit_callbacks(execute=True):
        owner.delete()

    assert not CaseDocument.objects.exists()
    assert on_disk(media) == set()


def test_deleting_an_employee_in_the_admin_deletes_their_documents_files(
    client, admin_user, media, plan, django_capture_on_commit_callbacks
):
    employee = plan.case.employee
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/hrm/employee/{employee.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not CaseDocument.objects.exists()
    assert on_disk(media) == set()


def test_merging_two_cases_keeps_every_document_with_its_file(
    employee, adjunct, hr, media, django_capture_on_commit_callbacks
):
    person = employee.employee
    # sick from 1 Feb 2024 and again from 21 Jun: two cases, each with a document, until a
    # leave from 1 Mar to 20 Jun is recorded that bridges the two chains (poortwachter.md)
    with at(date(2024, 2, 20)):
        first = services.episode_report_sick(
            actor=None, employee=person, first_sick_day=date(2024, 2, 1), notify_arbo=False
        )
    with at(date(2024, 3, 1)):
        services.episode_recover(actor=None, episode=first, recovered_on=date(2024, 3, 1))
    before = ReintegrationCase.objects.get(employee=person)
    with at(date(2024, 2, 20)):
        record_add(
            actor=adjunct, case=before, kind=Kind.OTHER, date=date(2024, 2, 9), documents=[pdf()]
        )
    with at(date(2024, 7, 1)):
        services.episode_report_sick(
            actor=None, employee=person, first_sick_day=date(2024, 6, 21), notify_arbo=False
        )
        after = ReintegrationCase.objects.exclude(pk=before.pk).get()
        record_add(
            actor=adjunct, case=after, kind=Kind.OTHER, date=date(2024, 6, 28), documents=[pdf()]
        )
    assert len(on_disk(media)) == 2

    with at(date(2024, 7, 1)), django_capture_on_commit_callbacks(execute=True):
        services.maternity_leave_record(
            actor=hr, employee=person, start=date(2024, 3, 1), end=date(2024, 6, 20)
        )

    merged = ReintegrationCase.objects.get(employee=person)
    assert CaseDocument.objects.filter(record__case=merged).count() == 2
    assert len(on_disk(media)) == 2
    assert_files_match_rows(media)


def test_a_document_is_served_from_its_file(client, hr, plan):
    document = plan.documents.first()
    client.force_login(hr)

    response = client.get(f"/reintegration/documents/{document.pk}/")

    assert response.status_code == 200
    assert response.content == PDF
