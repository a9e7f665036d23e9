"""The pages of a user's own calendar (core/calendar.py): its private address and the button
that makes a new one (mounted by an app's URLs, so their names are relative to its namespace),
and the feed itself at /calendar/<token>.ics."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import calendar
from core.models import CalendarFeed


def _name_here(request, name: str) -> str:
    """`name` in the URL namespace of the current page."""
    namespace = request.resolver_match.namespace
    return f"{namespace}:{name}" if namespace else name


def calendar_settings(request):
    """The user's private calendar address, and the button that makes a new one."""
    if not calendar.sources_for(request.user):
        raise PermissionDenied
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(
        request,
        "core/calendar.html",
        {
            "feed": feed,
            "url": request.build_absolute_uri(reverse("calendar_feed", args=[feed.token]))
            if feed
            else None,
            "renew_url": reverse(_name_here(request, "calendar_renew")),
        },
    )


@require_POST
def calendar_renew(request):
    if not calendar.sources_for(request.user):
        raise PermissionDenied
    calendar.calendar_feed_for(request.user, renew=True)
    messages.success(
        request, _("Your calendar address is ready. Any earlier address no longer works.")
    )
    return redirect(_name_here(request, "calendar_settings"))


@login_not_required
def calendar_feed(request, token: str):
    """The private iCalendar feed (no login: the token is the key; a new token revokes it)."""
    feed = calendar.feed_by_token(token)
    if feed is None:
        raise Http404
    body = calendar.feed_ics(feed, timezone.localdate())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="plusteam-hr.ics"'
    return response
