"""Handbooks: a fixed "now" (Monday 2 March 2026, 10:00 in Amsterdam), the personnel handbook with
a consent chapter (with its first draft), an advice chapter and an information chapter, each
written by `hr` through the services. The role fixtures come from tests/conftest.py; the steps
of a version (submit, respond, decide, publish) are in tests/handbook/steps.py."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from handbook.models import Handbook, Version
from handbook.services import chapter_create
from tests.handbook.steps import publish_draft

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))

CONSENT_BODY = """\
# Ziekmelding

Meld je ziek voor 9.00 uur bij je leidinggevende, telefonisch.

## Bereikbaarheid

Je bent tijdens je ziekte bereikbaar op het telefoonnummer dat bij P&O bekend is.

- Geef een verpleegadres door als je niet thuis bent.
- Houd afspraken met de bedrijfsarts aan.
"""

ADVICE_BODY = """\
# Teams en regio's

De teams Geldrop-Mierlo en Waalre gaan samen verder als team Zuidoost.

De leidinggevende van het nieuwe team wordt benoemd na een open sollicitatieronde.
"""

INFORMATION_BODY = """\
# Bereikbaarheid van het kantoor

Het kantoor is op werkdagen open van 8.30 tot 17.00 uur.
"""


@pytest.fixture(autouse=True)
def now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def handbook(db):
    return Handbook.objects.create(name="Personeelshandboek", position=1)


@pytest.fixture
def consent_chapter(handbook, hr):
    return chapter_create(
        actor=hr,
        handbook=handbook,
        title="Verzuim en re-integratie",
        participation="consent",
        body=CONSENT_BODY,
    )


@pytest.fixture
def draft(consent_chapter) -> Version:
    """The consent chapter's first version, a draft."""
    return consent_chapter.versions.get()


@pytest.fixture
def advice_chapter(handbook, hr):
    return chapter_create(
        actor=hr,
        handbook=handbook,
        title="Organisatie van de teams",
        participation="advice",
        body=ADVICE_BODY,
    )


@pytest.fixture
def information_chapter(handbook, hr):
    return chapter_create(
        actor=hr,
        handbook=handbook,
        title="Kantoor en bereikbaarheid",
        participation="information",
        body=INFORMATION_BODY,
    )


@pytest.fixture
def published(consent_chapter, hr, pvt, director) -> Version:
    """The consent chapter's first version, taken through consent and the board to published."""
    return publish_draft(consent_chapter, hr=hr, pvt=pvt, director=director)
