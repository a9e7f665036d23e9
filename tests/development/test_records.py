"""The record of an interview: preparing, sharing, the agreements, both signatures, the
read-only signed record and its follow-up note; who sees which preparation."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from core.errors import ApplicationError
from development import services
from development.models import Interview, Preparation, Signature
from development.questions import MAX_ANSWER
from development.records import hash_of, preparation_for, record_view
from development.series import AMSTERDAM
from development.services import records as record_services
from tests.development.conftest import interview_of

# the `planned` fixture sets the clock to the start of the first slot: 6 October 2026, 9:00
TALK = datetime(2026, 10, 6, 9, 0, tzinfo=AMSTERDAM)

pytestmark = pytest.mark.django_db

GOALS = "Regie voeren op complexe casussen"


@pytest.fixture
def planned(employee, slots, now):
    """Booked, and the clock at the start of the talk (agreements are written from then on)."""
    services.interview_book(actor=employee, slot=slots[0])
    now.move_to(slots[0].start)
    return interview_of(employee)


def _code(excinfo) -> str:
    return excinfo.value.code


def _agree(manager, interview, **changes):
    values = {
        "goals": GOALS,
        "training_wishes": ["SCHIP-training", "", "  Traumasensitief werken  "],
        "support": "Intervisie elke 6 weken",
        "follow_up_on": date(2027, 3, 1),
    } | changes
    return services.agreement_save(actor=manager, interview=interview, **values)


def _current_hash(interview) -> str:
    return hash_of(interview.agreement)


def _sign(user, interview):
    interview.refresh_from_db()
    return services.agreement_sign(
        actor=user, interview=interview, text_hash=_current_hash(interview)
    )


def _signed(employee, manager, interview):
    _agree(manager, interview)
    _sign(employee, interview)
    _sign(manager, interview)
    interview.refresh_from_db()
    return interview


# preparation ------------------------------------------------------------------------------------


def test_employee_saves_own_preparation(employee, planned):
    prep = services.preparation_save(
        actor=employee, interview=planned, answers={"ambities": "Meer regie", "werkdruk": " "}
    )
    assert prep.side == "employee"
    assert prep.answers == {"ambities": "Meer regie"}  # blank answers are left out
    assert prep.shared_at is None


def test_manager_saves_the_manager_side(manager, planned):
    prep = services.preparation_save(
        actor=manager, interview=planned, answers={"sterke_punten": "Rustig in crisis"}
    )
    assert prep.side == "manager"


def test_saving_twice_is_idempotent(employee, planned, django_assert_max_num_queries):
    services.preparation_save(actor=employee, interview=planned, answers={"ambities": "A"})
    before = Preparation.objects.get().updated_at
    with django_assert_max_num_queries(6):
        services.preparation_save(actor=employee, interview=planned, answers={"ambities": "A"})
    assert Preparation.objects.count() == 1
    assert Preparation.objects.get().updated_at == before


def test_an_answer_of_the_other_side_is_an_unknown_question(employee, planned):
    with pytest.raises(ApplicationError) as excinfo:
        services.preparation_save(
            actor=employee, interview=planned, answers={"sterke_punten": "mijn eigen"}
        )
    assert _code(excinfo) == "unknown_question"
    assert excinfo.value.field == "sterke_punten"


def test_too_long_answer_is_refused_beside_its_question(employee, planned):
    with pytest.raises(ApplicationError) as excinfo:
        services.preparation_save(
            actor=employee, interview=planned, answers={"werkdruk": "x" * (MAX_ANSWER + 1)}
        )
    assert _code(excinfo) == "too_long"
    assert set(excinfo.value.fields) == {"werkdruk"}
    services.preparation_save(
        actor=employee, interview=planned, answers={"werkdruk": "x" * MAX_ANSWER}
    )


def test_answers_are_text(employee, planned):
    with pytest.raises(ApplicationError) as excinfo:
        services.preparation_save(actor=employee, interview=planned, answers={"werkdruk": 3})
    assert _code(excinfo) == "invalid"


@pytest.mark.parametrize("who", ["colleague", "hr", "other_manager"])
def test_only_the_two_write_a_preparation(who, planned, request):
    with pytest.raises(PermissionDenied):
        services.preparation_save(
            actor=request.getfixturevalue(who), interview=planned, answers={"ambities": "x"}
        )


def test_share_sets_the_date_once(employee, planned, now):
    services.preparation_save(actor=employee, interview=planned, answers={"ambities": "A"})
    first = services.preparation_share(actor=employee, interview=planned).shared_at
    assert first == TALK
    now.shift(3600)
    assert services.preparation_share(actor=employee, interview=planned).shared_at == first


def test_sharing_an_empty_preparation_is_refused(employee, planned):
    with pytest.raises(ApplicationError) as excinfo:
        services.preparation_share(actor=employee, interview=planned)
    assert _code(excinfo) == "preparation_empty"


def test_saving_after_sharing_keeps_it_shared(employee, planned):
    services.preparation_save(actor=employee, interview=planned, answers={"ambities": "A"})
    services.preparation_share(actor=employee, interview=planned)
    prep = services.preparation_save(actor=employee, interview=planned, answers={"ambities": "B"})
    assert prep.shared_at is not None and prep.answers == {"ambities": "B"}


def test_no_preparation_when_not_this_year(employee, hr, cycle):
    interview = interview_of(employee)
    services.interview_mark_not_this_year(actor=hr, interview=interview, reason="Langdurig ziek")
    with pytest.raises(ApplicationError) as excinfo:
        services.preparation_save(actor=employee, interview=interview, answers={"ambities": "A"})
    assert _code(excinfo) == "no_interview_this_year"


# who sees a preparation ------------------------------------------------------------------------


def test_unshared_preparation_exists_only_for_its_author(employee, manager, hr, director, planned):
    services.preparation_save(actor=employee, interview=planned, answers={"ambities": "Geheim"})
    assert preparation_for(employee, planned, "employee").answers == {"ambities": "Geheim"}
    for reader in (manager, hr, director):
        with pytest.raises(Http404):
            preparation_for(reader, planned, "employee")


def test_shared_preparation_is_read_by_the_other_and_hr(employee, manager, hr, planned):
    services.preparation_save(actor=employee, interview=planned, answers={"ambities": "Open"})
    services.preparation_share(actor=employee, interview=planned)
    assert preparation_for(manager, planned, "employee").answers == {"ambities": "Open"}
    assert preparation_for(hr, planned, "employee").answers == {"ambities": "Open"}


def test_a_colleague_never_reads_a_shared_preparation(employee, colleague, planned):
    services.preparation_save(actor=employee, interview=planned, answers={"ambities": "Open"})
    services.preparation_share(actor=employee, interview=planned)
    with pytest.raises(Http404):
        preparation_for(colleague, planned, "employee")


def test_author_without_a_preparation_gets_an_empty_one(manager, employee, planned):
    assert preparation_for(manager, planned, "manager").answers == {}
    with pytest.raises(Http404):
        preparation_for(employee, planned, "manager")
    with pytest.raises(Http404):
        preparation_for(manager, planned, "nobody")


def test_record_view_hides_the_unshared_side(employee, manager, planned):
    services.preparation_save(actor=employee, interview=planned, answers={"ambities": "Geheim"})
    view = record_view(manager, planned)
    assert view.viewer_side == "manager"
    assert not view.employee.visible
    assert "Geheim" not in [a.answer for s in view.employee.sections for a in s.answers]
    mine = record_view(employee, planned)
    assert mine.mine.visible and mine.mine.has_answers


# agreements ------------------------------------------------------------------------------------


def test_manager_writes_agreements_and_the_interview_is_held(manager, planned):
    agreement = _agree(manager, planned)
    planned.refresh_from_db()
    assert planned.status == Interview.Status.HELD
    assert agreement.goals == GOALS
    assert list(agreement.training_wishes.values_list("text", flat=True)) == [
        "SCHIP-training",
        "Traumasensitief werken",
    ]


def test_agreements_wait_for_a_planned_interview(manager, employee, cycle):
    with pytest.raises(ApplicationError) as excinfo:
        _agree(manager, interview_of(employee))
    assert _code(excinfo) == "not_held_yet"


def test_agreements_wait_for_the_talk_itself(manager, employee, slots, now):
    services.interview_book(actor=employee, slot=slots[0])
    now.move_to(slots[0].start - timedelta(minutes=1))
    with pytest.raises(ApplicationError) as excinfo:
        _agree(manager, interview_of(employee))
    assert _code(excinfo) == "not_held_yet"
    assert interview_of(employee).status == Interview.Status.PLANNED
    now.move_to(slots[0].start)
    _agree(manager, interview_of(employee))
    assert interview_of(employee).status == Interview.Status.HELD


@pytest.mark.parametrize("who", ["employee", "hr", "other_manager"])
def test_only_the_manager_writes_agreements(who, planned, request):
    with pytest.raises(PermissionDenied):
        _agree(request.getfixturevalue(who), planned)


def test_training_wishes_are_bounded(manager, planned):
    with pytest.raises(ApplicationError) as excinfo:
        _agree(manager, planned, training_wishes=[f"wens {n}" for n in range(21)])
    assert _code(excinfo) == "too_many_wishes"
    with pytest.raises(ApplicationError) as excinfo:
        _agree(manager, planned, training_wishes=["x" * 501])
    assert _code(excinfo) == "too_long"
    _agree(manager, planned, training_wishes=[f"wens {n}" for n in range(20)] + ["", " "])


def test_goals_are_bounded(manager, planned):
    with pytest.raises(ApplicationError) as excinfo:
        _agree(manager, planned, goals="x" * 5001)
    assert excinfo.value.field == "goals" or "goals" in excinfo.value.fields


def test_follow_up_date_is_in_the_sane_range(manager, planned):
    with pytest.raises(ApplicationError) as excinfo:
        _agree(manager, planned, follow_up_on=date(2200, 1, 1))
    assert _code(excinfo) == "date_out_of_range"


# signing ---------------------------------------------------------------------------------------


def test_first_signature_is_kept_while_the_text_is_unchanged(employee, manager, planned):
    _agree(manager, planned)
    _sign(employee, planned)
    _agree(manager, planned)  # saved again, same text
    assert Signature.objects.get().voided_at is None


def test_a_change_voids_the_first_signature(employee, manager, planned, now):
    _agree(manager, planned)
    _sign(employee, planned)
    now.shift(60)
    _agree(manager, planned, support="Coaching")
    signature = Signature.objects.get()
    assert signature.voided_at is not None
    # the employee signs again over the new text; then the manager signs: signed
    _sign(employee, planned)
    _sign(manager, planned)
    planned.refresh_from_db()
    assert planned.status == Interview.Status.SIGNED
    assert Signature.objects.filter(voided_at__isnull=True).count() == 2


def test_signing_a_text_one_did_not_see_is_refused(employee, manager, planned):
    _agree(manager, planned)
    seen = _current_hash(planned)
    _agree(manager, planned, goals="Iets anders")
    with pytest.raises(ApplicationError) as excinfo:
        services.agreement_sign(actor=employee, interview=planned, text_hash=seen)
    assert _code(excinfo) == "text_changed"
    assert not Signature.objects.exists()


def test_an_empty_agreement_cannot_be_signed(employee, manager, planned):
    with pytest.raises(ApplicationError) as excinfo:
        services.agreement_sign(actor=employee, interview=planned, text_hash="0" * 64)
    assert _code(excinfo) == "agreement_empty"
    _agree(manager, planned, goals="", training_wishes=[], support="  ")
    with pytest.raises(ApplicationError) as excinfo:
        _sign(employee, planned)
    assert _code(excinfo) == "agreement_empty"


def test_signing_twice_is_refused(employee, manager, planned):
    _agree(manager, planned)
    _sign(employee, planned)
    with pytest.raises(ApplicationError) as excinfo:
        _sign(employee, planned)
    assert _code(excinfo) == "already_signed"


def test_a_parallel_second_signature_is_decided_by_the_constraint(
    employee, manager, planned, monkeypatch
):
    _agree(manager, planned)
    _sign(employee, planned)
    # the other request checked before this signature was written: it sees none
    monkeypatch.setattr(record_services, "_valid_signatures", lambda agreement: [])
    with pytest.raises(ApplicationError) as excinfo:
        _sign(employee, planned)
    assert _code(excinfo) == "already_signed"
    assert Signature.objects.count() == 1


@pytest.mark.parametrize("who", ["colleague", "hr", "other_manager"])
def test_only_the_two_sign(who, manager, planned, request):
    _agree(manager, planned)
    with pytest.raises(PermissionDenied):
        _sign(request.getfixturevalue(who), planned)


def test_both_signatures_sign_the_record(employee, manager, planned):
    interview = _signed(employee, manager, planned)
    assert interview.status == Interview.Status.SIGNED
    assert interview.agreement.signed_at == TALK
    sides = dict(Signature.objects.values_list("side", "signer"))
    assert sides == {"employee": employee.employee.pk, "manager": manager.employee.pk}


def test_one_signature_does_not_sign_the_record(employee, manager, planned):
    _agree(manager, planned)
    _sign(manager, planned)
    planned.refresh_from_db()
    assert planned.status == Interview.Status.HELD
    assert planned.agreement.signed_at is None


# the signed record -----------------------------------------------------------------------------


def test_signed_record_is_read_only(employee, manager, planned):
    interview = _signed(employee, manager, planned)
    with pytest.raises(ApplicationError) as excinfo:
        _agree(manager, interview, goals="Achteraf gewijzigd")
    assert _code(excinfo) == "record_signed"
    for user, answers in ((employee, {"ambities": "x"}), (manager, {"sterke_punten": "x"})):
        with pytest.raises(ApplicationError) as excinfo:
            services.preparation_save(actor=user, interview=interview, answers=answers)
        assert _code(excinfo) == "record_signed"
    with pytest.raises(ApplicationError) as excinfo:
        _sign(employee, interview)
    assert _code(excinfo) == "already_signed"
    interview.refresh_from_db()
    assert interview.agreement.goals == GOALS


def test_follow_up_note_on_a_signed_record(employee, manager, planned, now):
    interview = _signed(employee, manager, planned)
    now.shift(86400)
    agreement = services.follow_up_note_save(
        actor=employee, interview=interview, note="Training gestart"
    )
    assert agreement.follow_up_note == "Training gestart"
    assert agreement.follow_up_note_at is not None and agreement.follow_up_note_at > TALK
    services.follow_up_note_save(actor=manager, interview=interview, note="Goed bezig")
    interview.refresh_from_db()
    assert interview.agreement.follow_up_note == "Goed bezig"
    assert interview.status == Interview.Status.SIGNED


def test_follow_up_note_waits_for_both_signatures(employee, manager, planned):
    _agree(manager, planned)
    with pytest.raises(ApplicationError) as excinfo:
        services.follow_up_note_save(actor=manager, interview=planned, note="Te vroeg")
    assert _code(excinfo) == "not_signed"


def test_follow_up_note_only_by_the_two(employee, manager, hr, planned):
    interview = _signed(employee, manager, planned)
    with pytest.raises(PermissionDenied):
        services.follow_up_note_save(actor=hr, interview=interview, note="HR")


def test_record_view_flags(employee, manager, hr, planned):
    _agree(manager, planned)
    as_manager = record_view(manager, planned)
    assert as_manager.can_edit_agreement and as_manager.can_sign and not as_manager.can_note
    as_employee = record_view(employee, planned)
    assert not as_employee.can_edit_agreement and as_employee.can_sign
    as_hr = record_view(hr, planned)
    assert as_hr.viewer_side is None
    assert not (as_hr.can_sign or as_hr.can_edit_agreement or as_hr.can_edit_preparation)
    _sign(employee, planned)
    _sign(manager, planned)
    planned.refresh_from_db()
    signed = record_view(employee, planned)
    assert signed.signed and signed.can_note
    assert not (signed.can_sign or signed.can_edit_preparation or signed.can_edit_agreement)
