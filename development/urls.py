"""The development interview pages."""

from django.urls import path

from development.views import booking, overview, records, skj
from development.views import plan as plan_views

app_name = "development"
urlpatterns = [
    path("development/", booking.mine, name="mine"),
    path("development/slots/", booking.slots, name="slots"),
    path("development/cycle/", booking.cycle, name="cycle"),
    path("development/overview/", overview.overview, name="overview"),
    path("development/interviews/<int:pk>/", records.interview, name="interview"),
    path("development/interviews/<int:pk>/record.pdf", records.record_pdf, name="record_pdf"),
    # professional registration (SKJ)
    path("development/registration/", skj.mine, name="registration_mine"),
    path("development/registration/<int:pk>/", skj.registration, name="registration"),
    path(
        "development/registration/<int:pk>/edit/",
        skj.registration_edit,
        name="registration_edit",
    ),
    path(
        "development/registration/activities/<int:pk>/certificate.pdf",
        skj.certificate,
        name="activity_certificate",
    ),
    path(
        "development/registration/activities/<int:pk>/delete/",
        skj.activity_remove,
        name="activity_delete",
    ),
    path("development/registrations/", skj.overview, name="registrations"),
    path("development/registrations/new/", skj.registration_edit, name="registration_new"),
    # the annual training plan
    path("development/plan/", plan_views.plan, name="plan"),
    path("development/plan/new/", plan_views.plan_edit, name="plan_new"),
    path("development/plan/approvals/", plan_views.approvals, name="plan_approvals"),
    path("development/plan/requests/", plan_views.requests, name="training_requests"),
    path("development/plan/<int:year>/", plan_views.plan, name="plan_year"),
    path("development/plan/<int:year>/edit/", plan_views.plan_edit, name="plan_edit"),
    path("development/plan/<int:year>/items/new/", plan_views.item_edit, name="plan_item_new"),
    path("development/plan/<int:year>/items/<int:pk>/", plan_views.item_edit, name="plan_item"),
    path("development/plan/<int:year>/export.xlsx", plan_views.export, name="plan_export"),
]
