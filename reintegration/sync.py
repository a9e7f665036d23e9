"""Keeping the reintegration cases in step with the chains of sickness: one `ReintegrationCase`
per chain that ran past sick day 7, created then, closed on recovery, reopened when a new
episode joins the chain, merged when two chains become one.

absence announces every change to sickness and leave (absence.signals.sickness_changed, inside
the write's transaction); `follow_sickness` answers it. The daily task runs `sync_all`, because
a chain passes sick day 7 by itself."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.utils import timezone

from absence import selectors as absence_selectors
from core.permissions import users_with_role
from core.roles import Role
from reintegration.chains import chains_as_of, spells_and_leaves
from reintegration.models import CaseRecord, ReintegrationCase

CASE_FROM_SICK_DAY = 8  # "still open after sick day 7"


def default_owner():
    return users_with_role(Role.ADJUNCT_DIRECTOR).order_by("pk").first()


def sync_employees(employee_ids, today: date | None = None) -> dict[str, int]:
    """Create, close and reopen the cases of these employees from their episodes."""
    today = today or timezone.localdate()
    data = spells_and_leaves(employee_ids)
    existing: defaultdict[int, list[ReintegrationCase]] = defaultdict(list)
    for known in ReintegrationCase.objects.filter(employee_id__in=employee_ids):
        existing[known.employee_id].append(known)
    counts = {"created": 0, "closed": 0, "reopened": 0}
    owner = None
    new: list[ReintegrationCase] = []
    for employee_id in employee_ids:
        spells, leaves = data.get(employee_id, ([], []))
        cases = existing.get(employee_id, [])
        previous_end = date.min
        for chain in chains_as_of(spells, leaves, today):
            # a case belongs to this chain when it starts in the chain or in the gap before it
            # (a first sick day corrected to a later date moves the chain's start forward)
            lower, previous_end = previous_end, chain.recovered_on or date.max
            if chain.sick_day_on(today) < CASE_FROM_SICK_DAY:
                continue
            end = chain.recovered_on or date.max
            inside = sorted(
                (c for c in cases if lower <= c.chain_start < end),
                key=lambda c: c.chain_start,
            )
            case: ReintegrationCase | None = inside[0] if inside else None
            for extra in inside[1:]:
                # two chains became one (a leave bridges them, a date was corrected): one file
                CaseRecord.objects.filter(case=extra).update(case=case)
                cases.remove(extra)
                extra.delete()
                counts["merged"] = counts.get("merged", 0) + 1
            closed_on = chain.recovered_on
            if case is None:
                owner = owner or default_owner()
                new.append(
                    ReintegrationCase(
                        employee_id=employee_id,
                        chain_start=chain.start,
                        owner=owner,
                        closed_on=closed_on,
                    )
                )
                continue
            changed = []
            if case.chain_start != chain.start:  # an episode was corrected or added before it
                case.chain_start = chain.start
                changed.append("chain_start")
            if case.closed_on != closed_on:
                counts["closed" if closed_on else "reopened"] += 1
                case.closed_on = closed_on
                changed.append("closed_on")
            if changed:
                case.save(update_fields=changed)
    ReintegrationCase.objects.bulk_create(new, batch_size=1000)
    counts["created"] = len(new)
    return counts


def sync_all(today: date | None = None) -> dict[str, int]:
    return sync_employees(absence_selectors.employees_ever_sick(), today)


def follow_sickness(sender, *, employee_ids, today=None, **kwargs) -> None:
    """Receiver of absence.signals.sickness_changed: the cases follow the chains."""
    sync_employees(employee_ids, today)
