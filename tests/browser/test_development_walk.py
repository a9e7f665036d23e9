"""Playwright walks the development interview: the employee books one of their manager's times
(the invitation mails read back with vobject), moves it, cancels it and books again; then the
record: the employee prepares (autosave) and shares, the manager writes down the agreements and
signs, the employee signs and downloads the PDF.

The clock stands at 20 October 2026, 9:00 in Amsterdam (ticking), and the booked time lies after
the end of summer time. (The browser keeps its own clock; Django's cookies carry Max-Age, which
the browser counts from its own now.)"""

from __future__ import annotations

import email
import re
from datetime import UTC, date, datetime, timedelta
from email.message import Message
from pathlib import Path

import pytest
import time_machine
import vobject
from django.core import mail
from django.utils import translation
from playwright.sync_api import expect

from core.roles import Role
from development.models import Interview, Preparation, Side, Signature
from development.series import AMSTERDAM, SlotSpec
from development.services import cycle_open, interview_book, slots_publish
from tests.factories import TeamFactory, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOW = datetime(2026, 10, 20, 9, 0, tzinfo=AMSTERDAM)
SHOTS = Path("/tmp/shots13")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def at(day: date, hour: int, minutes: int = 45) -> SlotSpec:
    start = datetime(day.year, day.month, day.day, hour, tzinfo=AMSTERDAM)
    return SlotSpec(start, start + timedelta(minutes=minutes), location="Kantoor Geldrop")


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _vobject_reads_each_calendar_afresh():
    """vobject keeps every VTIMEZONE it has read in a global registry by TZID and reads later
    calendars with it; each test starts with it empty (but UTC)."""
    import vobject.icalendar

    registry = vobject.icalendar.__dict__["__tzidMap"]
    saved = dict(registry)
    registry.clear()
    registry["UTC"] = saved.get("UTC", vobject.icalendar.utc)
    yield
    registry.clear()
    registry.update(saved)


@pytest.fixture
def people(clock):
    """A team with its manager and one employee (both can log in), an open 2026 round and three
    free times of the manager: 22 October 9:00, 23 October 13:00 and 3 November 9:00 (winter
    time)."""
    team = TeamFactory(name="Geldrop-Mierlo")
    hr = make_person("hr", Role.HR, team=TeamFactory(name="Staf"))
    manager = make_person("manager", Role.MANAGER, team=team, manages=team)
    employee = make_person("employee", team=team)
    employee.employee.manager = manager.employee
    employee.employee.save()
    cycle_open(actor=hr, year=2026, deadline=date(2026, 12, 15))
    first, second, november = slots_publish(
        actor=manager,
        manager=manager.employee,
        slots=[at(date(2026, 10, 22), 9), at(date(2026, 10, 23), 13), at(date(2026, 11, 3), 9)],
    )
    return {
        "manager": manager,
        "employee": employee,
        "first": first,
        "second": second,
        "november": november,
    }


def calendar_part(message) -> Message:
    """The text/calendar alternative of a sent mail, as a mail reader sees it on the wire."""
    parsed = email.message_from_bytes(message.message().as_bytes())
    parts = [
        part
        for part in parsed.walk()
        if part.get_content_type() == "text/calendar"
        and part.get_content_disposition() != "attachment"
    ]
    assert len(parts) == 1, "one invitation alternative next to the text"
    return parts[0]


def invitations_since(count: int, people: dict) -> list:
    """The calendars of the mails sent after the first `count`: one to each of the two."""
    sent = mail.outbox[count:]
    assert sorted(m.to[0] for m in sent) == sorted(
        [people["employee"].employee.email, people["manager"].employee.email]
    )
    texts = [calendar_part(m).get_payload(decode=True).decode("utf-8") for m in sent]
    assert texts[0] == texts[1], "both get the same invitation"
    return texts


def check_invitation(text: str, interview: Interview, *, method: str, sequence: int, start):
    """`start` is in UTC; the invitation gives it in Amsterdam time with the zone's VTIMEZONE
    (which vobject reads into the start's tzinfo, dropping the TZID parameter)."""
    local = start.astimezone(AMSTERDAM)
    assert f"DTSTART;TZID=Europe/Amsterdam:{local:%Y%m%dT%H%M%S}" in text
    calendar = vobject.readOne(text)
    assert calendar.method.value == method
    assert calendar.vtimezone.tzid.value == "Europe/Amsterdam"
    event = calendar.vevent
    assert event.uid.value == f"development-interview-{interview.uid}@plusteam-hr"
    assert int(event.sequence.value) == sequence
    assert event.dtstart.value.replace(tzinfo=None) == local.replace(tzinfo=None)
    assert event.dtstart.value.astimezone(UTC) == start


def shoot(page, name: str) -> None:
    """Full-page screenshots at phone and desktop width; the page must not scroll sideways on
    the phone."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=str(SHOTS / f"{name}-390.png"), full_page=True)
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(SHOTS / f"{name}-1366.png"), full_page=True)
    assert width <= PHONE["width"], f"{name} scrolls sideways on a phone ({width}px)"


def log_out(page) -> None:
    page.click("form.logout button[type=submit]")
    page.wait_for_url(re.compile(r".*/accounts/login/.*|.*/$"))


def test_employee_books_moves_cancels_and_books_again(page, live_server, login, people):
    employee, november, first = people["employee"], people["november"], people["first"]
    login("employee")
    page.click("[data-nav=development]")
    page.wait_for_url(f"{live_server.url}/development/")
    expect(page.locator(f"[data-testid=book-{november.pk}]")).to_be_visible()
    shoot(page, "mine-free-times")

    # book the time on 3 November: 9:00 Amsterdam is 8:00 UTC in winter time
    sent = len(mail.outbox)
    page.click(f"[data-testid=book-{november.pk}]")
    expect(page.locator(".message--success")).to_be_visible()
    expect(page.locator("[data-testid=interview-when]")).to_contain_text("09:00")
    interview = Interview.objects.get(employee=employee.employee)
    assert interview.status == Interview.Status.PLANNED
    assert interview.slot_id == november.pk and interview.sequence == 1
    for text in invitations_since(sent, people):
        check_invitation(
            text,
            interview,
            method="REQUEST",
            sequence=1,
            start=datetime(2026, 11, 3, 8, 0, tzinfo=UTC),
        )

    # move it to 22 October 9:00, still summer time: 7:00 UTC
    sent = len(mail.outbox)
    page.click("details:has([data-testid=move-form]) > summary")
    move = page.locator("[data-testid=move-form]")
    move.locator("select[name=slot]").select_option(str(first.pk))
    move.locator("textarea[name=message]").fill("Die dag past mij beter.")
    move.locator("button[type=submit]").click()
    expect(page.locator(".message--success")).to_be_visible()
    expect(page.locator("[data-testid=interview-when]")).to_contain_text("09:00")
    interview.refresh_from_db()
    assert interview.slot_id == first.pk and interview.sequence == 2
    for text in invitations_since(sent, people):
        check_invitation(
            text,
            interview,
            method="REQUEST",
            sequence=2,
            start=datetime(2026, 10, 22, 7, 0, tzinfo=UTC),
        )
    assert "Die dag past mij beter." in mail.outbox[-1].body + mail.outbox[-2].body

    # cancel it after the confirm question: a CANCEL of the same event
    sent = len(mail.outbox)
    page.click("details:has([data-testid=cancel-form]) > summary")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("[data-testid=cancel-form] button[type=submit]").click()
    expect(page.locator(".message--success")).to_be_visible()
    expect(page.locator("[data-testid=interview-when]")).to_have_count(0)
    interview.refresh_from_db()
    assert interview.status == Interview.Status.TO_PLAN and interview.slot_id is None
    assert interview.sequence == 3
    for text in invitations_since(sent, people):
        check_invitation(
            text,
            interview,
            method="CANCEL",
            sequence=3,
            start=datetime(2026, 10, 22, 7, 0, tzinfo=UTC),
        )

    # and book again: the freed time is on offer once more
    sent = len(mail.outbox)
    page.click(f"[data-testid=book-{first.pk}]")
    expect(page.locator(".message--success")).to_be_visible()
    expect(page.locator("[data-testid=interview-when]")).to_contain_text("09:00")
    interview.refresh_from_db()
    assert interview.status == Interview.Status.PLANNED
    assert interview.slot_id == first.pk and interview.sequence == 4
    for text in invitations_since(sent, people):
        check_invitation(
            text,
            interview,
            method="REQUEST",
            sequence=4,
            start=datetime(2026, 10, 22, 7, 0, tzinfo=UTC),
        )


def test_employee_prepares_and_both_sign_the_record(page, live_server, login, people, clock):
    employee, manager = people["employee"], people["manager"]
    interview = interview_book(actor=employee, slot=people["november"])
    record = f"/development/interviews/{interview.pk}/"

    # the employee prepares: saved while typing, then shared after the confirm question
    login("employee")
    page.goto(f"{live_server.url}/development/")
    page.click(f"main a[href='{record}']")
    page.wait_for_url(f"{live_server.url}{record}")
    form = page.locator("[data-testid=preparation-form]")
    form.locator("textarea").first.fill("Ik wil meer leren over schuldhulpverlening.")
    expect(form.locator("[data-autosave-status]")).to_have_text(re.compile(r"\d\d:\d\d$"))
    preparation = Preparation.objects.get(interview=interview, side=Side.EMPLOYEE)
    assert "Ik wil meer leren over schuldhulpverlening." in preparation.answers.values()
    assert preparation.shared_at is None
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("[data-testid=share]")
    expect(page.locator("[data-testid=shared-on]")).to_be_visible()
    log_out(page)

    # on the day of the talk the manager reads it, writes down the agreements and signs
    clock.move_to(people["november"].start + timedelta(minutes=10))
    login("manager")
    page.goto(f"{live_server.url}/development/slots/")
    page.locator(f"[data-testid=interview-{interview.pk}] a[href='{record}']").click()
    page.wait_for_url(f"{live_server.url}{record}")
    expect(page.locator("#other-preparation")).to_contain_text(
        "Ik wil meer leren over schuldhulpverlening."
    )
    agreement = page.locator("[data-testid=agreement-form]")
    agreement.locator("textarea[name=goals]").fill("Specialiseren in schuldhulpverlening.")
    agreement.locator("textarea[name=training_wishes]").fill(
        "Basiscursus schuldhulpverlening\nIntervisie"
    )
    agreement.locator("textarea[name=support]").fill("Twee uur per week studietijd.")
    agreement.locator("input[name=follow_up_on]").fill("2027-04-15")
    agreement.locator("button[type=submit]").click()
    expect(page.locator(".message--success")).to_be_visible()
    page.locator("[data-testid=sign-form] button[type=submit]").click()
    expect(page.locator(".message--success")).to_be_visible()
    expect(page.locator("[data-testid=record-pdf]")).to_have_count(0)
    log_out(page)

    # the employee signs the same text: the record is signed, with its PDF
    login("employee")
    page.goto(f"{live_server.url}{record}")
    expect(page.locator("#agreement")).to_contain_text("Basiscursus schuldhulpverlening")
    page.locator("[data-testid=sign-form] button[type=submit]").click()
    expect(page.locator(".message--success")).to_be_visible()
    with translation.override("nl"):
        signed = str(Interview.Status.SIGNED.label)
    expect(page.locator("[data-testid=record-status]")).to_have_text(signed)
    pdf_link = page.locator("[data-testid=record-pdf]")
    expect(pdf_link).to_be_visible()
    response = page.request.get(f"{live_server.url}{pdf_link.get_attribute('href')}")
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    interview.refresh_from_db()
    assert interview.status == Interview.Status.SIGNED
    signatures = Signature.objects.filter(agreement__interview=interview, voided_at__isnull=True)
    assert {s.side for s in signatures} == {Side.EMPLOYEE, Side.MANAGER}
    assert len({s.text_hash for s in signatures}) == 1
    assert {s.signer_id for s in signatures} == {employee.employee.pk, manager.employee.pk}
    shoot(page, "record-signed")
