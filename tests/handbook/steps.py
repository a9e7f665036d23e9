"""Take a chapter version through its steps with the real services, for tests that need a
version in a given state: `submit`, `respond`, `decide`, `publish`, or `publish_draft` for the
whole way. Dates default to today (tests freeze it)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from handbook import services
from handbook.models import Chapter, Version

REQUEST = (
    "Reden: de regels volgen de Wet verbetering poortwachter. Gevolgen voor medewerkers: "
    "ziekmelden voor 9 uur bij de leidinggevende. Voorgestelde maatregelen: uitleg in het "
    "teamoverleg."
)
OUTCOME = {"consent": "consent_given", "advice": "advice_positive"}


def draft_of(chapter: Chapter) -> Version:
    return chapter.versions.get(status__in=Version.IN_PROGRESS)


def submit(version: Version, hr, *, deadline: date | None = None, request: str = REQUEST):
    return services.version_submit(
        actor=hr,
        version=version,
        request=request,
        deadline=deadline or timezone.localdate() + timedelta(weeks=6),
    )


def respond(version: Version, pvt, outcome: str | None = None, motivation: str = "Besproken."):
    outcome = outcome or OUTCOME[version.chapter.participation]
    return services.version_respond(
        actor=pvt, version=version, outcome=outcome, motivation=motivation
    )


def decide(version: Version, director, on: date | None = None, reference: str = "AB-2026-14"):
    return services.version_decide(
        actor=director, version=version, date=on or timezone.localdate(), reference=reference
    )


def publish(version: Version, hr, effective: date | None = None):
    return services.version_publish(
        actor=hr, version=version, effective_date=effective or timezone.localdate()
    )


def publish_draft(chapter: Chapter, *, hr, pvt, director) -> Version:
    """The chapter's version in progress, taken all the way to published (through the PVT's
    consent or positive advice and the board's decision where the chapter needs them)."""
    version = draft_of(chapter)
    if version.status == Version.Status.DRAFT:
        version = submit(version, hr)
    if chapter.participation != "information":
        if version.status == Version.Status.SUBMITTED:
            version = respond(version, pvt)
        if version.status == Version.Status.RESPONDED:
            version = decide(version, director)
    return publish(version, hr)


def new_published_version(
    chapter: Chapter, *, hr, pvt, director, body: str, minor: bool = False
) -> Version:
    """A next version of the chapter with `body`, taken to published."""
    services.version_create(actor=hr, chapter=chapter, body=body, minor=minor)
    return publish_draft(chapter, hr=hr, pvt=pvt, director=director)
