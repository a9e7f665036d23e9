"""Model fields shared by the apps."""

from __future__ import annotations

from django.core.validators import MaxLengthValidator
from django.db import models


class LimitedTextField(models.TextField):
    """Free text with a maximum length that every door checks: forms and DRF serializers take
    it from `max_length` (as for any TextField), and `full_clean` checks it too (Django's own
    TextField leaves it to the form). The database column stays `text`."""

    def __init__(self, *args, max_length: int, **kwargs):
        kwargs["max_length"] = max_length
        super().__init__(*args, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))
