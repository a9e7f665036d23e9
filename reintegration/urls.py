"""The reintegration pages: cases, a case and its file (PDF), records, documents, the employee's
view."""

from django.urls import path

from reintegration import views

app_name = "reintegration"
urlpatterns = [
    path("reintegration/", views.case_list, name="case_list"),
    path("reintegration/cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("reintegration/cases/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("reintegration/cases/<int:pk>/records/new/", views.record_create, name="record_create"),
    path("reintegration/cases/<int:pk>/file.pdf", views.case_pdf, name="case_pdf"),
    path(
        "reintegration/records/<int:pk>/documents/",
        views.record_documents,
        name="record_documents",
    ),
    path("reintegration/records/<int:pk>/my-view/", views.employee_view, name="employee_view"),
    path("reintegration/documents/<int:pk>/", views.case_document, name="case_document"),
]
