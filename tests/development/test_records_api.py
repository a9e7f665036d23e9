"""The record through the API: preparation per side, sharing, agreements, signing and the
follow-up note; errors as {"code", "detail", "fields"}; reads by HR audited."""

import pytest
from rest_framework.test import APIClient

from core.models import AuditEvent
from development import services
from development.models import Interview, Signature
from tests.development.conftest import interview_of

pytestmark = pytest.mark.django_db

AGREEMENT = {
    "goals": "Regie voeren op complexe casussen",
    "training_wishes": ["SCHIP-training", "", "Traumasensitief werken"],
    "support": "Intervisie elke 6 weken",
    "follow_up_on": "2027-03-01",
}


@pytest.fixture
def planned(employee, slots, now):
    """Booked, and the clock at the start of the talk (agreements are written from then on)."""
    services.interview_book(actor=employee, slot=slots[0])
    now.move_to(slots[0].start)
    return interview_of(employee)


def _client(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def _url(interview, rest: str) -> str:
    return f"/api/development/interviews/{interview.pk}/{rest}"


def _error(response, status: int, code: str) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "detail", "fields"}
    assert body["code"] == code


def test_own_preparation_round_trip(employee, planned):
    client = _client(employee)
    empty = client.get(_url(planned, "preparation/employee/"))
    assert empty.status_code == 200
    assert empty.json()["answers"] == {} and empty.json()["shared_at"] is None
    assert [q["key"] for q in empty.json()["questions"]][:2] == [
        "afgelopen_jaar",
        "afspraken_vorig_jaar",
    ]
    saved = client.put(
        _url(planned, "preparation/employee/"),
        {"answers": {"ambities": "Meer regie"}},
        format="json",
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["answers"] == {"ambities": "Meer regie"}
    assert client.get(_url(planned, "preparation/employee/")).json()["answers"] == {
        "ambities": "Meer regie"
    }


def test_unshared_preparation_is_404_for_the_manager_and_hr(employee, manager, hr, planned):
    _client(employee).put(
        _url(planned, "preparation/employee/"), {"answers": {"ambities": "x"}}, format="json"
    )
    _error(_client(manager).get(_url(planned, "preparation/employee/")), 404, "not_found")
    _error(_client(hr).get(_url(planned, "preparation/employee/")), 404, "not_found")
    shared = _client(employee).post(_url(planned, "preparation/employee/share/"))
    assert shared.status_code == 200
    assert shared.json()["shared_at"] == "2026-10-06T09:00:00+02:00"
    read = _client(manager).get(_url(planned, "preparation/employee/"))
    assert read.status_code == 200 and read.json()["answers"] == {"ambities": "x"}


def test_unknown_side_is_404(employee, planned):
    _error(_client(employee).get(_url(planned, "preparation/boss/")), 404, "not_found")
    _error(
        _client(employee).put(_url(planned, "preparation/boss/"), {"answers": {}}, format="json"),
        404,
        "not_found",
    )


def test_writing_the_other_side_is_forbidden(employee, planned):
    response = _client(employee).put(
        _url(planned, "preparation/manager/"), {"answers": {"sterke_punten": "x"}}, format="json"
    )
    _error(response, 403, "permission_denied")
    _error(
        _client(employee).post(_url(planned, "preparation/manager/share/")),
        403,
        "permission_denied",
    )


def test_preparation_errors_have_codes(employee, planned):
    client = _client(employee)
    unknown = client.put(
        _url(planned, "preparation/employee/"), {"answers": {"vraag": "x"}}, format="json"
    )
    _error(unknown, 400, "unknown_question")
    assert "vraag" in unknown.json()["fields"]
    long = client.put(
        _url(planned, "preparation/employee/"), {"answers": {"werkdruk": "x" * 5001}}, format="json"
    )
    _error(long, 400, "too_long")
    assert set(long.json()["fields"]) == {"werkdruk"}
    _error(client.post(_url(planned, "preparation/employee/share/")), 400, "preparation_empty")
    _error(
        client.put(_url(planned, "preparation/employee/"), {"answers": ["x"]}, format="json"),
        400,
        "invalid",
    )


def test_agreement_sign_and_follow_up(employee, manager, planned):
    as_manager, as_employee = _client(manager), _client(employee)
    empty = as_employee.get(_url(planned, "agreement/"))
    assert empty.status_code == 200
    assert empty.json()["goals"] == "" and empty.json()["signatures"] == []
    saved = as_manager.put(_url(planned, "agreement/"), AGREEMENT, format="json")
    assert saved.status_code == 200, saved.content
    body = saved.json()
    assert body["training_wishes"] == ["SCHIP-training", "Traumasensitief werken"]
    assert body["follow_up_on"] == "2027-03-01"
    text_hash = body["text_hash"]
    assert len(text_hash) == 64
    assert as_employee.get(_url(planned, "agreement/")).json()["text_hash"] == text_hash

    signed_once = as_employee.post(_url(planned, "sign/"), {"text_hash": text_hash}, format="json")
    assert signed_once.status_code == 200, signed_once.content
    assert [s["side"] for s in signed_once.json()["signatures"]] == ["employee"]
    assert signed_once.json()["signed_at"] is None
    _error(
        as_employee.post(_url(planned, "sign/"), {"text_hash": text_hash}, format="json"),
        400,
        "already_signed",
    )
    _error(
        as_manager.post(_url(planned, "follow-up-note/"), {"note": "te vroeg"}, format="json"),
        400,
        "not_signed",
    )
    both = as_manager.post(_url(planned, "sign/"), {"text_hash": text_hash}, format="json")
    assert both.status_code == 200
    assert both.json()["signed_at"] == "2026-10-06T09:00:00+02:00"
    assert Interview.objects.get(pk=planned.pk).status == Interview.Status.SIGNED

    _error(
        as_manager.put(_url(planned, "agreement/"), AGREEMENT, format="json"), 400, "record_signed"
    )
    note = as_employee.post(_url(planned, "follow-up-note/"), {"note": "Gestart"}, format="json")
    assert note.status_code == 200
    assert note.json()["follow_up_note"] == "Gestart"
    assert note.json()["follow_up_note_at"] is not None


def test_a_change_voids_the_first_signature_and_a_stale_hash_is_refused(employee, manager, planned):
    as_manager, as_employee = _client(manager), _client(employee)
    first = as_manager.put(_url(planned, "agreement/"), AGREEMENT, format="json").json()
    assert (
        as_manager.post(
            _url(planned, "sign/"), {"text_hash": first["text_hash"]}, format="json"
        ).status_code
        == 200
    )
    changed = as_manager.put(
        _url(planned, "agreement/"), {**AGREEMENT, "support": "Coaching"}, format="json"
    ).json()
    assert changed["text_hash"] != first["text_hash"]
    assert changed["signatures"][0]["voided_at"] is not None
    _error(
        as_employee.post(_url(planned, "sign/"), {"text_hash": first["text_hash"]}, format="json"),
        400,
        "text_changed",
    )
    assert not Signature.objects.filter(side="employee").exists()


def test_agreement_is_written_by_the_manager_only(employee, hr, planned):
    _error(
        _client(employee).put(_url(planned, "agreement/"), AGREEMENT, format="json"),
        403,
        "permission_denied",
    )
    _error(
        _client(hr).put(_url(planned, "agreement/"), AGREEMENT, format="json"),
        403,
        "permission_denied",
    )
    _error(
        _client(hr).post(_url(planned, "sign/"), {"text_hash": "0" * 64}, format="json"),
        403,
        "permission_denied",
    )


def test_agreement_input_errors(manager, planned):
    client = _client(manager)
    _error(
        client.put(
            _url(planned, "agreement/"), {**AGREEMENT, "follow_up_on": "2300-01-01"}, format="json"
        ),
        400,
        "date_out_of_range",
    )
    _error(
        client.put(
            _url(planned, "agreement/"),
            {**AGREEMENT, "training_wishes": [f"w{n}" for n in range(21)]},
            format="json",
        ),
        400,
        "too_many_wishes",
    )
    _error(
        client.post(_url(planned, "sign/"), {"text_hash": "0" * 64}, format="json"),
        400,
        "agreement_empty",
    )


def test_a_colleague_and_the_board_get_404(colleague, board, planned):
    for user in (colleague, board):
        _error(_client(user).get(_url(planned, "agreement/")), 404, "not_found")
        _error(_client(user).get(_url(planned, "preparation/manager/")), 404, "not_found")
        _error(
            _client(user).put(_url(planned, "agreement/"), AGREEMENT, format="json"),
            404,
            "not_found",
        )


def test_hr_reads_are_audited_and_the_two_peoples_are_not(employee, manager, hr, planned):
    _client(employee).get(_url(planned, "agreement/"))
    _client(manager).get(_url(planned, "agreement/"))
    _client(manager).get(_url(planned, "preparation/manager/"))
    assert not AuditEvent.objects.exists()
    _client(hr).get(_url(planned, "agreement/"))
    event = AuditEvent.objects.get()
    assert event.subject_id == employee.employee.pk
    assert event.object_type == "development_interview"
    assert event.object_id == str(planned.pk)


def test_follow_up_date_is_optional(manager, planned):
    response = _client(manager).put(
        _url(planned, "agreement/"), {"goals": "Doel", "follow_up_on": None}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["follow_up_on"] is None
    assert response.json()["training_wishes"] == []


def test_hr_reading_a_preparation_is_audited_only_when_it_is_shown(employee, hr, planned):
    services.preparation_save(actor=employee, interview=planned, answers={"ambities": "x"})
    _error(_client(hr).get(_url(planned, "preparation/employee/")), 404, "not_found")
    assert not AuditEvent.objects.exists()
    services.preparation_share(actor=employee, interview=planned)
    assert _client(hr).get(_url(planned, "preparation/employee/")).status_code == 200
    assert AuditEvent.objects.get().subject_id == employee.employee.pk
