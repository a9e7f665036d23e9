"""Benchmark of the personnel handbook with 1,000 employees, through the real pages and the
reminder service.

The organisation: 40 teams; 1,000 employees with an open contract, a login and a work e-mail
address; an HR login. Two handbooks with 20 published chapters each (a few KB of Markdown each:
headings, paragraphs, lists), written directly as published history (submitted, the PVT's
response, the board's decision, published). The first chapter has a second published version
(the first archived), and the measured employee's read mark stays on the first, so its page
shows "what changed since you last read it". Half of the employees acknowledged half of the
chapters (10,000 acknowledgements, each with its read mark).

Measured, through `django.test.Client` (force_login), the median of 5 runs after one warm-up
run, with the number of SQL queries of one run:

1. the handbooks' index as an employee;
2. a chapter page as an employee, with the changes since the older version they read (the read
   mark is put back before every run, outside the timing: opening the page moves it);
3. search `?q=ziek` as an employee;
4. one handbook as one document, and as a PDF (target < 5 s);
5. who has not acknowledged, as HR (target < 0.5 s), and the names for one chapter;
6. `handbook.services.remind_unacknowledged` for one chapter (everyone who has not acknowledged
   it; locmem e-mail backend): duration and mails sent; then a second run, which sends nothing.

Targets: the pages < 0.5 s, the PDF < 5 s; the reminders carry a budget of our own, printed as
such. A figure over its target or budget prints SLOW; the exit status is 0 either way (1 only
when something fails outright: a page that does not answer 200, a service that refuses).

Uses a throw-away SQLite database in a temporary folder; `--database-url` points it at another
database instead, which must be empty (it is migrated and filled, never emptied).

    .venv/bin/python benchmarks/handbook.py [--employees 1000] [--teams 40] [--chapters 20]
        [--runs 5] [--database-url postgres://...]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

T = TypeVar("T")

PAGE_TARGET_S = 0.5
PDF_TARGET_S = 5.0
ACKNOWLEDGEMENTS_TARGET_S = 0.5
# a budget of our own (no target was set for it)
REMINDERS_BUDGET_S = 10.0

FIRST_NAMES = [
    "Anouk", "Bram", "Daan", "Emma", "Fenna", "Gijs", "Hanna", "Iris", "Jesse", "Julia",
    "Koen", "Lotte", "Luuk", "Maud", "Milan", "Noor", "Olivier", "Puck", "Ruben", "Sanne",
    "Sem", "Tess", "Thijs", "Vera", "Wouter", "Yara", "Zoë", "Fatima", "Mohamed", "Ilse",
]  # fmt: skip
LAST_NAMES = [
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser",
    "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks",
    "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer",
    "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "El Amrani", "Yilmaz",
]  # fmt: skip

HANDBOOKS = [
    (
        "Personeelshandboek",
        "Rechten, plichten en afspraken voor alle medewerkers.",
        [
            "Ziekteverzuim- en re-integratieprotocol", "Werktijden", "Vakantie en verlof",
            "Bijzonder verlof", "Scholing en professionele registratie", "Ontwikkelgesprekken",
            "Privacy en persoonsgegevens", "Gedragscode", "Vertrouwenspersoon",
            "Klachtenregeling medewerkers", "Reiskosten en dienstreizen", "Thuiswerken",
            "Telefoon en laptop", "Declaraties", "Nevenwerkzaamheden", "Melden van misstanden",
            "Agressie en geweld", "Arbeidsomstandigheden en BHV", "Pensioen en verzekeringen",
            "Uit dienst",
        ],
    ),
    (
        "Handboek werkprocessen",
        "Hoe we het werk met huishoudens doen.",
        [
            "Aanmelding en intake", "Casusoverleg", "Intervisie", "Huisbezoeken",
            "Dossiervorming", "Meldcode huiselijk geweld", "Samenwerking met scholen",
            "Samenwerking met de huisarts", "Opschaling naar specialistische hulp",
            "Afsluiten van een traject", "Klachten van cliënten", "Bereikbaarheid",
            "Crisisdienst", "Tolken en vertalen", "Financiële hulpvragen", "Jeugdhulp",
            "Wmo-ondersteuning", "Kwaliteitsmetingen", "Registratie in het cliëntsysteem",
            "Overdracht bij afwezigheid",
        ],
    ),
]  # fmt: skip

SECTION_TITLES = [
    "Doel", "Voor wie geldt dit", "Wat we afspreken", "Hoe het werkt", "Taken en rollen",
    "Termijnen", "Uitzonderingen", "Wat de CAO Sociaal Werk regelt", "Vragen en contact",
    "Evaluatie",
]  # fmt: skip
SENTENCES = [
    "De CAO Sociaal Werk is leidend; dit hoofdstuk regelt alleen wat de CAO aan ons overlaat.",
    "Je leidinggevende is je eerste aanspreekpunt en legt afspraken vast in PlusTeam HR.",
    "P&O helpt je bij vragen en houdt bij of de afspraken in de praktijk werken.",
    "De PVT heeft met deze afspraken ingestemd en het algemeen bestuur heeft ze vastgesteld.",
    "We evalueren de regeling elk jaar samen met de PVT en passen haar zo nodig aan.",
    "Ben je ziek, meld je dan voor 9.00 uur bij je leidinggevende en in PlusTeam HR.",
    "Tijdens ziekte houden jij en je leidinggevende wekelijks contact over wat je wel kunt.",
    "De bedrijfsarts adviseert over je belastbaarheid; je leidinggevende vraagt niet naar je ziekte.",
    "Werk je in de avond voor een huisbezoek, dan compenseer je die uren binnen vier weken.",
    "Afspraken met huishoudens plan je in de gedeelde agenda, zodat collega's kunnen waarnemen.",
    "Bij twijfel over de veiligheid van een kind volg je de stappen van de meldcode.",
    "Je registreert alleen wat nodig is voor de hulp en bewaart geen kopieën buiten het dossier.",
    "Reiskosten declareer je maandelijks met de kilometers per rit en het doel van de reis.",
    "Scholing die de organisatie nodig vindt, volg je in werktijd en op kosten van de werkgever.",
    "Een klacht bespreek je eerst met degene om wie het gaat; lukt dat niet, dan met P&O.",
    "Nieuwe collega's krijgen in de eerste week een maatje uit het eigen team.",
    "De teams in Geldrop-Mierlo en Waalre stemmen hun bereikbaarheid op elkaar af.",
    "Wie langer dan zes weken ziek is, krijgt een plan van aanpak volgens de Wet verbetering poortwachter.",
    "Je laptop en telefoon zijn voor je werk; privégebruik is beperkt toegestaan.",
    "Bij agressie stop je het gesprek, zorg je voor je eigen veiligheid en meld je het incident.",
]  # fmt: skip
LIST_ITEMS = [
    "je leidinggevende", "P&O", "de vertrouwenspersoon", "de bedrijfsarts", "de PVT",
    "het algemeen bestuur (AB)", "je teamgenoten", "de functionaris gegevensbescherming",
]  # fmt: skip


def chapter_body(rng: random.Random, title: str, sections: int = 6) -> str:
    """A few KB of Markdown: sections with paragraphs and now and then a list."""
    parts = [f"{title} beschrijft de afspraken die voor alle medewerkers gelden."]
    for heading in rng.sample(SECTION_TITLES, sections):
        parts.append(f"# {heading}")
        for _p in range(rng.randint(2, 3)):
            parts.append(" ".join(rng.sample(SENTENCES, rng.randint(3, 4))))
        if rng.random() < 0.4:
            parts.append("\n".join(f"- {item}" for item in rng.sample(LIST_ITEMS, 4)))
    return "\n\n".join(parts) + "\n"


def revised(body: str, rng: random.Random) -> str:
    """A next version: one sentence changed in a few paragraphs, a paragraph dropped, a section
    added at the end."""
    paragraphs = body.split("\n\n")
    texts = [i for i, p in enumerate(paragraphs) if not p.startswith(("#", "-"))]
    for i in rng.sample(texts, 4):
        paragraphs[i] = paragraphs[i].replace("leidinggevende", "teamleider", 1) + (
            " Dit geldt ook voor invalkrachten en stagiairs."
        )
    del paragraphs[texts[-1]]
    paragraphs += [
        "# Wijzigingen in deze versie",
        "Ziekmelden kan voortaan ook via de app; het contact tijdens ziekte is wekelijks.",
    ]
    return "\n\n".join(paragraphs) + "\n"


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@dataclass
class Organisation:
    hr: Any  # the HR login
    employees: list  # Employee, with .user
    handbooks: list
    chapters: list  # in the handbooks' order
    changed: Any  # the chapter with a second published version
    reader: Any  # the employee whose read mark is on the changed chapter's first version
    first_version: Any  # of the changed chapter (archived)


def fill(n_employees: int, n_teams: int, n_chapters: int, seed: int = 2026) -> Organisation:
    """Teams, employees with contracts and logins, an HR login, the handbooks with their
    published history, acknowledgements and read marks. Bulk writes: this is the fixture, not
    what is measured."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from core.models import User
    from core.roles import Role
    from handbook.models import Acknowledgement, Chapter, Handbook, Participation, ReadMark, Version
    from hrm.models import ContractPeriod, Employee, RoleAssignment, Team
    from hrm.models.people import sort_name

    rng = random.Random(seed)
    password = make_password("bench-pass-123")
    teams = Team.objects.bulk_create([Team(name=f"Wijkteam {k + 1:02d}") for k in range(n_teams)])
    users = User.objects.bulk_create(
        [
            User(
                username=f"b{i:05d}",
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                email=f"b{i:05d}@bench.plusteam.example",
                password=password,
            )
            for i in range(n_employees)
        ],
        batch_size=1000,
    )
    employees = Employee.objects.bulk_create(
        [
            Employee(
                personnel_number=f"B{i:05d}",
                first_name=user.first_name,
                last_name=user.last_name,
                sort_name=sort_name(user.first_name, user.last_name),
                email=user.email,
                user=user,
            )
            for i, user in enumerate(users)
        ],
        batch_size=1000,
    )
    for person, user in zip(employees, users, strict=True):
        person.user = user
    ContractPeriod.objects.bulk_create(
        [
            ContractPeriod(
                employee=person,
                team=teams[k % n_teams],
                start=date(2020, 1, 1),
                end=None,
                hours_per_week=rng.choice([24, 28, 32, 36]),
                job_title="Generalist",
            )
            for k, person in enumerate(employees)
        ],
        batch_size=2000,
    )
    hr = User.objects.create_user(
        "bench-hr", email="hr@bench.plusteam.example", password="bench-pass-123"
    )
    RoleAssignment.objects.create(user=hr, role=Role.HR)

    today = timezone.localdate()
    year = today.year - 1

    def at(day: date) -> datetime:
        return timezone.make_aware(datetime.combine(day, clock(10)))

    def history(chapter, number: int, body: str, status: str, decided: date) -> Version:
        submitted = decided - timedelta(days=58)
        consent = chapter.participation == Participation.CONSENT
        return Version(
            chapter=chapter,
            number=number,
            status=status,
            body=body,
            summary="Vastgesteld na instemming van de PVT." if consent else "Ter informatie.",
            created_by=hr,
            request="Redenen, gevolgen voor medewerkers en maatregelen: zie de tekst.",
            deadline=submitted + timedelta(weeks=6),
            submitted_at=at(submitted),
            submitted_by=hr,
            outcome="consent_given" if consent else "",
            motivation="Akkoord." if consent else "",
            pvt_meeting_on=decided - timedelta(days=23) if consent else None,
            responded_at=at(decided - timedelta(days=22)) if consent else None,
            decided_on=decided,
            decision_reference=f"AB-{decided.year}-{chapter.pk:03d}",
            decided_by=hr,
            effective_date=decided + timedelta(days=30),
            published_at=at(decided + timedelta(days=3)),
            published_by=hr,
            archived_at=None,
        )

    handbooks, chapters = [], []
    for position, (name, description, titles) in enumerate(HANDBOOKS, start=1):
        book = Handbook.objects.create(name=name, description=description, position=position)
        handbooks.append(book)
        chapters += Chapter.objects.bulk_create(
            [
                Chapter(
                    handbook=book,
                    position=k,
                    title=title,
                    participation=Participation.CONSENT if k % 3 else Participation.INFORMATION,
                    review_on=date(today.year + 1, 6, 1),
                )
                for k, title in enumerate(titles[:n_chapters], start=1)
            ]
        )
    changed = chapters[0]
    first_decided, second_decided = date(year, 11, 12), today - timedelta(days=40)
    versions = []
    first_version = None
    for chapter in chapters:
        body = chapter_body(rng, chapter.title)
        if chapter.pk == changed.pk:
            first_version = history(chapter, 1, body, Version.Status.ARCHIVED, first_decided)
            first_version.archived_at = at(second_decided + timedelta(days=3))
            versions.append(first_version)
            versions.append(
                history(chapter, 2, revised(body, rng), Version.Status.PUBLISHED, second_decided)
            )
        else:
            versions.append(history(chapter, 1, body, Version.Status.PUBLISHED, first_decided))
    versions = Version.objects.bulk_create(versions, batch_size=500)
    # half of the employees acknowledged half of the chapters (the version published then)
    acknowledged_versions = [
        v for v in versions if v.number == 1 and chapters.index(v.chapter) % 2 == 0
    ]
    acknowledgers = employees[::2]
    Acknowledgement.objects.bulk_create(
        [
            Acknowledgement(version=v, employee=e)
            for v in acknowledged_versions
            for e in acknowledgers
        ],
        batch_size=2000,
    )
    ReadMark.objects.bulk_create(
        [
            ReadMark(chapter_id=v.chapter_id, employee=e, version=v)
            for v in acknowledged_versions
            for e in acknowledgers
        ],
        batch_size=2000,
    )
    assert first_version is not None
    return Organisation(
        hr=hr,
        employees=employees,
        handbooks=handbooks,
        chapters=chapters,
        changed=changed,
        reader=acknowledgers[0],
        first_version=first_version,
    )


def timed(function: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


@dataclass
class Measured:
    label: str
    seconds: float
    limit: float
    kind: str  # "target" or "budget"
    extra: str = ""

    @property
    def ok(self) -> bool:
        return self.seconds < self.limit


def measure_page(
    client, url: str, runs: int, before: Callable[[], object] = lambda: None
) -> tuple[float, int, list[float], int]:
    """The median of `runs` GETs after one warm-up GET, and the SQL queries of one GET;
    `before` runs ahead of every GET, outside the timing."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url}: {response.status_code}")
        return response

    before()
    get()
    before()
    with CaptureQueriesContext(connection) as captured:
        get()
    queries = len(captured)  # now: the next request empties the log it reads from
    times = []
    for _ in range(runs):
        before()
        started = time.perf_counter()
        response = get()
        times.append(time.perf_counter() - started)
    return statistics.median(times), queries, times, len(response.content)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=1_000)
    parser.add_argument("--teams", type=int, default=40)
    parser.add_argument("--chapters", type=int, default=20, help="per handbook (at most 20)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args(argv)
    if not 2 <= args.chapters <= 20:
        parser.error("--chapters: 2 to 20 per handbook")

    with tempfile.TemporaryDirectory() as folder:
        setup_django(args.database_url or f"sqlite:///{folder}/handbook.sqlite3")
        from django.core.management import call_command
        from django.db import connection

        print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
        seconds, _r = timed(lambda: call_command("migrate", verbosity=0))
        print(f"migrate: {seconds:.1f} s")
        run(args)
    return 0


def run(args: argparse.Namespace) -> list[Measured]:
    """Fill the (migrated, empty) database, measure and print; the figures against their
    targets and budgets."""
    from django.core import mail
    from django.test import Client

    from handbook.models import Acknowledgement, ReadMark, Version
    from handbook.selectors import search_published
    from handbook.services import remind_unacknowledged

    mail.outbox = []
    results: list[Measured] = []

    seconds, org = timed(lambda: fill(args.employees, args.teams, args.chapters))
    bodies = [len(b) for b in Version.objects.values_list("body", flat=True)]
    print(
        f"Organisation: {args.teams} teams, {args.employees:,} employees with contracts and "
        f"logins, 1 HR login; {len(org.handbooks)} handbooks, {len(org.chapters)} published "
        f"chapters (Markdown {min(bodies) / 1024:.1f}-{max(bodies) / 1024:.1f} KB, "
        f"{sum(bodies) / 1024:.0f} KB in all), {Acknowledgement.objects.count():,} "
        f"acknowledgements ({seconds:.1f} s to load)"
    )

    print(f"Pages (median of {args.runs} after a warm-up; SQL queries of one request):")
    hr = Client()
    hr.force_login(org.hr)
    employee = Client()
    employee.force_login(org.reader.user)

    def read_older_version():
        ReadMark.objects.filter(chapter=org.changed, employee=org.reader).update(
            version=org.first_version
        )

    reminded_chapter = org.chapters[2]  # acknowledged by half of the employees
    book = org.handbooks[0]
    pages = [
        ("handbooks' index as an employee", employee, "/handbook/", PAGE_TARGET_S, None),
        (
            "a chapter as an employee, with the changes since the version read",
            employee,
            f"/handbook/chapters/{org.changed.pk}/",
            PAGE_TARGET_S,
            read_older_version,
        ),
        (
            "search ?q=ziek as an employee",
            employee,
            "/handbook/search/?q=ziek",
            PAGE_TARGET_S,
            None,
        ),
        (
            f"one handbook as one document ({args.chapters} chapters)",
            employee,
            f"/handbook/{book.pk}/",
            PAGE_TARGET_S,
            None,
        ),
        (
            f"one handbook as a PDF ({args.chapters} chapters)",
            employee,
            f"/handbook/{book.pk}/handbook.pdf",
            PDF_TARGET_S,
            None,
        ),
        (
            "who has not acknowledged, as HR",
            hr,
            "/handbook/acknowledgements/",
            ACKNOWLEDGEMENTS_TARGET_S,
            None,
        ),
        (
            "who has not acknowledged one chapter (names), as HR",
            hr,
            f"/handbook/acknowledgements/?chapter={reminded_chapter.pk}",
            PAGE_TARGET_S,
            None,
        ),
    ]
    for label, client, url, limit, before in pages:
        median, queries, times, size = measure_page(
            client, url, args.runs, before or (lambda: None)
        )
        print(
            f"   {label:<66} {median * 1000:7.0f} ms  {queries:3d} queries  {size / 1024:6.0f} KB"
            f"  ({', '.join(f'{t * 1000:.0f}' for t in times)} ms)"
        )
        results.append(Measured(label, median, limit, "target", f"{queries} queries"))
    hits, _more = search_published("ziek")
    print(f"   (search ?q=ziek finds {len(hits)} of {len(org.chapters)} chapters)")
    read_older_version()
    response = employee.get(f"/handbook/chapters/{org.changed.pk}/")
    if b'data-testid="changes-since-read"' not in response.content:
        raise RuntimeError("the chapter page showed no changes since the version read")

    mail.outbox = []
    seconds, sent = timed(lambda: remind_unacknowledged(actor=org.hr, chapter=reminded_chapter))
    mails = len(mail.outbox)
    again_seconds, again = timed(
        lambda: remind_unacknowledged(actor=org.hr, chapter=reminded_chapter)
    )
    print(
        f'remind_unacknowledged for "{reminded_chapter.title}": {sent} sent in {seconds:.2f} s '
        f"({mails} e-mails); a second run: {again} sent in {again_seconds:.2f} s "
        f"({len(mail.outbox) - mails} e-mails)"
    )
    results.append(
        Measured(
            "remind_unacknowledged, one chapter, everyone who has not acknowledged",
            seconds,
            REMINDERS_BUDGET_S,
            "budget",
            f"{mails} e-mails; a second run {again}",
        )
    )

    print()
    for m in results:
        figure = f"{m.seconds:.2f} s" if m.seconds >= 0.1 else f"{m.seconds * 1000:.0f} ms"
        extra = f", {m.extra}" if m.extra else ""
        print(
            f"{'ok  ' if m.ok else 'SLOW'}  {m.label}: {figure} ({m.kind} < {m.limit:g} s{extra})"
        )
    return results


if __name__ == "__main__":
    sys.exit(main())
