"""Errors the services raise. Views put them beside the field, the API turns them into
`{"code": ..., "detail": ..., "fields": {...}}`."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class ApplicationError(Exception):
    """A rule of the domain was broken. `code` is stable (API clients and tests use it)."""

    def __init__(
        self,
        message: str,
        *,
        code: str,
        field: str | None = None,
        fields: dict[str, list[str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = str(message)
        self.code = code
        self.field = field
        self.fields = dict(fields or {})
        if field and field not in self.fields:
            self.fields[field] = [self.message]

    def add_to_form(self, form) -> None:
        """Show the error beside its field(s), or at the top of the form."""
        if self.fields:
            for name, messages in self.fields.items():
                target = name if name in form.fields else None
                for message in messages:
                    form.add_error(target, message)
        else:
            form.add_error(None, self.message)


# Codes of rules shared by many fields (core.dates). Invalid input that breaks one of them answers
# with that code instead of the generic "invalid", on every door (API, services).
RULE_CODES = ("date_out_of_range",)


def _codes(detail) -> list[str]:
    if isinstance(detail, ValidationError):
        if hasattr(detail, "error_dict"):
            return _codes(detail.error_dict)
        return [e.code for e in detail.error_list if e.code]
    if isinstance(detail, dict):
        return [c for value in detail.values() for c in _codes(value)]
    if isinstance(detail, list | tuple):
        return [c for value in detail for c in _codes(value)]
    return [str(detail)] if detail else []


def input_error_code(codes) -> str:
    """The code of invalid input from its field error codes (a nested dict/list of them, as
    DRF's `get_codes()` gives, or a Django ValidationError): a shared rule's code when one is
    among them, else "invalid"."""
    found = set(_codes(codes))
    return next((code for code in RULE_CODES if code in found), "invalid")


def from_validation_error(exc) -> ApplicationError:
    """A Django ValidationError (e.g. from `full_clean`) as an ApplicationError: the messages
    per field (`__all__` becomes `non_field_errors`), the code by `input_error_code`."""
    if hasattr(exc, "error_dict"):
        fields = {
            (name if name != "__all__" else "non_field_errors"): [str(m) for e in errors for m in e]
            for name, errors in exc.error_dict.items()
        }
    else:
        fields = {"non_field_errors": [str(m) for m in exc.messages]}
    first = next(iter(fields.values()))[0]
    return ApplicationError(first, code=input_error_code(exc), fields=fields)


def check_fields(instance, names: list[str]) -> None:
    """The model's own checks of these fields of `instance` (length, choices, the range of
    dates), as an ApplicationError beside the field: for writes that do not run `full_clean`."""
    others = [f.name for f in instance._meta.fields if f.name not in names]
    try:
        instance.clean_fields(exclude=others)
    except ValidationError as exc:
        raise from_validation_error(exc) from exc
