"""Every write to people, teams and contracts goes through here (views, API, admin actions,
importers and tasks alike). `actor=None` means the system itself (management commands, tasks)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import check_date
from core.errors import ApplicationError, from_validation_error
from core.models import User
from core.permissions import require
from hrm.models import ContractPeriod, Employee, Team


def _check(actor, action: str) -> None:
    if actor is not None:
        require(actor, action)


def _full_clean(obj, exclude=None) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise from_validation_error(exc) from exc


# Teams ------------------------------------------------------------------------------------------


@transaction.atomic
def team_create(*, actor: User | None, name: str, description: str = "") -> Team:
    _check(actor, "hrm.manage_teams")
    name = name.strip()
    if Team.objects.filter(name__iexact=name).exists():
        raise ApplicationError(
            _("A team with this name already exists."), code="team_exists", field="name"
        )
    team = Team(name=name, description=description)
    _full_clean(team)
    team.save()
    return team


@transaction.atomic
def team_update(*, actor: User | None, team: Team, name: str, description: str = "") -> Team:
    _check(actor, "hrm.manage_teams")
    name = name.strip()
    if Team.objects.filter(name__iexact=name).exclude(pk=team.pk).exists():
        raise ApplicationError(
            _("A team with this name already exists."), code="team_exists", field="name"
        )
    team.name, team.description = name, description
    _full_clean(team)
    team.save()
    return team


# Contracts --------------------------------------------------------------------------------------


def _check_overlap(employee: Employee, start: date, end: date | None, exclude_pk=None) -> None:
    check_date(start, "start")
    check_date(end, "end")
    if end is not None and end < start:
        raise ApplicationError(
            _("The end date cannot be before the start date."), code="contract_dates", field="end"
        )
    others = (
        ContractPeriod.objects.filter(employee=employee).exclude(pk=exclude_pk).order_by("start")
    )
    for other in others:
        if other.overlaps(start, end):
            raise ApplicationError(
                _("This period overlaps the contract period %(period)s of this employee.")
                % {"period": other.period_label()},
                code="contract_overlap",
                field="start",
            )


def _save_contract(contract: ContractPeriod) -> ContractPeriod:
    _full_clean(contract, exclude=["employee"])
    try:
        with transaction.atomic():
            contract.save()
    except IntegrityError as exc:  # a concurrent write won the race: the database decides
        raise ApplicationError(
            _("This period overlaps another contract period of this employee."),
            code="contract_overlap",
            field="start",
        ) from exc
    return contract


@transaction.atomic
def contract_add(
    *,
    actor: User | None,
    employee: Employee,
    start: date,
    end: date | None,
    hours_per_week: Decimal,
    team: Team,
    job_title: str,
) -> ContractPeriod:
    _check(actor, "hrm.manage_employees")
    Employee.objects.select_for_update().filter(pk=employee.pk).first()
    _check_overlap(employee, start, end)
    contract = ContractPeriod(
        employee=employee,
        start=start,
        end=end,
        hours_per_week=hours_per_week,
        team=team,
        job_title=job_title,
    )
    return _save_contract(contract)


@transaction.atomic
def contract_update(
    *,
    actor: User | None,
    contract: ContractPeriod,
    start: date,
    end: date | None,
    hours_per_week: Decimal,
    team: Team,
    job_title: str,
) -> ContractPeriod:
    _check(actor, "hrm.manage_employees")
    Employee.objects.select_for_update().filter(pk=contract.employee_id).first()
    _check_overlap(contract.employee, start, end, exclude_pk=contract.pk)
    contract.start, contract.end = start, end
    contract.hours_per_week, contract.team, contract.job_title = hours_per_week, team, job_title
    return _save_contract(contract)


# Employees --------------------------------------------------------------------------------------


def _check_personnel_number(personnel_number: str, exclude_pk=None) -> None:
    if Employee.objects.filter(personnel_number=personnel_number).exclude(pk=exclude_pk).exists():
        raise ApplicationError(
            _("Personnel number %(number)s is already in use.") % {"number": personnel_number},
            code="personnel_number_taken",
            field="personnel_number",
        )


@transaction.atomic
def employee_create(
    *,
    actor: User | None,
    personnel_number: str,
    first_name: str,
    last_name: str,
    email: str = "",
    manager: Employee | None = None,
    team: Team,
    job_title: str,
    hours_per_week: Decimal,
    contract_start: date,
    contract_end: date | None = None,
) -> Employee:
    """A new employee with their first contract period."""
    _check(actor, "hrm.manage_employees")
    personnel_number = personnel_number.strip()
    _check_personnel_number(personnel_number)
    employee = Employee(
        personnel_number=personnel_number,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
        manager=manager,
    )
    _full_clean(employee)
    employee.save()
    try:
        contract_add(
            actor=actor,
            employee=employee,
            start=contract_start,
            end=contract_end,
            hours_per_week=hours_per_week,
            team=team,
            job_title=job_title,
        )
    except ApplicationError as error:
        # Name the fields as this service's caller does (contract_end, not the model's end).
        renamed = {"start": "contract_start", "end": "contract_end"}
        error.fields = {renamed.get(k, k): v for k, v in error.fields.items()}
        if error.field is not None:
            error.field = renamed.get(error.field, error.field)
        raise
    return employee


@transaction.atomic
def employee_update(
    *,
    actor: User | None,
    employee: Employee,
    personnel_number: str,
    first_name: str,
    last_name: str,
    email: str = "",
    manager: Employee | None = None,
) -> Employee:
    _check(actor, "hrm.manage_employees")
    personnel_number = personnel_number.strip()
    _check_personnel_number(personnel_number, exclude_pk=employee.pk)
    if manager is not None and manager.pk == employee.pk:
        raise ApplicationError(
            _("An employee cannot be their own manager."), code="own_manager", field="manager"
        )
    employee.personnel_number = personnel_number
    employee.first_name, employee.last_name = first_name.strip(), last_name.strip()
    employee.email, employee.manager = email.strip(), manager
    _full_clean(employee)
    employee.save()
    return employee


@transaction.atomic
def employee_offboard(
    *, actor: User | None, employee: Employee, exit_date: date, reason: str
) -> Employee:
    """End the last contract on the exit date (the last working day). The login stops working
    after that day; all history stays."""
    _check(actor, "hrm.offboard_employee")
    check_date(exit_date, "exit_date")
    if reason not in Employee.ExitReason.values:
        raise ApplicationError(
            _("Choose a reason for leaving."), code="exit_reason_invalid", field="exit_reason"
        )
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    contracts = list(employee.contracts.order_by("start"))
    if not contracts:
        raise ApplicationError(
            _("This employee has no contract period to end."), code="no_contract", field="exit_date"
        )
    later = [c for c in contracts if c.start > exit_date]
    if later:
        raise ApplicationError(
            _(
                "A contract period starts after the exit date (%(period)s): change or remove it first."
            )
            % {"period": later[0].period_label()},
            code="contract_after_exit",
            field="exit_date",
        )
    last = contracts[-1]
    if last.end is not None and last.end < exit_date:
        raise ApplicationError(
            _("The exit date lies after the end of the last contract period (%(end)s).")
            % {"end": last.end.strftime("%d-%m-%Y")},
            code="exit_after_contract_end",
            field="exit_date",
        )
    last.end = exit_date
    last.save(update_fields=["end"])
    employee.exit_date, employee.exit_reason = exit_date, reason
    employee.save(update_fields=["exit_date", "exit_reason", "updated_at"])
    return employee


@transaction.atomic
def employee_link_user(
    *, actor: User | None, employee: Employee, username: str, password: str | None = None
) -> User:
    """Give an employee a login (username unique); with no password they use the reset link."""
    _check(actor, "hrm.manage_employees")
    if employee.user_id:
        raise ApplicationError(
            _("This employee already has a login."), code="login_exists", field="username"
        )
    if User.objects.filter(username__iexact=username).exists():
        raise ApplicationError(
            _("This username is taken."), code="username_taken", field="username"
        )
    user = User(
        username=username,
        first_name=employee.first_name,
        last_name=employee.last_name,
        email=employee.email,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    employee.user = user
    employee.save(update_fields=["user", "updated_at"])
    return user


def deactivate_leavers(today: date | None = None) -> int:
    """Switch off the logins of people whose last working day has passed. Returns how many."""
    today = today or timezone.localdate()
    users = User.objects.filter(is_active=True, employee__exit_date__lt=today)
    return users.update(is_active=False)


def send_password_setup(*, user: User, request) -> bool:
    """E-mail a new user the link to choose a password (Django's reset flow). False without e-mail."""
    from django.contrib.auth.forms import PasswordResetForm

    class SetupForm(PasswordResetForm):
        def get_users(self, email):  # the new user has no usable password yet: include them
            return [user] if user.is_active else []

    if not user.email:
        return False
    form = SetupForm(data={"email": user.email})
    form.is_valid()
    form.save(
        request=request,
        use_https=request.is_secure(),
        subject_template_name="registration/password_setup_subject.txt",
        email_template_name="registration/password_setup_email.html",
    )
    return True
