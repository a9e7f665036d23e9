"""Absolute links for e-mails: the site's address (`SITE_URL`) and a page's path."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def site_link(name: str, *args) -> str:
    """An absolute link to the named page."""
    return absolute(reverse(name, args=args))
