"""CSV import of sickness episodes (`import_absences`, exact columns in the README).

Every row is checked against the file and the database first, in memory (a handful of queries,
whatever the file size); any problem aborts the whole import and nothing is written. Then one
transaction bulk-writes the changes. Upsert keys: personnel number + first sick day (episodes),
personnel number + start (leave); importing the same file twice changes nothing.

An episode that had ended before it was imported was handled outside the product, its sick
report to ArboNed included: it is recorded as passed on through the channel "import" and never
flagged (see `handled_outside`). Only an episode still open at import is the product's to pass
on, and it is flagged from its own sick day N like any other."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from absence.importers.common import (
    ImportResult,
    employed_on,
    employees_by_number,
    employment_spans,
    unknown_employee,
)
from absence.models import Episode, EpisodeChange, MaternityLeave, PartialRecovery
from absence.services import check_first_sick_day
from absence.signals import sickness_changed
from core.csvio import FieldError, Problem, parse_date, parse_yes_no, read_csv, required_text
from core.errors import ApplicationError
from core.periods import exclusive, overlaps
from hrm.models import Employee

EPISODE_COLUMNS = ["personnel_number", "first_sick_day", "recovered_on", "partial_recovery"]
EPISODE_OPTIONAL = ["safety_net", "work_accident", "third_party_liable"]
FLAGS = EPISODE_OPTIONAL
PARTIAL_STEP = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*=\s*([0-9]+(?:[.,][0-9]+)?)\s*$")


def parse_partials(value: str) -> list[tuple[date, Decimal]]:
    """`YYYY-MM-DD=P;YYYY-MM-DD=P` -> [(date, P)], 0 <= P < 100, dates unique."""
    if not value.strip():
        return []
    steps = []
    for part in value.split(";"):
        if not part.strip():
            continue
        match = PARTIAL_STEP.match(part)
        if not match:
            raise FieldError(
                _("'%(value)s' is not of the form YYYY-MM-DD=P.") % {"value": part.strip()}
            )
        day = parse_date(match.group(1))
        try:
            percentage = Decimal(match.group(2).replace(",", "."))
        except InvalidOperation:
            raise FieldError(
                _("'%(value)s' is not a number.") % {"value": match.group(2)}
            ) from None
        if not (0 <= percentage < 100):
            raise FieldError(
                _("The percentage %(p)s must be at least 0 and below 100.") % {"p": match.group(2)}
            )
        steps.append((day, percentage))
    days = [d for d, _p in steps]
    if len(set(days)) != len(days):
        raise FieldError(_("A date appears twice."))
    return sorted(steps)


def handled_outside(first_sick_day: date, recovered_on: date | None, today: date) -> dict:
    """The ArboNed fields of a new imported episode. Ended before the import (fit again on or
    before `today`): passed on outside the product, channel "import", on its first sick day. The
    real day is unknown; the first sick day keeps the Gatekeeper Act's first step of an imported
    chain done (not late) in its case file, and the channel says where it came from. Still open
    at import: nothing recorded, so it is passed on (and flagged when late) as usual."""
    if recovered_on is None or recovered_on > today:
        return {}
    moment = timezone.make_aware(datetime.combine(first_sick_day, time.min))
    return {"arbo_notified_at": moment, "arbo_channel": Episode.ArboChannel.IMPORT}


@dataclass
class EpisodeRow:
    line: int
    employee: Employee
    first_sick_day: date
    recovered_on: date | None
    partials: list[tuple[date, Decimal]]
    flags: dict[str, bool] | None  # None: the columns are absent, keep what is recorded


def _parse_episode_rows(csv_file, result: ImportResult) -> list[EpisodeRow]:
    employees = employees_by_number(raw.get("personnel_number", "") for _line, raw in csv_file.rows)
    has_flags = {name: name in csv_file.columns for name in FLAGS}
    rows = []
    for line, raw in csv_file.rows:
        values: dict = {}
        before = len(result.problems)

        def take(name, parse, raw=raw, line=line, values=values):
            try:
                values[name] = parse(raw.get(name, ""))
            except FieldError as exc:
                result.problems.append(Problem(line, name, str(exc)))

        take("personnel_number", lambda v: required_text(v, 20))
        take("first_sick_day", parse_date)
        take("recovered_on", lambda v: parse_date(v, required=False))
        take("partial_recovery", parse_partials)
        flags = {}
        for name in FLAGS:
            if has_flags[name]:
                take(name, parse_yes_no)
                flags[name] = values.get(name, False)
        if len(result.problems) > before:
            continue
        employee = employees.get(values["personnel_number"])
        if employee is None:
            result.problems.append(unknown_employee(line, values["personnel_number"]))
            continue
        first, recovered = values["first_sick_day"], values["recovered_on"]
        try:
            check_first_sick_day(first)
        except ApplicationError as error:
            result.problems.append(Problem(line, "first_sick_day", error.message))
            continue
        if recovered is not None and recovered <= first:
            result.problems.append(
                Problem(line, "recovered_on", _("Must be after the first sick day."))
            )
            continue
        outside = [
            d for d, _p in values["partial_recovery"] if d < first or (recovered and d >= recovered)
        ]
        if outside:
            result.problems.append(
                Problem(
                    line,
                    "partial_recovery",
                    _("%(day)s lies outside the episode.") % {"day": outside[0].isoformat()},
                )
            )
            continue
        rows.append(
            EpisodeRow(
                line,
                employee,
                first,
                recovered,
                values["partial_recovery"],
                flags if any(has_flags.values()) else None,
            )
        )
    return rows


def plan_episodes(data: bytes | str) -> tuple[ImportResult, list[EpisodeRow], dict]:
    result = ImportResult()
    csv_file = read_csv(data, required=EPISODE_COLUMNS, optional=EPISODE_OPTIONAL)
    result.problems.extend(csv_file.problems)
    if any(p.line == 1 for p in csv_file.problems):
        return result, [], {}
    rows = _parse_episode_rows(csv_file, result)
    employees = list({r.employee.pk: r.employee for r in rows}.values())
    spans = employment_spans(employees)
    existing: dict[int, list[Episode]] = defaultdict(list)
    for episode in Episode.objects.filter(employee__in=employees).prefetch_related(
        "partial_recoveries"
    ):
        existing[episode.employee_id].append(episode)
    leaves: dict[int, list[MaternityLeave]] = defaultdict(list)
    for leave in MaternityLeave.objects.filter(employee__in=employees):
        leaves[leave.employee_id].append(leave)

    by_employee: dict[int, list[EpisodeRow]] = defaultdict(list)
    for row in rows:
        if not employed_on(spans[row.employee.pk], row.first_sick_day):
            result.problems.append(
                Problem(
                    row.line,
                    "first_sick_day",
                    _("%(name)s is not employed on %(day)s.")
                    % {"name": row.employee.full_name, "day": row.first_sick_day.isoformat()},
                )
            )
        for leave in leaves[row.employee.pk]:
            if overlaps(row.first_sick_day, row.recovered_on, leave.start, exclusive(leave.end)):
                result.problems.append(
                    Problem(
                        row.line,
                        "first_sick_day",
                        _("Overlaps the pregnancy/maternity leave %(start)s – %(end)s.")
                        % {"start": leave.start.isoformat(), "end": leave.end.isoformat()},
                    )
                )
        by_employee[row.employee.pk].append(row)

    for employee_id, emp_rows in by_employee.items():
        starts: dict[date, EpisodeRow] = {}
        for row in emp_rows:
            if row.first_sick_day in starts:
                result.problems.append(
                    Problem(
                        row.line,
                        "first_sick_day",
                        _("Same personnel number and first sick day as line %(line)d.")
                        % {"line": starts[row.first_sick_day].line},
                    )
                )
            starts.setdefault(row.first_sick_day, row)
        ordered = sorted(starts.values(), key=lambda r: r.first_sick_day)
        for i, b in enumerate(ordered):
            clashes = [
                a
                for a in ordered[:i]
                if overlaps(a.first_sick_day, a.recovered_on, b.first_sick_day, b.recovered_on)
            ]
            for a in clashes[:1]:
                result.problems.append(
                    Problem(
                        b.line,
                        "first_sick_day",
                        _("Overlaps the episode on line %(line)d.") % {"line": a.line},
                    )
                )
        kept = [e for e in existing[employee_id] if e.first_sick_day not in starts]
        for row in ordered:
            for episode in kept:
                if overlaps(
                    row.first_sick_day,
                    row.recovered_on,
                    episode.first_sick_day,
                    episode.recovered_on,
                ):
                    result.problems.append(
                        Problem(
                            row.line,
                            "first_sick_day",
                            _("Overlaps the recorded episode that started on %(day)s.")
                            % {"day": episode.first_sick_day.isoformat()},
                        )
                    )
    result.problems.sort()
    index = {(e.employee_id, e.first_sick_day): e for eps in existing.values() for e in eps}
    return result, rows, index


def _episode_changed(episode: Episode, row: EpisodeRow) -> bool:
    if episode.recovered_on != row.recovered_on:
        return True
    if row.flags is not None and any(getattr(episode, k) != v for k, v in row.flags.items()):
        return True
    current = sorted((p.start, p.percentage) for p in episode.partial_recoveries.all())
    return current != [(d, Decimal(p)) for d, p in row.partials]


@transaction.atomic
def import_episodes(data: bytes | str, *, dry_run: bool = False) -> ImportResult:
    result, rows, index = plan_episodes(data)
    if not result.ok:
        return result
    today = timezone.localdate()
    to_create, to_update, replace_partials = [], [], []
    for row in rows:
        episode = index.get((row.employee.pk, row.first_sick_day))
        if episode is None:
            to_create.append(row)
        elif _episode_changed(episode, row):
            to_update.append((episode, row))
        else:
            result.unchanged += 1
    result.created, result.updated = len(to_create), len(to_update)
    if dry_run:
        return result

    for episode, row in to_update:
        episode.recovered_on = row.recovered_on
        for name, value in (row.flags or {}).items():
            setattr(episode, name, value)
        replace_partials.append((episode, row.partials))
    if to_update:
        # shorten before lengthening is not needed: the plan already proved the end state is valid,
        # and each row is written as a whole; bulk_update writes them in one statement per batch
        Episode.objects.bulk_update(
            [e for e, _r in to_update], ["recovered_on", *FLAGS], batch_size=500
        )
        PartialRecovery.objects.filter(episode__in=[e for e, _r in to_update]).delete()
    created = Episode.objects.bulk_create(
        [
            Episode(
                employee=row.employee,
                first_sick_day=row.first_sick_day,
                recovered_on=row.recovered_on,
                **(row.flags or {}),
                **handled_outside(row.first_sick_day, row.recovered_on, today),
            )
            for row in to_create
        ],
        batch_size=1000,
    )
    if created and created[0].pk is None:  # backends without RETURNING
        keys = {(r.employee.pk, r.first_sick_day) for r in to_create}
        by_key = {
            (e.employee_id, e.first_sick_day): e
            for e in Episode.objects.filter(employee__in={r.employee.pk for r in to_create})
        }
        created = [
            by_key[k] for k in ((r.employee.pk, r.first_sick_day) for r in to_create) if k in keys
        ]
    replace_partials += [
        (episode, row.partials) for episode, row in zip(created, to_create, strict=True)
    ]
    PartialRecovery.objects.bulk_create(
        [
            PartialRecovery(episode=episode, start=d, percentage=p)
            for episode, steps in replace_partials
            for d, p in steps
        ],
        batch_size=1000,
    )
    EpisodeChange.objects.bulk_create(
        [
            EpisodeChange(episode=e, action=EpisodeChange.Action.IMPORTED, reason="import_absences")
            for e in [*created, *(e for e, _r in to_update)]
        ],
        batch_size=1000,
    )
    sickness_changed.send(
        sender=Episode,
        employee_ids=sorted(
            {r.employee.pk for r in to_create} | {e.employee_id for e, _r in to_update}
        ),
    )
    return result
