"""CSV import of pregnancy and maternity leave (`import_maternity_leave`): personnel number, start,
end. Checked in full first, then written in one transaction; upsert on personnel number + start,
so importing the same file twice changes nothing. Episodes that run into a leave end on its
first day."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from absence.importers.common import (
    ImportResult,
    employed_on,
    employees_by_number,
    employment_spans,
    unknown_employee,
)
from absence.models import Episode, EpisodeChange, MaternityLeave
from absence.signals import sickness_changed
from core.csvio import FieldError, Problem, parse_date, read_csv, required_text

LEAVE_COLUMNS = ["personnel_number", "start", "end"]


@transaction.atomic
def import_leave(data: bytes | str, *, dry_run: bool = False) -> ImportResult:
    result = ImportResult()
    csv_file = read_csv(data, required=LEAVE_COLUMNS)
    result.problems.extend(csv_file.problems)
    if any(p.line == 1 for p in csv_file.problems):
        return result
    employees = employees_by_number(raw.get("personnel_number", "") for _line, raw in csv_file.rows)
    rows = []
    for line, raw in csv_file.rows:
        values: dict[str, Any] = {}  # column -> parsed value (str or date)
        before = len(result.problems)
        for name, parse in (
            ("personnel_number", lambda v: required_text(v, 20)),
            ("start", parse_date),
            ("end", parse_date),
        ):
            try:
                values[name] = parse(raw.get(name, ""))
            except FieldError as exc:
                result.problems.append(Problem(line, name, str(exc)))
        if len(result.problems) > before:
            continue
        employee = employees.get(values["personnel_number"])
        if employee is None:
            result.problems.append(unknown_employee(line, values["personnel_number"]))
            continue
        if values["end"] < values["start"]:
            result.problems.append(
                Problem(line, "end", _("The end date cannot be before the start date."))
            )
            continue
        rows.append((line, employee, values["start"], values["end"]))

    people = list({e.pk: e for _l, e, _s, _e in rows}.values())
    spans = employment_spans(people)
    existing = defaultdict(list)
    for leave in MaternityLeave.objects.filter(employee__in=people):
        existing[leave.employee_id].append(leave)
    episodes = defaultdict(list)
    for episode in Episode.objects.filter(employee__in=people).prefetch_related(
        "partial_recoveries"
    ):
        episodes[episode.employee_id].append(episode)

    by_employee = defaultdict(list)
    for row in rows:
        by_employee[row[1].pk].append(row)
    to_end: dict[int, tuple[Episode, date]] = {}
    for employee_id, emp_rows in by_employee.items():
        file_starts = {start for _l, _e, start, _end in emp_rows}
        kept = [lv for lv in existing[employee_id] if lv.start not in file_starts]
        seen: dict[date, int] = {}
        accepted: list[tuple[int, date, date]] = []
        for line, employee, start, end in sorted(emp_rows, key=lambda r: (r[2], r[0])):
            if start in seen:
                result.problems.append(
                    Problem(
                        line,
                        "start",
                        _("Same personnel number and start as line %(line)d.")
                        % {"line": seen[start]},
                    )
                )
                continue
            seen[start] = line
            if not employed_on(spans[employee_id], start):
                result.problems.append(
                    Problem(
                        line,
                        "start",
                        _("%(name)s is not employed on %(day)s.")
                        % {"name": employee.full_name, "day": start.isoformat()},
                    )
                )
            earlier = next((ln for ln, s_, e_ in accepted if s_ <= end and start <= e_), None)
            recorded = next((lv for lv in kept if lv.start <= end and start <= lv.end), None)
            if earlier is not None:
                message = _("Overlaps the leave on line %(line)d.") % {"line": earlier}
                result.problems.append(Problem(line, "start", message))
            elif recorded is not None:
                message = _("Overlaps the recorded leave %(start)s – %(end)s.") % {
                    "start": recorded.start.isoformat(),
                    "end": recorded.end.isoformat(),
                }
                result.problems.append(Problem(line, "start", message))
            accepted.append((line, start, end))
            for episode in episodes[employee_id]:
                # rows run by start: an earlier leave in this file may already end the episode
                ends = to_end[episode.pk][1] if episode.pk in to_end else episode.recovered_on
                if start <= episode.first_sick_day <= end:
                    result.problems.append(
                        Problem(
                            line,
                            "start",
                            _("The sickness episode from %(day)s starts inside this leave.")
                            % {"day": episode.first_sick_day.isoformat()},
                        )
                    )
                elif episode.first_sick_day < start and (ends is None or ends > start):
                    if any(p.start >= start for p in episode.partial_recoveries.all()):
                        result.problems.append(
                            Problem(
                                line,
                                "start",
                                _(
                                    "A partial recovery of the episode from %(day)s lies inside this leave."
                                )
                                % {"day": episode.first_sick_day.isoformat()},
                            )
                        )
                    else:
                        to_end[episode.pk] = (episode, start)
    result.problems.sort()
    if not result.ok:
        return result

    index = {(lv.employee_id, lv.start): lv for lvs in existing.values() for lv in lvs}
    creates: list[MaternityLeave] = []
    updates: list[MaternityLeave] = []
    for _line, employee, start, end in rows:
        on_record = index.get((employee.pk, start))
        if on_record is None:
            creates.append(MaternityLeave(employee=employee, start=start, end=end))
        elif on_record.end != end:
            on_record.end = end
            updates.append(on_record)
        else:
            result.unchanged += 1
    result.created, result.updated = len(creates), len(updates)
    for episode, start in to_end.values():
        result.notes.append(
            _(
                "The sickness episode of %(name)s since %(first)s now ends on %(day)s, when the leave starts."
            )
            % {
                "name": episode.employee.full_name,
                "first": episode.first_sick_day.isoformat(),
                "day": start.isoformat(),
            }
        )
    if dry_run:
        return result
    for episode, start in to_end.values():
        episode.recovered_on = start
        episode.save(update_fields=["recovered_on", "updated_at"])
        EpisodeChange.objects.create(
            episode=episode,
            action=EpisodeChange.Action.ENDED_BY_LEAVE,
            reason="import_maternity_leave",
        )
    MaternityLeave.objects.bulk_update(updates, ["end"])
    MaternityLeave.objects.bulk_create(creates)
    sickness_changed.send(
        sender=MaternityLeave,
        employee_ids=sorted({leave.employee_id for leave in [*updates, *creates]}),
    )
    return result
