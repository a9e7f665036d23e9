"""CSV imports of sickness history: episodes (`import_absences`, `episodes.py`) and pregnancy and
maternity leave (`import_maternity_leave`, `leave.py`). Each checks every row first and writes
nothing when any row is wrong; importing the same file twice changes nothing."""

from absence.importers.episodes import EPISODE_COLUMNS as EPISODE_COLUMNS
from absence.importers.episodes import handled_outside as handled_outside
from absence.importers.episodes import import_episodes as import_episodes
from absence.importers.episodes import parse_partials as parse_partials
from absence.importers.episodes import plan_episodes as plan_episodes
from absence.importers.leave import LEAVE_COLUMNS as LEAVE_COLUMNS
from absence.importers.leave import import_leave as import_leave
