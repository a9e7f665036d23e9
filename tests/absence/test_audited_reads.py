"""Every read of an individual sickness, leave or reintegration record by someone other than the
employee is audited, whatever door it comes through (privacy.md): one table of doors, each
opened as HR and as the manager (exactly the rows for the records it shows) and as the employee
themself (none). Two guards keep the table complete: every route of the absence app is in it
(or named as not reading a record), and every API viewset of the app audits through
core.audit.AuditedReads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from rest_framework.test import APIClient

from absence.models import Episode, MaternityLeave
from core.audit import AuditedReads
from core.calendar import calendar_feed_for
from core.models import AuditEvent
from reintegration import services, sync
from reintegration.models import CaseRecord, ReintegrationCase

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _today():
    moment = datetime(2025, 6, 2, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    with time_machine.travel(moment, tick=False):
        yield


@pytest.fixture
def sick(employee, manager, hr, adjunct):
    """`employee` (team A, managed by `manager`) had a leave earlier this year and is sick since
    20 May (sick day 14 today): an episode, a case owned by the adjunct-director, a consultation
    with a next consultation ahead and a PDF."""
    person = employee.employee
    leave = MaternityLeave.objects.create(
        employee=person, start=date(2025, 1, 6), end=date(2025, 4, 27)
    )
    episode = Episode.objects.create(employee=person, first_sick_day=date(2025, 5, 20))
    sync.sync_employees([person.pk])
    case = ReintegrationCase.objects.get(employee=person)
    record = services.record_add(
        actor=adjunct,
        case=case,
        kind=CaseRecord.Kind.CONSULTATION,
        date=date(2025, 5, 28),
        next_consultation=date(2025, 6, 10),
        documents=[SimpleUploadedFile("advies.pdf", PDF, "application/pdf")],
    )
    AuditEvent.objects.all().delete()
    return SimpleNamespace(
        person=person,
        episode=episode,
        leave=leave,
        case=case,
        record=record,
        document=record.documents.get(),
    )


@dataclass(frozen=True)
class Door:
    url: str
    reads: tuple[tuple[str, str, str], ...]  # (action, object type, which record of `sick`)
    readers: tuple[str, ...] = ("hr", "manager")  # who may open it (besides the employee)
    method: str = "get"
    data: dict = field(default_factory=dict)


EPISODE = (("view_episode", "episode", "episode"),)
CASE = (("view_case", "case", "case"),)

# url name -> the door; every route of the absence app is here or in NOT_A_READ
DOORS = {
    # pages
    "absence:index": Door(
        "/absence/",
        (("list_episode", "episode", "episode"), ("list_case", "case", "case")),
    ),
    "absence:episode_list": Door("/absence/episodes/", (("list_episode", "episode", "episode"),)),
    "absence:episode_detail": Door("/absence/episodes/{episode}/", EPISODE),
    "absence:episode_recover": Door("/absence/episodes/{episode}/recover/", EPISODE),
    "absence:episode_partial": Door("/absence/episodes/{episode}/partial/", EPISODE),
    "absence:episode_correct": Door("/absence/episodes/{episode}/correct/", EPISODE, ("hr",)),
    "absence:episode_details": Door("/absence/episodes/{episode}/details/", EPISODE, ("hr",)),
    "absence:episode_arbo_portal": Door(
        "/absence/episodes/{episode}/arbo-portal/", EPISODE, ("hr",), method="post"
    ),
    "absence:employee_history": Door(
        "/absence/people/{person}/", (("view_absence_history", "employee", "person"),)
    ),
    "reintegration:case_list": Door("/reintegration/", (("list_case", "case", "case"),)),
    "reintegration:case_detail": Door("/reintegration/cases/{case}/", CASE),
    "reintegration:case_edit": Door("/reintegration/cases/{case}/edit/", CASE, ("hr", "adjunct")),
    "reintegration:record_create": Door(
        "/reintegration/cases/{case}/records/new/?kind=consultation", CASE, ("hr", "adjunct")
    ),
    "reintegration:case_pdf": Door("/reintegration/cases/{case}/file.pdf", CASE),
    "reintegration:record_documents": Door(
        "/reintegration/records/{record}/documents/",
        (("view_case_record", "case_record", "record"),),
        ("hr", "adjunct"),
    ),
    "reintegration:employee_view": Door(  # only the employee opens it (403 for anyone else)
        "/reintegration/records/{record}/my-view/", (), readers=()
    ),
    "reintegration:case_document": Door(
        "/reintegration/documents/{document}/",
        (("read_case_document", "case_document", "document"),),
    ),
    # API
    "api-absence-current": Door("/api/absence/current/", (("list_episode", "episode", "episode"),)),
    "episode-list": Door("/api/absence/episodes/", (("list_episode", "episode", "episode"),)),
    "episode-detail": Door("/api/absence/episodes/{episode}/", EPISODE),
    "episode-recover": Door(
        "/api/absence/episodes/{episode}/recover/",
        EPISODE,
        method="post",
        data={"recovered_on": "2025-06-02"},
    ),
    "episode-partial": Door(
        "/api/absence/episodes/{episode}/partial/",
        EPISODE,
        method="post",
        data={"start": "2025-05-26", "percentage": "50"},
    ),
    "episode-correct": Door(
        "/api/absence/episodes/{episode}/correct/",
        EPISODE,
        ("hr",),
        method="post",
        data={"reason": "Verkeerd ingevoerd", "first_sick_day": "2025-05-19", "recovered_on": None},
    ),
    "episode-details": Door(
        "/api/absence/episodes/{episode}/details/",
        EPISODE,
        ("hr",),
        method="post",
        data={"expected_duration": "weeks"},
    ),
    "episode-arbo-portal": Door(
        "/api/absence/episodes/{episode}/arbo-portal/", EPISODE, ("hr",), method="post"
    ),
    "maternity-leave-list": Door(
        "/api/absence/maternity-leave/", (("list_leave", "maternity_leave", "leave"),)
    ),
    "maternity-leave-detail": Door(
        "/api/absence/maternity-leave/{leave}/", (("view_leave", "maternity_leave", "leave"),)
    ),
    "case-list": Door("/api/reintegration/cases/", (("list_case", "case", "case"),)),
    "case-detail": Door("/api/reintegration/cases/{case}/", CASE),
    "case-schedule": Door("/api/reintegration/cases/{case}/schedule/", CASE),
    "calendar_feed": Door(  # its reader is the token's owner: test_calendar_feed_... below
        "/calendar/{token}.ics", (("calendar_feed", "case", "case"),), readers=()
    ),
}

# Routes of the app that show no individual record (aggregates, forms to choose someone, the
# user's own settings), with why.
NOT_A_READ = {
    "absence:export": "aggregate figures (suppressed for PVT and board)",
    "absence:board_report": "aggregate figures",
    "api-absence-report": "aggregate figures",
    "absence:report_sick": "a form: the people you may report sick, no sickness record",
    "absence:leave_create": "a form: the people HR may record a leave for",
    "absence:calendar_settings": "the user's own calendar address",
    "absence:calendar_renew": "renews the user's own token (POST)",
}

ABSENCE_MODULES = (
    "absence.views",
    "core.calendar_views",
    "absence.api",
    "reintegration.views",
    "reintegration.api",
)


def _url(door: Door, sick, token: str = "") -> str:
    return door.url.format(
        episode=sick.episode.pk,
        person=sick.person.pk,
        case=sick.case.pk,
        record=sick.record.pk,
        document=sick.document.pk,
        leave=sick.leave.pk,
        token=token,
    )


def _open(user, door: Door, sick):
    client = APIClient()
    client.force_login(user)
    url = _url(door, sick)
    if door.method == "get":
        return client.get(url)
    return client.post(url, door.data, format="json" if url.startswith("/api/") else None)


def _reads() -> list[tuple]:
    return list(
        AuditEvent.objects.order_by("pk").values_list(
            "actor__username", "subject_id", "action", "object_type", "object_id"
        )
    )


def _door_params(*, readers: bool):
    for name, door in DOORS.items():
        for role in door.readers if readers else ("employee",):
            if name != "calendar_feed":
                yield pytest.param(name, role, id=f"{name} | {role}")


@pytest.mark.parametrize(("name", "role"), list(_door_params(readers=True)))
def test_a_read_by_someone_else_writes_exactly_the_rows_of_the_records_shown(
    request, sick, name, role
):
    door = DOORS[name]
    user = request.getfixturevalue(role)

    response = _open(user, door, sick)

    assert response.status_code in {200, 302}, response.content[:300]
    expected = [
        (role, sick.person.pk, action, object_type, str(getattr(sick, which).pk))
        for action, object_type, which in door.reads
    ]
    assert sorted(_reads()) == sorted(expected)


@pytest.mark.parametrize(("name", "role"), list(_door_params(readers=False)))
def test_the_employee_reading_their_own_records_writes_no_row(request, sick, name, role):
    _open(request.getfixturevalue(role), DOORS[name], sick)

    assert _reads() == []


@pytest.mark.parametrize(
    ("door", "status"),
    [
        (Door("/absence/episodes/{episode}/correct/", ()), 403),
        (Door("/reintegration/records/{record}/my-view/", ()), 403),
        (Door("/reintegration/cases/{case}/edit/", ()), 403),
        (DOORS["absence:episode_arbo_portal"], 403),
        (DOORS["episode-correct"], 403),  # the service refuses the manager
        (DOORS["episode-arbo-portal"], 403),
        (Door(DOORS["episode-recover"].url, (), method="post", data={"recovered_on": "x"}), 400),
        (  # the service refuses a recovery before the first sick day
            Door(
                DOORS["episode-recover"].url, (), method="post", data={"recovered_on": "2025-05-01"}
            ),
            400,
        ),
    ],
    ids=lambda v: v.url if isinstance(v, Door) else str(v),
)
def test_a_refused_or_failed_request_writes_no_row(manager, sick, door, status):
    response = _open(manager, door, sick)

    assert response.status_code == status
    assert _reads() == []


def test_calendar_feed_is_audited_as_its_owner_reading_the_cases_it_lists(
    client, adjunct, manager, sick
):
    token = calendar_feed_for(adjunct).token

    response = client.get(_url(DOORS["calendar_feed"], sick, token))

    assert response.status_code == 200
    assert sick.person.full_name in response.content.decode()
    assert _reads() == [("adjunct", sick.person.pk, "calendar_feed", "case", str(sick.case.pk))]


def test_calendar_feed_without_cases_writes_no_row(client, hr, sick):
    token = calendar_feed_for(hr).token  # HR owns no case

    assert client.get(f"/calendar/{token}.ics").status_code == 200
    assert _reads() == []


# Guards -------------------------------------------------------------------------------------


def _routes(patterns, prefix: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{entry.namespace}:" if entry.namespace else prefix
            yield from _routes(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            callback = getattr(entry.callback, "cls", entry.callback)
            yield f"{prefix}{entry.name}", callback.__module__


def test_every_route_of_the_absence_app_is_a_door_above_or_reads_no_record():
    routes = {
        name for name, module in _routes(get_resolver().url_patterns) if module in ABSENCE_MODULES
    }

    assert routes - set(NOT_A_READ) == set(DOORS), (
        "a new route of the absence app: add it to DOORS (or NOT_A_READ, with why)"
    )


def test_the_door_urls_resolve_to_their_names(sick):
    for name, door in DOORS.items():
        match = resolve(_url(door, sick, token="t").split("?")[0])
        full = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
        assert full == name


def test_every_api_viewset_of_the_absence_app_audits_its_reads():
    from config.api_urls import router

    viewsets = [v for _p, v, _b in router.registry if v.__module__ in ABSENCE_MODULES]

    assert viewsets
    for viewset in viewsets:
        assert issubclass(viewset, AuditedReads), viewset
        # (drf-spectacular's extend_schema_view may copy a method to annotate it)
        assert viewset.get_object.__qualname__ == "AuditedReads.get_object", viewset
        assert viewset.list.__qualname__ == "AuditedReads.list", viewset
