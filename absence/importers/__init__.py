"""CSV imports of sickness episodes and maternity leave (exact columns in the README).

Every row is checked against the file and the database first, in memory (a handful of queries,
whatever the file size); any problem aborts the whole import and nothing is written. Then one
transaction bulk-writes the changes. Upsert keys: personnel number + first sick day (episodes),
personnel number + start (leave); importing the same file twice changes nothing.

An episode that had ended before it was imported was handled outside the product, its sick
report to ArboNed included: it is recorded as passed on through the channel "import" and never
flagged (see `handled_outside`). Only an episode still open at import is the product's to pass
on, and it is flagged from its own sick day N like any other."""

from absence.importers.episodes import EPISODE_COLUMNS as EPISODE_COLUMNS
from absence.importers.episodes import handled_outside as handled_outside
from absence.importers.episodes import import_episodes as import_episodes
from absence.importers.episodes import parse_partials as parse_partials
from absence.importers.episodes import plan_episodes as plan_episodes
from absence.importers.leave import LEAVE_COLUMNS as LEAVE_COLUMNS
from absence.importers.leave import import_leave as import_leave
