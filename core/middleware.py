"""Request plumbing: leavers' sessions end, the user's language, login everywhere except the API,
JSON errors under /api/, and no caching of personal data."""

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from rest_framework.response import Response as DrfResponse

from core.auth import employment_ended


class EndedEmploymentMiddleware:
    """Ends the session of someone whose employment ended (the login backend refuses new logins)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and employment_ended(request.user):
            logout(request)
        return self.get_response(request)


class UserLanguageMiddleware:
    """Dutch by default; a signed-in user's own choice, else the language cookie.
    The browser's Accept-Language is deliberately ignored: the organisation works in Dutch."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        available = {code for code, _name in settings.LANGUAGES}
        if request.user.is_authenticated:
            language = request.user.language
        else:
            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_CODE)
        if language not in available:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", getattr(request, "LANGUAGE_CODE", language))
        translation.deactivate()
        return response


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Login everywhere (Django's middleware), except the API: DRF authenticates those requests
    itself (session or token) and answers 401/403 as JSON instead of redirecting."""

    API_PREFIX = "/api/"
    BROWSER_PAGES = ("/api/docs/",)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(self.BROWSER_PAGES):
            # DRF marks every APIView `login_not_required`, so the parent would let these pass.
            if request.user.is_authenticated:
                return None
            return self.handle_no_permission(request, view_func)
        if request.path.startswith(self.API_PREFIX):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class ApiErrorMiddleware:
    """Under /api/ every error is JSON `{"code", "detail", "fields"}`, also where no API view
    answers: an unknown URL (404), a body over DATA_UPLOAD_MAX_MEMORY_SIZE (413), an unhandled
    exception (500; Django has logged it). DRF's own responses already have that shape
    (core.api.exception_handler) and are left alone. It comes early in MIDDLEWARE, so it also
    sees the pages Django makes of errors raised in the middleware after it."""

    API_PREFIX = "/api/"
    CODES = {
        400: "bad_request",
        403: "permission_denied",
        404: "not_found",
        405: "method_not_allowed",
        413: "too_large",
        500: "server_error",
    }
    KEPT_HEADERS_EXCLUDED = {"content-type", "content-length"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not request.path.startswith(self.API_PREFIX)
            or response.status_code < 400
            or isinstance(response, DrfResponse)
            or "json" in response.get("Content-Type", "")
        ):
            return response
        return self.error(request, response.status_code, response)

    def process_exception(self, request, exception):
        # Django would answer 400; the API says what it is. Any other exception goes on to Django,
        # which logs it and answers 500 (made JSON in __call__).
        if request.path.startswith(self.API_PREFIX) and isinstance(exception, RequestDataTooBig):
            return self.error(request, 413)
        return None

    @classmethod
    def error(cls, request, status: int, original=None) -> JsonResponse:
        language = getattr(request, "LANGUAGE_CODE", None) or settings.LANGUAGE_CODE
        with translation.override(language):
            detail = str(cls.message(status))
        response = JsonResponse(
            {"code": cls.CODES.get(status, "error"), "detail": detail, "fields": {}}, status=status
        )
        if original is not None:  # keep what other middleware added (security and cache headers)
            for name, value in original.items():
                if name.lower() not in cls.KEPT_HEADERS_EXCLUDED:
                    response[name] = value
            response.cookies = original.cookies
        return response

    @staticmethod
    def message(status: int) -> str:
        messages = {
            400: _("The request is not valid."),
            403: _("You do not have permission to perform this action."),
            404: _("Not found."),
            405: _("This method is not allowed here."),
            413: _("The request body is too large."),
            500: _("A server error occurred."),
        }
        return messages.get(status, _("The request failed."))


class NeverCacheMiddleware:
    """Nothing the product itself answers may be kept by a browser, a proxy or a shared
    computer's cache: pages behind the login, the API, PDFs, documents, exports and the
    calendar feed (no login, the token is the key) all carry personal data (privacy.md). So
    every response gets `Cache-Control: no-store` (with Django's never-cache set: `no-cache,
    must-revalidate, private, max-age=0` and `Expires`); only static files keep the long cache
    WhiteNoise gives them. One rule for every door, so a new page or export cannot forget it.
    Listed first in MIDDLEWARE, so it also marks the responses other middleware make."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(self.static_prefix):
            add_never_cache_headers(response)
        return response
