from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Errors beside each field, help text below it; used by every form."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
