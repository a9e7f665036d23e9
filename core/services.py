"""Writes on a login itself, shared by every app: the language its pages are shown in."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.models import User


def user_set_language(*, user: User, language: str) -> None:
    if language not in User.Language.values:
        raise ApplicationError(_("Unknown language."), code="language_invalid", field="language")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
