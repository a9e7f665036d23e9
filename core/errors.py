"""Errors the services raise. Views put them beside the field, the API turns them into
`{"code": ..., "detail": ..., "fields": {...}}`."""

from __future__ import annotations


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
