"""hrm.services: teams, employees, contract periods, offboarding and the end of the login."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.test import RequestFactory

from core.errors import ApplicationError
from hrm import services
from hrm.models import ContractPeriod, Employee, Team
from tests.factories import ContractFactory, EmployeeFactory, UserFactory

AMS = ZoneInfo("Europe/Amsterdam")
PASSWORD = "demo-pass-123"  # UserFactory's


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0):
    """Freeze the clock at a local (Amsterdam) time."""
    return time_machine.travel(datetime(year, month, day, hour, minute, tzinfo=AMS), tick=False)


def contract_kwargs(team: Team, start: date, end: date | None = None, hours: str = "36") -> dict:
    return {
        "start": start,
        "end": end,
        "hours_per_week": Decimal(hours),
        "team": team,
        "job_title": "Buurtwerker",
    }


@pytest.fixture
def person(team_a):
    """An employee without a login: 2022 fixed term, open-ended since 2023."""
    employee = EmployeeFactory(personnel_number="P0500")
    ContractFactory(employee=employee, team=team_a, start=date(2022, 1, 1), end=date(2022, 12, 31))
    ContractFactory(employee=employee, team=team_a, start=date(2023, 1, 1), end=None)
    return employee


@pytest.fixture
def one_year(team_a):
    """An employee with one contract period: the whole of 2023."""
    employee = EmployeeFactory(personnel_number="P0600")
    ContractFactory(employee=employee, team=team_a, start=date(2023, 1, 1), end=date(2023, 12, 31))
    return employee


# Teams ------------------------------------------------------------------------------------------


def test_team_create(hr):
    team = services.team_create(actor=hr, name="  Son en Breugel ", description="Wijkteam")

    assert Team.objects.get(pk=team.pk).name == "Son en Breugel"
    assert team.description == "Wijkteam"


@pytest.mark.parametrize("name", ["Waalre", "waalre", " WAALRE  "])
def test_team_create_with_a_taken_name(hr, team_b, name):
    count = Team.objects.count()

    with pytest.raises(ApplicationError) as exc:
        services.team_create(actor=hr, name=name)

    assert exc.value.code == "team_exists"
    assert exc.value.field == "name"
    assert Team.objects.count() == count


def test_team_create_without_a_name(hr):
    with pytest.raises(ApplicationError) as exc:
        services.team_create(actor=hr, name="   ")

    assert exc.value.code == "invalid"
    assert "name" in exc.value.fields


def test_team_update_renames(hr, team_a):
    services.team_update(actor=hr, team=team_a, name="Geldrop", description="Oost")

    team_a.refresh_from_db()
    assert (team_a.name, team_a.description) == ("Geldrop", "Oost")


def test_team_update_may_keep_its_own_name_in_another_case(hr, team_a):
    services.team_update(actor=hr, team=team_a, name="GELDROP-MIERLO")

    assert Team.objects.get(pk=team_a.pk).name == "GELDROP-MIERLO"


def test_team_update_to_another_teams_name(hr, team_a, team_b):
    with pytest.raises(ApplicationError) as exc:
        services.team_update(actor=hr, team=team_a, name="waalre")

    assert exc.value.code == "team_exists"
    assert Team.objects.get(pk=team_a.pk).name == "Geldrop-Mierlo"


# Employees --------------------------------------------------------------------------------------


def employee_data(team: Team, **overrides) -> dict:
    data = {
        "personnel_number": "P0700",
        "first_name": "Anna",
        "last_name": "de Jong",
        "email": "anna@example.nl",
        "team": team,
        "job_title": "Jongerenwerker",
        "hours_per_week": Decimal("28.5"),
        "contract_start": date(2024, 3, 1),
        "contract_end": None,
    }
    return data | overrides


def test_employee_create_with_the_first_contract(hr, team_a):
    employee = services.employee_create(
        actor=hr, **employee_data(team_a, personnel_number=" P0700 ")
    )

    employee = Employee.objects.get(pk=employee.pk)
    assert employee.personnel_number == "P0700"
    contract = employee.contracts.get()
    assert (contract.start, contract.end, contract.hours_per_week, contract.team) == (
        date(2024, 3, 1),
        None,
        Decimal("28.5"),
        team_a,
    )


@pytest.mark.parametrize("number", ["P0500", " P0500 "])
def test_employee_create_with_a_taken_personnel_number(hr, person, team_a, number):
    count = Employee.objects.count()

    with pytest.raises(ApplicationError) as exc:
        services.employee_create(actor=hr, **employee_data(team_a, personnel_number=number))

    assert exc.value.code == "personnel_number_taken"
    assert exc.value.field == "personnel_number"
    assert Employee.objects.count() == count


def test_employee_create_with_a_bad_contract_leaves_no_employee(hr, team_a):
    count = Employee.objects.count()

    with pytest.raises(ApplicationError) as exc:
        services.employee_create(
            actor=hr,
            **employee_data(
                team_a, contract_start=date(2024, 3, 1), contract_end=date(2024, 2, 29)
            ),
        )

    assert exc.value.code == "contract_dates"
    assert Employee.objects.count() == count
    assert not Employee.objects.filter(personnel_number="P0700").exists()


def test_employee_update_with_a_taken_personnel_number(hr, person, one_year):
    with pytest.raises(ApplicationError) as exc:
        services.employee_update(
            actor=hr,
            employee=one_year,
            personnel_number="P0500",
            first_name=one_year.first_name,
            last_name=one_year.last_name,
        )

    assert exc.value.code == "personnel_number_taken"
    assert Employee.objects.get(pk=one_year.pk).personnel_number == "P0600"


def test_employee_cannot_be_their_own_manager(hr, person):
    with pytest.raises(ApplicationError) as exc:
        services.employee_update(
            actor=hr,
            employee=person,
            personnel_number=person.personnel_number,
            first_name=person.first_name,
            last_name=person.last_name,
            manager=person,
        )

    assert exc.value.code == "own_manager"


# Contract periods: no overlap -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [
        pytest.param(date(2023, 12, 31), None, id="starts-on-last-day"),
        pytest.param(date(2023, 12, 31), date(2024, 6, 30), id="starts-on-last-day-fixed"),
        pytest.param(date(2022, 6, 1), date(2023, 1, 1), id="ends-on-first-day"),
        pytest.param(date(2023, 3, 1), date(2023, 3, 31), id="inside"),
        pytest.param(date(2022, 1, 1), date(2024, 12, 31), id="around"),
        pytest.param(date(2022, 1, 1), None, id="open-ended-from-before"),
        pytest.param(date(2023, 1, 1), date(2023, 12, 31), id="same"),
    ],
)
def test_contract_add_overlapping(hr, one_year, team_a, start, end):
    with pytest.raises(ApplicationError) as exc:
        services.contract_add(actor=hr, employee=one_year, **contract_kwargs(team_a, start, end))

    assert exc.value.code == "contract_overlap"
    assert exc.value.field == "start"
    assert one_year.contracts.count() == 1


@pytest.mark.parametrize(
    ("start", "end"),
    [
        pytest.param(date(2024, 1, 1), None, id="next-day-open"),
        pytest.param(date(2024, 1, 1), date(2024, 1, 1), id="next-day-one-day"),
        pytest.param(date(2022, 1, 1), date(2022, 12, 31), id="ends-the-day-before"),
    ],
)
def test_contract_add_adjacent_is_fine(hr, one_year, team_a, start, end):
    contract = services.contract_add(
        actor=hr, employee=one_year, **contract_kwargs(team_a, start, end, hours="24")
    )

    assert ContractPeriod.objects.get(pk=contract.pk).hours_per_week == Decimal("24")
    assert one_year.contracts.count() == 2


def test_contract_add_after_an_open_ended_contract_overlaps(hr, person, team_a):
    with pytest.raises(ApplicationError) as exc:
        services.contract_add(
            actor=hr,
            employee=person,
            **contract_kwargs(team_a, date(2030, 1, 1), date(2030, 12, 31)),
        )

    assert exc.value.code == "contract_overlap"


def test_contract_add_end_before_start(hr, one_year, team_a):
    with pytest.raises(ApplicationError) as exc:
        services.contract_add(
            actor=hr,
            employee=one_year,
            **contract_kwargs(team_a, date(2024, 2, 1), date(2024, 1, 31)),
        )

    assert exc.value.code == "contract_dates"
    assert exc.value.field == "end"


@pytest.mark.parametrize("hours", ["0", "60.01", "-1"])
def test_contract_add_hours_out_of_range(hr, one_year, team_a, hours):
    with pytest.raises(ApplicationError) as exc:
        services.contract_add(
            actor=hr, employee=one_year, **contract_kwargs(team_a, date(2024, 1, 1), hours=hours)
        )

    assert exc.value.code == "invalid"
    assert "hours_per_week" in exc.value.fields
    assert one_year.contracts.count() == 1


def test_contract_update_into_the_next_period_overlaps(hr, person, team_a):
    first = person.contracts.get(start=date(2022, 1, 1))

    with pytest.raises(ApplicationError) as exc:
        services.contract_update(
            actor=hr, contract=first, **contract_kwargs(team_a, date(2022, 1, 1), date(2023, 1, 1))
        )

    assert exc.value.code == "contract_overlap"
    first.refresh_from_db()
    assert first.end == date(2022, 12, 31)


def test_contract_update_open_ending_the_first_period_overlaps(hr, person, team_a):
    first = person.contracts.get(start=date(2022, 1, 1))

    with pytest.raises(ApplicationError) as exc:
        services.contract_update(
            actor=hr, contract=first, **contract_kwargs(team_a, date(2022, 1, 1))
        )

    assert exc.value.code == "contract_overlap"


def test_contract_update_does_not_overlap_itself(hr, person, team_b):
    first = person.contracts.get(start=date(2022, 1, 1))

    services.contract_update(
        actor=hr,
        contract=first,
        **contract_kwargs(team_b, date(2021, 6, 1), date(2022, 12, 31), hours="32"),
    )

    first.refresh_from_db()
    assert (first.start, first.end, first.hours_per_week, first.team) == (
        date(2021, 6, 1),
        date(2022, 12, 31),
        Decimal("32"),
        team_b,
    )


def test_contract_update_end_before_start(hr, one_year, team_a):
    contract = one_year.contracts.get()

    with pytest.raises(ApplicationError) as exc:
        services.contract_update(
            actor=hr,
            contract=contract,
            **contract_kwargs(team_a, date(2023, 1, 1), date(2022, 12, 31)),
        )

    assert exc.value.code == "contract_dates"
    contract.refresh_from_db()
    assert contract.end == date(2023, 12, 31)


def test_the_database_decides_when_the_service_check_is_passed(hr, one_year, team_a, monkeypatch):
    """A concurrent write that slips past the service check still meets the database constraint;
    the service turns it into the same error code."""
    monkeypatch.setattr(services, "_check_overlap", lambda *args, **kwargs: None)
    monkeypatch.setattr(ContractPeriod, "clean", lambda self: None)

    with pytest.raises(ApplicationError) as exc:
        services.contract_add(
            actor=hr, employee=one_year, **contract_kwargs(team_a, date(2023, 12, 31))
        )

    assert exc.value.code == "contract_overlap"
    assert one_year.contracts.count() == 1


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(date(2023, 12, 31), None, True, id="starts-on-last-day"),
        pytest.param(date(2024, 1, 1), None, False, id="starts-the-day-after"),
        pytest.param(date(2022, 1, 1), date(2023, 1, 1), True, id="ends-on-first-day"),
        pytest.param(date(2022, 1, 1), date(2022, 12, 31), False, id="ends-the-day-before"),
        pytest.param(date(2022, 1, 1), None, True, id="open-ended-around"),
        pytest.param(date(2023, 5, 1), date(2023, 5, 1), True, id="one-day-inside"),
    ],
)
def test_contract_overlaps_counts_both_ends_inclusive(start, end, expected):
    """The service check itself (not only the database) treats ends as inclusive."""
    contract = ContractPeriod(start=date(2023, 1, 1), end=date(2023, 12, 31))

    assert contract.overlaps(start, end) is expected


def test_open_ended_contract_overlaps_everything_after_its_start():
    contract = ContractPeriod(start=date(2023, 1, 1), end=None)

    assert contract.overlaps(date(2099, 1, 1), date(2099, 1, 1))
    assert contract.overlaps(date(2022, 12, 31), date(2023, 1, 1))
    assert not contract.overlaps(date(2022, 1, 1), date(2022, 12, 31))


# The database constraint itself ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [
        pytest.param(date(2023, 12, 31), None, id="touching"),
        pytest.param(date(2023, 6, 1), date(2023, 6, 30), id="inside"),
        pytest.param(date(2022, 1, 1), None, id="open-ended-around"),
        pytest.param(date(2022, 1, 1), date(2023, 1, 1), id="ends-on-first-day"),
    ],
)
def test_database_refuses_overlapping_rows(one_year, team_a, start, end):
    with pytest.raises(IntegrityError), transaction.atomic():
        ContractPeriod.objects.create(employee=one_year, **contract_kwargs(team_a, start, end))

    assert one_year.contracts.count() == 1


def test_database_allows_the_next_day(one_year, team_a):
    ContractPeriod.objects.create(employee=one_year, **contract_kwargs(team_a, date(2024, 1, 1)))

    assert one_year.contracts.count() == 2


def test_database_refuses_an_update_into_overlap(person):
    first = person.contracts.get(start=date(2022, 1, 1))
    first.end = date(2023, 1, 1)

    with pytest.raises(IntegrityError), transaction.atomic():
        first.save()

    assert ContractPeriod.objects.get(pk=first.pk).end == date(2022, 12, 31)


def test_database_refuses_overlap_in_a_bulk_create(team_a):
    employee = EmployeeFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        ContractPeriod.objects.bulk_create(
            [
                ContractPeriod(employee=employee, **contract_kwargs(team_a, date(2024, 1, 1))),
                ContractPeriod(employee=employee, **contract_kwargs(team_a, date(2025, 1, 1))),
            ]
        )

    assert employee.contracts.count() == 0


def test_other_employees_periods_may_overlap(one_year, team_a):
    other = EmployeeFactory()

    ContractPeriod.objects.create(employee=other, **contract_kwargs(team_a, date(2023, 1, 1)))

    assert ContractPeriod.objects.filter(start=date(2023, 1, 1)).count() == 2


@pytest.mark.parametrize(
    "kwargs",
    [
        pytest.param({"end": date(2023, 12, 31)}, id="end-before-start"),
        pytest.param({"hours_per_week": Decimal("0")}, id="zero-hours"),
        pytest.param({"hours_per_week": Decimal("60.5")}, id="too-many-hours"),
    ],
)
def test_database_check_constraints(team_a, kwargs):
    employee = EmployeeFactory()
    values = contract_kwargs(team_a, date(2024, 1, 1)) | kwargs

    with pytest.raises(IntegrityError), transaction.atomic():
        ContractPeriod.objects.create(employee=employee, **values)


# Offboarding ------------------------------------------------------------------------------------


def test_offboard_ends_the_last_contract(hr, person):
    services.employee_offboard(
        actor=hr, employee=person, exit_date=date(2024, 6, 30), reason="own_request"
    )

    person.refresh_from_db()
    assert (person.exit_date, person.exit_reason) == (date(2024, 6, 30), "own_request")
    assert list(person.contracts.order_by("start").values_list("end", flat=True)) == [
        date(2022, 12, 31),
        date(2024, 6, 30),
    ]


def test_offboard_on_the_contracts_own_end_date(hr, one_year):
    services.employee_offboard(
        actor=hr, employee=one_year, exit_date=date(2023, 12, 31), reason="fixed_term_ended"
    )

    one_year.refresh_from_db()
    assert one_year.exit_date == date(2023, 12, 31)
    assert one_year.contracts.get().end == date(2023, 12, 31)


def test_offboard_may_shorten_a_fixed_term(hr, one_year):
    services.employee_offboard(
        actor=hr, employee=one_year, exit_date=date(2023, 9, 30), reason="dismissal"
    )

    assert one_year.contracts.get().end == date(2023, 9, 30)


def assert_not_offboarded(employee: Employee, contract_ends: list) -> None:
    employee.refresh_from_db()
    assert (employee.exit_date, employee.exit_reason) == (None, "")
    assert list(employee.contracts.order_by("start").values_list("end", flat=True)) == contract_ends


def test_offboard_with_a_contract_after_the_exit_date(hr, person):
    with pytest.raises(ApplicationError) as exc:
        services.employee_offboard(
            actor=hr, employee=person, exit_date=date(2022, 6, 30), reason="own_request"
        )

    assert exc.value.code == "contract_after_exit"
    assert exc.value.field == "exit_date"
    assert_not_offboarded(person, [date(2022, 12, 31), None])


def test_offboard_after_the_last_contract_ended(hr, one_year):
    with pytest.raises(ApplicationError) as exc:
        services.employee_offboard(
            actor=hr, employee=one_year, exit_date=date(2024, 1, 1), reason="own_request"
        )

    assert exc.value.code == "exit_after_contract_end"
    assert_not_offboarded(one_year, [date(2023, 12, 31)])


@pytest.mark.parametrize("reason", ["", "bored", "OWN_REQUEST"])
def test_offboard_with_an_unknown_reason(hr, person, reason):
    with pytest.raises(ApplicationError) as exc:
        services.employee_offboard(
            actor=hr, employee=person, exit_date=date(2024, 6, 30), reason=reason
        )

    assert exc.value.code == "exit_reason_invalid"
    assert_not_offboarded(person, [date(2022, 12, 31), None])


def test_offboard_without_a_contract(hr):
    employee = EmployeeFactory()

    with pytest.raises(ApplicationError) as exc:
        services.employee_offboard(
            actor=hr, employee=employee, exit_date=date(2024, 6, 30), reason="own_request"
        )

    assert exc.value.code == "no_contract"
    assert_not_offboarded(employee, [])


# The login ends after the exit date -------------------------------------------------------------


@pytest.fixture
def leaver(team_a):
    """A user with a login whose last working day is Sunday 30 June 2024."""
    user = UserFactory(username="leaver")
    employee = EmployeeFactory(user=user)
    ContractFactory(employee=employee, team=team_a, start=date(2022, 1, 1))
    services.employee_offboard(
        actor=None, employee=employee, exit_date=date(2024, 6, 30), reason="own_request"
    )
    return user


def log_in(username: str = "leaver", password: str = PASSWORD):
    request = RequestFactory().post("/accounts/login/")
    return authenticate(request=request, username=username, password=password)


@pytest.mark.parametrize(
    "moment",
    [(2024, 6, 1, 9, 0), (2024, 6, 30, 0, 5), (2024, 6, 30, 23, 55)],
    ids=["before", "last-day-morning", "last-day-late-evening"],
)
def test_login_works_until_the_end_of_the_last_day(leaver, moment):
    with at(*moment):
        assert log_in() == leaver


@pytest.mark.parametrize(
    "moment",
    [(2024, 7, 1, 0, 5), (2024, 7, 1, 12, 0), (2025, 1, 1, 12, 0)],
    ids=["just-after-midnight-local", "day-after", "months-later"],
)
def test_login_fails_after_the_last_day(leaver, moment):
    with at(*moment):
        assert log_in() is None


def test_login_of_a_colleague_still_works_the_day_after(leaver, employee):
    with at(2024, 7, 1):
        assert log_in("employee") == employee


def test_wrong_password_still_fails_before_the_exit(leaver):
    with at(2024, 6, 30):
        assert log_in(password="wrong") is None


def test_session_ends_the_day_after_the_exit(client, leaver):
    with at(2024, 6, 30, 9, 0):
        client.force_login(leaver)
        assert client.get("/").status_code == 200

    with at(2024, 6, 30, 23, 30):
        assert client.get("/").status_code == 200

    with at(2024, 7, 1, 8, 0):
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        assert not response.wsgi_request.user.is_authenticated
        # every page now asks for a login
        assert client.get("/people/").status_code == 302


def test_middleware_logs_out_a_user_whose_employment_ended(leaver):
    """The session is flushed, not only ignored (the backend also refuses the user after the day,
    so through the full stack the middleware is the second line of defence)."""
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore

    from core.middleware import EndedEmploymentMiddleware

    def request_for(user):
        request = RequestFactory().get("/")
        request.session = SessionStore()
        request.session["_auth_user_id"] = str(user.pk)
        request.session.save()
        request.user = user
        return request

    middleware = EndedEmploymentMiddleware(lambda request: request.user)

    with at(2024, 6, 30, 23, 30):
        assert middleware(request_for(leaver)) == leaver
    with at(2024, 7, 1, 0, 30):
        request = request_for(type(leaver).objects.get(pk=leaver.pk))
        assert isinstance(middleware(request), AnonymousUser)
        assert "_auth_user_id" not in request.session


def test_session_of_someone_still_employed_is_kept(client, employee):
    with at(2024, 7, 1, 8, 0):
        client.force_login(employee)
        assert client.get("/").status_code == 200
        assert client.session["_auth_user_id"] == str(employee.pk)


def test_deactivate_leavers(leaver, employee, team_a):
    today_leaver = UserFactory(username="today")
    employee_today = EmployeeFactory(user=today_leaver)
    ContractFactory(employee=employee_today, team=team_a, start=date(2022, 1, 1))
    services.employee_offboard(
        actor=None, employee=employee_today, exit_date=date(2024, 7, 1), reason="retirement"
    )
    already = UserFactory(username="already", is_active=False)
    employee_already = EmployeeFactory(user=already)
    ContractFactory(employee=employee_already, team=team_a, start=date(2022, 1, 1))
    services.employee_offboard(
        actor=None, employee=employee_already, exit_date=date(2023, 1, 31), reason="other"
    )

    assert services.deactivate_leavers(today=date(2024, 7, 1)) == 1

    active = dict(
        type(leaver)
        .objects.filter(username__in=["leaver", "today", "already", "employee"])
        .values_list("username", "is_active")
    )
    assert active == {"leaver": False, "today": True, "already": False, "employee": True}
    assert services.deactivate_leavers(today=date(2024, 7, 1)) == 0


def test_deactivate_leavers_uses_the_local_date(leaver):
    with at(2024, 6, 30, 23, 30):  # still the last day
        assert services.deactivate_leavers() == 0
    with at(2024, 7, 1, 0, 30):  # 22:30 UTC on 30 June, but 1 July in the Netherlands
        assert services.deactivate_leavers() == 1

    leaver.refresh_from_db()
    assert not leaver.is_active


# Permissions ------------------------------------------------------------------------------------


def _calls(team: Team, employee: Employee) -> dict:
    contract = employee.contracts.order_by("start").last()
    return {
        "team_create": lambda actor: services.team_create(actor=actor, name="Nieuw"),
        "team_update": lambda actor: services.team_update(actor=actor, team=team, name="Anders"),
        "employee_create": lambda actor: services.employee_create(
            actor=actor, **employee_data(team)
        ),
        "employee_update": lambda actor: services.employee_update(
            actor=actor,
            employee=employee,
            personnel_number="X1",
            first_name="X",
            last_name="Y",
        ),
        "contract_add": lambda actor: services.contract_add(
            actor=actor,
            employee=employee,
            **contract_kwargs(team, date(2021, 1, 1), date(2021, 12, 31)),
        ),
        "contract_update": lambda actor: services.contract_update(
            actor=actor, contract=contract, **contract_kwargs(team, contract.start, hours="1")
        ),
        "employee_offboard": lambda actor: services.employee_offboard(
            actor=actor, employee=employee, exit_date=date(2024, 6, 30), reason="own_request"
        ),
        "employee_link_user": lambda actor: services.employee_link_user(
            actor=actor, employee=employee, username="nieuw"
        ),
    }


SERVICE_NAMES = [
    "team_create",
    "team_update",
    "employee_create",
    "employee_update",
    "contract_add",
    "contract_update",
    "employee_offboard",
    "employee_link_user",
]


def _state() -> tuple:
    return (
        list(Team.objects.order_by("pk").values_list("pk", "name")),
        list(
            Employee.objects.order_by("pk").values_list(
                "pk", "personnel_number", "first_name", "exit_date", "user_id"
            )
        ),
        list(
            ContractPeriod.objects.order_by("pk").values_list(
                "pk", "start", "end", "hours_per_week"
            )
        ),
    )


@pytest.mark.parametrize("service", SERVICE_NAMES)
@pytest.mark.parametrize("role", ["employee", "manager", "director", "pvt", "board"])
def test_services_refuse_actors_without_the_permission(request, team_a, person, role, service):
    actor = request.getfixturevalue(role)
    call = _calls(team_a, person)[service]
    before = _state()

    with pytest.raises(PermissionDenied):
        call(actor)

    assert _state() == before


@pytest.mark.parametrize("service", SERVICE_NAMES)
@pytest.mark.parametrize("actor", ["hr", "admin_user", None])
def test_services_allow_hr_admin_and_the_system(request, team_a, person, actor, service):
    actor = request.getfixturevalue(actor) if actor else None
    before = _state()

    _calls(team_a, person)[service](actor)

    assert _state() != before
