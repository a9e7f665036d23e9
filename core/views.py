"""The home page (cards that apps register, per user), health check and the language switch."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from core.permissions import roles_of
from core.roles import Role
from core.sections import home_cards
from core.services import user_set_language


@login_not_required
@never_cache
@require_GET
def health(request):
    """Answers 200 after checking the database; 503 when it cannot be reached."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means unhealthy
        return JsonResponse(
            {"status": "error", "database": "unavailable", "error": exc.__class__.__name__},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok", "time": timezone.now().isoformat()})


@login_not_required
@require_POST
def set_language(request):
    """Switch language; remembered on the user (and in a cookie for the login page)."""
    language = request.POST.get("language", "")
    available = {code for code, _ in settings.LANGUAGES}
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in available:
        if request.user.is_authenticated:
            user_set_language(user=request.user, language=language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax"
        )
    return response


def home(request):
    """A greeting with one's roles, and the cards the apps show this user (core.sections)."""
    user = request.user
    context = {
        "roles": sorted(roles_of(user), key=list(Role).index),
        "cards": home_cards.sections(user, timezone.localdate()),
    }
    return render(request, "core/home.html", context)
