"""The warning beside every free-text field about a sick employee (privacy.md): an employer may
record work capacity, never anything medical. Used by the sickness records and the
reintegration file alike."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

PRIVACY_WARNING = _(
    "Never enter medical details here: no diagnosis, symptoms, cause, treatment or doctors. "
    "The company doctor keeps those in ArboNed's own system."
)


class PrivacyTextarea(forms.Textarea):
    """A free-text field about a sick employee: shows the 'no medical details' warning."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"rows": 2, "data-privacy-warning": "1", **(attrs or {})})
