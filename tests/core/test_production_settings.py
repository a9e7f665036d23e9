"""The production settings pass Django's deployment checks with no warning, redirect plain HTTP
to HTTPS (unless the proxy does that) and send HSTS. Run in a fresh process with
config.settings.production, as a server would."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
SCRIPT = """
import json
from django.conf import settings
from django.core.management import call_command
from django.test import Client

call_command("check", deploy=True, fail_level="WARNING")  # raises on any warning
plain = Client().get("/api/me/")
secure = Client().get("/api/me/", secure=True)
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location")],
    "secure": [secure.status_code, secure.get("Strict-Transport-Security")],
    "cookies_secure": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE],
}))
"""


def run_production(tmp_path, **env) -> dict:
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "DJANGO_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "ALLOWED_HOSTS": "testserver",
        **env,
    }
    result = subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), "shell", "-v", "0", "-c", SCRIPT],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "WARNINGS" not in result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("env", "redirected"),
    [({}, True), ({"SECURE_SSL_REDIRECT": "false"}, False)],
    ids=["default", "proxy-redirects"],
)
def test_production_settings_pass_the_deploy_checks(tmp_path, env, redirected):
    result = run_production(tmp_path, **env)

    if redirected:
        assert result["plain"] == [301, "https://testserver/api/me/"]
    else:
        assert result["plain"][0] == 401
    status, hsts = result["secure"]
    assert status == 401
    assert hsts == "max-age=31536000; includeSubDomains; preload"
    assert result["cookies_secure"] == [True, True]
