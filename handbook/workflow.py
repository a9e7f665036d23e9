"""The order of a chapter version's steps and the PVT's rights (participation.md), pure: a
version's facts in, the rule that forbids the step (or None) out. The services ask these before
every write, so pages, API and admin refuse alike, with the rule in the message.

    draft -> submitted (to the PVT) -> responded -> decided (board) -> published -> archived

- consent (WOR art. 27): the PVT answers consent given or withheld; without consent given the
  chapter is never decided or published;
- advice (WOR art. 25): the PVT answers with its advice; the board decides once the PVT responded
  or the response deadline passed; a decision that departs from the advice (negative, or with
  conditions) takes effect one month after the decision at the earliest (art. 25(6));
- information: shared with the PVT; no response; the board may decide, or HR publishes once it
  was shared.
A version in progress can be withdrawn (a new draft then replaces it); a published version is
never edited, only superseded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _

CONSENT, ADVICE, INFORMATION = "consent", "advice", "information"
OUTCOMES = {
    CONSENT: ("consent_given", "consent_withheld"),
    ADVICE: ("advice_positive", "advice_negative", "advice_conditional"),
    INFORMATION: (),
}
DEPARTING = ("advice_negative", "advice_conditional")


@dataclass(frozen=True)
class Facts:
    participation: str
    status: str
    body: str = ""
    request: str = ""
    deadline: date | None = None
    outcome: str = ""
    decided_on: date | None = None


def earliest_effective(facts: Facts) -> date | None:
    """The first day a decided version may take effect: the decision date, or one month after
    it when the decision departs from the PVT's advice (WOR art. 25(6))."""
    if facts.decided_on is None:
        return None
    if facts.participation == ADVICE and facts.outcome in DEPARTING:
        return facts.decided_on + relativedelta(months=1)
    return facts.decided_on


def cannot_edit(facts: Facts) -> str | None:
    if facts.status != "draft":
        return _(
            "Only a draft can be changed; a submitted or published text is superseded by a "
            "new version."
        )
    return None


def cannot_submit(facts: Facts, today: date) -> str | None:
    if facts.status != "draft":
        return _("Only a draft can be submitted to the PVT.")
    if not facts.body.strip():
        return _("An empty text cannot be submitted.")
    if facts.participation != INFORMATION and not facts.request.strip():
        return _(
            "A request for consent or advice states the reasons, the consequences for staff "
            "and the proposed measures."
        )
    if facts.deadline is None or facts.deadline < today:
        return _("The response deadline lies today or later.")
    return None


def cannot_respond(facts: Facts, outcome: str) -> str | None:
    if facts.status != "submitted":
        return _(
            "The PVT responds to a version that was submitted to it and has not been answered yet."
        )
    if facts.participation == INFORMATION:
        return _("A chapter for information needs no response from the PVT.")
    if outcome not in OUTCOMES[facts.participation]:
        if facts.participation == CONSENT:
            return _(
                "A chapter that needs consent is answered with consent given or consent withheld."
            )
        return _(
            "A chapter for advice is answered with positive or negative advice, or advice "
            "with conditions."
        )
    return None


def cannot_decide(facts: Facts, today: date) -> str | None:
    if facts.participation == CONSENT:
        if facts.status != "responded":
            return _("The board decides on a consent chapter after the PVT has responded.")
        if facts.outcome != "consent_given":
            return _(
                "Without the PVT's consent the board cannot adopt this chapter: revise it in a "
                "new version."
            )
        return None
    if facts.participation == ADVICE:
        if facts.status == "responded":
            return None
        if facts.status == "submitted" and facts.deadline is not None and facts.deadline < today:
            return None
        return _(
            "The board decides on an advice chapter once the PVT has responded or its "
            "response deadline has passed."
        )
    if facts.status not in ("submitted", "responded"):
        return _("A chapter for information is shared with the PVT before the board decides.")
    return None


def cannot_publish(facts: Facts, effective: date, today: date) -> str | None:
    if facts.participation == CONSENT and facts.outcome != "consent_given":
        return _("A chapter that needs consent is never published without the PVT's consent.")
    if facts.participation == INFORMATION and facts.status == "submitted":
        return _future(effective, today)
    if facts.status != "decided":
        if facts.participation == ADVICE and facts.status in ("draft", "submitted"):
            return _(
                "An advice chapter is published after the PVT responded (or its deadline passed) "
                "and the board decided."
            )
        return _("A version is published after the board's decision.")
    earliest = earliest_effective(facts)
    if earliest is not None and effective < earliest:
        if facts.participation == ADVICE and facts.outcome in DEPARTING:
            return _(
                "The decision departs from the PVT's advice, so it takes effect one month after "
                "the decision at the earliest (WOR art. 25(6))."
            )
        return _("The effective date may not lie before the board's decision.")
    return _future(effective, today)


def _future(effective: date, today: date) -> str | None:
    """A version is published when it takes effect, not ahead: until then the version in force
    stays the one everybody reads (and acknowledges)."""
    if effective > today:
        return _(
            "Publish on the effective date or later: until then the version now in force stays "
            "in force."
        )
    return None


def cannot_withdraw(facts: Facts) -> str | None:
    if facts.status not in ("submitted", "responded", "decided", "draft"):
        return _("Only a version in progress can be withdrawn.")
    return None
