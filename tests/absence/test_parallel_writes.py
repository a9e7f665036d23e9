"""Parallel conflicting writes: twenty people report the same employee sick at the same moment.
Exactly one report wins; the others get a clear 400 (the same JSON error as a late report),
never a 500 and never "database is locked".

The first test runs a real multi-threaded server (gunicorn, two processes with threads) against
a file-based SQLite database, the embedded default; the second one runs against the test
database when that is PostgreSQL (CI), through pytest-django's live server."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.authtoken.models import Token

from tests.factories import make_person

BASE_DIR = Path(__file__).resolve().parents[2]
PARALLEL = 20
SETUP = """
from rest_framework.authtoken.models import Token
from core.roles import Role
from tests.factories import TeamFactory, make_person

team = TeamFactory(name="Waalre")
hr = make_person("hr", Role.HR, team=team)
subject = make_person(None, team=team)
print(Token.objects.create(user=hr).key, subject.pk)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _post_in_parallel(url: str, headers: dict[str, str], body: dict) -> list[tuple]:
    """POSTs the same body PARALLEL times, released together by a barrier."""
    barrier = threading.Barrier(PARALLEL)
    data = json.dumps(body).encode()

    def post(_n):
        request = urllib.request.Request(
            url, data=data, method="POST", headers={"Content-Type": "application/json", **headers}
        )
        barrier.wait(timeout=30)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    with ThreadPoolExecutor(PARALLEL) as pool:
        return list(pool.map(post, range(PARALLEL)))


def _assert_one_winner(results, log: str = "") -> None:
    statuses = sorted(status for status, _headers, _content in results)
    assert statuses == [201] + [400] * (PARALLEL - 1), (Counter(statuses), log[-3000:])
    for _status, headers, _content in results:
        assert headers["Content-Type"].startswith("application/json")
    codes = {json.loads(content)["code"] for status, _h, content in results if status == 400}
    assert codes == {"episode_overlap"}, codes


def _wait_until_up(base: str, server: subprocess.Popen, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError("the server stopped")
        try:
            with urllib.request.urlopen(f"{base}/health/", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise AssertionError("the server did not start")


def test_parallel_sick_reports_on_sqlite_give_one_success_and_clear_400s(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PYTHONPATH": str(BASE_DIR),
    }
    env.pop("REDIS_URL", None)
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    run = {"cwd": BASE_DIR, "env": env, "check": True, "capture_output": True, "text": True}
    subprocess.run([*manage, "migrate", "--noinput"], **run, timeout=120)
    setup = subprocess.run([*manage, "shell", "-v", "0", "-c", SETUP], **run, timeout=60)
    token, subject = setup.stdout.split()[-2:]

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "config.wsgi",
                "--bind", f"127.0.0.1:{port}",
                "--workers", "2", "--threads", str(PARALLEL // 2),
                "--no-control-socket",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            _wait_until_up(base, server)
            results = _post_in_parallel(
                f"{base}/api/absence/episodes/",
                {"Authorization": f"Token {token}"},
                {"employee": int(subject), "first_sick_day": timezone.localdate().isoformat()},
            )
        finally:  # the server always stops, whatever happened
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()

    _assert_one_winner(results, log.read_text())


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the in-memory SQLite test database is one shared connection: nothing runs in parallel",
)
def test_parallel_sick_reports_on_postgresql_give_one_success_and_clear_400s(
    live_server, hr, team_a
):
    subject = make_person(None, team=team_a)
    token = Token.objects.create(user=hr).key

    results = _post_in_parallel(
        f"{live_server.url}/api/absence/episodes/",
        {"Authorization": f"Token {token}"},
        {"employee": subject.pk, "first_sick_day": timezone.localdate().isoformat()},
    )

    _assert_one_winner(results)
