from django.urls import path, re_path

from absence import case_views, views

app_name = "absence"
urlpatterns = [
    path("reintegration/", case_views.case_list, name="case_list"),
    path("reintegration/cases/<int:pk>/", case_views.case_detail, name="case_detail"),
    path("reintegration/cases/<int:pk>/edit/", case_views.case_edit, name="case_edit"),
    path(
        "reintegration/cases/<int:pk>/records/new/", case_views.record_create, name="record_create"
    ),
    path("reintegration/cases/<int:pk>/file.pdf", case_views.case_pdf, name="case_pdf"),
    path(
        "reintegration/records/<int:pk>/documents/",
        case_views.record_documents,
        name="record_documents",
    ),
    path("reintegration/records/<int:pk>/my-view/", case_views.employee_view, name="employee_view"),
    path("reintegration/documents/<int:pk>/", case_views.case_document, name="case_document"),
    path("reintegration/calendar/", case_views.calendar_settings, name="calendar_settings"),
    path("reintegration/calendar/renew/", case_views.calendar_renew, name="calendar_renew"),
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
