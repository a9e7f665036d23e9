"""Form plumbing shared by every page: one submit flow that calls a service and puts its errors
beside the fields, and the form renderer."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Errors beside each field, help text below it; used by every form."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


NOT_SAVED = object()


def max_length(model, name: str) -> int:
    """A model field's maximum length, so a form or serializer field checks the same limit."""
    return model._meta.get_field(name).max_length


def submit(request, form, service, /, *, data=None, **extra):
    """The one flow behind every form page: on a POST with a valid form, call
    `service(actor=request.user, **form.cleaned_data, **extra)` (or `**data(cleaned_data)`).
    A broken rule (ApplicationError) is shown beside its field. Returns what the service returned,
    or NOT_SAVED when there was nothing to save or it was refused."""
    from core.errors import ApplicationError

    if request.method != "POST" or not form.is_valid():
        return NOT_SAVED
    values = data(form.cleaned_data) if data is not None else dict(form.cleaned_data)
    try:
        return service(actor=request.user, **values, **extra)
    except ApplicationError as error:
        error.add_to_form(form)
        return NOT_SAVED
