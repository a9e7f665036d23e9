"""API token login that refuses a leaver at request time and speaks the user's language."""

from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from core.auth import employment_ended


class TokenAuthentication(authentication.TokenAuthentication):
    """Token login that refuses a leaver at request time, like the password login and the
    session (core.auth, core.middleware): a token stops working the day after the last working
    day, whether or not the nightly task has deactivated the user yet. Also switches to the
    user's language (the language middleware ran before DRF knew who was calling). Kept apart
    from core.api to avoid an import cycle."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if employment_ended(user):
            # DRF's own message (translated by DRF) for a login that no longer works
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return user, token

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            translation.activate(result[0].language)
            request._request.LANGUAGE_CODE = result[0].language
        return result
