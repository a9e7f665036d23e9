"""API plumbing shared by every app: pagination, the error format, the permission class."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured, RequestDataTooBig
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import ApplicationError, input_error_code
from core.parsers import JSONObjectParser, TooLarge
from core.permissions import can

if TYPE_CHECKING:
    # mypy checks the mixin below as the DRF view it is mixed into; at run time it is a plain
    # class that every viewset of the API puts before its DRF bases.
    from rest_framework.generics import GenericAPIView as _DrfView
else:
    _DrfView = object

# An id in an API URL: a whole number that fits the database's 64-bit integer.
ID = re.compile(r"[0-9]{1,18}")


class NumericIds(_DrfView):
    # Every API viewset mixes this in (the Router refuses one that does not): an id in the URL
    # that is not a whole number (`abc`, `null,null`, `0.5`, or past the database's 64-bit range)
    # is a 404 before a view, a selector or the ORM sees it, as for an id that does not exist.
    # No docstring: drf-spectacular would make it the description of every operation.

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        lookup = self.lookup_url_kwarg or self.lookup_field
        if lookup in kwargs and not ID.fullmatch(str(kwargs[lookup])):
            raise exceptions.NotFound()


class Router(DefaultRouter):
    """The router of the API: no root view, and only viewsets that check their ids."""

    include_root_view = False

    def register(self, prefix, viewset, basename=None):  # type: ignore[override]  # the stubs still list `base_name`, an argument DRF no longer has
        if not issubclass(viewset, NumericIds):
            raise ImproperlyConfigured(f"{viewset.__name__} must mix in core.api.NumericIds.")
        super().register(prefix, viewset, basename)


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class Can(permissions.BasePermission):
    """`permission_classes = [Can.do("hrm.manage_employees")]`; per HTTP method with `Can.per_method`."""

    action: str | None = None
    actions_by_method: dict[str, str] | None = None

    @classmethod
    def do(cls, action: str) -> type[Can]:
        return type(f"Can_{action.replace('.', '_')}", (cls,), {"action": action})

    @classmethod
    def per_method(cls, *, read: str, write: str) -> type[Can]:
        mapping = {m: read for m in permissions.SAFE_METHODS}
        return type(
            f"Can_{read}_{write}".replace(".", "_"),
            (cls,),
            {"actions_by_method": mapping, "action": write},
        )

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        action = (self.actions_by_method or {}).get(request.method, self.action)
        return action is None or can(request.user, action)


class ErrorOutput(serializers.Serializer):
    code = serializers.CharField(help_text="Stable machine-readable error code.")
    detail = serializers.CharField(help_text="Human-readable message in the user's language.")
    fields = serializers.DictField(  # type: ignore[assignment]  # the metaclass takes declared fields out of the class, so Serializer.fields stays as it is
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per input field.",
    )


def _flatten(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            if isinstance(value, dict):
                for sub, msgs in _flatten(value).items():
                    out[f"{key}.{sub}"] = msgs
            elif isinstance(value, list):
                out[key] = [str(v) for v in value]
            else:
                out[key] = [str(value)]
        return out
    if isinstance(detail, list):
        return {"non_field_errors": [str(v) for v in detail]}
    return {"non_field_errors": [str(detail)]}


def error_response(code: str, detail: str, fields=None, status_code=400, headers=None) -> Response:
    return Response(
        {"code": code, "detail": str(detail), "fields": fields or {}},
        status=status_code,
        headers=headers,
    )


def exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        return error_response(exc.code, exc.message, exc.fields)
    if isinstance(exc, DjangoValidationError):
        fields = _flatten(exc.message_dict) if hasattr(exc, "error_dict") else {}
        return error_response(input_error_code(exc), _("The input is not valid."), fields)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, RequestDataTooBig):
        exc = TooLarge()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        first = next(iter(fields.values()), [_("The input is not valid.")])[0]
        response.data = {
            "code": input_error_code(exc.get_codes()),
            "detail": first,
            "fields": fields,
        }
        return response
    codes = {
        exceptions.NotAuthenticated: "not_authenticated",
        exceptions.AuthenticationFailed: "authentication_failed",
        exceptions.PermissionDenied: "permission_denied",
        exceptions.NotFound: "not_found",
        exceptions.MethodNotAllowed: "method_not_allowed",
        exceptions.NotAcceptable: "not_acceptable",
        exceptions.UnsupportedMediaType: "unsupported_media_type",
        exceptions.Throttled: "throttled",
        exceptions.ParseError: "parse_error",
        TooLarge: "too_large",
    }
    code = next((c for cls, c in codes.items() if isinstance(exc, cls)), "error")
    detail = getattr(exc, "detail", "")
    response.data = {"code": code, "detail": str(detail), "fields": {}}
    return response


ERROR_STATUSES = {
    "400": "Invalid input",
    "401": "Not signed in",
    "403": "Not allowed",
    "404": "Not found, or not visible to you",
}
BODY_ERROR_STATUSES = {"413": "The request body is too large"}


def add_error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: document the JSON error body on every operation."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = {
        "type": "object",
        "properties": {
            "code": {"type": "string", "description": "Stable machine-readable error code."},
            "detail": {"type": "string", "description": "Human-readable message."},
            "fields": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
                "description": "Messages per input field.",
            },
        },
        "required": ["code", "detail", "fields"],
    }
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for code, description in ERROR_STATUSES.items():
                if code == "400" and method == "get" and "parameters" not in operation:
                    continue
                responses.setdefault(code, {"description": description, "content": ref})
            if method in {"post", "put", "patch"}:
                for code, description in BODY_ERROR_STATUSES.items():
                    responses.setdefault(code, {"description": description, "content": ref})
    return result


__all__ = [
    "Can",
    "ErrorOutput",
    "JSONObjectParser",
    "NumericIds",
    "Pagination",
    "Router",
    "TooLarge",
    "error_response",
    "exception_handler",
    "status",
]
