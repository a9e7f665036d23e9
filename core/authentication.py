from django.utils import translation
from rest_framework import authentication


class TokenAuthentication(authentication.TokenAuthentication):
    """Token login that also switches to the user's language (the language middleware ran
    before DRF knew who was calling). Kept apart from core.api to avoid an import cycle."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            translation.activate(result[0].language)
            request._request.LANGUAGE_CODE = result[0].language
        return result
