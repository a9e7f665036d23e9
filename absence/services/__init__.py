"""Every write to sickness and leave records: views, API, importers, tasks and the apps built
on absence all call these. `actor=None` is the system itself (management commands, tasks)."""

from absence.services.episodes import TEXT_FIELDS as TEXT_FIELDS
from absence.services.episodes import check_employment as check_employment
from absence.services.episodes import check_first_sick_day as check_first_sick_day
from absence.services.episodes import check_no_overlap as check_no_overlap
from absence.services.episodes import episode_correct as episode_correct
from absence.services.episodes import episode_mark_arbo_portal as episode_mark_arbo_portal
from absence.services.episodes import episode_partial_recovery as episode_partial_recovery
from absence.services.episodes import episode_recover as episode_recover
from absence.services.episodes import episode_report_sick as episode_report_sick
from absence.services.episodes import episode_update_details as episode_update_details
from absence.services.leave import maternity_leave_delete as maternity_leave_delete
from absence.services.leave import maternity_leave_record as maternity_leave_record
