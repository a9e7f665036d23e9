"""Helpers of the handbook's page tests: signing in (in English), opening a page, and finding
the tags of a page that could run something."""

from __future__ import annotations

import re

APP_SCRIPT = re.compile(r'<script src="/static/[\w/.-]+\.js" defer>')
EVENT_HANDLER = re.compile(r"[\s/\"']on[a-z]+\s*=", re.I)


def login(client, user) -> None:
    """Signed in, in English (the pages are Dutch by default)."""
    user.language = "en"
    user.save(update_fields=["language"])
    client.force_login(user)


def page(client, user, url, **params) -> str:
    login(client, user)
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def unsafe(html: str) -> list[str]:
    """The tags of a page that could run something: a <script> other than the app's own files,
    a tag with an event handler, a javascript: URL. (Text that only shows such markup, escaped,
    is no tag.)"""
    found = []
    for tag in re.findall(r"<[a-z][^<>]*>", html, re.I):
        script = tag.lower().startswith("<script") and not APP_SCRIPT.fullmatch(tag)
        if script or EVENT_HANDLER.search(tag) or "javascript:" in tag.lower():
            found.append(tag)
    return found
