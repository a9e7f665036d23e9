"""API plumbing shared by every app: pagination, the error format, the permission class."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import ApplicationError
from core.permissions import can


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
    fields = serializers.DictField(
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
        return error_response("invalid", _("The input is not valid."), fields)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        first = next(iter(fields.values()), [_("The input is not valid.")])[0]
        response.data = {"code": "invalid", "detail": first, "fields": fields}
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
    return result


__all__ = ["Can", "ErrorOutput", "Pagination", "error_response", "exception_handler", "status"]
