"""Who may open which page and call which endpoint: one table, derived from core.permissions.

Columns are the demo roles plus anonymous. A cell says what the request answers:

    200/201     allowed
    403         the role may not do this at all (for the API: code "permission_denied")
    404         the role may do this, but not on this person (for the API: code "not_found")
    LOGIN       302 to /accounts/login/?next=<url> (pages need a login)
    ADMIN_LOGIN 302 to /admin/login/?next=<url> (the admin has its own login page)
    OWN         302 to the user's own /people/<id>/ (people without the list see their own record)
    UNAUTH      401 with {"code": "not_authenticated", "detail", "fields"} (the API never redirects)
    NA          not applicable: the role has no employee record (board, admin, anonymous)

The people referred to in urls (`{name}` is that person's employee id):

    own        the signed-in user's own record
    colleague  a team A member without a login (team A is managed by `manager`)
    report     in team B, but `manager` is their direct manager
    stranger   in team B, nobody from the demo roles manages them
    former     left team A (and the organisation) before today
    future     starts in team A after today
    {contract} the colleague's contract period, {team} team A
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from rest_framework.test import APIClient

from absence.models import Episode, MaternityLeave
from core.permissions import PERMISSIONS, can
from core.roles import Role
from development.models import (
    Activity,
    Agreement,
    Cycle,
    Interview,
    PlanItem,
    Preparation,
    Profession,
    Registration,
    RequirementCategory,
    Signature,
    Slot,
    TrainingPlan,
)
from handbook.models import Acknowledgement, Chapter, Version
from hrm.models import ContractPeriod, Employee, Team
from reintegration.models import CaseDocument, CaseRecord, ReintegrationCase
from tests.factories import make_person

TODAY = date(2025, 6, 2)

LOGIN, ADMIN_LOGIN, OWN, UNAUTH, NA = "LOGIN", "ADMIN_LOGIN", "OWN", "UNAUTH", "NA"
REDIRECT = "REDIRECT"  # 302 to a page of the app (not the login)

ROLES = (
    "anonymous", "employee", "manager", "hr", "adjunct", "director", "pvt", "board", "admin_user",
    "outsider",
)  # fmt: skip

# fmt: off
MATRIX = [
    # request                                          anon         employee     manager      hr   adjunct      director     pvt          board        admin outsider
    # pages ---------------------------------------------------------------------------------------------------------------------------------------------------------
    ("GET /",                                          LOGIN,       200,         200,         200, 200,         200,         200,         200,         200,  200),
    ("GET /people/",                                   LOGIN,       OWN,         200,         200, 200,         200,         OWN,         403,         200,  OWN),
    ("GET /people/new/",                               LOGIN,       403,         403,         200, 403,         403,         403,         403,         200,  403),
    ("GET /people/import/",                            LOGIN,       403,         403,         200, 403,         403,         403,         403,         200,  403),
    ("GET /people/export.csv",                         LOGIN,       403,         200,         200, 200,         200,         403,         403,         200,  403),
    ("GET /people/export.xlsx",                        LOGIN,       403,         200,         200, 200,         200,         403,         403,         200,  403),
    ("GET /people/{own}/",                             NA,          200,         200,         200, 200,         200,         200,         NA,          NA,   200),
    ("GET /people/{colleague}/",                       LOGIN,       404,         200,         200, 200,         200,         404,         404,         200,  404),
    ("GET /people/{report}/",                          LOGIN,       404,         200,         200, 200,         200,         404,         404,         200,  404),
    ("GET /people/{stranger}/",                        LOGIN,       404,         404,         200, 200,         200,         404,         404,         200,  404),
    ("GET /people/{former}/",                          LOGIN,       404,         404,         200, 200,         200,         404,         404,         200,  404),
    ("GET /people/{future}/",                          LOGIN,       404,         200,         200, 200,         200,         404,         404,         200,  404),
    ("GET /people/{colleague}/edit/",                  LOGIN,       403,         403,         200, 403,         403,         403,         403,         200,  403),
    ("GET /people/{colleague}/offboard/",              LOGIN,       403,         403,         200, 403,         403,         403,         403,         200,  403),
    ("GET /people/{colleague}/login/",                 LOGIN,       403,         403,         200, 403,         403,         403,         403,         200,  403),
    ("GET /people/{colleague}/contracts/new/",         LOGIN,       403,         403,         200, 403,         403,         403,         403,         200,  403),
    ("GET /people/{colleague}/contracts/{contract}/edit/", LOGIN,   403,         403,         200, 403,         403,         403,         403,         200,  403),
    ("GET /teams/",                                    LOGIN,       200,         200,         200, 200,         200,         200,         200,         200,  200),
    ("GET /teams/new/",                                LOGIN,       403,         403,         200, 403,         403,         403,         403,         200,  403),
    ("GET /teams/{team}/edit/",                        LOGIN,       403,         403,         200, 403,         403,         403,         403,         200,  403),
    ("GET /admin/",                                    ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200,  ADMIN_LOGIN),
    ("GET /api/docs/",                                 LOGIN,       200,         200,         200, 200,         200,         200,         200,         200,  200),
    ("GET /accounts/password_change/",                 LOGIN,       200,         200,         200, 200,         200,         200,         200,         200,  200),
    # absence pages: individual records only for HR, (adjunct-)director and the manager; never admin, PVT, board
    ("GET /absence/",                                  LOGIN,       REDIRECT,    200,         200, 200,         200,         200,         200,         403,  REDIRECT),
    ("GET /absence/?start=2025-01-01&end=2025-05-31&by=team", LOGIN, REDIRECT,   200,         200, 200,         200,         200,         200,         403,  REDIRECT),
    ("GET /absence/export.xlsx",                       LOGIN,       403,         200,         200, 200,         200,         200,         200,         403,  403),
    ("GET /absence/export.csv?by=team",                LOGIN,       403,         200,         200, 200,         200,         200,         200,         403,  403),
    ("GET /absence/board-report/?month=2025-05",       LOGIN,       403,         403,         200, 200,         200,         403,         200,         403,  403),
    ("GET /absence/report-sick/",                      LOGIN,       200,         200,         200, 200,         200,         200,         403,         403,  200),
    ("GET /absence/episodes/",                         LOGIN,       403,         200,         200, 200,         200,         403,         403,         403,  403),
    ("GET /absence/episodes/{episode}/",               LOGIN,       404,         200,         200, 200,         200,         404,         404,         404,  404),
    ("GET /absence/episodes/{episode}/recover/",       LOGIN,       404,         200,         200, 403,         403,         404,         404,         404,  404),
    ("GET /absence/episodes/{episode}/partial/",       LOGIN,       404,         200,         200, 403,         403,         404,         404,         404,  404),
    ("GET /absence/episodes/{episode}/correct/",       LOGIN,       403,         403,         200, 403,         403,         403,         403,         403,  403),
    ("GET /absence/episodes/{episode}/details/",       LOGIN,       403,         403,         200, 403,         403,         403,         403,         403,  403),
    ("GET /absence/episodes/{episode}/arbo-portal/",   LOGIN,       405,         405,         405, 405,         405,         405,         405,         405,  405),
    ("GET /absence/people/{own}/",                     NA,          200,         200,         200, 200,         200,         200,         NA,          NA,   200),
    ("GET /absence/people/{colleague}/",               LOGIN,       404,         200,         200, 200,         200,         404,         404,         404,  404),
    ("GET /absence/people/{stranger}/",                LOGIN,       404,         404,         200, 200,         200,         404,         404,         404,  404),
    ("GET /absence/maternity-leave/new/",              LOGIN,       403,         403,         200, 403,         403,         403,         403,         403,  403),
    # reintegration: the colleague's Gatekeeper Act case; kept by HR and the adjunct-director
    ("GET /reintegration/",                            LOGIN,       200,         200,         200, 200,         200,         200,         403,         403,  200),
    ("GET /reintegration/?status=closed",              LOGIN,       200,         200,         200, 200,         200,         200,         403,         403,  200),
    ("GET /reintegration/cases/{case}/",               LOGIN,       404,         200,         200, 200,         200,         404,         404,         404,  404),
    ("GET /reintegration/cases/{case}/edit/",          LOGIN,       403,         403,         200, 200,         403,         403,         403,         403,  403),
    ("GET /reintegration/cases/{case}/records/new/?kind=action_plan", LOGIN, 403, 403,       200, 200,         403,         403,         403,         403,  403),
    ("GET /reintegration/cases/{case}/file.pdf",       LOGIN,       404,         200,         200, 200,         200,         404,         404,         404,  404),
    ("GET /reintegration/records/{record}/documents/", LOGIN,       403,         403,         200, 200,         403,         403,         403,         403,  403),
    ("GET /reintegration/records/{record}/my-view/",   LOGIN,       404,         403,         403, 403,         403,         404,         404,         404,  404),
    ("GET /reintegration/documents/{document}/",       LOGIN,       404,         200,         200, 200,         200,         404,         404,         404,  404),
    # the own calendar: for case owners, and for whoever has or holds a development interview (the manager)
    ("GET /reintegration/calendar/",                   LOGIN,       403,         200,         200, 200,         403,         403,         403,         403,  403),
    ("GET /reintegration/calendar/renew/",             LOGIN,       405,         405,         405, 405,         405,         405,         405,         405,  405),
    # development interviews: the overview of who stands where (names and states only)
    # development interviews: one's own (with the free times), a manager's slots, HR's round
    ("GET /development/",                              LOGIN,       200,         200,         200, 200,         200,         200,         404,         404,  200),
    ("GET /development/slots/",                        LOGIN,       403,         200,         403, 403,         403,         403,         403,         403,  403),
    ("GET /development/cycle/",                        LOGIN,       403,         403,         200, 403,         200,         403,         403,         403,  403),
    ("GET /development/overview/",                     LOGIN,       403,         200,         200, 200,         200,         403,         403,         403,  403),
    # the record of the report's interview (planned, not signed: no PDF yet for anyone)
    ("GET /development/interviews/{interview}/",       LOGIN,       404,         200,         200, 200,         200,         404,         404,         404,  404),
    ("GET /development/interviews/{interview}/record.pdf", LOGIN,   404,         404,         404, 404,         404,         404,         404,         404,  404),
    # professional registration: one's own page, the report's registration (their manager and HR), HR's form, the overview (HR, managers)
    ("GET /development/registration/",                 LOGIN,       200,         200,         200, 200,         200,         200,         404,         404,  200),
    ("GET /development/registration/{registration}/",  LOGIN,       404,         200,         200, 404,         404,         404,         404,         404,  404),
    ("GET /development/registration/{registration}/edit/", LOGIN,   403,         403,         200, 403,         403,         403,         403,         403,  403),
    ("GET /development/registration/activities/{activity}/certificate.pdf", LOGIN, 404, 200, 200, 404,         404,         404,         404,         404,  404),
    ("GET /development/registration/activities/{activity}/delete/", LOGIN, 405, 405,         405, 405,         405,         405,         405,         405,  405),
    ("GET /development/registrations/",                LOGIN,       403,         200,         200, 403,         403,         403,         403,         403,  403),
    ("GET /development/registrations/new/",            LOGIN,       403,         403,         200, 403,         403,         403,         403,         403,  403),
    # the training plan: HR, the directors and managers see it, HR builds it and exports it; deciding on requests; an employee's own requests
    ("GET /development/plan/",                         LOGIN,       403,         200,         200, 200,         200,         403,         403,         403,  403),
    ("GET /development/plan/2025/",                    LOGIN,       403,         200,         200, 200,         200,         403,         403,         403,  403),
    ("GET /development/plan/new/",                     LOGIN,       403,         403,         200, 403,         403,         403,         403,         403,  403),
    ("GET /development/plan/2025/edit/",               LOGIN,       403,         403,         200, 403,         403,         403,         403,         403,  403),
    ("GET /development/plan/2025/items/new/",          LOGIN,       403,         403,         200, 403,         403,         403,         403,         403,  403),
    ("GET /development/plan/2025/items/{plan_item}/",  LOGIN,       403,         403,         200, 403,         403,         403,         403,         403,  403),
    ("GET /development/plan/2025/export.xlsx",         LOGIN,       403,         403,         200, 403,         403,         403,         403,         403,  403),
    ("GET /development/plan/approvals/",               LOGIN,       403,         200,         200, 403,         200,         403,         403,         403,  403),
    ("GET /development/plan/requests/",                LOGIN,       200,         200,         200, 200,         200,         200,         404,         404,  200),
    # reading the handbook (everyone), acknowledging (employees), who has not acknowledged (HR, director)
    ("GET /handbook/",                                 LOGIN,       200,         200,         200, 200,         200,         200,         200,         200,  200),
    ("GET /handbook/{hb_handbook}/",                   LOGIN,       200,         200,         200, 200,         200,         200,         200,         200,  200),
    ("GET /handbook/{hb_handbook}/handbook.pdf",       LOGIN,       200,         200,         200, 200,         200,         200,         200,         200,  200),
    ("GET /handbook/chapters/{hb_chapter}/",           LOGIN,       200,         200,         200, 200,         200,         200,         200,         200,  200),
    ("GET /handbook/search/?q=verlof",                 LOGIN,       200,         200,         200, 200,         200,         200,         200,         200,  200),
    ("GET /handbook/versions/{hb_published}/",         LOGIN,       200,         200,         200, 200,         200,         200,         200,         200,  200),
    ("GET /handbook/versions/{hb_draft}/",             LOGIN,       404,         404,         200, 200,         200,         200,         200,         404,  404),
    ("GET /handbook/acknowledgements/",                LOGIN,       403,         403,         200, 403,         200,         403,         403,         403,  403),
    # the handbook's writing (HR, director) and the PVT's review: employees never see a draft (404)
    ("GET /handbook/manage/",                          LOGIN,       403,         403,         200, 403,         200,         403,         403,         403,  403),
    ("GET /handbook/chapters/new/",                    LOGIN,       403,         403,         200, 403,         200,         403,         403,         403,  403),
    ("GET /handbook/versions/{hb_draft}/edit/",        LOGIN,       403,         403,         200, 403,         200,         403,         403,         403,  403),
    ("GET /handbook/preview/",                         LOGIN,       405,         405,         405, 405,         405,         405,         405,         405,  405),
    ("GET /handbook/versions/{hb_draft}/review/",      LOGIN,       404,         404,         200, 200,         200,         200,         200,         404,  404),
    ("GET /handbook/versions/{hb_published}/review/",  LOGIN,       403,         403,         200, 200,         200,         200,         200,         403,  403),
    ("GET /handbook/compare/?b={hb_published}",        LOGIN,       200,         200,         200, 200,         200,         200,         200,         200,  200),
    ("GET /handbook/compare/?a={hb_published}&b={hb_draft}", LOGIN, 404,         404,         200, 200,         200,         200,         200,         404,  404),
    ("GET /handbook/pvt/",                             LOGIN,       403,         403,         200, 403,         200,         200,         403,         403,  403),
    # API -----------------------------------------------------------------------------------------------------------------------------------------------------------
    ("GET /api/me/",                                   UNAUTH,      200,         200,         200, 200,         200,         200,         200,         200,  200),
    ("GET /api/schema/?format=json",                   UNAUTH,      200,         200,         200, 200,         200,         200,         200,         200,  200),
    ("GET /api/teams/",                                UNAUTH,      200,         200,         200, 200,         200,         200,         200,         200,  200),
    ("GET /api/teams/{team}/",                         UNAUTH,      200,         200,         200, 200,         200,         200,         200,         200,  200),
    ("POST /api/teams/",                               UNAUTH,      403,         403,         201, 403,         403,         403,         403,         201,  403),
    ("PATCH /api/teams/{team}/",                       UNAUTH,      403,         403,         200, 403,         403,         403,         403,         200,  403),
    ("GET /api/employees/",                            UNAUTH,      200,         200,         200, 200,         200,         200,         200,         200,  200),
    ("GET /api/employees/{own}/",                      NA,          200,         200,         200, 200,         200,         200,         NA,          NA,   200),
    ("GET /api/employees/{colleague}/",                UNAUTH,      404,         200,         200, 200,         200,         404,         404,         200,  404),
    ("GET /api/employees/{report}/",                   UNAUTH,      404,         200,         200, 200,         200,         404,         404,         200,  404),
    ("GET /api/employees/{stranger}/",                 UNAUTH,      404,         404,         200, 200,         200,         404,         404,         200,  404),
    ("GET /api/employees/{former}/",                   UNAUTH,      404,         404,         200, 200,         200,         404,         404,         200,  404),
    ("GET /api/employees/{future}/",                   UNAUTH,      404,         200,         200, 200,         200,         404,         404,         200,  404),
    ("POST /api/employees/",                           UNAUTH,      403,         403,         201, 403,         403,         403,         403,         201,  403),
    ("PUT /api/employees/{colleague}/",                UNAUTH,      403,         403,         200, 403,         403,         403,         403,         200,  403),
    ("POST /api/employees/{colleague}/offboard/",      UNAUTH,      403,         403,         200, 403,         403,         403,         403,         200,  403),
    ("GET /api/absence/report/?start=2025-01-01&end=2025-05-31", UNAUTH, 403,  200,         200, 200,         200,         200,         200,         403,  403),
    ("GET /api/absence/current/",                      UNAUTH,      403,         200,         200, 200,         200,         403,         403,         403,  403),
    ("GET /api/absence/episodes/",                     UNAUTH,      200,         200,         200, 200,         200,         200,         200,         200,  200),
    ("GET /api/absence/episodes/{episode}/",           UNAUTH,      404,         200,         200, 200,         200,         404,         404,         404,  404),
    ("POST /api/absence/episodes/",                    UNAUTH,      404,         404,         201, 403,         403,         404,         404,         404,  404),
    ("POST /api/absence/episodes/{episode}/recover/",  UNAUTH,      404,         200,         200, 403,         403,         404,         404,         404,  404),
    ("POST /api/absence/episodes/{episode}/partial/",  UNAUTH,      404,         200,         200, 403,         403,         404,         404,         404,  404),
    ("POST /api/absence/episodes/{episode}/correct/",  UNAUTH,      404,         403,         200, 403,         403,         404,         404,         404,  404),
    ("POST /api/absence/episodes/{episode}/details/",  UNAUTH,      404,         403,         200, 403,         403,         404,         404,         404,  404),
    ("POST /api/absence/episodes/{episode}/arbo-portal/", UNAUTH,   404,         403,         200, 403,         403,         404,         404,         404,  404),
    ("GET /api/reintegration/cases/",                  UNAUTH,      200,         200,         200, 200,         200,         200,         200,         200,  200),
    ("GET /api/reintegration/cases/{case}/",           UNAUTH,      404,         200,         200, 200,         200,         404,         404,         404,  404),
    ("GET /api/reintegration/cases/{case}/schedule/",  UNAUTH,      404,         200,         200, 200,         200,         404,         404,         404,  404),
    ("GET /api/absence/maternity-leave/",              UNAUTH,      200,         200,         200, 200,         200,         200,         200,         200,  200),
    ("GET /api/absence/maternity-leave/{leave}/",      UNAUTH,      404,         200,         200, 200,         200,         404,         404,         404,  404),
    ("POST /api/absence/maternity-leave/",             UNAUTH,      403,         403,         201, 403,         403,         403,         403,         403,  403),
    ("GET /api/development/slots/?available=true",      UNAUTH,      200,         200,         200, 200,         200,         200,         403,         403,  200),
    ("POST /api/development/slots/{slot}/book/",       UNAUTH,      400,         400,         400, 400,         400,         400,         403,         403,  400),
    ("POST /api/development/interviews/{interview}/reschedule/", UNAUTH, 404,   200,         403, 403,         403,         404,         404,         404,  404),
    ("POST /api/development/interviews/{interview}/cancel/", UNAUTH, 404,       200,         403, 403,         403,         404,         404,         404,  404),
    ("GET /api/development/interviews/{interview}/invite.ics", UNAUTH, 404,     200,         200, 200,         200,         404,         404,         404,  404),
    # the interview's record: the manager's own (unshared) preparation; the report's is not written, so 404 for all
    ("GET /api/development/interviews/{interview}/preparation/manager/", UNAUTH, 404, 200,   404, 404,         404,         404,         404,         404,  404),
    ("GET /api/development/interviews/{interview}/preparation/employee/", UNAUTH, 404, 404,  404, 404,         404,         404,         404,         404,  404),
    ("PUT /api/development/interviews/{interview}/preparation/manager/", UNAUTH, 404, 200,   403, 403,         403,         404,         404,         404,  404),
    ("POST /api/development/interviews/{interview}/preparation/manager/share/", UNAUTH, 404, 400, 403, 403,    403,         404,         404,         404,  404),
    ("GET /api/development/interviews/{interview}/agreement/", UNAUTH, 404,     200,         200, 200,         200,         404,         404,         404,  404),
    # (the manager may, but not before the talk: the world's talk is on 10 June)
    ("PUT /api/development/interviews/{interview}/agreement/", UNAUTH, 404,     400,         403, 403,         403,         404,         404,         404,  404),
    ("POST /api/development/interviews/{interview}/sign/", UNAUTH,     404,     400,         403, 403,         403,         404,         404,         404,  404),
    ("POST /api/development/interviews/{interview}/follow-up-note/", UNAUTH, 404, 400,       403, 403,         403,         404,         404,         404,  404),
    # professional registration: the professions, a registration (HR creates; the report's manager and HR read), an activity for the report (HR)
    ("GET /api/development/professions/",              UNAUTH,      200,         200,         200, 200,         200,         200,         403,         403,  200),
    ("POST /api/development/registrations/",           UNAUTH,      403,         403,         201, 403,         403,         403,         403,         403,  403),
    ("GET /api/development/registrations/{registration}/", UNAUTH,  404,         200,         200, 404,         404,         404,         404,         404,  404),
    ("POST /api/development/activities/",              UNAUTH,      403,         403,         201, 403,         403,         403,         403,         403,  403),
    # the handbook API: everyone reads what is published, only reviewers see a draft (404 otherwise); each step by its role (403 otherwise)
    ("GET /api/handbook/handbooks/",                   UNAUTH,      200,         200,         200, 200,         200,         200,         200,         200,  200),
    ("POST /api/handbook/chapters/",                   UNAUTH,      403,         403,         201, 403,         201,         403,         403,         403,  403),
    ("POST /api/handbook/chapters/{hb_chapter}/versions/", UNAUTH,  403,         403,         201, 403,         201,         403,         403,         403,  403),
    ("GET /api/handbook/versions/{hb_published}/",     UNAUTH,      200,         200,         200, 200,         200,         200,         200,         200,  200),
    ("GET /api/handbook/versions/{hb_draft}/",         UNAUTH,      404,         404,         200, 200,         200,         200,         200,         404,  404),
    ("GET /api/handbook/versions/{hb_published}/diff/?against={hb_published}", UNAUTH, 200, 200, 200, 200,      200,         200,         200,         200,  200),
    ("GET /api/handbook/versions/{hb_draft}/diff/?against={hb_published}", UNAUTH, 404, 404,  200, 200,         200,         200,         200,         404,  404),
    ("POST /api/handbook/versions/{hb_draft}/submit/", UNAUTH,      403,         403,         200, 403,         200,         403,         403,         403,  403),
    ("POST /api/handbook/versions/{hb_submitted}/respond/", UNAUTH, 403,         403,         403, 403,         403,         200,         403,         403,  403),
    ("POST /api/handbook/versions/{hb_responded}/decide/", UNAUTH,  403,         403,         403, 403,         200,         403,         200,         403,  403),
    ("POST /api/handbook/versions/{hb_decided}/publish/", UNAUTH,   403,         403,         200, 403,         200,         403,         403,         403,  403),
    ("POST /api/handbook/versions/{hb_published}/acknowledge/", UNAUTH, 200,    200,         200, 200,         200,         200,         403,         403,  200),
]

# The people each role sees (lists, API, exports). Everyone else answers 404.
EVERYONE = {"employee", "manager", "hr", "adjunct", "director", "pvt", "outsider",
            "colleague", "report", "stranger", "former", "future"}
VISIBLE = {
    "employee":   {"employee"},
    "manager":    {"manager", "employee", "pvt", "colleague", "report", "future"},
    "hr":         EVERYONE,
    "adjunct":    EVERYONE,
    "director":   EVERYONE,
    "pvt":        {"pvt"},
    "board":      set(),
    "admin_user": EVERYONE,
    "outsider":   {"outsider"},
}
EMPLOYED_TODAY = EVERYONE - {"former", "future"}

# core.permissions.PERMISSIONS, role by role (1: may).
CAN = {
    # action                   anon employee manager hr adjunct director pvt board admin outsider
    "hrm.view_employee_list":  (0,   0,       1,      1, 1,      1,       0,  0,    1,    0),
    "hrm.view_all_employees":  (0,   0,       0,      1, 1,      1,       0,  0,    1,    0),
    "hrm.manage_employees":    (0,   0,       0,      1, 0,      0,       0,  0,    1,    0),
    "hrm.manage_teams":        (0,   0,       0,      1, 0,      0,       0,  0,    1,    0),
    "hrm.import_employees":    (0,   0,       0,      1, 0,      0,       0,  0,    1,    0),
    "hrm.export_employees":    (0,   0,       1,      1, 1,      1,       0,  0,    1,    0),
    "hrm.offboard_employee":   (0,   0,       0,      1, 0,      0,       0,  0,    1,    0),
    "hrm.view_teams":          (0,   1,       1,      1, 1,      1,       1,  1,    1,    1),
    "core.view_audit_log":     (0,   0,       0,      1, 0,      0,       0,  0,    1,    0),
    "absence.view_individual": (0,   0,       1,      1, 1,      1,       0,  0,    0,    0),
    "absence.view_all_individual": (0, 0,     0,      1, 1,      1,       0,  0,    0,    0),
    "absence.report_for_others": (0, 0,       1,      1, 0,      0,       0,  0,    0,    0),
    "absence.correct":         (0,   0,       0,      1, 0,      0,       0,  0,    0,    0),
    "absence.record_details":  (0,   0,       0,      1, 0,      0,       0,  0,    0,    0),
    "absence.manage_leave":    (0,   0,       0,      1, 0,      0,       0,  0,    0,    0),
    "absence.import":          (0,   0,       0,      1, 0,      0,       0,  0,    0,    0),
    "absence.arbo":            (0,   0,       0,      1, 0,      0,       0,  0,    0,    0),
    "absence.view_report":     (0,   0,       1,      1, 1,      1,       1,  1,    0,    0),
    "absence.view_report_unsuppressed": (0, 0, 1,     1, 1,      1,       0,  0,    0,    0),
    "absence.view_current":    (0,   0,       1,      1, 1,      1,       0,  0,    0,    0),
    "absence.board_report":    (0,   0,       0,      1, 1,      1,       0,  1,    0,    0),
    "reintegration.view":      (0,   0,       1,      1, 1,      1,       0,  0,    0,    0),
    "reintegration.manage":    (0,   0,       0,      1, 1,      0,       0,  0,    0,    0),
    "development.manage_cycle": (0,  0,       0,      1, 0,      1,       0,  0,    0,    0),
    "development.publish_slots": (0, 0,       1,      0, 0,      0,       0,  0,    0,    0),
    "development.book":        (0,   1,       1,      1, 1,      1,       1,  0,    0,    1),
    "development.overview":    (0,   0,       1,      1, 1,      1,       0,  0,    0,    0),
    "development.registration_manage": (0, 0, 0,      1, 0,      0,       0,  0,    0,    0),
    "development.registration_view": (0, 1,   1,      1, 1,      1,       1,  0,    0,    1),
    "development.activity_log": (0,  1,       1,      1, 1,      1,       1,  0,    0,    1),
    "development.plan_manage": (0,   0,       0,      1, 0,      0,       0,  0,    0,    0),
    "development.plan_view":   (0,   0,       1,      1, 1,      1,       0,  0,    0,    0),
    "development.training_request": (0, 1,    1,      1, 1,      1,       1,  0,    0,    1),
    "development.training_approve": (0, 0,    1,      1, 0,      1,       0,  0,    0,    0),
    "development.training_approve_above": (0, 0, 0,   0, 0,      1,       0,  0,    0,    0),
    "handbook.manage":         (0,   0,       0,      1, 0,      1,       0,  0,    0,    0),
    "handbook.review":         (0,   0,       0,      1, 1,      1,       1,  1,    0,    0),
    "handbook.comment":        (0,   0,       0,      1, 0,      1,       1,  0,    0,    0),
    "handbook.respond":        (0,   0,       0,      0, 0,      0,       1,  0,    0,    0),
    "handbook.decide":         (0,   0,       0,      0, 0,      1,       0,  1,    0,    0),
    "handbook.read":           (0,   1,       1,      1, 1,      1,       1,  1,    1,    1),
    "handbook.acknowledge":    (0,   1,       1,      1, 1,      1,       1,  0,    0,    1),
}
# fmt: on

NO_RECORD = {"board", "admin_user"}

ROLES_HELD = {
    "anonymous": set(),
    "employee": {Role.EMPLOYEE},
    "manager": {Role.EMPLOYEE, Role.MANAGER},
    "hr": {Role.EMPLOYEE, Role.HR},
    "adjunct": {Role.EMPLOYEE, Role.ADJUNCT_DIRECTOR},
    "director": {Role.EMPLOYEE, Role.DIRECTOR},
    "pvt": {Role.EMPLOYEE, Role.PVT},
    "board": {Role.BOARD},
    "admin_user": {Role.ADMIN},
    "outsider": {Role.EMPLOYEE},
}

WRITE_BODIES = {
    "POST /api/teams/": lambda w: {"name": "Nieuw team"},
    "PATCH /api/teams/{team}/": lambda w: {"description": "Andere omschrijving"},
    "POST /api/employees/": lambda w: {
        "personnel_number": "N9001",
        "first_name": "Nieuwe",
        "last_name": "Collega",
        "team": w.team.pk,
        "job_title": "Jobcoach",
        "hours_per_week": "24",
        "contract_start": "2025-07-01",
    },
    "PUT /api/employees/{colleague}/": lambda w: {
        "personnel_number": w.people["colleague"].personnel_number,
        "first_name": "Gewijzigd",
        "last_name": w.people["colleague"].last_name,
    },
    "POST /api/employees/{colleague}/offboard/": lambda w: {
        "exit_date": "2025-06-30",
        "exit_reason": "own_request",
    },
    "POST /api/absence/episodes/": lambda w: {
        "employee": w.people["stranger"].pk,
        "first_sick_day": "2025-06-02",
    },
    "POST /api/absence/episodes/{episode}/recover/": lambda w: {"recovered_on": "2025-06-02"},
    "POST /api/absence/episodes/{episode}/partial/": lambda w: {
        "start": "2025-05-26",
        "percentage": "50",
    },
    "POST /api/absence/episodes/{episode}/correct/": lambda w: {
        "reason": "Eerste ziektedag verkeerd ingevoerd",
        "first_sick_day": "2025-05-19",
        "recovered_on": None,
    },
    "POST /api/absence/episodes/{episode}/details/": lambda w: {"expected_duration": "weeks"},
    "POST /api/absence/episodes/{episode}/arbo-portal/": lambda w: {},
    "POST /api/development/slots/{slot}/book/": lambda w: {},
    "POST /api/development/interviews/{interview}/reschedule/": lambda w: {"slot": w.free_slot.pk},
    "POST /api/development/interviews/{interview}/cancel/": lambda w: {},
    "PUT /api/development/interviews/{interview}/preparation/manager/": lambda w: {
        "answers": {"sterke_punten": "Rustig in crisis"}
    },
    "POST /api/development/interviews/{interview}/preparation/manager/share/": lambda w: {},
    "PUT /api/development/interviews/{interview}/agreement/": lambda w: {"goals": "Regie voeren"},
    "POST /api/development/interviews/{interview}/sign/": lambda w: {"text_hash": "0" * 64},
    "POST /api/development/interviews/{interview}/follow-up-note/": lambda w: {"note": "Gestart"},
    "POST /api/development/registrations/": lambda w: {
        "employee": w.people["stranger"].pk,
        "register": "SKJ",
        "number": "110054321",
        "profession": "jeugdzorgwerker",
        "registered_on": "2023-01-01",
    },
    "POST /api/development/activities/": lambda w: {
        "employee": w.people["report"].pk,
        "title": "Intervisie",
        "category": "reflection",
        "points": 4,
        "completed_on": "2025-05-30",
    },
    "POST /api/absence/maternity-leave/": lambda w: {
        "employee": w.people["stranger"].pk,
        "start": "2025-08-01",
        "end": "2025-11-20",
    },
    "POST /api/handbook/chapters/": lambda w: {
        "handbook": w.hb_chapter.handbook_id,
        "title": "Klachtenregeling",
        "participation": "consent",
        "body": "Een klacht meld je bij de vertrouwenspersoon.",
    },
    "POST /api/handbook/chapters/{hb_chapter}/versions/": lambda w: {
        "body": "Het kantoor is open van 8.00 tot 17.00 uur.",
        "summary": "Eerder open",
    },
    "POST /api/handbook/versions/{hb_draft}/submit/": lambda w: {"deadline": "2025-07-14"},
    "POST /api/handbook/versions/{hb_submitted}/respond/": lambda w: {
        "outcome": "consent_given",
        "motivation": "De PVT stemt in.",
    },
    "POST /api/handbook/versions/{hb_responded}/decide/": lambda w: {
        "date": "2025-06-02",
        "reference": "AB-2025-7",
    },
    "POST /api/handbook/versions/{hb_decided}/publish/": lambda w: {"effective_date": "2025-06-02"},
    "POST /api/handbook/versions/{hb_published}/acknowledge/": lambda w: {},
}


@dataclass
class World:
    people: dict[str, Employee]
    users: dict[str, object]
    team: Team
    contract: ContractPeriod
    episode: Episode
    leave: MaternityLeave
    case: ReintegrationCase
    record: CaseRecord
    document: CaseDocument
    interview: Interview  # the report's, planned with `manager`
    free_slot: Slot  # another of the manager's slots
    hb_published: Version  # an information chapter's published version 1
    hb_draft: Version  # its version 2, a draft
    hb_chapter: Chapter  # another chapter for information, published, nothing in progress
    hb_submitted: Version  # consent chapters' first versions: with the PVT,
    hb_responded: Version  # with the PVT's consent,
    hb_decided: Version  # decided by the board
    registration: Registration | None = None  # the report's professional registration
    activity: Activity | None = None  # an activity of the report, with a certificate
    plan_item: PlanItem | None = None  # a training in the 2025 plan, the report takes part

    def url(self, template: str, role: str) -> str | None:
        own = self.people.get(role)
        if "{own}" in template and own is None:
            return None
        ids = {name: person.pk for name, person in self.people.items()}
        return template.format(
            own=own.pk if own else "",
            team=self.team.pk,
            contract=self.contract.pk,
            episode=self.episode.pk,
            leave=self.leave.pk,
            case=self.case.pk,
            record=self.record.pk,
            document=self.document.pk,
            interview=self.interview.pk,
            slot=self.free_slot.pk,
            hb_published=self.hb_published.pk,
            hb_draft=self.hb_draft.pk,
            hb_chapter=self.hb_chapter.pk,
            hb_submitted=self.hb_submitted.pk,
            hb_responded=self.hb_responded.pk,
            hb_decided=self.hb_decided.pk,
            hb_handbook=self.hb_chapter.handbook_id,
            registration=self.registration.pk if self.registration else "",
            activity=self.activity.pk if self.activity else "",
            plan_item=self.plan_item.pk if self.plan_item else "",
            **ids,
        )

    def fingerprint(self) -> tuple:
        """What the write endpoints change; a refused write leaves it as it was."""
        colleague = Employee.objects.get(pk=self.people["colleague"].pk)
        team = Team.objects.get(pk=self.team.pk)
        episode = Episode.objects.get(pk=self.episode.pk)
        interview = Interview.objects.get(pk=self.interview.pk)
        return (
            interview.sequence,
            interview.slot_id,
            interview.status,
            list(Preparation.objects.values_list("side", "answers", "shared_at")),
            list(Agreement.objects.values_list("goals", "follow_up_note")),
            Signature.objects.count(),
            Employee.objects.count(),
            Team.objects.count(),
            colleague.first_name,
            colleague.exit_date,
            team.description,
            Episode.objects.count(),
            MaternityLeave.objects.count(),
            episode.first_sick_day,
            episode.recovered_on,
            episode.expected_duration,
            episode.arbo_notified_at,
            episode.partial_recoveries.count(),
            Chapter.objects.count(),
            list(Version.objects.order_by("pk").values_list("status", flat=True)),
            Acknowledgement.objects.count(),
            Registration.objects.count(),
            Activity.objects.count(),
        )


@pytest.fixture(autouse=True)
def _frozen_today():
    moment = datetime(2025, 6, 2, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    with time_machine.travel(moment, tick=False):
        yield


@pytest.fixture
def world(
    employee, manager, hr, adjunct, director, pvt, board, admin_user, outsider, team_a, team_b
):
    users = {
        "employee": employee,
        "manager": manager,
        "hr": hr,
        "adjunct": adjunct,
        "director": director,
        "pvt": pvt,
        "board": board,
        "admin_user": admin_user,
        "outsider": outsider,
    }
    people = {name: user.employee for name, user in users.items() if name not in NO_RECORD}

    people["colleague"] = make_person(None, team=team_a)
    people["report"] = make_person(None, team=team_b)
    people["report"].manager = manager.employee
    people["report"].save()
    people["stranger"] = make_person(None, team=team_b)
    former = make_person(None, team=team_a, start=date(2022, 1, 1))
    former.contracts.update(end=date(2024, 12, 31))
    former.exit_date, former.exit_reason = date(2024, 12, 31), Employee.ExitReason.OWN_REQUEST
    former.save()
    people["former"] = former
    people["future"] = make_person(None, team=team_a, start=date(2025, 9, 1))

    contract = people["colleague"].contracts.get()
    # the colleague (team A) is sick since 19 May; had a leave earlier in the year
    leave = MaternityLeave.objects.create(
        employee=people["colleague"], start=date(2025, 1, 6), end=date(2025, 4, 27)
    )
    episode = Episode.objects.create(employee=people["colleague"], first_sick_day=date(2025, 5, 20))
    # sick day 14 today: the colleague has a reintegration case with a record and a document
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reintegration import services, sync

    sync.sync_employees([people["colleague"].pk])
    case = ReintegrationCase.objects.get(employee=people["colleague"])
    record = services.record_add(
        actor=adjunct,
        case=case,
        kind=CaseRecord.Kind.CONSULTATION,
        date=date(2025, 5, 28),
        documents=[SimpleUploadedFile("advies.pdf", b"%PDF-1.4 test", "application/pdf")],
    )
    cycle = Cycle.objects.create(year=2025, deadline=date(2025, 12, 15))
    amsterdam = ZoneInfo("Europe/Amsterdam")
    slot, free_slot = (
        Slot.objects.create(
            manager=manager.employee,
            start=datetime(2025, 6, day, 10, 0, tzinfo=amsterdam),
            end=datetime(2025, 6, day, 11, 0, tzinfo=amsterdam),
            location="Kantoor",
        )
        for day in (10, 11)
    )
    interview = Interview.objects.create(
        cycle=cycle,
        employee=people["report"],
        manager=manager.employee,
        slot=slot,
        status=Interview.Status.PLANNED,
        sequence=1,
    )
    # the handbook: a chapter for information, published (v1), with a next draft (v2)
    from handbook import services as handbook_services
    from handbook.models import Handbook

    chapter = handbook_services.chapter_create(
        actor=hr,
        handbook=Handbook.objects.create(name="Personeelshandboek"),
        title="Verlof",
        participation="information",
        body="Verlof vraag je aan bij je leidinggevende.",
    )
    hb_published = handbook_services.version_publish(
        actor=hr,
        version=handbook_services.version_submit(
            actor=hr, version=chapter.versions.get(), deadline=date(2025, 7, 14)
        ),
        effective_date=TODAY,
    )
    hb_draft = handbook_services.version_create(
        actor=hr, chapter=chapter, body="Verlof vraag je twee weken vooraf aan."
    )
    # the report's professional registration, with an activity and its certificate
    profession = Profession.objects.create(
        key="jeugdzorgwerker", name="Jeugdzorgwerker", hours_required=1664
    )
    RequirementCategory.objects.create(
        profession=profession, key="reflection", name="Reflectie", required=50
    )
    registration = Registration.objects.create(
        employee=people["report"],
        number="110012345",
        profession=profession,
        registered_on=date(2022, 3, 15),
    )
    activity = Activity(
        employee=people["report"],
        title="Supervisie",
        category="reflection",
        points=10,
        completed_on=date(2024, 5, 1),
    )
    activity.certificate.save("cert.pdf", SimpleUploadedFile("cert.pdf", b"%PDF-1.4 x"))
    # the 2025 training plan with one training of the report
    plan_item = PlanItem.objects.create(
        plan=TrainingPlan.objects.create(year=2025, budget=5000), title="SCHIP-training"
    )
    plan_item.participants.create(employee=people["report"])
    return World(
        plan_item=plan_item,
        registration=registration,
        activity=activity,
        hb_published=hb_published,
        hb_draft=hb_draft,
        **_handbook_in_review(hb_published.chapter.handbook, hr=hr, pvt=pvt, director=director),
        interview=interview,
        free_slot=free_slot,
        people=people,
        users=users,
        team=team_a,
        contract=contract,
        episode=episode,
        leave=leave,
        case=case,
        record=record,
        document=record.documents.get(),
    )


def _handbook_in_review(handbook, *, hr, pvt, director) -> dict:
    """A chapter for information with nothing in progress, and three consent chapters whose
    first versions wait for the PVT's response, the board's decision and publication."""
    from handbook import services as handbook_services
    from tests.handbook.steps import decide, publish_draft, respond, submit

    def chapter(title: str, participation: str = "consent") -> Chapter:
        return handbook_services.chapter_create(
            actor=hr, handbook=handbook, title=title, participation=participation, body=title
        )

    hb_chapter = chapter("Kantoor", "information")
    publish_draft(hb_chapter, hr=hr, pvt=pvt, director=director)
    submitted = submit(chapter("Ziekmelding").versions.get(), hr)
    responded = respond(submit(chapter("Opleiding").versions.get(), hr), pvt)
    decided = decide(respond(submit(chapter("Privacy").versions.get(), hr), pvt), director)
    return {
        "hb_chapter": hb_chapter,
        "hb_submitted": submitted,
        "hb_responded": responded,
        "hb_decided": decided,
    }


def _client(world: World, role: str) -> APIClient:
    client = APIClient()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def _matrix_params():
    for row in MATRIX:
        request, *cells = row
        assert len(cells) == len(ROLES), f"row {request!r} has {len(cells)} cells"
        for role, expected in zip(ROLES, cells, strict=True):
            if expected != NA:
                yield pytest.param(request, role, expected, id=f"{request} | {role}")


def _check_response(response, url: str, expected, world: World, role: str, is_api: bool):
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={_quoted(url)}"
    elif expected == ADMIN_LOGIN:
        assert response.status_code == 302
        assert response["Location"] == f"/admin/login/?next={_quoted(url)}"
    elif expected == REDIRECT:
        assert response.status_code == 302
        assert not response["Location"].startswith(("/accounts/login/", "/admin/login/"))
    elif expected == OWN:
        assert response.status_code == 302
        assert response["Location"] == world.people[role].get_absolute_url()
    elif expected == UNAUTH:
        assert response.status_code == 401
        body = response.json()
        assert set(body) == {"code", "detail", "fields"}
        assert body["code"] == "not_authenticated"
    else:
        assert response.status_code == expected, getattr(response, "content", b"")[:300]
        if is_api and expected >= 400:
            body = response.json()
            assert set(body) == {"code", "detail", "fields"}
            if expected == 400:  # refused by the service's rule, after the permission passed
                assert body["code"] not in {"permission_denied", "not_found"} and body["detail"]
            else:
                assert (
                    body["code"]
                    == {403: "permission_denied", 404: "not_found", 405: "method_not_allowed"}[
                        expected
                    ]
                )


def _quoted(url: str) -> str:
    from urllib.parse import quote

    return quote(url, safe="/")


@pytest.mark.parametrize(("request_line", "role", "expected"), list(_matrix_params()))
def test_matrix(world, request_line, role, expected):
    method, template = request_line.split(" ", 1)
    url = world.url(template, role)
    assert url is not None
    is_api = template.startswith("/api/") and not template.startswith("/api/docs/")
    client = _client(world, role)
    body = WRITE_BODIES.get(request_line)
    before = world.fingerprint()

    if method == "GET":
        response = client.get(url)
    else:
        response = getattr(client, method.lower())(url, body(world), format="json")

    _check_response(response, url, expected, world, role, is_api)
    if method != "GET":
        changed = world.fingerprint() != before
        assert changed == (expected in (200, 201)), "a write must change data only when allowed"


def test_matrix_covers_every_url(world):
    """Every named url of the project is in the table (new pages must be added to it)."""
    from django.urls import get_resolver

    covered = set()
    for request_line, *_cells in MATRIX:
        url = world.url(request_line.split(" ", 1)[1], "manager").split("?")[0]
        covered.add(_url_name(url))
    names = {
        name
        for name in _all_url_names(get_resolver())
        if not name.startswith(("admin:", "api-root")) and name not in OUTSIDE_MATRIX
    }
    assert names - covered == set()


OUTSIDE_MATRIX = {
    # the private calendar feed: no login, the token is the key (tests/absence/test_reintegration.py)
    "calendar_feed",
    # open without a login (core/views.py, Django's auth views)
    "health",
    "set_language",
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    # POST only (GET answers 405); signs the user out
    "logout",
    # reached from the password change form; only confirms
    "password_change_done",
}


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/accounts/password_reset/", "/accounts/password_reset/done/",
            "/accounts/reset/done/", "/health/"],
)  # fmt: skip
def test_public_pages_open_without_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 200


def test_logout_is_post_only_and_signs_out(client, employee):
    client.force_login(employee)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert client.get("/").status_code == 302


def _url_name(url: str) -> str:
    from django.urls import resolve

    match = resolve(url)
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


def _all_url_names(resolver, namespace: str = "") -> set[str]:
    from django.urls import URLPattern, URLResolver

    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _all_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


# The table of actions -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_roles_held(world, role):
    from django.contrib.auth.models import AnonymousUser

    from core.permissions import roles_of

    user = AnonymousUser() if role == "anonymous" else world.users[role]
    assert set(roles_of(user)) == ROLES_HELD[role]


def test_action_table_lists_every_permission():
    assert set(CAN) == set(PERMISSIONS)


@pytest.mark.parametrize("action", sorted(CAN))
def test_action_table(world, action):
    from django.contrib.auth.models import AnonymousUser

    allowed = {
        role
        for role in ROLES
        if can(AnonymousUser() if role == "anonymous" else world.users[role], action)
    }
    expected = {role for role, may in zip(ROLES, CAN[action], strict=True) if may}
    assert allowed == expected


# What each role sees -------------------------------------------------------------------------


def _numbers(world: World, names) -> set[str]:
    return {world.people[name].personnel_number for name in names}


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_api_list_is_exactly_the_visible_set(world, role):
    client = _client(world, role)
    response = client.get("/api/employees/", {"status": "all", "page_size": 200})
    assert response.status_code == 200
    body = response.json()
    seen = {row["personnel_number"] for row in body["results"]}
    assert seen == _numbers(world, VISIBLE[role])
    assert body["count"] == len(VISIBLE[role])


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_api_list_defaults_to_employed_today(world, role):
    response = _client(world, role).get("/api/employees/", {"page_size": 200})
    seen = {row["personnel_number"] for row in response.json()["results"]}
    assert seen == _numbers(world, VISIBLE[role] & EMPLOYED_TODAY)


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_api_detail_answers_for_exactly_the_visible_set(world, role):
    client = _client(world, role)
    visible = {
        name
        for name, person in world.people.items()
        if client.get(f"/api/employees/{person.pk}/").status_code == 200
    }
    assert visible == VISIBLE[role]


@pytest.mark.parametrize(
    "role", sorted(r for r in VISIBLE if CAN["hrm.view_employee_list"][ROLES.index(r)])
)
def test_people_page_lists_exactly_the_visible_set(world, role):
    response = _client(world, role).get("/people/", {"status": "all"})
    assert response.status_code == 200
    content = response.content.decode()
    shown = {name for name, person in world.people.items() if person.personnel_number in content}
    assert shown == VISIBLE[role]


@pytest.mark.parametrize(
    "role", sorted(r for r in VISIBLE if CAN["hrm.export_employees"][ROLES.index(r)])
)
def test_export_holds_exactly_the_visible_set(world, role):
    response = _client(world, role).get("/people/export.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    exported = {row[0] for row in rows[1:]}
    assert exported == _numbers(world, VISIBLE[role])
