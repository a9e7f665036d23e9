"""Serializer fields shared by every app's API."""

from __future__ import annotations

from rest_framework import serializers

from core.dates import validate_date


class ApiDateField(serializers.DateField):
    """A date an API client sends, with the one rule for dates built in (core.dates): outside
    the sane range the API answers 400 with code `date_out_of_range`."""

    default_validators = [validate_date]
