"""The site's routes: home, health, login, admin, API and its schema, the calendar feed, and each
app's pages."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core import calendar_views
from core import views as core_views

admin.site.site_header = "PlusTeam HR"
admin.site.site_title = "PlusTeam HR"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health/", core_views.health, name="health"),
    path("calendar/<str:token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("", include("hrm.urls")),
    path("", include("absence.urls")),
    path("", include("reintegration.urls")),
    path("", include("development.urls")),
    path("", include("handbook.urls")),
]
