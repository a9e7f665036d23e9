"""The absence pages: dashboard, exports, board report, report sick, episodes and their actions, an
employee's absence history, maternity leave."""

from django.urls import path, re_path

from absence import views
from core import calendar_views

app_name = "absence"
urlpatterns = [
    # the user's own calendar (core/calendar.py), at its address of old
    path("reintegration/calendar/", calendar_views.calendar_settings, name="calendar_settings"),
    path("reintegration/calendar/renew/", calendar_views.calendar_renew, name="calendar_renew"),
    path("absence/", views.index, name="index"),
    re_path(r"^absence/export\.(?P<fmt>xlsx|csv)$", views.export, name="export"),
    path("absence/board-report/", views.board_report_pdf, name="board_report"),
    path("absence/report-sick/", views.report_sick, name="report_sick"),
    path("absence/episodes/", views.episode_list, name="episode_list"),
    path("absence/episodes/<int:pk>/", views.episode_detail, name="episode_detail"),
    path("absence/episodes/<int:pk>/recover/", views.episode_recover, name="episode_recover"),
    path("absence/episodes/<int:pk>/partial/", views.episode_partial, name="episode_partial"),
    path("absence/episodes/<int:pk>/correct/", views.episode_correct, name="episode_correct"),
    path("absence/episodes/<int:pk>/details/", views.episode_details, name="episode_details"),
    path(
        "absence/episodes/<int:pk>/arbo-portal/",
        views.episode_arbo_portal,
        name="episode_arbo_portal",
    ),
    path("absence/people/<int:pk>/", views.employee_history, name="employee_history"),
    path("absence/maternity-leave/new/", views.leave_create, name="leave_create"),
]
