"""The e-mails after booking, moving and cancelling an interview: one to each of the two people,
sent only when the change commits, with the invitation as a real `text/calendar; method=...`
alternative (and again as invite.ics), read back with the standard library's `email` package and
with vobject as an independent calendar reader."""

from datetime import UTC, date, datetime
from email import message_from_bytes, policy

import pytest
import vobject
from django.core import mail
from django.db import transaction

from core.errors import ApplicationError
from development.notifications import real_email
from development.services import (
    interview_book,
    interview_cancel,
    interview_reschedule,
    slots_publish,
)
from tests.development.conftest import at, interview_of

pytestmark = pytest.mark.django_db


def _parsed(message):
    """The message as a mail program receives it."""
    return message_from_bytes(message.message().as_bytes(), policy=policy.default)


def _calendar_parts(parsed):
    """(the text/calendar alternative inside multipart/alternative, the invite.ics attachment)."""
    alternative = attachment = None
    for part in parsed.walk():
        if part.get_content_type() != "text/calendar":
            continue
        if part.get_content_disposition() == "attachment":
            attachment = part
        else:
            alternative = part
    return alternative, attachment


def _body(parsed) -> str:
    return parsed.get_body(preferencelist=("plain",)).get_content()


def _event(part):
    """(calendar, event) as vobject reads them; vobject turns DTSTART's TZID into the zone of
    the VTIMEZONE and drops the parameter, so the tests check the raw line as well."""
    text = part.get_content()
    calendar = vobject.readOne(text)
    assert "DTSTART;TZID=Europe/Amsterdam:" in text
    assert calendar.vtimezone.tzid.value == "Europe/Amsterdam"
    return calendar, calendar.vevent


def _to(user) -> list:
    return [m for m in mail.outbox if m.to == [real_email(user.employee)]]


def test_booking_mails_both_people_a_request(
    employee, manager, slots, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        interview_book(actor=employee, slot=slots[0])

    assert len(mail.outbox) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [real_email(employee.employee), real_email(manager.employee)]
    )
    for message in mail.outbox:
        parsed = _parsed(message)
        alternative, attachment = _calendar_parts(parsed)
        assert alternative is not None and attachment is not None
        assert alternative.get_param("method") == "REQUEST"
        assert alternative.get_content_charset() == "utf-8"
        assert attachment.get_filename() == "invite.ics"
        assert attachment.get_param("method") == "REQUEST"
        # the invitation is an alternative of the text body, not only a file
        assert any(
            part.get_content_type() == "multipart/alternative"
            and "text/calendar" in [p.get_content_type() for p in part.iter_parts()]
            for part in parsed.walk()
        )
        calendar, event = _event(alternative)
        assert calendar.method.value == "REQUEST"
        assert event.sequence.value == "1"
        assert event.organizer.value == f"mailto:{real_email(manager.employee)}"
        assert event.attendee.value == f"mailto:{real_email(employee.employee)}"
        assert event.attendee.params["RSVP"] == ["TRUE"]
        assert event.dtstart.value.tzname() == "CEST"
        assert event.dtstart.value.replace(tzinfo=None) == datetime(2026, 10, 6, 9, 0)
        assert event.dtstart.value.astimezone(UTC) == datetime(2026, 10, 6, 7, 0, tzinfo=UTC)
        assert attachment.get_content() == alternative.get_content()


def test_one_uid_and_a_rising_sequence_from_booking_to_cancel_across_winter_time(
    employee, manager, slots, django_capture_on_commit_callbacks
):
    (winter,) = slots_publish(
        actor=manager, manager=manager.employee, slots=[at(date(2026, 11, 3), 9)]
    )
    with django_capture_on_commit_callbacks(execute=True):
        interview = interview_book(actor=employee, slot=slots[0])
    with django_capture_on_commit_callbacks(execute=True):
        interview_reschedule(actor=employee, interview=interview, slot=winter)
    with django_capture_on_commit_callbacks(execute=True):
        interview_cancel(actor=employee, interview=interview_of(employee))

    events = []
    for message in _to(employee):
        calendar, event = _event(_calendar_parts(_parsed(message))[0])
        events.append((calendar.method.value, event))
    assert [method for method, _ in events] == ["REQUEST", "REQUEST", "CANCEL"]
    assert [event.sequence.value for _, event in events] == ["1", "2", "3"]
    assert len({event.uid.value for _, event in events}) == 1
    assert events[0][1].uid.value == f"development-interview-{interview.uid}@plusteam-hr"
    # 3 November is winter time: 9:00 in Amsterdam is 08:00 UTC
    moved = events[1][1]
    assert moved.dtstart.value.tzname() == "CET"
    assert moved.dtstart.value.replace(tzinfo=None) == datetime(2026, 11, 3, 9, 0)
    assert moved.dtstart.value.astimezone(UTC) == datetime(2026, 11, 3, 8, 0, tzinfo=UTC)
    cancelled = events[2][1]
    assert cancelled.status.value == "CANCELLED"
    assert cancelled.dtstart.value.astimezone(UTC) == datetime(2026, 11, 3, 8, 0, tzinfo=UTC)
    cancel_part = _calendar_parts(_parsed(_to(employee)[2]))[0]
    assert cancel_part.get_param("method") == "CANCEL"
    assert len(_to(manager)) == 3


def test_the_body_says_what_happened_in_local_time_with_the_message_and_a_link(
    employee, manager, slots, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://hr.plusteam.example/"
    (winter,) = slots_publish(
        actor=manager, manager=manager.employee, slots=[at(date(2026, 11, 3), 9)]
    )
    interview = interview_book(actor=employee, slot=slots[0])
    with django_capture_on_commit_callbacks(execute=True):
        interview_reschedule(
            actor=manager,
            interview=interview,
            slot=winter,
            message="Ik ben op 6 oktober op cursus, sorry!",
        )

    to_employee = _body(_parsed(_to(employee)[0]))
    assert "verplaatst" in to_employee
    assert "dinsdag 3 november 2026, 09:00–09:45" in to_employee
    assert "Kantoor Geldrop" in to_employee
    assert "Ik ben op 6 oktober op cursus, sorry!" in to_employee
    assert "https://hr.plusteam.example/development/" in to_employee
    assert "dinsdag 3 november 2026 09:00" in _to(employee)[0].subject
    assert _to(employee)[0].reply_to == [real_email(manager.employee)]
    to_manager = _body(_parsed(_to(manager)[0]))
    assert "https://hr.plusteam.example/development/slots/" in to_manager
    assert "Ik ben op 6 oktober op cursus, sorry!" in to_manager


def test_a_message_longer_than_1000_characters_is_refused(employee, manager, slots):
    interview = interview_book(actor=employee, slot=slots[0])
    with pytest.raises(ApplicationError) as excinfo:
        interview_cancel(actor=manager, interview=interview, message="x" * 1001)
    assert excinfo.value.code == "too_long"
    assert excinfo.value.field == "message"
    interview_cancel(actor=manager, interview=interview, message="x" * 1000)


def test_a_rolled_back_change_sends_nothing(employee, slots, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        interview_book(actor=employee, slot=slots[0])
        raise RuntimeError("something after the booking failed")
    assert mail.outbox == []


def test_a_refused_change_sends_nothing(
    employee, colleague, slots, django_capture_on_commit_callbacks
):
    interview_book(actor=colleague, slot=slots[0])
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ApplicationError):
        interview_book(actor=employee, slot=slots[0])
    assert mail.outbox == []


def test_nobody_without_an_address_gets_mail_and_no_invented_address_is_used(
    employee, manager, slots, django_capture_on_commit_callbacks
):
    person = employee.employee
    person.email = ""
    person.save()
    employee.email = ""
    employee.save()

    with django_capture_on_commit_callbacks(execute=True):
        interview_book(actor=employee, slot=slots[0])

    assert len(mail.outbox) == 1
    (message,) = mail.outbox
    assert message.to == [real_email(manager.employee)]
    assert not any("invalid" in address for address in message.to + message.cc + message.bcc)
    assert not message.reply_to


def test_not_this_year_on_a_booked_talk_cancels_it_in_both_calendars(
    employee, manager, hr, slots, django_capture_on_commit_callbacks
):
    from development.services import interview_mark_not_this_year

    with django_capture_on_commit_callbacks(execute=True):
        interview = interview_book(actor=employee, slot=slots[0])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        interview_mark_not_this_year(
            actor=hr, interview=interview, reason="Langdurig ziek (privé-reden)"
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [real_email(employee.employee), real_email(manager.employee)]
    )
    for message in mail.outbox:
        parsed = _parsed(message)
        alternative, _attachment = _calendar_parts(parsed)
        assert alternative.get_param("method") == "CANCEL"
        calendar, event = _event(alternative)
        assert calendar.method.value == "CANCEL"
        assert event.uid.value == f"development-interview-{interview.uid}@plusteam-hr"
        assert event.sequence.value == "2"
        # the reason stays with P&O: it is not in the mail
        assert "ziek" not in _body(parsed) and "P&O" in _body(parsed)
    interview.refresh_from_db()
    assert (interview.slot, interview.last_start) == (None, slots[0].start)
