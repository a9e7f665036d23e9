"""The development interview pages."""

from django.urls import path

from development.views import booking, overview, records

app_name = "development"
urlpatterns = [
    path("development/", booking.mine, name="mine"),
    path("development/slots/", booking.slots, name="slots"),
    path("development/cycle/", booking.cycle, name="cycle"),
    path("development/overview/", overview.overview, name="overview"),
    path("development/interviews/<int:pk>/", records.interview, name="interview"),
    path("development/interviews/<int:pk>/record.pdf", records.record_pdf, name="record_pdf"),
]
