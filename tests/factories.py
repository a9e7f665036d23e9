"""Factories with fixed dates: tests never depend on today's date unless they freeze it."""

from datetime import date
from decimal import Decimal

import factory

from core.models import User
from core.roles import Role
from hrm.models import ContractPeriod, Employee, RoleAssignment, Team


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.LazyAttribute(lambda u: f"{u.username}@plusteam.example")
    password = factory.django.Password("demo-pass-123")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    personnel_number = factory.Sequence(lambda n: f"P{n:04d}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.LazyAttribute(lambda e: f"{e.personnel_number.lower()}@plusteam.example")


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractPeriod

    employee = factory.SubFactory(EmployeeFactory)
    start = date(2022, 1, 1)
    end = None
    hours_per_week = Decimal("36")
    team = factory.SubFactory(TeamFactory)
    job_title = "Generalist"


def make_person(
    username: str | None,
    *roles: Role,
    team: Team | None = None,
    manages: Team | None = None,
    start: date = date(2022, 1, 1),
    hours: Decimal = Decimal("36"),
    employee: bool = True,
) -> User | Employee:
    """A login with roles; with `employee=True` also an employee record with one open contract.
    Returns the user (or the employee when username is None)."""
    user = UserFactory(username=username) if username else None
    person = None
    if employee:
        person = EmployeeFactory(user=user)
        if user:
            person.first_name, person.last_name = user.first_name, user.last_name
            person.save()
        ContractFactory(
            employee=person,
            team=team or TeamFactory(name="Geldrop-Mierlo"),
            start=start,
            hours_per_week=hours,
        )
    for role in roles:
        RoleAssignment.objects.create(
            user=user, role=role, team=manages if role == Role.MANAGER else None
        )
    return user if user else person
