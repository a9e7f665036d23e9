from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.permissions import can, employee_of, roles_of


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [("home", _("Home"), reverse("home"))]
    if can(user, "hrm.view_employee_list"):
        items.append(("people", _("People"), reverse("hrm:employee_list")))
    elif roles_of(user):
        me = employee_of(user)
        if me is not None:
            items.append(("people", _("My details"), me.get_absolute_url()))
    if can(user, "absence.view_report"):
        items.append(("absence", _("Absence"), reverse("absence:index")))
    elif roles_of(user) and employee_of(user) is not None:
        items.append(
            (
                "absence",
                _("My absence"),
                reverse("absence:employee_history", args=[employee_of(user).pk]),
            )
        )
    if can(user, "reintegration.view"):
        items.append(("reintegration", _("Reintegration"), reverse("absence:case_list")))
    if can(user, "hrm.view_teams"):
        items.append(("teams", _("Teams"), reverse("hrm:team_list")))
    if can(user, "hrm.import_employees"):
        items.append(("import", _("Import"), reverse("hrm:employee_import")))
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
