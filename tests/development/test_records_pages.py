"""The record page of an interview and its PDF: who sees what, autosave, sharing, the agreement
form, signing, the read-only signed record and the audit trail."""

import re
from datetime import date

import pytest
from django.urls import reverse

from core.models import AuditEvent
from development import services
from development.models import Interview, Preparation, Signature
from development.records import hash_of
from tests.development.conftest import interview_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(employee, slots, now):
    """Booked, and the clock at the start of the talk (agreements are written from then on)."""
    services.interview_book(actor=employee, slot=slots[0])
    now.move_to(slots[0].start)
    return interview_of(employee)


@pytest.fixture
def signed(employee, manager, planned):
    services.preparation_save(actor=employee, interview=planned, answers={"ambities": "Regie"})
    services.preparation_share(actor=employee, interview=planned)
    services.preparation_save(
        actor=manager, interview=planned, answers={"sterke_punten": "Nooit gedeeld"}
    )
    services.agreement_save(
        actor=manager,
        interview=planned,
        goals="Regie voeren op complexe casussen",
        training_wishes=["SCHIP-training", "Traumasensitief werken"],
        support="Intervisie elke 6 weken",
        follow_up_on=date(2027, 3, 1),
    )
    for user in (employee, manager):
        planned.refresh_from_db()
        services.agreement_sign(actor=user, interview=planned, text_hash=hash_of(planned.agreement))
    planned.refresh_from_db()
    return planned


def _page(interview) -> str:
    return reverse("development:interview", args=[interview.pk])


def _pdf(interview) -> str:
    return reverse("development:record_pdf", args=[interview.pk])


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_urls():
    assert _page(Interview(pk=7)) == "/development/interviews/7/"
    assert _pdf(Interview(pk=7)) == "/development/interviews/7/record.pdf"


def test_employee_sees_the_preparation_form_with_questions(client, employee, planned):
    response = _get(client, employee, _page(planned))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-testid="preparation-form"' in content
    assert "Waar wil je je het komende jaar in ontwikkelen?" in content
    assert "Denk ook aan punten voor je SKJ-herregistratie." in content  # help text
    assert 'name="q-ambities"' in content
    assert "development/autosave.js" in content
    assert 'data-testid="agreement-form"' not in content  # the manager writes the agreements


def test_autosave_answers_json(client, employee, planned):
    client.force_login(employee)
    response = client.post(
        _page(planned),
        {"action": "preparation", "autosave": "1", "q-ambities": "Meer regie", "q-werkdruk": ""},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["message"] == "Opgeslagen om 09:00"
    assert Preparation.objects.get().answers == {"ambities": "Meer regie"}


def test_autosave_error_is_json_with_a_code(client, employee, planned):
    client.force_login(employee)
    response = client.post(
        _page(planned), {"action": "preparation", "autosave": "1", "q-werkdruk": "x" * 5001}
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "too_long" and set(body["fields"]) == {"werkdruk"}


def test_form_without_javascript_saves_and_redirects(client, employee, planned):
    client.force_login(employee)
    response = client.post(_page(planned), {"action": "preparation", "q-ambities": "Regie"})
    assert response.status_code == 302
    assert response["Location"] == _page(planned) + "#preparation"
    assert Preparation.objects.get().answers == {"ambities": "Regie"}


def test_share_saves_then_shares_and_shows_the_date(client, employee, manager, planned):
    client.force_login(employee)
    response = client.post(_page(planned), {"action": "share", "q-ambities": "Regie"}, follow=True)
    content = response.content.decode()
    assert Preparation.objects.get().shared_at is not None
    assert "Gedeeld op 6 oktober 2026" in content
    client.force_login(manager)
    assert "Regie" in client.get(_page(planned)).content.decode()


def test_manager_does_not_see_an_unshared_preparation(client, employee, manager, planned):
    services.preparation_save(actor=employee, interview=planned, answers={"ambities": "Geheim"})
    response = _get(client, manager, _page(planned))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Geheim" not in content
    assert 'data-testid="not-shared"' in content


def test_manager_writes_the_agreements_on_the_page(client, manager, planned):
    client.force_login(manager)
    response = client.post(
        _page(planned),
        {
            "action": "agreement",
            "goals": "Doel",
            "training_wishes": "SCHIP-training\r\n\r\nTraumasensitief werken\r\n",
            "support": "",
            "follow_up_on": "2027-03-01",
        },
    )
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.status == Interview.Status.HELD
    wishes = list(planned.agreement.training_wishes.values_list("text", flat=True))
    assert wishes == ["SCHIP-training", "Traumasensitief werken"]


def test_agreement_errors_are_shown_beside_the_field(client, manager, planned):
    client.force_login(manager)
    response = client.post(
        _page(planned),
        {"action": "agreement", "goals": "Doel", "training_wishes": "x" * 501, "support": ""},
    )
    assert response.status_code == 200
    assert 'id="id_training_wishes_error"' in response.content.decode()


def test_sign_form_carries_the_hash_of_the_text_shown(client, employee, manager, planned):
    services.agreement_save(
        actor=manager,
        interview=planned,
        goals="Doel",
        training_wishes=[],
        support="",
        follow_up_on=None,
    )
    planned.refresh_from_db()
    content = _get(client, employee, _page(planned)).content.decode()
    shown = re.search(r'name="text_hash" value="([0-9a-f]{64})"', content).group(1)
    assert shown == hash_of(planned.agreement)
    assert "Door te ondertekenen ga je akkoord met precies deze tekst." in content
    response = client.post(_page(planned), {"action": "sign", "text_hash": shown})
    assert response.status_code == 302
    assert Signature.objects.get().side == "employee"


def test_signing_a_changed_text_is_refused_on_the_page(client, employee, manager, planned):
    services.agreement_save(
        actor=manager, interview=planned, goals="Doel", training_wishes=[], support="",
        follow_up_on=None,
    )  # fmt: skip
    client.force_login(employee)
    response = client.post(_page(planned), {"action": "sign", "text_hash": "0" * 64}, follow=True)
    assert not Signature.objects.exists()
    assert "De afspraken zijn veranderd sinds je ze opende." in response.content.decode()


def test_voided_signature_is_shown(client, employee, manager, planned):
    kwargs = {"training_wishes": [], "support": "", "follow_up_on": None}
    services.agreement_save(actor=manager, interview=planned, goals="Doel", **kwargs)
    planned.refresh_from_db()
    services.agreement_sign(actor=employee, interview=planned, text_hash=hash_of(planned.agreement))
    services.agreement_save(actor=manager, interview=planned, goals="Ander doel", **kwargs)
    content = _get(client, employee, _page(planned)).content.decode()
    assert "vervallen na wijziging" in content


def test_signed_record_is_read_only_with_a_follow_up_form(client, employee, manager, signed):
    for user in (employee, manager):
        content = _get(client, user, _page(signed)).content.decode()
        assert 'data-testid="preparation-form"' not in content
        assert 'data-testid="agreement-form"' not in content
        assert 'data-testid="sign-form"' not in content
        assert 'data-testid="note-form"' in content
        assert _pdf(signed) in content
    client.force_login(manager)
    refused = client.post(
        _page(signed),
        {"action": "agreement", "goals": "Achteraf", "training_wishes": "", "support": ""},
    )
    assert refused.status_code == 200
    signed.refresh_from_db()
    assert signed.agreement.goals == "Regie voeren op complexe casussen"
    noted = client.post(_page(signed), {"action": "note", "note": "Training gestart"})
    assert noted.status_code == 302
    signed.refresh_from_db()
    assert signed.agreement.follow_up_note == "Training gestart"


def test_pdf_for_the_two_hr_and_director(client, employee, manager, hr, director, adjunct, signed):
    for user in (employee, manager, hr, director, adjunct):
        response = _get(client, user, _pdf(signed))
        assert response.status_code == 200, user
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


def test_pdf_is_404_for_others_and_for_an_unsigned_record(
    client, colleague, pvt, board, other_manager, employee, planned
):
    for user in (colleague, pvt, board, other_manager):
        assert _get(client, user, _pdf(planned)).status_code == 404
    assert _get(client, employee, _pdf(planned)).status_code == 404  # not signed yet


def test_pdf_is_404_for_a_colleague_pvt_and_board_when_signed(
    client, colleague, pvt, board, signed
):
    for user in (colleague, pvt, board):
        assert _get(client, user, _pdf(signed)).status_code == 404
        assert _get(client, user, _page(signed)).status_code == 404


def test_pdf_holds_only_shared_preparations(signed):
    from django.template.loader import render_to_string

    from development.pdf import context

    html = render_to_string("development/record.html", context(signed))
    assert "Regie" in html  # the employee's shared answer
    assert "Nooit gedeeld" not in html  # the manager never shared
    assert hash_of(signed.agreement)[:12] in html
    assert "SCHIP-training" in html


def test_hr_read_is_audited_and_the_two_peoples_are_not(client, employee, manager, hr, signed):
    _get(client, employee, _page(signed))
    _get(client, manager, _page(signed))
    _get(client, manager, _pdf(signed))
    assert not AuditEvent.objects.exists()
    _get(client, hr, _page(signed))
    _get(client, hr, _pdf(signed))
    events = list(AuditEvent.objects.all())
    assert len(events) == 2
    assert {e.subject_id for e in events} == {employee.employee.pk}
    assert {e.object_id for e in events} == {str(signed.pk)}


def test_unsigned_pdf_request_by_hr_writes_no_audit_row(client, hr, planned):
    assert _get(client, hr, _pdf(planned)).status_code == 404
    assert not AuditEvent.objects.exists()


def test_hr_cannot_write_on_the_page(client, hr, planned):
    client.force_login(hr)
    response = client.post(_page(planned), {"action": "preparation", "q-ambities": "HR"})
    assert response.status_code == 403
    assert not Preparation.objects.exists()


# What the page says, once and in the right words ------------------------------------------------


def test_preparation_says_who_reads_it_before_and_after_sharing(client, employee, planned):
    before = _get(client, employee, _page(planned)).content.decode()
    assert "Alleen jij kunt dit lezen, totdat je het deelt met je leidinggevende." in before
    services.preparation_save(actor=employee, interview=planned, answers={"ambities": "Regie"})
    services.preparation_share(actor=employee, interview=planned)
    after = _get(client, employee, _page(planned)).content.decode()
    assert "Alleen jij kunt dit lezen" not in after
    assert "Gedeeld: je leidinggevende en P&O kunnen dit lezen" in after


def test_manager_is_told_the_employee_reads_the_shared_preparation(client, manager, planned):
    services.preparation_save(actor=manager, interview=planned, answers={"sterke_punten": "x"})
    services.preparation_share(actor=manager, interview=planned)
    content = _get(client, manager, _page(planned)).content.decode()
    assert "Gedeeld: je medewerker en P&O kunnen dit lezen" in content


def test_status_is_shown_once_in_the_header(client, employee, planned):
    content = _get(client, employee, _page(planned)).content.decode()
    assert 'data-testid="record-status">Gepland<' in content
    assert "<dt>Status</dt>" not in content


def test_signed_reads_ondertekend_as_the_signatures_do(client, employee, signed):
    content = _get(client, employee, _page(signed)).content.decode()
    assert 'data-testid="record-status">Ondertekend<' in content
    assert "Getekend" not in content
    assert re.search(r'class="signed-mark"[^>]*>✓</span> Ondertekend door ', content)
    assert 'badge--ok">Ondertekend door' not in content  # a text line, not a long pill


def test_interview_status_label_is_its_own_and_reintegration_keeps_signed():
    from django.utils import translation
    from django.utils.translation import gettext

    from development.overview import SIGNED, STATE_LABELS

    with translation.override("nl"):
        assert str(Interview.Status.SIGNED.label) == "Ondertekend"
        assert str(STATE_LABELS[SIGNED]) == "Ondertekend"
        assert gettext("Signed") == "Getekend"  # reintegration's plan, unchanged


def test_follow_up_section_heading_differs_from_its_field(client, manager, signed):
    content = _get(client, manager, _page(signed)).content.decode()
    assert "<h2>Vervolg</h2>" in content
    assert "<h2>Vervolgnotitie</h2>" not in content
    assert ">Vervolgnotitie</label>" in content


def test_not_this_year_shows_only_the_reason(client, employee, manager, hr, planned):
    services.preparation_save(actor=employee, interview=planned, answers={"ambities": "Regie"})
    services.preparation_share(actor=employee, interview=planned)
    services.interview_mark_not_this_year(
        actor=hr, interview=planned, reason="Uit dienst per 1 november."
    )
    for user in (employee, manager, hr):
        content = _get(client, user, _page(planned)).content.decode()
        assert 'data-testid="not-this-year"' in content
        assert "Uit dienst per 1 november." in content
        for absent in (
            'name="action"',
            'id="preparation"',
            'id="other-preparation"',
            'id="agreement"',
            'id="signatures"',
            "Regie",
        ):
            assert absent not in content, (user, absent)


# Last year's agreements ---------------------------------------------------------------------------


def _earlier(employee, manager, year: int, *, signed: bool = True, goals: str = "Doel vorig jaar"):
    """A record of an earlier cycle, written straight to the tables (its own flow is tested
    above): signed by both, or held with agreements that were never signed."""
    from datetime import datetime

    from development.models import Agreement, Cycle, Side
    from development.series import AMSTERDAM

    cycle = Cycle.objects.create(year=year, deadline=date(year, 12, 15), status=Cycle.Status.CLOSED)
    interview = Interview.objects.create(
        cycle=cycle,
        employee=employee.employee,
        manager=manager.employee,
        status=Interview.Status.SIGNED if signed else Interview.Status.HELD,
    )
    agreement = Agreement.objects.create(
        interview=interview,
        goals=goals,
        support="Coaching door de gedragswetenschapper",
        follow_up_on=date(year + 1, 3, 1),
        follow_up_note="Training afgerond in februari" if signed else "",
        signed_at=datetime(year, 11, 20, 10, 0, tzinfo=AMSTERDAM) if signed else None,
    )
    agreement.training_wishes.create(position=0, text="Motiverende gespreksvoering")
    if signed:
        for side, person in ((Side.EMPLOYEE, employee), (Side.MANAGER, manager)):
            Signature.objects.create(
                agreement=agreement, side=side, signer=person.employee, text_hash="0" * 64
            )
    return interview


def _previous_of(content: str) -> str | None:
    found = re.search(r'<section class="card" id="previous-agreement">.*?</section>', content, re.S)
    return found.group(0) if found else None


def test_last_years_agreements_shown_to_the_employee_and_the_manager(
    client, employee, manager, planned
):
    earlier = _earlier(employee, manager, 2025)
    for user in (employee, manager):
        previous = _previous_of(_get(client, user, _page(planned)).content.decode())
        assert previous is not None, user
        assert "<details" in previous and "<details open" not in previous  # folded
        assert "Afspraken van vorig jaar (ronde 2025)" in previous
        for text in (
            "Doel vorig jaar",
            "Motiverende gespreksvoering",
            "Coaching door de gedragswetenschapper",
            "1 maart 2026",
            "Training afgerond in februari",
            "Door beiden ondertekend op 20 november 2025.",
        ):
            assert text in previous, (user, text)
    # both were the two people of that interview too: nobody else read it
    assert not AuditEvent.objects.filter(object_id=str(earlier.pk)).exists()


def test_a_new_managers_read_of_last_years_agreements_is_audited(
    client, employee, manager, other_manager, planned
):
    earlier = _earlier(employee, other_manager, 2025)  # held by the predecessor
    previous = _previous_of(_get(client, manager, _page(planned)).content.decode())
    assert previous is not None and "Doel vorig jaar" in previous
    event = AuditEvent.objects.get()
    assert event.actor_id == manager.pk
    assert event.subject_id == employee.employee.pk
    assert event.object_id == str(earlier.pk)
    assert event.action == "view_development_record"
    AuditEvent.objects.all().delete()
    _get(client, employee, _page(planned))  # the employee's own record: no row
    assert not AuditEvent.objects.exists()


def test_hr_read_audits_this_years_and_last_years_record(client, employee, manager, hr, planned):
    earlier = _earlier(employee, manager, 2025)
    assert _previous_of(_get(client, hr, _page(planned)).content.decode()) is not None
    rows = set(AuditEvent.objects.values_list("object_id", "subject_id"))
    assert rows == {
        (str(planned.pk), employee.employee.pk),
        (str(earlier.pk), employee.employee.pk),
    }


def test_the_most_recent_earlier_signed_record_is_shown(client, employee, manager, planned):
    _earlier(employee, manager, 2023, goals="Doel van 2023")
    _earlier(employee, manager, 2024, goals="Doel van 2024")
    _earlier(employee, manager, 2025, signed=False, goals="Nooit ondertekend")
    previous = _previous_of(_get(client, employee, _page(planned)).content.decode())
    assert previous is not None
    assert "Eerdere afspraken (ronde 2024)" in previous  # not last year: said as it is
    assert "Doel van 2024" in previous
    assert "Doel van 2023" not in previous and "Nooit ondertekend" not in previous


def test_no_earlier_signed_record_shows_nothing_and_audits_nothing(
    client, employee, manager, hr, planned
):
    earlier = _earlier(employee, manager, 2025, signed=False)
    assert _previous_of(_get(client, employee, _page(planned)).content.decode()) is None
    assert _previous_of(_get(client, hr, _page(planned)).content.decode()) is None
    assert not AuditEvent.objects.filter(object_id=str(earlier.pk)).exists()


def test_last_years_agreements_are_not_shown_beside_a_signed_record(
    client, employee, manager, other_manager, signed
):
    earlier = _earlier(employee, other_manager, 2025)
    assert _previous_of(_get(client, manager, _page(signed)).content.decode()) is None
    assert not AuditEvent.objects.filter(object_id=str(earlier.pk)).exists()


def test_a_colleagues_earlier_record_is_not_shown(client, employee, colleague, manager, planned):
    _earlier(colleague, manager, 2025, goals="Doel van de collega")
    content = _get(client, employee, _page(planned)).content.decode()
    assert _previous_of(content) is None and "Doel van de collega" not in content
