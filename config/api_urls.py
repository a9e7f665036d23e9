"""The API's routes (/api/...): every viewset registers on the router that refuses ids that are not
numbers."""

from django.urls import include, path

from absence.api import CurrentView, EpisodeViewSet, MaternityLeaveViewSet, ReportView
from core.api import Router
from development.api import (
    ActivityViewSet,
    InterviewViewSet,
    ProfessionViewSet,
    RegistrationViewSet,
    SlotViewSet,
)
from handbook.api import ChapterViewSet, HandbookViewSet, VersionViewSet
from hrm.api import EmployeeViewSet, MeView, TeamViewSet
from reintegration.api import CaseViewSet

router = Router(trailing_slash=True)
router.register("teams", TeamViewSet, basename="team")
router.register("employees", EmployeeViewSet, basename="employee")
router.register("absence/episodes", EpisodeViewSet, basename="episode")
router.register("absence/maternity-leave", MaternityLeaveViewSet, basename="maternity-leave")
router.register("reintegration/cases", CaseViewSet, basename="case")
router.register("development/slots", SlotViewSet, basename="development-slot")
router.register("development/interviews", InterviewViewSet, basename="development-interview")
router.register("development/professions", ProfessionViewSet, basename="development-profession")
router.register(
    "development/registrations", RegistrationViewSet, basename="development-registration"
)
router.register("development/activities", ActivityViewSet, basename="development-activity")
router.register("handbook/handbooks", HandbookViewSet, basename="handbook-handbook")
router.register("handbook/chapters", ChapterViewSet, basename="handbook-chapter")
router.register("handbook/versions", VersionViewSet, basename="handbook-version")

urlpatterns = [
    path("me/", MeView.as_view(), name="api-me"),
    path("absence/report/", ReportView.as_view(), name="api-absence-report"),
    path("absence/current/", CurrentView.as_view(), name="api-absence-current"),
    path(
        "development/interviews/<str:pk>/invite.ics",
        InterviewViewSet.as_view({"get": "invite"}),
        name="api-development-interview-invite",
    ),
    path("", include(router.urls)),
]
