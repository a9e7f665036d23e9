"""The people pages: list, detail, add and edit, contracts, offboarding, import, export, teams."""

from django.urls import path

from hrm import views

app_name = "hrm"
urlpatterns = [
    path("people/", views.employee_list, name="employee_list"),
    path("people/new/", views.employee_create, name="employee_create"),
    path("people/import/", views.employee_import, name="employee_import"),
    path("people/export.csv", views.employee_export, {"fmt": "csv"}, name="employee_export_csv"),
    path("people/export.xlsx", views.employee_export, {"fmt": "xlsx"}, name="employee_export_xlsx"),
    path("people/<int:pk>/", views.employee_detail, name="employee_detail"),
    path("people/<int:pk>/edit/", views.employee_edit, name="employee_edit"),
    path("people/<int:pk>/offboard/", views.employee_offboard, name="employee_offboard"),
    path("people/<int:pk>/login/", views.employee_login, name="employee_login"),
    path("people/<int:pk>/contracts/new/", views.contract_form, name="contract_create"),
    path(
        "people/<int:pk>/contracts/<int:contract_pk>/edit/",
        views.contract_form,
        name="contract_edit",
    ),
    path("teams/", views.team_list, name="team_list"),
    path("teams/new/", views.team_form, name="team_create"),
    path("teams/<int:pk>/edit/", views.team_form, name="team_edit"),
]
