"""An employee's chains of sickness (poortwachter.md), from absence's records.

The episodes and leave are read through absence.selectors as plain data and handed to the pure
schedule (poortwachter.py) as its `Spell` and `Leave` types; a chain is taken as known on a
day: later episodes are ignored, a recovery after that day is not known yet."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from absence import selectors as absence_selectors
from reintegration import poortwachter as pw

SpellsAndLeaves = dict[int, tuple[list[pw.Spell], list[pw.Leave]]]


def spells_and_leaves(employee_ids) -> SpellsAndLeaves:
    """Per employee, their episodes and leave as the pure module's types (two queries)."""
    out: SpellsAndLeaves = defaultdict(lambda: ([], []))
    for employee_id, first, recovered in absence_selectors.sickness_spells(employee_ids):
        out[employee_id][0].append(pw.Spell(first, recovered))
    for employee_id, start, end in absence_selectors.leave_spans(employee_ids):
        out[employee_id][1].append(pw.Leave(start, end))
    return out


def chains_as_of(spells, leaves, as_of: date) -> list[pw.Chain]:
    """The chains as known on `as_of`: later episodes ignored, a recovery after it not yet."""
    known = [
        pw.Spell(
            s.first_sick_day, s.recovered_on if s.recovered_on and s.recovered_on <= as_of else None
        )
        for s in spells
        if s.first_sick_day <= as_of
    ]
    return pw.chains(known, leaves) if known else []


def chain_holding(chains: list[pw.Chain], day: date) -> pw.Chain | None:
    for chain in chains:
        last = chain.spells[-1]
        end = last.recovered_on or date.max
        if chain.start <= day < end:
            return chain
    return None


def arbo_notified(employee_ids) -> dict[tuple[int, date], object]:
    """When each episode was passed to ArboNed, by (employee, first sick day)."""
    return absence_selectors.arbo_notifications(employee_ids)
