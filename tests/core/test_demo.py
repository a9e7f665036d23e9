from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command

from absence.models import Episode, EpisodeChange, MaternityLeave, PartialRecovery
from core.models import User
from core.permissions import roles_of
from core.roles import Role
from development.models import (
    Activity,
    Interview,
    PlanItem,
    PlanParticipant,
    PlanSession,
    Profession,
    Registration,
    TrainingPlan,
)
from handbook.models import Chapter
from hrm.demo import PRINTED_LOGINS
from hrm.models import ContractPeriod, Employee, RoleAssignment, Team

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        model.__name__: sorted(map(repr, model.objects.values()))
        for model in (
            User,
            Employee,
            ContractPeriod,
            Team,
            RoleAssignment,
            LogEntry,
            Episode,
            PartialRecovery,
            MaternityLeave,
            EpisodeChange,
            Profession,
            Registration,
            Activity,
            TrainingPlan,
            PlanItem,
            PlanParticipant,
            PlanSession,
        )
    }


def test_load_demo_twice_changes_nothing(capsys):
    call_command("load_demo")
    first = snapshot()
    call_command("load_demo")
    assert snapshot() == first
    out = capsys.readouterr().out
    for username in PRINTED_LOGINS:
        assert username in out


def test_demo_organisation_is_realistic():
    call_command("load_demo", quiet_logins=True)
    assert set(Team.objects.values_list("name", flat=True)) == {"Geldrop-Mierlo", "Waalre", "Staf"}
    assert 28 <= Employee.objects.count() <= 34
    hours = set(ContractPeriod.objects.values_list("hours_per_week", flat=True))
    assert {36, 32, 28, 24} <= {int(h) for h in hours}
    # contract history: hour changes and team moves, and exactly one person who left
    multi = [e for e in Employee.objects.all() if e.contracts.count() > 1]
    assert any(len({c.team_id for c in e.contracts.all()}) > 1 for e in multi)
    assert any(len({c.hours_per_week for c in e.contracts.all()}) > 1 for e in multi)
    leavers = Employee.objects.filter(exit_date__isnull=False)
    assert leavers.count() == 1
    assert leavers.get().contracts.order_by("-start").first().end == leavers.get().exit_date


def test_demo_logins_hold_their_roles():
    call_command("load_demo", quiet_logins=True)
    expected = {
        "adjunct": Role.ADJUNCT_DIRECTOR,
        "director": Role.DIRECTOR,
        "hr": Role.HR,
        "manager": Role.MANAGER,
        "employee": Role.EMPLOYEE,
        "pvt": Role.PVT,
        "board": Role.BOARD,
        "admin": Role.ADMIN,
    }
    for username, role in expected.items():
        user = User.objects.get(username=username)
        assert user.check_password("plusteam-demo")
        assert role in roles_of(user), username
    assert RoleAssignment.objects.filter(role=Role.PVT).count() == 3
    assert RoleAssignment.objects.filter(role=Role.BOARD).count() == 2
    assert (
        not hasattr(User.objects.get(username="board"), "employee")
        or User.objects.get(username="board").employee is None
    )


def test_demo_leaver_cannot_log_in_but_keeps_history(client):
    call_command("load_demo", quiet_logins=True)
    leaver = Employee.objects.get(exit_date__isnull=False)
    assert leaver.exit_date < date(2026, 1, 1)
    assert leaver.contracts.exists()


def test_demo_absence_story():
    """Late 2023 near the seeds' 19.5%, 2025 back around the 5.5% target; sick now in each team."""
    import time_machine

    from absence.figures import absence_report

    with time_machine.travel(date(2026, 11, 23)):
        call_command("load_demo", quiet_logins=True)
    late_2023 = absence_report(start=date(2023, 9, 1), end=date(2023, 12, 31))["total"][
        "absence_percentage"
    ]
    year_2025 = absence_report(start=date(2025, 1, 1), end=date(2025, 12, 31))["total"][
        "absence_percentage"
    ]
    assert 16 <= late_2023 <= 24
    assert year_2025 <= 6.5
    sick_now = Episode.objects.filter(recovered_on__isnull=True).select_related("employee")
    teams = {e.employee.contract_on(date(2026, 11, 23)).team.name for e in sick_now}
    assert teams == {"Geldrop-Mierlo", "Waalre", "Staf"}
    assert MaternityLeave.objects.count() == 1
    assert PartialRecovery.objects.exists()
    assert Episode.objects.filter(
        employee__user__username="employee", recovered_on__isnull=False
    ).exists()


def test_demo_flags_one_sick_report_overdue_to_arbo():
    """The imported history was handled outside the product; of the people sick now, one is
    flagged as not yet passed to ArboNed."""
    import time_machine

    from absence.selectors import arbo_overdue

    with time_machine.travel(date(2026, 11, 23)):
        call_command("load_demo", quiet_logins=True)

    overdue = list(arbo_overdue(date(2026, 11, 23)).select_related("employee"))
    assert [(e.employee.personnel_number, e.recovered_on) for e in overdue] == [("3007", None)]
    history = Episode.objects.filter(recovered_on__lte=date(2026, 11, 23))
    assert history.exists()
    assert not history.exclude(arbo_channel=Episode.ArboChannel.IMPORT).exists()


def test_load_demo_says_what_each_part_loaded(capsys):
    call_command("load_demo")

    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"Demo organisation loaded: {Employee.objects.count()} employees, "
        f"{Episode.objects.count()} sickness episodes since January 2023, "
        f"{Interview.objects.filter(cycle__status='open').count()} development interviews "
        f"this year, {Registration.objects.count()} professional registrations, "
        f"{PlanItem.objects.count()} trainings in this year's plan, "
        f"{Chapter.objects.count()} handbook chapters.",
        f"Demo logins (password for all: plusteam-demo): {', '.join(PRINTED_LOGINS)}",
    ]


def test_demo_reintegration_cases_follow_the_people_sick_now():
    """After the sickness, the reintegration part: a case for everyone sick past sick day 7,
    owned by the adjunct-director, with what was recorded so far in three of them."""
    import time_machine

    from reintegration.models import ReintegrationCase

    with time_machine.travel(date(2026, 11, 23)):
        call_command("load_demo", quiet_logins=True)

    open_cases = ReintegrationCase.objects.filter(closed_on__isnull=True)
    assert set(open_cases.values_list("employee__personnel_number", flat=True)) == {
        "3007",
        "2005",
        "2008",
        "3001",
        "1004",
    }
    assert set(open_cases.values_list("owner__username", flat=True)) == {"adjunct"}
    assert set(
        open_cases.filter(records__isnull=False).values_list(
            "employee__personnel_number", flat=True
        )
    ) == {"2005", "2008", "3001"}
