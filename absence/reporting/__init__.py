"""What absence figures go out as: the dashboard (page and its Excel/CSV exports), the weekly
digest to the adjunct-director, the monthly traffic-light report for the board (PDF), the
`absence_report` table, sending each once per recipient, and the beat schedules that follow the
organisation settings. The numbers themselves come from absence.figures / absence.stats."""
