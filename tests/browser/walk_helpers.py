"""Helpers of the training plan and registration walks: screenshots at phone and desktop width
(checking the phone layout) and logging out."""

from __future__ import annotations

import re
from pathlib import Path

SHOTS = Path("/tmp/shots15")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
NARROWEST_VALUE = 100  # px: a value beside its label in a `.facts` list, on the phone

NARROW_VALUES = f"""() => Array.from(document.querySelectorAll('.facts > dd'))
    .filter((dd) => dd.offsetParent !== null && dd.textContent.trim())
    .map((dd) => [dd.previousElementSibling?.textContent.trim(), dd.getBoundingClientRect().width])
    .filter(([, width]) => width < {NARROWEST_VALUE})"""


def shoot(page, name: str) -> None:
    """Full-page screenshots at phone and desktop width. On the phone the page must not scroll
    sideways, and no value of a `.facts` list is squeezed into a sliver beside a long label."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    squeezed = page.evaluate(NARROW_VALUES)
    page.screenshot(path=str(SHOTS / f"{name}-390.png"), full_page=True)
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(SHOTS / f"{name}-1366.png"), full_page=True)
    assert width <= PHONE["width"], f"{name} scrolls sideways on a phone ({width}px)"
    assert not squeezed, f"{name}: values squeezed beside their labels on a phone: {squeezed}"


def log_out(page) -> None:
    page.click("form.logout button[type=submit]")
    page.wait_for_url(re.compile(r".*/accounts/login/.*|.*/$"))
