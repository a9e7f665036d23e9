from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from absence.models import Episode
from core.permissions import can, employee_of, has_role, roles_of
from core.roles import Role
from hrm.models import Employee
from hrm.selectors import employee_list, employees_by_status, team_overview


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
    from hrm.services import user_set_language

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
    user = request.user
    today = timezone.localdate()
    me = employee_of(user)
    context = {
        "roles": sorted(roles_of(user), key=list(Role).index),
        "me": me,
        "today": today,
    }
    if me is not None:
        me = Employee.objects.with_contracts().get(pk=me.pk)
        context["my_contract"] = me.current_or_last_contract(today)
        context["me"] = me
        context["my_open_episode"] = Episode.objects.filter(
            employee=me, recovered_on__isnull=True
        ).first()
    if has_role(user, Role.MANAGER):
        context["my_people"] = employees_by_status(
            employee_list(user, today=today), "active", today
        ).exclude(pk=getattr(me, "pk", None))
    if can(user, "hrm.view_all_employees"):
        context["headcount"] = Employee.objects.employed_on(today).count()
        context["upcoming_exits"] = Employee.objects.filter(exit_date__gte=today).order_by(
            "exit_date"
        )[:5]
    if can(user, "hrm.view_teams"):
        context["teams"] = team_overview(today)
    return render(request, "core/home.html", context)
