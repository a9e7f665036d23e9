"""An employee reads the handbook in the browser: from the menu to the table of contents, a
chapter that changed since they last read it (the changes folded open), and "Gelezen en
begrepen"; the pages fit a phone (no sideways scrolling at 390 px). HR's overview of who has
not acknowledged sends a reminder."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from core.roles import Role
from handbook import services
from handbook.models import Acknowledgement, Handbook, ReadMark
from tests.factories import TeamFactory, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SICKNESS_1 = """\
# Ziekmelding

Meld je ziek voor 9.00 uur bij je leidinggevende, telefonisch. Een bericht via WhatsApp of
e-mail is geen ziekmelding.

Geef door:

- waar je verblijft als dat niet je huisadres is;
- of je afspraken hebt die overgenomen moeten worden;
- hoe lang je denkt dat het verzuim duurt.

## Bereikbaarheid

Je bent tijdens je ziekte bereikbaar op het telefoonnummer dat bij P&O bekend is. Je
leidinggevende belt je in de eerste week.

## Herstel

Meld je hersteld bij je leidinggevende, uiterlijk op de dag dat je weer begint.
"""

SICKNESS_2 = SICKNESS_1.replace("voor 9.00 uur", "voor 8.30 uur").replace(
    "in de eerste week", "op de tweede ziektedag"
) + (
    "\n## Verzuimgesprek\n\nBij drie of meer ziekmeldingen in twaalf maanden nodigt je "
    "leidinggevende je uit voor een verzuimgesprek.\n"
)

CHAPTERS = [
    (
        "Werktijden en verlof",
        "consent",
        "# Werktijden\n\nDe kantoortijden zijn van 8.30 tot 17.00 uur. Je werkt volgens het "
        "rooster dat je met je leidinggevende afspreekt.\n\n# Verlof\n\nVerlof vraag je "
        "minstens twee weken vooraf aan.\n\n| Soort verlof | Aanvragen bij |\n|---|---|\n"
        "| Vakantie | leidinggevende |\n| Bijzonder verlof | P&O |\n",
    ),
    ("Verzuim en re-integratie", "consent", SICKNESS_1),
    (
        "Opleiding en ontwikkeling",
        "consent",
        "Iedere medewerker heeft jaarlijks een ontwikkelgesprek. Opleidingen voor de "
        "SKJ-registratie vergoedt de organisatie volledig.",
    ),
    (
        "Gedragscode",
        "information",
        "We gaan respectvol met elkaar en met onze cliënten om. Ongewenst gedrag meld je bij "
        "de vertrouwenspersoon.",
    ),
]


def publish(chapter, hr, pvt, director):
    version = chapter.versions.get(status__in=("draft",))
    version = services.version_submit(
        actor=hr,
        version=version,
        request="Reden, gevolgen voor medewerkers en voorgestelde maatregelen.",
    )
    if chapter.participation == "consent":
        version = services.version_respond(
            actor=pvt, version=version, outcome="consent_given", motivation="Akkoord."
        )
        version = services.version_decide(
            actor=director, version=version, date=timezone.localdate(), reference="AB-7"
        )
    return services.version_publish(actor=hr, version=version, effective_date=timezone.localdate())


@pytest.fixture
def handbook_world(db):
    staf, geldrop, waalre = (TeamFactory(name=n) for n in ("Staf", "Geldrop-Mierlo", "Waalre"))
    hr = make_person("hr", Role.HR, team=staf)
    director = make_person("director", Role.DIRECTOR, team=staf)
    pvt = make_person("pvt", Role.PVT, team=geldrop)
    employee = make_person("medewerker", team=geldrop)
    others = [make_person(None, team=(geldrop, waalre)[i % 2]) for i in range(7)]
    book = Handbook.objects.create(
        name="Personeelshandboek",
        position=1,
        description="Regels en afspraken voor alle medewerkers.",
    )
    Handbook.objects.create(name="Handboek werkprocessen", position=2)
    versions = {}
    for position, (title, participation, body) in enumerate(CHAPTERS, start=1):
        chapter = services.chapter_create(
            actor=hr,
            handbook=book,
            title=title,
            participation=participation,
            body=body,
            position=position,
        )
        versions[title] = publish(chapter, hr, pvt, director)
    sickness = versions["Verzuim en re-integratie"]
    ReadMark.objects.create(chapter=sickness.chapter, employee=employee.employee, version=sickness)
    for title in ("Werktijden en verlof", "Gedragscode"):
        ReadMark.objects.create(
            chapter=versions[title].chapter, employee=employee.employee, version=versions[title]
        )
        Acknowledgement.objects.create(version=versions[title], employee=employee.employee)
    for person in others[:4]:
        Acknowledgement.objects.create(version=versions["Gedragscode"], employee=person)
    services.version_create(
        actor=hr, chapter=sickness.chapter, body=SICKNESS_2, summary="Ziekmelden om 8.30 uur"
    )
    publish(sickness.chapter, hr, pvt, director)
    return {"chapter": sickness.chapter, "employee": employee}


def login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo-pass-123")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page itself must not scroll sideways on a phone"


def test_an_employee_reads_what_changed_and_acknowledges(browser, live_server, handbook_world):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    login(page, live_server, "medewerker")
    expect(page.get_by_test_id("home-handbook")).to_contain_text("2 hoofdstukken")
    page.click(".menu-toggle")
    page.click('[data-nav="handbook"]')
    expect(page.get_by_test_id("to-acknowledge")).to_contain_text("2 hoofdstukken")
    entry = page.locator(f'[data-chapter="{handbook_world["chapter"].pk}"]')
    expect(entry.locator('[data-badge="changed"]')).to_be_visible()
    no_sideways_scroll(page)
    entry.get_by_role("link").click()
    changes = page.get_by_test_id("changes-since-read")
    expect(changes).to_have_attribute("open", "")
    expect(changes.locator("ins").first).to_be_visible()
    no_sideways_scroll(page)
    page.get_by_test_id("acknowledge").click()
    expect(page.get_by_test_id("acknowledged")).to_be_visible()
    expect(page.locator(".message--success")).to_be_visible()
    assert Acknowledgement.objects.filter(
        employee=handbook_world["employee"].employee, version__chapter=handbook_world["chapter"]
    ).exists()
    context.close()


def test_hr_sends_a_reminder_from_the_overview(browser, live_server, handbook_world):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    login(page, live_server, "hr")
    page.goto(f"{live_server.url}/handbook/acknowledgements/")
    row = page.locator(f'tr[data-chapter="{handbook_world["chapter"].pk}"]')
    row.get_by_test_id("remind").click()
    expect(page.locator(".message--success")).to_contain_text("herinneringen verstuurd")
    expect(page.get_by_test_id("ack-names")).to_be_visible()
    reminders = [m for m in mail.outbox if m.subject.startswith("Handboek: lees en bevestig")]
    assert len(reminders) == 11  # everyone employed: nobody acknowledged version 2 yet
    no_sideways_scroll(page)
    context.close()
