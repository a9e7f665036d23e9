"""What the CSV imports of absence share: the result they report (problems as `line N, field:
message`, counts) and the lookups of employees and their employment by personnel number."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from core.csvio import Problem
from hrm.models import ContractPeriod, Employee


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self, what: str) -> str:
        return _("%(what)s: %(c)d new, %(u)d changed, %(n)d unchanged.") % {
            "what": what,
            "c": self.created,
            "u": self.updated,
            "n": self.unchanged,
        }


def employees_by_number(numbers) -> dict[str, Employee]:
    return {
        e.personnel_number: e for e in Employee.objects.filter(personnel_number__in=set(numbers))
    }


def employment_spans(employees: list[Employee]) -> dict[int, list[tuple[date, date | None]]]:
    spans: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for employee_id, start, end in ContractPeriod.objects.filter(
        employee__in=employees
    ).values_list("employee_id", "start", "end"):
        spans[employee_id].append((start, end))
    return spans


def employed_on(spans, day: date) -> bool:
    return any(start <= day and (end is None or day <= end) for start, end in spans)


def unknown_employee(line: int, number: str) -> Problem:
    """The problem of a row whose personnel number is nobody's."""
    return Problem(line, "personnel_number", _("Unknown employee %(n)s.") % {"n": number})
