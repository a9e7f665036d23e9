"""The API holds to its own OpenAPI schema under generated input (schemathesis), for `hr`,
`employee` and `board` on the demo organisation: no 5xx, only documented status codes and content
types, and bodies that match the schema. Bounded for CI: a fixed seed and number of examples, no
example database, so every run sends the same requests.

Run it alone with `pytest -m api_fuzz`; the cases per role and the 5xx found are printed in the
terminal summary (see tests/conftest.py)."""

from __future__ import annotations

import io
import json
import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import schemathesis
import time_machine
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token

from absence.models import Episode, MaternityLeave
from core.models import User
from development.models import Interview, Registration, Slot
from handbook.models import Chapter, Version
from hrm.models import Employee, Team
from reintegration.models import ReintegrationCase

pytestmark = pytest.mark.api_fuzz

ROLES = ["hr", "employee", "board"]
# Fixed for CI; set these to dig deeper by hand (the same run, with more and other cases).
SEED = int(os.environ.get("API_FUZZ_SEED", "20261102"))
MAX_EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "12"))
# The demo organisation is built back from "today": a fixed today keeps the data, and so the
# requests sent, the same on every run.
TODAY = datetime(2026, 11, 2, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
]
# Ids that exist, per collection; the fuzzer mixes them with ids of its own making.
ID_SOURCES = {
    "/api/teams/": Team,
    "/api/employees/": Employee,
    "/api/absence/episodes/": Episode,
    "/api/absence/maternity-leave/": MaternityLeave,
    "/api/reintegration/cases/": ReintegrationCase,
    "/api/development/slots/": Slot,
    "/api/development/interviews/": Interview,
    "/api/handbook/chapters/": Chapter,
    "/api/handbook/versions/": Version,
    "/api/development/registrations/": Registration,
}


def fuzz_config() -> schemathesis.Config:
    return schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "generation": {
                "mode": "all",  # valid input, and input that breaks the schema (types, formats)
                "max-examples": MAX_EXAMPLES,
                "database": "none",  # no replay of earlier failures: each run is the same
                "no-shrink": True,
            },
            "phases": {
                "examples": {"enabled": True},
                "coverage": {"enabled": True},
                "fuzzing": {"enabled": True},
                "stateful": {"enabled": False},
            },
            "checks": {"enabled": False} | {name: {"enabled": True} for name in CHECKS},
        }
    )


def served_schema() -> dict:
    """What GET /api/schema/?format=json serves (public: the same for every user), built without
    a request so it can be read when the tests are collected."""
    generator = SchemaGenerator(api_version=None)
    return json.loads(OpenApiJsonRenderer().render(generator.get_schema(request=None, public=True)))


schema = schemathesis.openapi.from_dict(served_schema(), config=fuzz_config())
schema.app = WSGIHandler()
# Ids that exist in the demo organisation, per collection (filled by `demo_organisation`).
known_ids: dict[str, list[int]] = {}


@schema.hook
def before_generate_path_parameters(context, strategy):
    """Half of the ids are ones that exist: otherwise nearly every case would be a plain 404."""
    path = context.operation.path
    if "{id}" not in path:
        return strategy
    prefix = next(p for p in ID_SOURCES if path.startswith(p))

    def existing(n: int) -> int:
        ids = known_ids.get(prefix) or [0]
        return ids[n % len(ids)]

    def with_existing_id(pair):
        # the other path parameters (a preparation's `side`) as the schema's strategy made them
        generated, known_id = pair
        params = getattr(generated, "value", generated)
        return {**params, "id": known_id} if isinstance(params, dict) else generated

    ids = st.integers(min_value=0, max_value=10_000).map(existing)
    return st.one_of(st.tuples(strategy, ids).map(with_existing_id), strategy)


@pytest.fixture(scope="module")
def demo_organisation(django_db_setup, django_db_blocker):
    """The demo organisation on a fixed day, loaded once for the module in a transaction that is
    rolled back at its end. Each test runs in a savepoint inside it (as with Django's
    setUpTestData), so every operation starts from the same data whatever the last one wrote."""
    with (
        time_machine.travel(TODAY, tick=True),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        call_command("load_demo", quiet_logins=True, stdout=io.StringIO())
        for prefix, model in ID_SOURCES.items():
            known_ids[prefix] = sorted(model.objects.values_list("pk", flat=True))
        yield
        transaction.set_rollback(True)
    known_ids.clear()


@pytest.fixture
def wsgi_requests_in_the_test_transaction():
    """Django's WSGI app inside the test's transaction: like Django's test client, keep the
    request signals from closing the connection the test data lives in."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def api_user(request, demo_organisation, db, role, wsgi_requests_in_the_test_transaction):
    """`role` of the demo organisation with an API token; the cases sent and the server errors
    found go to the terminal summary (tests/conftest.py)."""
    token = Token.objects.create(user=User.objects.get(username=role))
    tally = {"role": role, "cases": 0, "server_errors": []}
    yield {"Authorization": f"Token {token.key}"}, tally
    request.node.user_properties.append(("api_fuzz", tally))


def test_the_fuzzed_schema_is_the_served_one(demo_organisation, db, client):
    client.force_login(User.objects.get(username="hr"))
    assert json.loads(client.get("/api/schema/?format=json").content) == served_schema()


@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
# Cases of one operation share the data and see each other's writes: on purpose.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
def test_the_api_answers_as_its_schema_says(case, role, api_user):
    headers, tally = api_user
    response = case.call(headers=headers)
    tally["cases"] += 1
    if response.status_code >= 500:
        tally["server_errors"].append(
            f"{case.method} {case.formatted_path}: {response.status_code}"
        )
    case.validate_response(response, headers=headers)
