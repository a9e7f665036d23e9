"""Shared set-up of the registration tests: the two professions of the domain page, a fixed
"now" (26 November 2026, the worked example's as_of) and a registration for a person."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

from development.models import Profession, Registration, RequirementCategory

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
TODAY = NOW.date()


def make_professions() -> tuple[Profession, Profession]:
    jzw = Profession.objects.create(
        key="jeugdzorgwerker", name="Jeugdzorgwerker", hours_required=D(1664), position=1
    )
    for position, (key, name, required) in enumerate(
        [
            ("training", "Scholing", 60),
            ("reflection", "Reflectie", 50),
            ("free", "Vrije ruimte", 50),
        ]
    ):
        RequirementCategory.objects.create(
            profession=jzw, key=key, name=name, required=D(required), position=position
        )
    jgp = Profession.objects.create(
        key="jeugd_en_gezinsprofessional",
        name="Jeugd- en gezinsprofessional",
        hours_required=D(3368),
        position=2,
    )
    RequirementCategory.objects.create(
        profession=jgp, key="training", name="Scholing", required=D(40), position=0
    )
    return jzw, jgp


def register(employee, profession, registered_on: date = date(2022, 3, 15), **extra):
    return Registration.objects.create(
        employee=employee,
        number=extra.pop("number", "110012345"),
        profession=profession,
        registered_on=registered_on,
        **extra,
    )
