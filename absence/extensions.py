"""Places on absence's pages where an app built on absence adds a section of its own (the
mechanism is core.sections): the open reintegration cases on the dashboard, an employee's
reintegration cases on their absence history. absence imports none of those apps: each
registers a builder in its AppConfig.ready()."""

from __future__ import annotations

from core.sections import Section, Slot

# The dashboard, below who is sick now: (viewer, today) -> Section | None; built only for
# viewers who may see names, and each builder audits the records it lists.
dashboard_sections: Slot[Section] = Slot()

# An employee's absence history, below their episodes: (viewer, employee) -> Section | None;
# the viewer may read the employee's sickness records.
history_sections: Slot[Section] = Slot()
