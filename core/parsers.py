"""The API's request parser. Its own module: DRF imports it from the settings while
`rest_framework.views` is still loading, so it must not import that (core.api does)."""

import io

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser
from rest_framework.settings import api_settings


class TooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("The request body is too large.")
    default_code = "too_large"


class JSONObjectParser(JSONParser):
    """The API's only parser: a body is one JSON object (every input is a set of named fields) of
    at most DATA_UPLOAD_MAX_MEMORY_SIZE bytes. DRF reads the body itself, so without the check here
    Django's limit would not apply to JSON; any other JSON value (a list, a number, null) is invalid
    input, never something a view has to guard against."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None:
            body = stream.read(limit + 1)
            if len(body) > limit:
                raise TooLarge()
            stream = io.BytesIO(body)
        data = super().parse(stream, media_type, parser_context)
        if not isinstance(data, dict):
            raise exceptions.ValidationError(
                {api_settings.NON_FIELD_ERRORS_KEY: [_("The body must be a JSON object.")]},
                code="invalid",
            )
        return data
