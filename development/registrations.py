"""Professional registrations with their figures: the database glue around the pure rules in
`development.skj`. Contracts come from hrm, the incapacity factor and maternity leave from the
absence engine (absence.selectors), activities from what employees logged plus the done items
of the training plan. Everything for any number of registrations loads in a constant number of
queries, so HR's page of everyone costs the same few queries for 30 people or 1,000."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import partial

from django.db.models import Prefetch, QuerySet

from absence.selectors import incapacity_stretches, leave_spans
from development import skj
from development.models import (
    Activity,
    PlanItem,
    PlanParticipant,
    Registration,
    RequirementCategory,
)
from development.points import short_name
from hrm.models import ContractPeriod, Employee

# HR's page: the registrations that need action first
STATUS_ORDER = {
    skj.EXPIRED: 0,
    skj.OVERDUE: 1,
    skj.AT_RISK: 2,
    skj.ON_TRACK: 3,
    skj.COMPLETE: 4,
}


@dataclass(frozen=True)
class Counted(skj.Activity):
    """An activity as the pages show it: logged (`activity_id`) or a done training of the plan
    (`item_id`)."""

    title: str = ""
    activity_id: int | None = None
    item_id: int | None = None
    has_certificate: bool = False


@dataclass(frozen=True)
class CategoryLine:
    key: str
    name: str
    required: Decimal
    earned: Decimal
    short: Decimal
    overridden: bool

    @property
    def short_name(self) -> str:
        return short_name(self.name)


@dataclass
class RegistrationFigures:
    registration: Registration
    figures: skj.Figures
    categories: list[CategoryLine]
    hours_required: Decimal
    hours_overridden: bool
    hours_lost_to_sickness: Decimal  # to date: what the hours would be without sickness
    counted: list[Counted] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.figures.status

    @property
    def short_categories(self) -> list[CategoryLine]:
        return [line for line in self.categories if line.short > 0]

    @property
    def projected_short(self) -> bool:
        return self.figures.hours_projected < self.hours_required


def with_requirements(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    return registrations.select_related("employee", "profession").prefetch_related(
        Prefetch(
            "profession__categories",
            queryset=RequirementCategory.objects.order_by("position", "pk"),
        )
    )


def requirement_lines(
    registration: Registration,
) -> tuple[list[tuple[str, str, Decimal, bool]], Decimal, bool]:
    """The categories (key, name, required, overridden) and hours that apply to this
    registration: the profession's table, with what SKJ set differently for this person."""
    overrides = {
        str(k): Decimal(str(v)) for k, v in (registration.category_overrides or {}).items()
    }
    lines: list[tuple[str, str, Decimal, bool]] = []
    for category in registration.profession.categories.all():
        if category.key in overrides:
            lines.append((category.key, category.name, overrides.pop(category.key), True))
        else:
            lines.append((category.key, category.name, category.required, False))
    for key, required in overrides.items():  # an extra category SKJ set for this person
        lines.append((key, key, required, True))
    if registration.hours_required is not None:
        return lines, registration.hours_required, True
    return lines, registration.profession.hours_required, False


def _contracts(employee_ids: Sequence[int]) -> dict[int, list[skj.Contract]]:
    contracts: dict[int, list[skj.Contract]] = defaultdict(list)
    rows = ContractPeriod.objects.filter(employee_id__in=employee_ids).values_list(
        "employee_id", "start", "end", "hours_per_week"
    )
    for employee_id, start, end, hours in rows.order_by("start"):
        contracts[employee_id].append(skj.Contract(start=start, end=end, hours_per_week=hours))
    return contracts


def _incapacity(employee_ids: Sequence[int]) -> dict[int, list[skj.Incapacity]]:
    return {
        employee_id: [
            skj.Incapacity(start=first, end=last, factor=Decimal(str(round(factor, 6))))
            for first, last, factor in stretches
        ]
        for employee_id, stretches in incapacity_stretches(employee_ids).items()
    }


def _maternity(employee_ids: Sequence[int]) -> dict[int, list[tuple[date, date]]]:
    spans: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for employee_id, start, end in leave_spans(employee_ids):
        spans[employee_id].append((start, end))
    return spans


def activities_of(employee_ids: Sequence[int]) -> dict[int, list[Counted]]:
    """Per employee every activity that may count: what they (or HR) logged, and each done
    training of the plan they took part in, once per category it earns points in. Two
    queries."""
    found: dict[int, list[Counted]] = defaultdict(list)
    logged = Activity.objects.filter(employee_id__in=employee_ids).values_list(
        "pk", "employee_id", "title", "category", "points", "completed_on", "certificate"
    )
    for pk, employee_id, title, category, points, completed_on, certificate in logged:
        found[employee_id].append(
            Counted(
                category=category,
                points=points,
                completed_on=completed_on,
                title=title,
                activity_id=pk,
                has_certificate=bool(certificate),
            )
        )
    done = PlanParticipant.objects.filter(
        employee_id__in=employee_ids,
        item__status=PlanItem.Status.DONE,
        item__completed_on__isnull=False,
    ).values_list("employee_id", "item_id", "item__title", "item__points", "item__completed_on")
    for employee_id, item_id, title, points, item_completed_on in done:
        for category, value in sorted((points or {}).items()):
            found[employee_id].append(
                Counted(
                    category=str(category),
                    points=Decimal(str(value)),
                    completed_on=item_completed_on or date.min,  # filtered: never None
                    title=title,
                    item_id=item_id,
                )
            )
    return found


def figures_for(
    registrations: Iterable[Registration], as_of: date, *, explain_sickness: bool = True
) -> list[RegistrationFigures]:
    """The figures of each registration on `as_of`, in the order given. Pass registrations from
    `with_requirements` to keep the query count constant. Without `explain_sickness` (lists of
    many people that show no such sentence) `hours_lost_to_sickness` is left at 0, which saves
    computing every registration twice."""
    registrations = list(registrations)
    employee_ids = sorted({r.employee_id for r in registrations})
    contracts = _contracts(employee_ids)
    incapacity = _incapacity(employee_ids)
    maternity = _maternity(employee_ids)
    activities = activities_of(employee_ids)
    result = []
    for registration in registrations:
        lines, hours_required, hours_overridden = requirement_lines(registration)
        requirement = skj.Requirement(
            points={key: required for key, _, required, _ in lines}, hours=hours_required
        )
        employee_id = registration.employee_id

        compute = partial(
            skj.figures,
            registered_on=registration.registered_on,
            as_of=as_of,
            requirement=requirement,
            activities=activities.get(employee_id, []),
            contracts=contracts.get(employee_id, []),
            maternity=maternity.get(employee_id, []),
        )
        figures = compute(incapacity=incapacity.get(employee_id, []))
        lost = Decimal(0)
        if explain_sickness:
            lost = compute(incapacity=()).hours_to_date - figures.hours_to_date
        result.append(
            RegistrationFigures(
                registration=registration,
                figures=figures,
                categories=[
                    CategoryLine(
                        key=key,
                        name=name,
                        required=required,
                        earned=figures.points[key],
                        short=figures.short[key],
                        overridden=overridden,
                    )
                    for key, name, required, overridden in lines
                ],
                hours_required=hours_required,
                hours_overridden=hours_overridden,
                hours_lost_to_sickness=lost,
                counted=[a for a in figures.counted if isinstance(a, Counted)],
            )
        )
    return result


def of_people_employed_on(
    registrations: QuerySet[Registration], day: date
) -> QuerySet[Registration]:
    """The registrations of people with a contract in force on `day` (offboarding ends the
    contract on the exit date): a leaver's registration is history."""
    return registrations.filter(employee__in=Employee.objects.employed_on(day).values("pk"))


def latest_per_employee(registrations: Iterable[Registration]) -> list[Registration]:
    """Of each employee and register the newest registration, keeping the given order."""
    seen: set[tuple[int, str]] = set()
    latest = []
    for registration in sorted(registrations, key=lambda r: r.registered_on, reverse=True):
        key = (registration.employee_id, registration.register)
        if key not in seen:
            seen.add(key)
            latest.append(registration)
    return latest


def at_risk_first(rows: list[RegistrationFigures]) -> list[RegistrationFigures]:
    return sorted(
        rows,
        key=lambda row: (
            STATUS_ORDER[row.status],
            row.figures.submission_deadline,
            row.registration.employee.sort_name,
        ),
    )
