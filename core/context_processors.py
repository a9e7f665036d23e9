"""What every page template gets: the main menu, built from the entries apps register."""

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.permissions import can
from core.sections import menu


def navigation(request):
    """The main menu: Home, the entries the apps register (core.sections.menu), Management."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items: list[tuple[str, str | Promise, str]] = [("home", _("Home"), reverse("home"))]
    items += [(item.key, item.label, item.url) for item in menu.sections(user)]  # the apps' own
    if can(user, "hrm.manage_employees") or user.is_staff:
        items.append(("admin", _("Management"), reverse("admin:index")))
    path = request.path
    # the most specific matching item is the active one (/people/import/ is Import, not People)
    matches = [
        url for _key, _label, url in items if (path == url if url == "/" else path.startswith(url))
    ]
    current = max(matches, key=len, default=None)
    nav = [
        {"key": key, "label": label, "url": url, "active": url == current}
        for key, label, url in items
    ]
    return {"nav_items": nav}
