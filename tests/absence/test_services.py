"""absence.services: every write to sickness episodes and maternity leave.

Today is frozen at Monday 4 March 2024 (Europe/Amsterdam)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from absence import selectors, services
from absence.models import Episode, EpisodeChange, MaternityLeave, PartialRecovery
from absence.tasks import notify_arbo_task
from core.errors import ApplicationError
from hrm.models import OrganisationSettings
from tests.factories import ContractFactory, EmployeeFactory

AMS = ZoneInfo("Europe/Amsterdam")
TODAY = date(2024, 3, 4)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime(2024, 3, 4, 10, 0, tzinfo=AMS), tick=False):
        yield


def report(actor, person, first_sick_day=TODAY, **kwargs) -> Episode:
    return services.episode_report_sick(
        actor=actor, employee=person, first_sick_day=first_sick_day, notify_arbo=False, **kwargs
    )


def make_episode(person, first, recovered=None, **kwargs) -> Episode:
    return Episode.objects.create(
        employee=person, first_sick_day=first, recovered_on=recovered, **kwargs
    )


def code_of(excinfo) -> tuple[str, str | None]:
    return excinfo.value.code, excinfo.value.field


# Reporting sick ---------------------------------------------------------------------------------


def test_employee_reports_themselves_sick(employee):
    episode = report(employee, employee.employee, expected_duration="week")

    episode.refresh_from_db()
    assert (episode.employee, episode.first_sick_day, episode.recovered_on) == (
        employee.employee,
        TODAY,
        None,
    )
    assert episode.reported_by == employee
    assert episode.expected_duration == Episode.ExpectedDuration.WEEK
    change = episode.changes.get()
    assert (change.action, change.actor) == (EpisodeChange.Action.REPORTED, employee)
    assert change.after["first_sick_day"] == "2024-03-04"
    assert change.after["recovered_on"] is None


def test_manager_reports_a_team_member_sick(manager, employee, pvt):
    report(manager, employee.employee)
    report(manager, pvt.employee)  # in the team, not a direct report

    assert Episode.objects.filter(reported_by=manager).count() == 2


def test_hr_reports_anyone_sick(hr, outsider):
    episode = report(hr, outsider.employee, first_sick_day=date(2024, 3, 1))

    assert episode.reported_by == hr
    assert episode.employee == outsider.employee


@pytest.mark.parametrize("actor", ["outsider", "pvt", "board", "admin_user", "adjunct", "director"])
def test_others_may_not_report_someone_sick(request, employee, actor):
    user = request.getfixturevalue(actor)

    with pytest.raises(PermissionDenied):
        report(user, employee.employee)

    assert not Episode.objects.exists()


def test_manager_may_not_report_someone_of_another_team_sick(manager, outsider):
    with pytest.raises(PermissionDenied):
        report(manager, outsider.employee)


def test_system_may_report_anyone(outsider):
    assert report(None, outsider.employee).reported_by is None


def test_not_employed_on_the_first_sick_day(hr, team_a):
    former = EmployeeFactory()
    ContractFactory(employee=former, team=team_a, start=date(2022, 1, 1), end=date(2024, 2, 29))

    with pytest.raises(ApplicationError) as excinfo:
        report(hr, former, first_sick_day=date(2024, 3, 1))

    assert code_of(excinfo) == ("not_employed", "first_sick_day")
    assert report(hr, former, first_sick_day=date(2024, 2, 29)).first_sick_day == date(2024, 2, 29)


def test_not_employed_before_the_contract_starts(employee):
    with pytest.raises(ApplicationError) as excinfo:
        report(employee, employee.employee, first_sick_day=date(2021, 12, 31))

    assert code_of(excinfo) == ("not_employed", "first_sick_day")


def test_first_sick_day_in_the_future(employee):
    with pytest.raises(ApplicationError) as excinfo:
        report(employee, employee.employee, first_sick_day=TODAY + timedelta(days=2))

    assert code_of(excinfo) == ("first_sick_day_future", "first_sick_day")
    assert not Episode.objects.exists()


def test_already_sick(employee):
    make_episode(employee.employee, date(2024, 2, 20))

    with pytest.raises(ApplicationError) as excinfo:
        report(employee, employee.employee)

    assert code_of(excinfo) == ("episode_overlap", "first_sick_day")
    assert Episode.objects.count() == 1


def test_first_sick_day_inside_a_closed_episode(employee):
    make_episode(employee.employee, date(2024, 2, 20), date(2024, 2, 27))

    with pytest.raises(ApplicationError) as excinfo:
        report(employee, employee.employee, first_sick_day=date(2024, 2, 26))

    assert code_of(excinfo) == ("episode_overlap", "first_sick_day")
    # the recovery day itself is not a sick day: a new episode may start on it
    assert report(employee, employee.employee, first_sick_day=date(2024, 2, 27))


def test_first_sick_day_inside_a_maternity_leave(hr, employee):
    MaternityLeave.objects.create(
        employee=employee.employee, start=date(2024, 2, 1), end=date(2024, 5, 20)
    )

    with pytest.raises(ApplicationError) as excinfo:
        report(hr, employee.employee)

    assert code_of(excinfo) == ("maternity_leave_overlap", "first_sick_day")
    assert not Episode.objects.exists()


def test_episode_running_into_a_later_leave_ends_when_the_leave_starts(hr, employee):
    MaternityLeave.objects.create(
        employee=employee.employee, start=date(2024, 3, 20), end=date(2024, 7, 10)
    )

    episode = report(employee, employee.employee)

    episode.refresh_from_db()
    assert episode.recovered_on == date(2024, 3, 20)
    assert len(episode.notes) == 1
    assert "2024" in episode.notes[0] and "20" in episode.notes[0]
    assert set(episode.changes.values_list("action", flat=True)) == {
        EpisodeChange.Action.REPORTED,
        EpisodeChange.Action.ENDED_BY_LEAVE,
    }


def test_no_note_without_a_leave(employee):
    assert report(employee, employee.employee).notes == []


def test_report_before_a_leave_with_sickness_after_it_already_recorded(hr, employee):
    """A late report before a leave ends at the leave start, so sickness recorded after the
    leave does not overlap it."""
    MaternityLeave.objects.create(
        employee=employee.employee, start=date(2024, 1, 20), end=date(2024, 2, 20)
    )
    after = make_episode(employee.employee, date(2024, 2, 21), date(2024, 2, 25))

    episode = report(hr, employee.employee, first_sick_day=date(2024, 1, 10))

    assert episode.recovered_on == date(2024, 1, 20)
    after.refresh_from_db()
    assert after.recovered_on == date(2024, 2, 25)


# Recovery ---------------------------------------------------------------------------------------


def test_employee_reports_recovered(employee):
    episode = make_episode(employee.employee, date(2024, 2, 26))

    services.episode_recover(actor=employee, episode=episode, recovered_on=TODAY)

    episode.refresh_from_db()
    assert episode.recovered_on == TODAY
    change = episode.changes.get()
    assert change.action == EpisodeChange.Action.RECOVERED
    assert (change.before["recovered_on"], change.after["recovered_on"]) == (None, "2024-03-04")


@pytest.mark.parametrize("recovered_on", [date(2024, 2, 26), date(2024, 2, 20)])
def test_recovery_before_start(employee, recovered_on):
    episode = make_episode(employee.employee, date(2024, 2, 26))

    with pytest.raises(ApplicationError) as excinfo:
        services.episode_recover(actor=employee, episode=episode, recovered_on=recovered_on)

    assert code_of(excinfo) == ("recovery_before_start", "recovered_on")
    episode.refresh_from_db()
    assert episode.recovered_on is None


def test_recovery_before_partial(employee):
    episode = make_episode(employee.employee, date(2024, 2, 12))
    PartialRecovery.objects.create(episode=episode, start=date(2024, 2, 26), percentage=50)

    with pytest.raises(ApplicationError) as excinfo:
        services.episode_recover(actor=employee, episode=episode, recovered_on=date(2024, 2, 26))

    assert code_of(excinfo) == ("recovery_before_partial", "recovered_on")
    services.episode_recover(actor=employee, episode=episode, recovered_on=date(2024, 2, 27))
    episode.refresh_from_db()
    assert episode.recovered_on == date(2024, 2, 27)


def test_recovery_after_a_leave_started_is_refused(hr, employee):
    MaternityLeave.objects.create(
        employee=employee.employee, start=date(2024, 2, 20), end=date(2024, 2, 28)
    )
    episode = make_episode(employee.employee, date(2024, 2, 12), date(2024, 2, 20))

    with pytest.raises(ApplicationError) as excinfo:
        services.episode_recover(actor=hr, episode=episode, recovered_on=date(2024, 3, 1))

    assert code_of(excinfo) == ("maternity_leave_overlap", "recovered_on")


def test_outsider_may_not_report_someone_recovered(outsider, employee):
    episode = make_episode(employee.employee, date(2024, 2, 26))

    with pytest.raises(PermissionDenied):
        services.episode_recover(actor=outsider, episode=episode, recovered_on=TODAY)


# Partial recovery -------------------------------------------------------------------------------


def test_partial_recovery(manager, employee):
    episode = make_episode(employee.employee, date(2024, 2, 12))

    services.episode_partial_recovery(
        actor=manager, episode=episode, start=date(2024, 2, 26), percentage=Decimal("50")
    )
    services.episode_partial_recovery(
        actor=manager, episode=episode, start=date(2024, 2, 26), percentage=Decimal("60")
    )

    assert list(episode.partial_recoveries.values_list("start", "percentage")) == [
        (date(2024, 2, 26), Decimal("60"))  # the same date again: updated, not added
    ]
    episode.refresh_from_db()
    assert episode.recovered_on is None
    assert episode.changes.filter(action=EpisodeChange.Action.PARTIAL).count() == 2
    assert episode.changes.first().after["partial_recoveries"] == [["2024-02-26", "60.00"]]


def test_hundred_percent_means_recovered(employee):
    episode = make_episode(employee.employee, date(2024, 2, 12))

    services.episode_partial_recovery(
        actor=employee, episode=episode, start=date(2024, 2, 26), percentage=Decimal("100")
    )

    episode.refresh_from_db()
    assert episode.recovered_on == date(2024, 2, 26)
    assert not PartialRecovery.objects.exists()


@pytest.mark.parametrize(
    ("recovered_on", "start"),
    [
        (None, date(2024, 2, 11)),  # before the first sick day
        (date(2024, 2, 20), date(2024, 2, 20)),  # on the recovery day
        (date(2024, 2, 20), date(2024, 2, 25)),  # after it
    ],
)
def test_partial_outside_episode(employee, recovered_on, start):
    episode = make_episode(employee.employee, date(2024, 2, 12), recovered_on)

    with pytest.raises(ApplicationError) as excinfo:
        services.episode_partial_recovery(
            actor=employee, episode=episode, start=start, percentage=Decimal("50")
        )

    assert code_of(excinfo) == ("partial_outside_episode", "start")
    assert not PartialRecovery.objects.exists()


@pytest.mark.parametrize("percentage", [Decimal("-1"), Decimal("100.01")])
def test_partial_percentage_range(employee, percentage):
    episode = make_episode(employee.employee, date(2024, 2, 12))

    with pytest.raises(ApplicationError) as excinfo:
        services.episode_partial_recovery(
            actor=employee, episode=episode, start=date(2024, 2, 20), percentage=percentage
        )

    assert excinfo.value.code == "percentage_range"


# Corrections (HR) -------------------------------------------------------------------------------


def test_hr_corrects_with_a_reason_and_the_history_keeps_before_and_after(hr, employee):
    episode = make_episode(employee.employee, date(2024, 2, 12), date(2024, 2, 20))
    PartialRecovery.objects.create(episode=episode, start=date(2024, 2, 15), percentage=50)

    services.episode_correct(
        actor=hr,
        episode=episode,
        reason="  Wrong date on the sick note  ",
        first_sick_day=date(2024, 2, 13),
        recovered_on=date(2024, 2, 22),
        partial_recoveries=[(date(2024, 2, 19), Decimal("40"))],
    )

    episode.refresh_from_db()
    assert (episode.first_sick_day, episode.recovered_on) == (date(2024, 2, 13), date(2024, 2, 22))
    assert list(episode.partial_recoveries.values_list("start", "percentage")) == [
        (date(2024, 2, 19), Decimal("40"))
    ]
    change = episode.changes.get()
    assert (change.action, change.actor, change.reason) == (
        EpisodeChange.Action.CORRECTED,
        hr,
        "Wrong date on the sick note",
    )
    assert change.before["first_sick_day"] == "2024-02-12"
    assert change.before["recovered_on"] == "2024-02-20"
    assert change.before["partial_recoveries"] == [["2024-02-15", "50.00"]]
    assert change.after["first_sick_day"] == "2024-02-13"
    assert change.after["recovered_on"] == "2024-02-22"
    assert change.after["partial_recoveries"] == [["2024-02-19", "40.00"]]


@pytest.mark.parametrize("reason", ["", "   "])
def test_correction_needs_a_reason(hr, employee, reason):
    episode = make_episode(employee.employee, date(2024, 2, 12), date(2024, 2, 20))

    with pytest.raises(ApplicationError) as excinfo:
        services.episode_correct(
            actor=hr,
            episode=episode,
            reason=reason,
            first_sick_day=date(2024, 2, 13),
            recovered_on=date(2024, 2, 20),
        )

    assert code_of(excinfo) == ("reason_required", "reason")
    episode.refresh_from_db()
    assert episode.first_sick_day == date(2024, 2, 12)
    assert not EpisodeChange.objects.exists()


@pytest.mark.parametrize("actor", ["employee", "manager", "adjunct", "director", "pvt"])
def test_only_hr_corrects(request, employee, actor):
    episode = make_episode(employee.employee, date(2024, 2, 12), date(2024, 2, 20))

    with pytest.raises(PermissionDenied):
        services.episode_correct(
            actor=request.getfixturevalue(actor),
            episode=episode,
            reason="typo",
            first_sick_day=date(2024, 2, 13),
            recovered_on=date(2024, 2, 20),
        )


def test_correction_into_another_episode(hr, employee):
    make_episode(employee.employee, date(2024, 2, 1), date(2024, 2, 5))
    episode = make_episode(employee.employee, date(2024, 2, 12), date(2024, 2, 20))

    with pytest.raises(ApplicationError) as excinfo:
        services.episode_correct(
            actor=hr,
            episode=episode,
            reason="typo",
            first_sick_day=date(2024, 2, 4),
            recovered_on=date(2024, 2, 20),
        )

    assert excinfo.value.code == "episode_overlap"


def test_correction_leaving_a_partial_outside_the_episode(hr, employee):
    episode = make_episode(employee.employee, date(2024, 2, 12), date(2024, 2, 20))
    PartialRecovery.objects.create(episode=episode, start=date(2024, 2, 15), percentage=50)

    with pytest.raises(ApplicationError) as excinfo:
        services.episode_correct(
            actor=hr,
            episode=episode,
            reason="typo",
            first_sick_day=date(2024, 2, 12),
            recovered_on=date(2024, 2, 14),
        )

    assert excinfo.value.code == "partial_outside_episode"


def test_correction_with_recovery_before_start(hr, employee):
    episode = make_episode(employee.employee, date(2024, 2, 12), date(2024, 2, 20))

    with pytest.raises(ApplicationError) as excinfo:
        services.episode_correct(
            actor=hr,
            episode=episode,
            reason="typo",
            first_sick_day=date(2024, 2, 12),
            recovered_on=date(2024, 2, 12),
        )

    assert code_of(excinfo) == ("recovery_before_start", "recovered_on")


def test_a_correction_cannot_move_the_first_sick_day_into_the_future(hr, employee):
    """The rule of reporting sick holds for a correction too: tomorrow at the latest."""
    episode = make_episode(employee.employee, date(2024, 2, 26))

    with pytest.raises(ApplicationError) as excinfo:
        services.episode_correct(
            actor=hr,
            episode=episode,
            reason="typo",
            first_sick_day=TODAY + timedelta(days=2),
            recovered_on=None,
        )

    assert code_of(excinfo) == ("first_sick_day_future", "first_sick_day")
    episode.refresh_from_db()
    assert episode.first_sick_day == date(2024, 2, 26)
    assert not EpisodeChange.objects.exists()
    services.episode_correct(
        actor=hr,
        episode=episode,
        reason="typo",
        first_sick_day=TODAY + timedelta(days=1),
        recovered_on=None,
    )


def test_api_correction_into_the_future_is_refused(api, hr, employee):
    episode = make_episode(employee.employee, date(2024, 2, 26))

    response = api(hr).post(
        f"/api/absence/episodes/{episode.pk}/correct/",
        {"reason": "typo", "first_sick_day": "2024-03-06", "recovered_on": None},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "first_sick_day_future"
    episode.refresh_from_db()
    assert episode.first_sick_day == date(2024, 2, 26)


# Details (HR) -----------------------------------------------------------------------------------


def test_hr_records_the_permitted_details(hr, employee):
    episode = make_episode(employee.employee, date(2024, 2, 12))

    services.episode_update_details(
        actor=hr,
        episode=episode,
        safety_net=True,
        work_accident=True,
        third_party_liable=False,
        contact_phone="06-12345678",
    )

    episode.refresh_from_db()
    assert (episode.safety_net, episode.work_accident, episode.third_party_liable) == (
        True,
        True,
        False,
    )
    assert episode.contact_phone == "06-12345678"
    assert episode.changes.get().action == EpisodeChange.Action.CORRECTED


@pytest.mark.parametrize("actor", ["employee", "manager", "director"])
def test_only_hr_records_details(request, employee, actor):
    episode = make_episode(employee.employee, date(2024, 2, 12))

    with pytest.raises(PermissionDenied):
        services.episode_update_details(
            actor=request.getfixturevalue(actor), episode=episode, safety_net=True
        )

    episode.refresh_from_db()
    assert episode.safety_net is False


def test_details_refuse_anything_else(hr, employee):
    episode = make_episode(employee.employee, date(2024, 2, 12))

    with pytest.raises(ValueError, match="diagnosis"):
        services.episode_update_details(actor=hr, episode=episode, diagnosis="flu")


# Maternity leave --------------------------------------------------------------------------------


def test_hr_records_a_leave(hr, employee):
    leave = services.maternity_leave_record(
        actor=hr, employee=employee.employee, start=date(2024, 4, 1), end=date(2024, 7, 21)
    )

    assert (leave.start, leave.end, leave.created_by) == (date(2024, 4, 1), date(2024, 7, 21), hr)
    assert leave.notes == []


@pytest.mark.parametrize("actor", ["employee", "manager", "director", "adjunct", "pvt"])
def test_only_hr_records_leave(request, employee, actor):
    with pytest.raises(PermissionDenied):
        services.maternity_leave_record(
            actor=request.getfixturevalue(actor),
            employee=employee.employee,
            start=date(2024, 4, 1),
            end=date(2024, 7, 21),
        )

    assert not MaternityLeave.objects.exists()


def test_leave_end_before_start(hr, employee):
    with pytest.raises(ApplicationError) as excinfo:
        services.maternity_leave_record(
            actor=hr, employee=employee.employee, start=date(2024, 4, 1), end=date(2024, 3, 31)
        )

    assert excinfo.value.code == "leave_dates"


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2024, 7, 21), date(2024, 8, 1)),  # starts on the last day of the other
        (date(2024, 3, 1), date(2024, 4, 1)),  # ends on its first day
        (date(2024, 5, 1), date(2024, 5, 2)),  # inside it
    ],
)
def test_leave_overlap(hr, employee, start, end):
    MaternityLeave.objects.create(
        employee=employee.employee, start=date(2024, 4, 1), end=date(2024, 7, 21)
    )

    with pytest.raises(ApplicationError) as excinfo:
        services.maternity_leave_record(actor=hr, employee=employee.employee, start=start, end=end)

    assert code_of(excinfo) == ("leave_overlap", "start")
    assert MaternityLeave.objects.count() == 1


def test_leave_with_an_episode_starting_inside_it(hr, employee):
    make_episode(employee.employee, date(2024, 2, 20), date(2024, 2, 25))

    with pytest.raises(ApplicationError) as excinfo:
        services.maternity_leave_record(
            actor=hr, employee=employee.employee, start=date(2024, 2, 1), end=date(2024, 2, 20)
        )

    assert code_of(excinfo) == ("episode_inside_leave", "start")
    assert not MaternityLeave.objects.exists()


def test_leave_ends_a_running_episode(hr, employee):
    episode = make_episode(employee.employee, date(2024, 2, 12))

    leave = services.maternity_leave_record(
        actor=hr, employee=employee.employee, start=date(2024, 2, 26), end=date(2024, 6, 16)
    )

    episode.refresh_from_db()
    assert episode.recovered_on == date(2024, 2, 26)
    assert len(leave.notes) == 1
    change = episode.changes.get()
    assert (change.action, change.actor) == (EpisodeChange.Action.ENDED_BY_LEAVE, hr)
    assert (change.before["recovered_on"], change.after["recovered_on"]) == (None, "2024-02-26")


def test_leave_leaves_an_episode_that_ended_before_it_alone(hr, employee):
    episode = make_episode(employee.employee, date(2024, 2, 12), date(2024, 2, 26))

    leave = services.maternity_leave_record(
        actor=hr, employee=employee.employee, start=date(2024, 2, 26), end=date(2024, 6, 16)
    )

    episode.refresh_from_db()
    assert episode.recovered_on == date(2024, 2, 26)
    assert leave.notes == []
    assert not EpisodeChange.objects.exists()


def test_leave_refused_when_a_partial_recovery_lies_in_it(hr, employee):
    episode = make_episode(employee.employee, date(2024, 2, 12))
    PartialRecovery.objects.create(episode=episode, start=date(2024, 3, 1), percentage=50)

    with pytest.raises(ApplicationError) as excinfo:
        services.maternity_leave_record(
            actor=hr, employee=employee.employee, start=date(2024, 2, 26), end=date(2024, 6, 16)
        )

    assert excinfo.value.code == "partial_outside_episode"
    episode.refresh_from_db()
    assert episode.recovered_on is None
    assert not MaternityLeave.objects.exists()


def test_only_hr_deletes_leave(hr, manager, employee):
    leave = MaternityLeave.objects.create(
        employee=employee.employee, start=date(2024, 4, 1), end=date(2024, 7, 21)
    )

    with pytest.raises(PermissionDenied):
        services.maternity_leave_delete(actor=manager, leave=leave)
    services.maternity_leave_delete(actor=hr, leave=leave)

    assert not MaternityLeave.objects.exists()


# ArboNed ----------------------------------------------------------------------------------------

ARBO = "verzuimmelding@arboned.example"
# The labels the sick report may carry (privacy.md: what an employer may record and pass on).
ALLOWED_LABELS = {
    "Medewerker",
    "Personeelsnummer",
    "Team",
    "Functie",
    "Uren per week",
    "Eerste ziektedag",
    "Verwachte duur",
    "Telefoon tijdens ziekte",
    "Verblijfadres tijdens ziekte",
    "Bereikbaarheid",
    "Leidinggevende",
}


@pytest.fixture
def arbo_email(db):
    settings_ = OrganisationSettings.get()
    settings_.arbo_email = ARBO
    settings_.save()
    return ARBO


def test_report_sick_sends_exactly_one_email_to_arboned(
    employee, arbo_email, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        episode = services.episode_report_sick(
            actor=employee, employee=employee.employee, first_sick_day=TODAY
        )

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [ARBO]
    person = employee.employee
    for text in (person.full_name, person.personnel_number, "04-03-2024"):
        assert text in message.body
    assert person.personnel_number in message.subject
    episode.refresh_from_db()
    assert episode.arbo_notified_at is not None
    assert episode.arbo_channel == Episode.ArboChannel.EMAIL
    assert episode.changes.filter(action=EpisodeChange.Action.ARBO).count() == 1


def test_no_email_before_the_transaction_commits(employee, arbo_email, mailoutbox):
    services.episode_report_sick(actor=employee, employee=employee.employee, first_sick_day=TODAY)

    assert mailoutbox == []  # queued on commit, and the test's transaction never commits


def test_arbo_email_carries_no_flags_and_nothing_else(hr, employee, arbo_email, mailoutbox):
    episode = report(hr, employee.employee, contact_phone="06-12345678")
    services.episode_update_details(
        actor=hr, episode=episode, safety_net=True, work_accident=True, third_party_liable=True
    )

    assert notify_arbo_task(episode.pk) is True

    message = mailoutbox[0]
    text = f"{message.subject}\n{message.body}".lower()
    for word in (
        "vangnet",
        "safety",
        "ongeval",
        "accident",
        "aansprakelijk",
        "liable",
        "regres",
        "derde",
        "true",
        "false",
    ):
        assert word not in text
    labels = {
        match[1].strip()
        for match in re.finditer(r"^([A-Za-z][A-Za-z ./()-]*):", message.body, re.MULTILINE)
    }
    assert {"Medewerker", "Personeelsnummer", "Eerste ziektedag"} <= labels
    assert labels <= ALLOWED_LABELS, labels - ALLOWED_LABELS


def test_running_the_task_twice_sends_once(employee, arbo_email, mailoutbox):
    episode = report(employee, employee.employee)

    assert notify_arbo_task(episode.pk) is True
    assert notify_arbo_task(episode.pk) is False

    assert len(mailoutbox) == 1
    assert EpisodeChange.objects.filter(action=EpisodeChange.Action.ARBO).count() == 1


def test_no_email_without_an_arbo_address(employee, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        episode = services.episode_report_sick(
            actor=employee, employee=employee.employee, first_sick_day=TODAY
        )

    assert mailoutbox == []
    episode.refresh_from_db()
    assert episode.arbo_notified_at is None


def test_mark_arbo_portal(hr, employee, arbo_email, mailoutbox):
    episode = report(employee, employee.employee)

    services.episode_mark_arbo_portal(actor=hr, episode=episode)

    episode.refresh_from_db()
    assert episode.arbo_channel == Episode.ArboChannel.PORTAL
    assert episode.arbo_notified_at is not None
    change = episode.changes.get(action=EpisodeChange.Action.ARBO)
    assert change.actor == hr
    # passed on via the portal: the e-mail is not sent as well, and marking again changes nothing
    assert notify_arbo_task(episode.pk) is False
    services.episode_mark_arbo_portal(actor=hr, episode=episode)
    assert mailoutbox == []
    assert episode.changes.filter(action=EpisodeChange.Action.ARBO).count() == 1


@pytest.mark.parametrize("actor", ["employee", "manager", "director"])
def test_only_hr_marks_arbo_portal(request, employee, actor):
    episode = make_episode(employee.employee, date(2024, 2, 26))

    with pytest.raises(PermissionDenied):
        services.episode_mark_arbo_portal(actor=request.getfixturevalue(actor), episode=episode)

    episode.refresh_from_db()
    assert episode.arbo_notified_at is None


def test_arbo_overdue_after_sick_day_seven(employee, outsider, hr):
    day_8 = make_episode(employee.employee, TODAY - timedelta(days=7))  # today is sick day 8
    day_7 = make_episode(outsider.employee, TODAY - timedelta(days=6))  # today is sick day 7
    notified = make_episode(hr.employee, TODAY - timedelta(days=30))
    services.episode_mark_arbo_portal(actor=hr, episode=notified)

    assert list(selectors.arbo_overdue(TODAY)) == [day_8]
    assert day_7 not in selectors.arbo_overdue(TODAY)
    assert set(selectors.arbo_overdue(TODAY + timedelta(days=1))) == {day_8, day_7}


def test_arbo_overdue_follows_the_setting(employee):
    episode = make_episode(employee.employee, TODAY - timedelta(days=3))  # sick day 4
    settings_ = OrganisationSettings.get()
    settings_.arbo_notification_days = 3
    settings_.save()

    assert list(selectors.arbo_overdue(TODAY)) == [episode]


@pytest.mark.django_db
def test_a_spell_that_ended_before_the_deadline_is_not_flagged_overdue(employee):
    from absence.selectors import arbo_overdue

    short = Episode.objects.create(
        employee=employee.employee, first_sick_day=date(2024, 3, 1), recovered_on=date(2024, 3, 4)
    )
    long = Episode.objects.create(
        employee=employee.employee, first_sick_day=date(2024, 4, 1), recovered_on=date(2024, 4, 20)
    )
    flagged = set(arbo_overdue(date(2024, 6, 1)).values_list("pk", flat=True))
    assert long.pk in flagged and short.pk not in flagged
