"""Import employees and contract periods from CSV.

One row per contract period, several rows per employee; upsert on personnel number + contract
start; teams are created by name. All rows are checked first; any problem aborts the whole
import and nothing is written."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from core.csvio import (
    FieldError,
    Problem,
    optional_text,
    parse_date,
    parse_decimal,
    read_csv,
    required_text,
)
from core.forms import max_length
from core.periods import exclusive, overlaps
from hrm.models import MAX_HOURS_PER_WEEK, ContractPeriod, Employee, Team, sort_name

COLUMNS = [
    "personnel_number",
    "first_name",
    "last_name",
    "email",
    "team",
    "job_title",
    "hours_per_week",
    "contract_start",
    "contract_end",
]
EMPLOYEE_FIELDS = ["first_name", "last_name", "email"]
CONTRACT_FIELDS = ["end", "hours_per_week", "team", "job_title"]


@dataclass
class Row:
    line: int
    personnel_number: str
    first_name: str
    last_name: str
    email: str
    team: str
    job_title: str
    hours_per_week: Decimal
    contract_start: date
    contract_end: date | None


@dataclass
class Change:
    kind: str  # "team" | "employee" | "contract"
    action: str  # "create" | "update" | "unchanged"
    label: str
    fields: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, kind: str, action: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind and c.action == action)

    @property
    def has_changes(self) -> bool:
        return any(c.action != "unchanged" for c in self.changes)

    def summary(self) -> str:
        return _(
            "Teams: %(tc)d new. Employees: %(ec)d new, %(eu)d changed, %(en)d unchanged. "
            "Contract periods: %(cc)d new, %(cu)d changed, %(cn)d unchanged."
        ) % {
            "tc": self.count("team", "create"),
            "ec": self.count("employee", "create"),
            "eu": self.count("employee", "update"),
            "en": self.count("employee", "unchanged"),
            "cc": self.count("contract", "create"),
            "cu": self.count("contract", "update"),
            "cn": self.count("contract", "unchanged"),
        }


def _parse_row(line: int, raw: dict[str, str], problems: list[Problem]) -> Row | None:
    values: dict = {}

    def take(name: str, parse) -> None:
        try:
            values[name] = parse(raw.get(name, ""))
        except FieldError as exc:
            problems.append(Problem(line, name, str(exc)))

    def email(value: str) -> str:
        if not value:
            return ""
        optional_text(value, max_length(Employee, "email"))
        try:
            validate_email(value)
        except ValidationError:
            raise FieldError(
                _("'%(value)s' is not a valid e-mail address.") % {"value": value}
            ) from None
        # Kept as written, like the services do: lowercasing here made a re-imported export
        # "change" every address entered with capitals.
        return value

    def hours(value: str) -> Decimal:
        number = parse_decimal(value)
        if number <= 0 or number > MAX_HOURS_PER_WEEK:
            raise FieldError(_("Hours per week must be more than 0 and at most 60."))
        if number != number.quantize(Decimal("0.01")):
            raise FieldError(_("At most two decimals."))
        return number

    before = len(problems)
    take("personnel_number", lambda v: required_text(v, max_length(Employee, "personnel_number")))
    take("first_name", lambda v: required_text(v, max_length(Employee, "first_name")))
    take("last_name", lambda v: required_text(v, max_length(Employee, "last_name")))
    take("email", email)
    take("team", lambda v: required_text(v, max_length(Team, "name")))
    take("job_title", lambda v: required_text(v, max_length(ContractPeriod, "job_title")))
    take("hours_per_week", hours)
    take("contract_start", parse_date)
    take("contract_end", lambda v: parse_date(v, required=False))
    if len(problems) > before:
        return None
    if values["contract_end"] and values["contract_end"] < values["contract_start"]:
        problems.append(
            Problem(line, "contract_end", _("The end date cannot be before the start date."))
        )
        return None
    return Row(line=line, **values)


def plan_import(data: bytes | str) -> tuple[ImportResult, list[Row]]:
    """Check every row against the file and the database; write nothing."""
    result = ImportResult()
    csv_file = read_csv(data, required=COLUMNS)
    result.problems.extend(csv_file.problems)
    if any(p.line == 1 for p in csv_file.problems):
        return result, []

    rows = [row for line, raw in csv_file.rows if (row := _parse_row(line, raw, result.problems))]

    by_number: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_number[row.personnel_number].append(row)

    existing = {
        e.personnel_number: e
        for e in Employee.objects.filter(personnel_number__in=by_number).prefetch_related(
            "contracts__team"
        )
    }
    teams = {t.name.lower(): t for t in Team.objects.all()}

    for number, emp_rows in by_number.items():
        first = emp_rows[0]
        for row in emp_rows[1:]:
            for name in EMPLOYEE_FIELDS:
                if getattr(row, name) != getattr(first, name):
                    result.problems.append(
                        Problem(
                            row.line,
                            name,
                            _("Differs from line %(line)d for the same personnel number.")
                            % {"line": first.line},
                        )
                    )
        starts: dict[date, Row] = {}
        for row in emp_rows:
            if row.contract_start in starts:
                result.problems.append(
                    Problem(
                        row.line,
                        "contract_start",
                        _("Same personnel number and contract start as line %(line)d.")
                        % {"line": starts[row.contract_start].line},
                    )
                )
            starts.setdefault(row.contract_start, row)
        # The state after the import: database periods not in the file, plus the file's rows.
        employee = existing.get(number)
        kept = [c for c in (employee.contracts.all() if employee else []) if c.start not in starts]
        ordered = sorted(starts.values(), key=lambda r: r.contract_start)
        for i, row in enumerate(ordered):
            for other in ordered[i + 1 :]:
                if overlaps(
                    row.contract_start,
                    exclusive(row.contract_end),
                    other.contract_start,
                    exclusive(other.contract_end),
                ):
                    result.problems.append(
                        Problem(
                            other.line,
                            "contract_start",
                            _("The contract period overlaps the one on line %(line)d.")
                            % {"line": row.line},
                        )
                    )
            for period in kept:
                if overlaps(
                    row.contract_start,
                    exclusive(row.contract_end),
                    period.start,
                    exclusive(period.end),
                ):
                    result.problems.append(
                        Problem(
                            row.line,
                            "contract_start",
                            _("The contract period overlaps the existing period %(period)s.")
                            % {"period": period.period_label()},
                        )
                    )

    result.problems.sort()
    if result.problems:
        return result, rows

    new_teams = sorted({r.team for r in rows if r.team.lower() not in teams}, key=str.lower)
    seen_team_names: set[str] = set()
    for name in new_teams:
        if name.lower() not in seen_team_names:
            seen_team_names.add(name.lower())
            result.changes.append(Change("team", "create", name))
    for number, emp_rows in by_number.items():
        first = emp_rows[0]
        employee = existing.get(number)
        label = f"{number} {first.first_name} {first.last_name}"
        if employee is None:
            result.changes.append(Change("employee", "create", label))
        else:
            changed = [n for n in EMPLOYEE_FIELDS if getattr(employee, n) != getattr(first, n)]
            result.changes.append(
                Change("employee", "update" if changed else "unchanged", label, changed)
            )
        contracts = {c.start: c for c in (employee.contracts.all() if employee else [])}
        for row in sorted(emp_rows, key=lambda r: r.contract_start):
            clabel = f"{number} {row.contract_start.isoformat()}"
            contract = contracts.get(row.contract_start)
            if contract is None:
                result.changes.append(Change("contract", "create", clabel))
                continue
            new = {
                "end": row.contract_end,
                "hours_per_week": row.hours_per_week,
                "team": row.team.lower(),
                "job_title": row.job_title,
            }
            old = {
                "end": contract.end,
                "hours_per_week": contract.hours_per_week,
                "team": contract.team.name.lower(),
                "job_title": contract.job_title,
            }
            changed = [n for n in CONTRACT_FIELDS if new[n] != old[n]]
            result.changes.append(
                Change("contract", "update" if changed else "unchanged", clabel, changed)
            )
    return result, rows


@transaction.atomic
def run_import(data: bytes | str, *, dry_run: bool = False) -> ImportResult:
    result, rows = plan_import(data)
    if not result.ok or dry_run or not result.has_changes:
        return result

    teams = {t.name.lower(): t for t in Team.objects.select_for_update().order_by("pk")}
    for row in rows:
        if row.team.lower() not in teams:
            teams[row.team.lower()] = Team.objects.create(name=row.team)

    by_number: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_number[row.personnel_number].append(row)
    employees = {
        e.personnel_number: e
        for e in Employee.objects.select_for_update()
        .filter(personnel_number__in=by_number)
        .order_by("pk")
    }
    new_employees = []
    for number, emp_rows in by_number.items():
        first = emp_rows[0]
        employee = employees.get(number)
        if employee is None:
            new_employees.append(
                Employee(
                    personnel_number=number,
                    first_name=first.first_name,
                    last_name=first.last_name,
                    email=first.email,
                    # bulk_create skips Employee.save(), which fills sort_name
                    sort_name=sort_name(first.first_name, first.last_name),
                )
            )
        elif any(getattr(employee, n) != getattr(first, n) for n in EMPLOYEE_FIELDS):
            for n in EMPLOYEE_FIELDS:
                setattr(employee, n, getattr(first, n))
            employee.save(update_fields=[*EMPLOYEE_FIELDS, "updated_at"])
    for employee in Employee.objects.bulk_create(new_employees):
        employees[employee.personnel_number] = employee
    if new_employees and not all(e.pk for e in new_employees):  # backends without RETURNING
        employees = {
            e.personnel_number: e for e in Employee.objects.filter(personnel_number__in=by_number)
        }

    existing = {
        (c.employee_id, c.start): c
        for c in ContractPeriod.objects.filter(employee__in=employees.values())
    }
    to_update, to_create = [], []
    for row in rows:
        employee = employees[row.personnel_number]
        values = {
            "end": row.contract_end,
            "hours_per_week": row.hours_per_week,
            "team": teams[row.team.lower()],
            "job_title": row.job_title,
        }
        contract = existing.get((employee.pk, row.contract_start))
        if contract is None:
            to_create.append(ContractPeriod(employee=employee, start=row.contract_start, **values))
        elif any(getattr(contract, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(contract, k, v)
            to_update.append(contract)
    # Updates first: an import may shorten a period to make room for a new one.
    for contract in sorted(to_update, key=lambda c: (c.employee_id, c.start)):
        contract.save(update_fields=CONTRACT_FIELDS)
    ContractPeriod.objects.bulk_create(to_create)
    result.applied = True
    return result
