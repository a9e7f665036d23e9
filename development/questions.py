"""The preparation form of an interview cycle: sections of questions for the employee or the
manager, the default template in Dutch that ships with the product, and its check.

A template is data (`FormTemplate.sections`), so HR can change the questions for a new cycle
without a release; the answers are stored by question key."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SIDES = ("employee", "manager")
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_SECTIONS = 20
MAX_QUESTIONS = 20
MAX_TEXT = 500
# The longest answer to one question.
MAX_ANSWER = 5000

DEFAULT_NAME = "Ontwikkelgesprek (standaard)"

DEFAULT_SECTIONS: list[dict] = [
    {
        "key": "terugblik",
        "title": "Terugblik",
        "side": "employee",
        "questions": [
            {
                "key": "afgelopen_jaar",
                "text": "Hoe kijk je terug op het afgelopen jaar?",
                "help": "Wat ging goed, waar ben je trots op, wat was lastig?",
            },
            {
                "key": "afspraken_vorig_jaar",
                "text": "Wat is er terechtgekomen van de afspraken van vorig jaar?",
                "help": "",
            },
        ],
    },
    {
        "key": "werkplezier",
        "title": "Werkplezier en werkdruk",
        "side": "employee",
        "questions": [
            {
                "key": "werkplezier",
                "text": "Wat geeft je energie in je werk, en wat kost je energie?",
                "help": "",
            },
            {
                "key": "werkdruk",
                "text": "Hoe ervaar je je werkdruk en de verdeling van je caseload?",
                "help": "Denk aan uren, reistijd, administratie en zware casussen.",
            },
            {
                "key": "samenwerking",
                "text": "Hoe gaat de samenwerking in je team en met je leidinggevende?",
                "help": "",
            },
        ],
    },
    {
        "key": "ambities",
        "title": "Ambities",
        "side": "employee",
        "questions": [
            {
                "key": "ambities",
                "text": "Waar wil je je het komende jaar in ontwikkelen?",
                "help": "In je vak, in je rol of in de organisatie.",
            },
            {
                "key": "scholingswensen",
                "text": "Welke scholing, training of intervisie zou je daarbij helpen?",
                "help": "Denk ook aan punten voor je SKJ-herregistratie.",
            },
        ],
    },
    {
        "key": "observaties",
        "title": "Observaties van de leidinggevende",
        "side": "manager",
        "questions": [
            {
                "key": "sterke_punten",
                "text": "Wat gaat goed: sterke punten en bijdragen van het afgelopen jaar?",
                "help": "",
            },
            {
                "key": "ontwikkelpunten",
                "text": "Welke ontwikkelpunten zie je?",
                "help": "",
            },
            {
                "key": "gespreksonderwerpen",
                "text": "Wat wil je in het gesprek in elk geval bespreken?",
                "help": "",
            },
        ],
    },
]


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    help: str
    section: str


def check_sections(sections: object) -> None:
    """Raise ValidationError unless `sections` is a well-formed template: a list of sections
    with a unique key, a title, a side and at least one question; question keys unique over
    the whole template (answers are stored by them)."""
    problems: list[str] = []
    if not isinstance(sections, list) or not sections:
        raise ValidationError({"sections": _("A template needs at least one section.")})
    if len(sections) > MAX_SECTIONS:
        problems.append(_("At most %(n)s sections.") % {"n": MAX_SECTIONS})
    section_keys: set[str] = set()
    question_keys: set[str] = set()
    for number, section in enumerate(sections, start=1):
        where = _("Section %(n)s") % {"n": number}
        if not isinstance(section, dict):
            problems.append(_("%(where)s is not a section.") % {"where": where})
            continue
        key, title = section.get("key"), section.get("title")
        if not isinstance(key, str) or not KEY.match(key) or key in section_keys:
            problems.append(
                _("%(where)s needs a unique key of lower-case letters, digits and _.")
                % {"where": where}
            )
        else:
            section_keys.add(key)
        if not isinstance(title, str) or not title.strip() or len(title) > MAX_TEXT:
            problems.append(_("%(where)s needs a title.") % {"where": where})
        if section.get("side") not in SIDES:
            problems.append(_("%(where)s: the side is 'employee' or 'manager'.") % {"where": where})
        questions = section.get("questions")
        if not isinstance(questions, list) or not questions or len(questions) > MAX_QUESTIONS:
            problems.append(
                _("%(where)s needs 1 to %(n)s questions.") % {"where": where, "n": MAX_QUESTIONS}
            )
            continue
        for q_number, question in enumerate(questions, start=1):
            q_where = _("%(where)s, question %(n)s") % {"where": where, "n": q_number}
            if not isinstance(question, dict):
                problems.append(_("%(where)s is not a question.") % {"where": q_where})
                continue
            q_key, text = question.get("key"), question.get("text")
            if not isinstance(q_key, str) or not KEY.match(q_key) or q_key in question_keys:
                problems.append(
                    _("%(where)s needs a unique key of lower-case letters, digits and _.")
                    % {"where": q_where}
                )
            else:
                question_keys.add(q_key)
            if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT:
                problems.append(_("%(where)s needs a text.") % {"where": q_where})
            help_text = question.get("help", "")
            if not isinstance(help_text, str) or len(help_text) > MAX_TEXT:
                problems.append(_("%(where)s: the help text is too long.") % {"where": q_where})
    if problems:
        raise ValidationError({"sections": problems})


def sections_for(sections: list[dict], side: str) -> list[dict]:
    """The sections of one side, in template order."""
    return [section for section in sections if section.get("side") == side]


def questions_for(sections: list[dict], side: str) -> list[Question]:
    """The questions of one side, in template order."""
    return [
        Question(
            key=question["key"],
            text=question["text"],
            help=question.get("help", ""),
            section=section["title"],
        )
        for section in sections_for(sections, side)
        for question in section["questions"]
    ]
