"""Which versions a user sees: everyone who may read the handbook sees what is or was published
(published and archived versions); those who review (HR, the directors, the PVT, the board)
also see drafts and versions in progress, so the PVT can follow a text while it is written
(and comment on it early). Anything else answers 404: employees never see
drafts."""

from __future__ import annotations

from django.db.models import QuerySet

from core.permissions import can
from handbook.models import Version

PUBLIC_STATUSES = (Version.Status.PUBLISHED, Version.Status.ARCHIVED)


def versions_visible_to(user) -> QuerySet[Version]:
    versions = Version.objects.select_related("chapter__handbook")
    if can(user, "handbook.review"):
        return versions
    if can(user, "handbook.read"):
        return versions.filter(status__in=PUBLIC_STATUSES)
    return versions.none()


def sees_drafts(user) -> bool:
    return can(user, "handbook.review")
