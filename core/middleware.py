from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.utils import translation

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
