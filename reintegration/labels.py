"""The Gatekeeper Act milestones and their statuses in words, for the pages, the PDF file, the
reminders and the calendar feed (the pure schedule in poortwachter.py only knows their keys)."""

from django.utils.translation import gettext_lazy

MILESTONE_LABELS = {
    "arbodienst_notification": gettext_lazy("Sick report passed to ArboNed"),
    "problem_analysis": gettext_lazy("Problem analysis"),
    "action_plan": gettext_lazy("Action plan"),
    "plan_evaluation": gettext_lazy("Next evaluation of the action plan"),
    "uwv_42_week_report": gettext_lazy("42nd-week sick report to UWV"),
    "first_year_evaluation": gettext_lazy("First-year evaluation"),
    "final_evaluation": gettext_lazy("Final evaluation"),
    "wia_application": gettext_lazy("WIA application"),
    "waiting_period_end": gettext_lazy("End of the 104-week waiting period"),
}
STATUS_LABELS = {
    "done": gettext_lazy("done"),
    "overdue": gettext_lazy("overdue"),
    "due_soon": gettext_lazy("due within 14 days"),
    "upcoming": gettext_lazy("upcoming"),
    "not_needed": gettext_lazy("not needed after recovery"),
}
