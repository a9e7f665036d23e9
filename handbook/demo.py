"""The demo organisation's handbooks: the "Personeelshandboek" and the "Handboek werkprocessen"
with published chapters (adopted last year after the PVT's consent and the board's decision),
the sickness and reintegration protocol's next version under the PVT's review with comment
threads, the reorganisation of the teams with the PVT's advice given and the board's decision
pending, and acknowledgements partly done (the `employee` login still has chapters to
acknowledge).

The history (last year's steps) is written directly with its dates; the review now under way
goes through the services. Loaded after the people (core.demo); a second load changes
nothing."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from core.models import User
from handbook import demo_texts as T
from handbook.models import (
    Acknowledgement,
    Chapter,
    Comment,
    CommentThread,
    Handbook,
    Participation,
    ReadMark,
    Version,
)
from handbook.paragraphs import blocks
from handbook.services import version_submit
from hrm.models import Employee

PERSONNEL, PROCESSES = "Personeelshandboek", "Handboek werkprocessen"
C, A, INFO = Participation.CONSENT, Participation.ADVICE, Participation.INFORMATION

# handbook, title, participation, published text
PUBLISHED = [
    (PERSONNEL, "Werktijden en verlof", C, T.WERKTIJDEN),
    (PERSONNEL, "Ziekteverzuim- en re-integratieprotocol", C, T.VERZUIM_V1),
    (PERSONNEL, "Scholing en professionele registratie", C, T.SCHOLING),
    (PERSONNEL, "Ontwikkelgesprekken", C, T.ONTWIKKELGESPREK),
    (PERSONNEL, "Privacy en persoonsgegevens", C, T.PRIVACY),
    (PERSONNEL, "Gedragscode en vertrouwenspersoon", INFO, T.GEDRAG),
    (PROCESSES, "Aanmelding en intake van huishoudens", INFO, T.INTAKE),
    (PROCESSES, "Casusoverleg en intervisie", INFO, T.CASUSOVERLEG),
]
DESCRIPTIONS = {
    PERSONNEL: "Rechten, plichten en afspraken voor alle medewerkers van GR PlusTeam.",
    PROCESSES: "Hoe we het werk met huishoudens in Geldrop-Mierlo en Waalre doen.",
}


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _published(chapter: Chapter, body: str, today: date, users: dict) -> Version:
    """Last year's path: submitted, consent (or shared for information), decided, published."""
    year = today.year - 1
    submitted, responded, decided = date(year, 9, 15), date(year, 10, 20), date(year, 11, 12)
    consent = chapter.participation == C
    return Version.objects.create(
        chapter=chapter,
        number=1,
        status=Version.Status.PUBLISHED,
        body=body,
        summary="Eerste versie van het vernieuwde handboek.",
        created_by=users["hr"],
        request=(
            "Vaststelling van het vernieuwde personeelshandboek. Redenen: het oude handboek "
            "was verouderd. Gevolgen voor medewerkers: geen, behalve duidelijkere afspraken. "
            "Wat de CAO Sociaal Werk al regelt, is alleen verwezen."
        ),
        deadline=submitted + timedelta(weeks=6),
        submitted_at=_at(submitted),
        submitted_by=users["hr"],
        outcome="consent_given" if consent else "",
        motivation="Akkoord; goed dat de afspraken nu helder zijn." if consent else "",
        pvt_meeting_on=responded if consent else None,
        responded_at=_at(responded) if consent else None,
        responded_by=users["pvt"] if consent else None,
        decided_on=decided,
        decision_reference=f"AB-{year}-{chapter.pk:02d}",
        decided_by=users["director"],
        effective_date=date(today.year, 1, 1),
        published_at=_at(decided + timedelta(days=3)),
        published_by=users["hr"],
    )


def _review_now(chapter: Chapter, today: date, users: dict) -> Version:
    """The protocol's next version, with the PVT now: two threads, one answered and resolved."""
    draft = Version.objects.create(
        chapter=chapter,
        number=2,
        body=T.VERZUIM_V2,
        summary="Eerder ziekmelden, vaker contact, en een gesprek na vier weken.",
        created_by=users["hr"],
    )
    version = version_submit(
        actor=users["hr"],
        version=draft,
        request=(
            "Wij vragen instemming met de wijziging van het verzuimprotocol (WOR art. 27, "
            "lid 1 sub d). Redenen: het verzuim is 19,5% tegen een norm van 5,5%; eerder en "
            "vaker contact helpt terugkeer. Gevolgen: ziekmelden voor 8.30 uur, wekelijks "
            "contact. Maatregelen: leidinggevenden krijgen een training in verzuimgesprekken. "
            "De CAO Sociaal Werk regelt de loondoorbetaling; die valt buiten dit verzoek."
        ),
    )
    # written two weeks ago, submitted nine days ago (history in the right order)
    Version.objects.filter(pk=version.pk).update(
        created_at=_at(today - timedelta(days=14)), submitted_at=_at(today - timedelta(days=9))
    )
    paragraphs = blocks(T.VERZUIM_V2)

    def anchor_of(start: str) -> tuple[str, str]:
        for block in paragraphs:
            if block.text.startswith(start):
                return block.anchor, block.text[:300]
        raise LookupError(start)

    early, early_text = anchor_of("Ben je ziek, meld je dan voor 8.30")
    weekly, weekly_text = anchor_of("Je leidinggevende neemt binnen twee")
    first = CommentThread.objects.create(
        chapter=chapter, version=version, anchor=early, excerpt=early_text, started_by=users["pvt"]
    )
    Comment.objects.create(
        thread=first,
        author=users["pvt"],
        body="8.30 uur is vroeg voor collega's die kinderen naar school brengen. Kan het 9.00 blijven?",
    )
    Comment.objects.create(
        thread=first,
        author=users["hr"],
        body="Het team start om 8.30 met de planning; een melding daarna geeft gaten in huisbezoeken. "
        "Een sms of app voor 8.30 is ook goed.",
    )
    second = CommentThread.objects.create(
        chapter=chapter,
        version=version,
        anchor=weekly,
        excerpt=weekly_text,
        started_by=users["m.bosch"],
    )
    Comment.objects.create(
        thread=second,
        author=users["m.bosch"],
        body="Wekelijks bellen kan als druk voelen. Graag toevoegen dat de medewerker het "
        "contact ook zelf mag voorstellen.",
    )
    Comment.objects.create(
        thread=second,
        author=users["hr"],
        body="Goed punt: 'tenzij jullie samen iets anders afspreken' staat er nu in.",
    )
    CommentThread.objects.filter(pk=second.pk).update(
        resolved_at=timezone.now() - timedelta(days=2), resolved_by=users["hr"]
    )
    # the discussion took the last week
    for days, comment in zip(
        (7, 6, 5, 3), Comment.objects.filter(thread__chapter=chapter).order_by("pk"), strict=False
    ):
        Comment.objects.filter(pk=comment.pk).update(created_at=_at(today - timedelta(days=days)))
    CommentThread.objects.filter(chapter=chapter).update(created_at=_at(today - timedelta(days=7)))
    return version


def _advice_given(handbook: Handbook, today: date, users: dict) -> Version:
    chapter = Chapter.objects.create(
        handbook=handbook,
        position=3,
        title="Herinrichting teams Geldrop-Mierlo en Waalre",
        participation=A,
    )
    return Version.objects.create(
        chapter=chapter,
        number=1,
        status=Version.Status.RESPONDED,
        body=T.HERINRICHTING,
        summary="Voorstel herinrichting van de teams.",
        created_by=users["director"],
        request=(
            "Adviesaanvraag (WOR art. 25) over de herinrichting van de teams. Redenen, "
            "gevolgen en maatregelen: zie de tekst."
        ),
        deadline=today - timedelta(days=10),
        submitted_at=_at(today - timedelta(days=50)),
        submitted_by=users["director"],
        outcome="advice_conditional",
        motivation=(
            "Positief, op voorwaarde dat de reistijd als werktijd geldt en dat de twee "
            "generalisten vrijwillig kiezen."
        ),
        pvt_meeting_on=today - timedelta(days=12),
        responded_at=_at(today - timedelta(days=11)),
        responded_by=users["pvt"],
    )


@transaction.atomic
def load(today: date | None = None) -> str:
    today = today or timezone.localdate()
    if Handbook.objects.filter(name=PERSONNEL).exists():
        return ""
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["hr", "director", "pvt", "m.bosch"])
    }
    handbooks = {}
    for position, name in enumerate((PERSONNEL, PROCESSES), start=1):
        handbooks[name] = Handbook.objects.create(
            name=name, description=DESCRIPTIONS[name], position=position
        )
    published = []
    for position, (handbook, title, participation, body) in enumerate(PUBLISHED, start=1):
        chapter = Chapter.objects.create(
            handbook=handbooks[handbook],
            position=position,
            title=title,
            participation=participation,
            review_on=date(today.year + 1, 6, 1),
        )
        published.append(_published(chapter, body, today, users))
    # one review date has passed: HR gets the reminder
    Chapter.objects.filter(title="Gedragscode en vertrouwenspersoon").update(
        review_on=today - timedelta(days=20)
    )
    protocol = Chapter.objects.get(title="Ziekteverzuim- en re-integratieprotocol")
    _review_now(protocol, today, users)
    _advice_given(handbooks[PROCESSES], today, users)
    # acknowledgements partly done: about half the people, and the `employee` only the first
    people = list(Employee.objects.filter(exit_date__isnull=True).order_by("personnel_number"))
    employee = User.objects.get(username="employee").employee
    rows = []
    for version in published:
        for n, person in enumerate(people):
            if person.pk == employee.pk:
                if version.chapter.title == "Werktijden en verlof":
                    rows.append(Acknowledgement(version=version, employee=person))
            elif n % 2 == 0:
                rows.append(Acknowledgement(version=version, employee=person))
    Acknowledgement.objects.bulk_create(rows)
    # who acknowledged a version has read it
    ReadMark.objects.bulk_create(
        ReadMark(chapter=row.version.chapter, employee=row.employee, version=row.version)
        for row in rows
    )
    return f"{len(published) + 1} handbook chapters"


def load_part() -> str:
    """The handbook part of the demo organisation (core.demo, after the people)."""
    return load()
