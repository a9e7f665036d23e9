"""The calendar invitations of a development interview: golden files of a booking, a move and a
cancellation (one UID, SEQUENCE going up), each read back with an independent reader (vobject,
which takes the time zone from the VTIMEZONE in the text, through dateutil), and the e-mail part
that makes Outlook, Google and Apple offer accept/decline.

Rewrite the golden files after a deliberate change with
`UPDATE_GOLDEN=1 pytest tests/development/test_invitations.py`, and read the diff."""

import os
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import vobject
from django.core.mail import EmailMultiAlternatives

from development.invitations import (
    InvitationData,
    calendar_part,
    content_type,
    invitation,
)

GOLDEN = Path(__file__).parent / "golden"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
UID = "development-interview-12@plusteam-hr"

# Booked for Tuesday 20 October 2026 (summer time, UTC+2), moved to Tuesday 3 November (winter
# time, UTC+1), then cancelled.
BOOKED = InvitationData(
    uid=UID,
    sequence=0,
    start=datetime(2026, 10, 20, 9, 0, tzinfo=AMSTERDAM),
    end=datetime(2026, 10, 20, 9, 45, tzinfo=AMSTERDAM),
    location="Kantoor Geldrop, spreekkamer 2",
    summary="Ontwikkelgesprek Jan de Vries – Anna Jansen",
    description=(
        "Jaarlijks ontwikkelgesprek 2026.\n"
        "Bereid het gesprek voor in PlusTeam HR: terugblik, werkplezier en werkdruk, ambities."
    ),
    organizer_name="Anna Jansen",
    organizer_email="manager@plusteam.example",
    attendee_name="Jan de Vries",
    attendee_email="employee@plusteam.example",
    dtstamp=datetime(2026, 10, 1, 8, 30, tzinfo=UTC),
)
MOVED = replace(
    BOOKED,
    sequence=1,
    start=datetime(2026, 11, 3, 9, 0, tzinfo=AMSTERDAM),
    end=datetime(2026, 11, 3, 9, 45, tzinfo=AMSTERDAM),
    location="Teams: https://teams.example/l/meetup-join/ontwikkelgesprek-12",
    dtstamp=datetime(2026, 10, 12, 14, 5, tzinfo=UTC),
)
CANCELLED = replace(MOVED, sequence=2, dtstamp=datetime(2026, 10, 28, 10, 0, tzinfo=UTC))

CASES = {
    "request.ics": (BOOKED, "REQUEST"),
    "moved.ics": (MOVED, "REQUEST"),
    "cancel.ics": (CANCELLED, "CANCEL"),
}


def golden(name: str, produced: bytes) -> bytes:
    """The stored bytes of `name`; with UPDATE_GOLDEN=1 set, first replaced by `produced`."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_bytes(produced)
    if not path.exists():
        pytest.fail(f"no golden file {name}: run once with UPDATE_GOLDEN=1 and read it")
    return path.read_bytes()


def parse(ics: bytes):
    """The invitation as vobject reads it (a fresh registry of zones for every text)."""
    return vobject.readOne(ics.decode("utf-8"))


def param(prop, name: str) -> str:
    values = prop.params.get(name.upper(), [])
    assert len(values) == 1, (name, prop.params)
    return values[0]


@pytest.mark.parametrize("name", CASES)
def test_invitation_matches_its_golden_file(name):
    data, method = CASES[name]
    produced = invitation(data, method)
    assert produced == golden(name, produced), f"{name} changed: UPDATE_GOLDEN=1 and read the diff"


def test_golden_files_are_crlf_and_folded():
    for name in CASES:
        text = (GOLDEN / name).read_bytes()
        lines = text.split(b"\r\n")
        assert lines[-1] == b"" and b"\n" not in text.replace(b"\r\n", b"")
        assert all(len(line) <= 75 for line in lines)


@pytest.mark.parametrize(
    ("data", "local", "utc", "zone_name"),
    [
        (BOOKED, "2026-10-20T09:00:00+02:00", "2026-10-20T07:00:00+00:00", "CEST"),
        (MOVED, "2026-11-03T09:00:00+01:00", "2026-11-03T08:00:00+00:00", "CET"),
    ],
    ids=["summer-time", "winter-time"],
)
def test_request_as_an_independent_reader_sees_it(data, local, utc, zone_name):
    ics = invitation(data, "REQUEST")
    calendar = parse(ics)
    event = calendar.vevent

    assert calendar.method.value == "REQUEST"
    assert calendar.version.value == "2.0"
    assert calendar.prodid.value == "-//PlusTeam HR//Ontwikkelgesprekken//NL"
    assert len(calendar.contents["vevent"]) == 1
    assert event.uid.value == UID
    assert int(event.sequence.value) == data.sequence
    assert event.status.value == "CONFIRMED"
    assert event.summary.value == "Ontwikkelgesprek Jan de Vries – Anna Jansen"
    assert event.location.value == data.location
    assert event.description.value == data.description
    assert event.dtstamp.value == data.dtstamp
    assert event.dtstamp.value.utcoffset() == timedelta(0)

    # the reader turns TZID into the zone of the VTIMEZONE (and drops the parameter)
    assert b"\r\nDTSTART;TZID=Europe/Amsterdam:" in ics
    assert event.dtstart.value.tzname() == zone_name
    assert event.dtstart.value.isoformat() == local
    assert event.dtstart.value.astimezone(UTC).isoformat() == utc
    assert (event.dtstart.value.hour, event.dtstart.value.minute) == (9, 0)
    assert event.dtend.value - event.dtstart.value == timedelta(minutes=45)

    assert event.organizer.value == "mailto:manager@plusteam.example"
    assert param(event.organizer, "cn") == "Anna Jansen"
    assert len(calendar.vevent.contents["attendee"]) == 1
    assert event.attendee.value == "mailto:employee@plusteam.example"
    assert param(event.attendee, "cn") == "Jan de Vries"
    assert param(event.attendee, "role") == "REQ-PARTICIPANT"
    assert param(event.attendee, "partstat") == "NEEDS-ACTION"
    assert param(event.attendee, "rsvp") == "TRUE"


@pytest.mark.parametrize(
    ("data", "offset"),
    [(BOOKED, timedelta(hours=2)), (MOVED, timedelta(hours=1))],
    ids=["summer-time", "winter-time"],
)
def test_the_vtimezone_itself_gives_the_right_offset(data, offset):
    """Renamed to a zone no library knows, the reader can only use the rules in the text."""
    ics = invitation(data).replace(b"Europe/Amsterdam", b"X-Only-Defined-Here")
    calendar = parse(ics)
    assert calendar.vtimezone.tzid.value == "X-Only-Defined-Here"
    start = calendar.vevent.dtstart.value
    assert (start.hour, start.minute, start.utcoffset()) == (9, 0, offset)


def test_vtimezone_has_winter_and_summer_time():
    calendar = parse(invitation(MOVED))
    zones = calendar.contents["vtimezone"]
    assert [zone.tzid.value for zone in zones] == ["Europe/Amsterdam"]
    rules = {
        (rule.name, rule.tzname.value, rule.tzoffsetfrom.value, rule.tzoffsetto.value)
        for rule in zones[0].getChildren()
        if rule.name in ("STANDARD", "DAYLIGHT")
    }
    assert ("DAYLIGHT", "CEST", "+0100", "+0200") in rules
    assert ("STANDARD", "CET", "+0200", "+0100") in rules


def test_cancel_keeps_the_uid_and_raises_the_sequence():
    request = parse(invitation(MOVED, "REQUEST"))
    cancel = parse(invitation(CANCELLED, "CANCEL"))

    assert cancel.method.value == "CANCEL"
    assert cancel.vevent.status.value == "CANCELLED"
    assert cancel.vevent.uid.value == request.vevent.uid.value == UID
    assert int(cancel.vevent.sequence.value) > int(request.vevent.sequence.value)
    assert cancel.vevent.dtstart.value == request.vevent.dtstart.value
    assert cancel.vevent.organizer.value == "mailto:manager@plusteam.example"
    assert cancel.vevent.attendee.value == "mailto:employee@plusteam.example"
    assert "RSVP" not in cancel.vevent.attendee.params  # no answer asked
    assert cancel.vtimezone.tzid.value == "Europe/Amsterdam"


def test_one_uid_for_the_whole_life_of_the_interview():
    parsed = [parse(invitation(data, method)) for data, method in CASES.values()]
    assert {calendar.vevent.uid.value for calendar in parsed} == {UID}
    assert [int(calendar.vevent.sequence.value) for calendar in parsed] == [0, 1, 2]
    assert [calendar.method.value for calendar in parsed] == ["REQUEST", "REQUEST", "CANCEL"]


def test_start_in_another_zone_is_written_in_amsterdam_time():
    data = replace(
        BOOKED,
        start=datetime(2026, 10, 20, 7, 0, tzinfo=UTC),
        end=datetime(2026, 10, 20, 7, 45, tzinfo=UTC),
    )
    assert invitation(data) == invitation(BOOKED)
    assert b"DTSTART;TZID=Europe/Amsterdam:20261020T090000\r\n" in invitation(data)


@pytest.mark.parametrize(
    "change",
    [
        {"start": datetime(2026, 10, 20, 9, 0)},
        {"dtstamp": datetime(2026, 10, 1, 8, 30)},
        {"end": datetime(2026, 10, 20, 9, 0, tzinfo=AMSTERDAM)},
        {"sequence": -1},
        {"uid": " "},
        {"attendee_email": "employee"},
    ],
    ids=[
        "naive-start",
        "naive-dtstamp",
        "ends-at-start",
        "negative-sequence",
        "no-uid",
        "no-email",
    ],
)
def test_refuses_what_no_calendar_could_use(change):
    with pytest.raises(ValueError):
        replace(BOOKED, **change)


def test_unknown_method_is_refused():
    with pytest.raises(ValueError):
        invitation(BOOKED, "PUBLISH")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        calendar_part(b"", "REPLY")  # type: ignore[arg-type]


@pytest.mark.parametrize(("data", "method"), [(MOVED, "REQUEST"), (CANCELLED, "CANCEL")])
def test_calendar_part_is_text_calendar_with_the_method(data, method):
    ics = invitation(data, method)
    part = calendar_part(ics, method)
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == method
    assert part.get_content_charset() == "utf-8"
    assert f"method={method}" in part["Content-Type"]  # unquoted, as Outlook writes it
    assert part.get("Content-Disposition") is None  # an alternative, not an attachment
    assert part.get_payload(decode=True) == ics


@pytest.mark.parametrize(("data", "method"), [(MOVED, "REQUEST"), (CANCELLED, "CANCEL")])
def test_django_mail_carries_it_as_an_alternative(data, method):
    """How the services send it: the invitation next to the text body in multipart/alternative."""
    ics = invitation(data, method)
    mail = EmailMultiAlternatives(
        subject="Ontwikkelgesprek",
        body="Je ontwikkelgesprek is ingepland.",
        from_email="hr@plusteam.example",
        to=["employee@plusteam.example"],
    )
    mail.attach_alternative(ics.decode("utf-8"), content_type(method))
    sent = message_from_bytes(mail.message().as_bytes())

    assert sent.get_content_type() == "multipart/alternative"
    parts = sent.get_payload()
    assert [part.get_content_type() for part in parts] == ["text/plain", "text/calendar"]
    calendar = parts[1]
    assert calendar.get_param("method") == method
    assert calendar.get_content_charset() == "utf-8"
    assert calendar.get("Content-Disposition") is None
    payload = calendar.get_payload(decode=True)
    assert payload.replace(b"\r\n", b"\n") == ics.replace(b"\r\n", b"\n")
    assert parse(payload).method.value == method
