"""The record of one interview (`interview`): both people's preparation, the agreements, the
signatures and the follow-up note on one page; and the signed record as a PDF (`record_pdf`).

The page reads through `development.records` (404 for what the viewer may not see, an audit row
when HR or the director reads) and writes through the services. The preparation form saves
itself a second after typing stops (development/static/development/autosave.js posts it with
`autosave=1` and gets JSON back); without JavaScript its buttons submit it as usual."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import FormDateField
from core.errors import ApplicationError
from core.permissions import can
from development import pdf, records, services
from development import plan as plan_reads
from development.models import Agreement, Interview
from development.questions import MAX_ANSWER, Question, questions_for
from hrm.forms import DateInput

NOTE_MAX = Agreement._meta.get_field("follow_up_note").max_length
TEXT_MAX = Agreement._meta.get_field("goals").max_length


class PreparationForm(forms.Form):
    """One field per question of the viewer's side; the service checks the keys and lengths."""

    prefix = "q"

    def __init__(self, questions: list[Question], *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[question.key] = forms.CharField(
                label=question.text,
                help_text=question.help,
                required=False,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_ANSWER}),
            )


class AgreementForm(forms.Form):
    goals = forms.CharField(
        label=gettext_lazy("Development goals"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_MAX}),
    )
    training_wishes = forms.CharField(
        label=gettext_lazy("Training wishes"),
        help_text=gettext_lazy("One per line; each can become an item of the training plan."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    support = forms.CharField(
        label=gettext_lazy("Support"),
        help_text=gettext_lazy("What the organisation or the manager does to help."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_MAX}),
    )
    follow_up_on = FormDateField(
        label=gettext_lazy("Follow-up date"), required=False, widget=DateInput()
    )

    def clean_training_wishes(self) -> list[str]:
        return self.cleaned_data["training_wishes"].splitlines()


class SignForm(forms.Form):
    text_hash = forms.CharField(max_length=64, widget=forms.HiddenInput)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Follow-up note"),
        help_text=gettext_lazy(
            "How the agreements are going; the one thing that can still change."
        ),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": NOTE_MAX}),
    )


def _questions(interview: Interview, side: str) -> list[Question]:
    return questions_for(records.sections_of(interview), side)


def _own_side(request, interview: Interview) -> str:
    side = records.side_of(request.user, interview)
    if side is None:
        raise PermissionDenied
    return side


def _back(interview: Interview, anchor: str):
    return redirect(f"{reverse('development:interview', args=[interview.pk])}#{anchor}")


def _error_json(error: ApplicationError) -> JsonResponse:
    return JsonResponse(
        {"code": error.code, "detail": error.message, "fields": error.fields}, status=400
    )


def _preparation(request, interview: Interview, action: str):
    side = _own_side(request, interview)
    form = PreparationForm(_questions(interview, side), request.POST)
    autosave = request.POST.get("autosave") == "1"
    if not form.is_valid():  # pragma: no cover - every field is optional text
        return {"preparation_form": form}
    try:
        preparation = services.preparation_save(
            actor=request.user, interview=interview, answers=form.cleaned_data
        )
        if action == "share":
            preparation = services.preparation_share(actor=request.user, interview=interview)
    except ApplicationError as error:
        if autosave:
            return _error_json(error)
        error.add_to_form(form)
        return {"preparation_form": form}
    saved_at = timezone.localtime(preparation.updated_at or timezone.now())
    message = _("Saved at %(time)s") % {"time": saved_at.strftime("%H:%M")}
    if autosave:
        return JsonResponse({"saved_at": saved_at.isoformat(), "message": message})
    if action == "share" and preparation.shared_at is not None:
        message = _("Shared on %(day)s") % {
            "day": date_format(timezone.localtime(preparation.shared_at), "j F Y")
        }
    messages.success(request, message)
    return _back(interview, "preparation")


def _agreement(request, interview: Interview, action: str):
    form = AgreementForm(request.POST)
    if form.is_valid():
        try:
            services.agreement_save(actor=request.user, interview=interview, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("The agreements have been saved."))
            return _back(interview, "agreement")
    return {"agreement_form": form}


def _sign(request, interview: Interview, action: str):
    form = SignForm(request.POST)
    text_hash = form.cleaned_data["text_hash"] if form.is_valid() else ""
    try:
        services.agreement_sign(actor=request.user, interview=interview, text_hash=text_hash)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You have signed the agreements."))
    return _back(interview, "signatures")


def _note(request, interview: Interview, action: str):
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.follow_up_note_save(
                actor=request.user, interview=interview, note=form.cleaned_data["note"]
            )
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("The follow-up note has been saved."))
            return _back(interview, "follow-up")
    return {"note_form": form}


ACTIONS = {
    "preparation": _preparation,
    "share": _preparation,
    "agreement": _agreement,
    "sign": _sign,
    "note": _note,
}


def _sections_of_form(form: PreparationForm, questions: list[Question]) -> list[tuple[str, list]]:
    """The bound fields of the form under their section titles, in template order."""
    sections: list[tuple[str, list]] = []
    for question in questions:
        if not sections or sections[-1][0] != question.section:
            sections.append((question.section, []))
        sections[-1][1].append(form[question.key])
    return sections


def interview(request, pk: int):
    interview = records.interview_for_viewer(request.user, pk)
    bound: dict = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        handler = ACTIONS.get(action)
        if handler is None:
            return _back(interview, "main")
        result = handler(request, interview, action)
        if isinstance(result, HttpResponse):
            return result
        bound = result
    view = records.record_view(request.user, interview)
    context: dict = {
        "view": view,
        "interview": interview,
        # last year's signed agreements, for what became of them (audited unless one's own)
        "previous": records.previous_agreement_for_viewer(request.user, interview),
        # each training wish with the plan item it became (linked both ways)
        "wish_rows": plan_reads.wish_rows(view.agreement),
        "can_view_plan": can(request.user, "development.plan_view"),
        "signature_rows": [
            {"label": label, "person": part.person, "signature": view.valid.get(part.side)}
            for label, part in (
                (_("Employee"), view.employee),
                (_("Manager"), view.manager),
            )
        ],
    }
    mine = view.mine
    if mine is not None and view.can_edit_preparation:
        questions = _questions(interview, mine.side)
        initial = {a.key: a.answer for section in mine.sections for a in section.answers}
        form = bound.get("preparation_form") or PreparationForm(questions, initial=initial)
        context["preparation_form"] = form
        context["preparation_sections"] = _sections_of_form(form, questions)
    if view.can_edit_agreement:
        agreement = view.agreement
        context["agreement_form"] = bound.get("agreement_form") or AgreementForm(
            initial={
                "goals": agreement.goals if agreement else "",
                "training_wishes": "\n".join(view.wishes),
                "support": agreement.support if agreement else "",
                "follow_up_on": agreement.follow_up_on if agreement else None,
            }
        )
    if view.can_sign:
        context["sign_form"] = SignForm(initial={"text_hash": view.text_hash})
    if view.can_note:
        context["note_form"] = bound.get("note_form") or NoteForm(
            initial={"note": view.agreement.follow_up_note if view.agreement else ""}
        )
    return render(request, "development/interview.html", context)


def record_pdf(request, pk: int):
    """The signed record as a PDF: for the two people, HR and the (adjunct-)director; 404 for
    an unsigned record."""
    interview = records.interview_for_viewer(request.user, pk, signed_only=True)
    body = pdf.render_pdf(interview)
    response = HttpResponse(body, content_type="application/pdf")
    name = f"ontwikkelgesprek-{interview.employee.personnel_number}-{interview.cycle.year}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
