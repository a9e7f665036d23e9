"""The calendar invitation of a development interview: iCalendar text (RFC 5545, with the
scheduling methods of RFC 5546) built from plain data, and the e-mail part that carries it.

Pure: no database, no Django settings. The services decide what the data is (the interview's
UID for its whole life, its SEQUENCE raised in the same transaction as every change of time or
place) and send the mail; this module only writes the text.

- `invitation(data, "REQUEST")` invites the employee (ATTENDEE, RSVP=TRUE) on behalf of the
  manager (ORGANIZER). Send it again, with the same UID and a higher SEQUENCE, when the time or
  place changes: calendars update the event in place.
- `invitation(data, "CANCEL")` takes the event out of both calendars: same UID, a SEQUENCE higher
  than the last REQUEST (the caller raises it), STATUS:CANCELLED.

Times are written in Europe/Amsterdam (DTSTART;TZID=Europe/Amsterdam:...) with the zone's
VTIMEZONE, winter (CET, +01:00) and summer time (CEST, +02:00) both, so a slot after the last
Sunday of October is at the right hour; DTSTAMP is in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from email.mime.text import MIMEText
from typing import Final, Literal
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress

Method = Literal["REQUEST", "CANCEL"]

PRODID: Final = "-//PlusTeam HR//Ontwikkelgesprekken//NL"
TIME_ZONE: Final = ZoneInfo("Europe/Amsterdam")
_UTC: Final = ZoneInfo("UTC")


@dataclass(frozen=True)
class InvitationData:
    """What an invitation says. `uid` is the interview's, the same in every REQUEST and the
    CANCEL (make it globally unique: "development-interview-12@plusteam-hr"); `sequence` is 0 for
    the first REQUEST and goes up with every change. All datetimes must be aware; `dtstamp` is
    when this version of the invitation was made (the services pass the change's time)."""

    uid: str
    sequence: int
    start: datetime
    end: datetime
    location: str
    summary: str
    description: str
    organizer_name: str  # the manager
    organizer_email: str
    attendee_name: str  # the employee
    attendee_email: str
    dtstamp: datetime

    def __post_init__(self) -> None:
        for name in ("start", "end", "dtstamp"):
            moment: datetime = getattr(self, name)
            if moment.tzinfo is None or moment.utcoffset() is None:
                raise ValueError(f"{name} needs a time zone")
        if self.end <= self.start:
            raise ValueError("the interview must end after it starts")
        if self.sequence < 0:
            raise ValueError("sequence cannot be negative")
        if not self.uid.strip():
            raise ValueError("an invitation needs a UID")
        for name in ("organizer_email", "attendee_email"):
            if "@" not in getattr(self, name):
                raise ValueError(f"{name} is not an e-mail address")


def invitation(data: InvitationData, method: Method = "REQUEST") -> bytes:
    """The iCalendar text (CRLF line ends, folded at 75 octets, UTF-8) of the invitation."""
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError(f"unknown method {method!r}")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)

    event = Event()
    event.add("uid", data.uid)
    event.add("sequence", data.sequence)
    event.add("dtstamp", data.dtstamp.astimezone(_UTC))
    event.add("dtstart", data.start.astimezone(TIME_ZONE))
    event.add("dtend", data.end.astimezone(TIME_ZONE))
    event.add("summary", data.summary)
    if data.location:
        event.add("location", data.location)
    if data.description:
        event.add("description", data.description)
    event.add("organizer", _address(data.organizer_name, data.organizer_email))
    event.add("attendee", _attendee(data, method))
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    event.add("transp", "OPAQUE")
    calendar.add_component(event)

    # Only the years around the interview: both rules and their next changes, a short mail.
    first, last = _zone_range(data.start.astimezone(TIME_ZONE), data.end.astimezone(TIME_ZONE))
    calendar.add_missing_timezones(first_date=first, last_date=last)
    text: bytes = calendar.to_ical()
    return text


def content_type(method: Method) -> str:
    """The MIME type to give Django's `EmailMultiAlternatives.attach_alternative(ics, ...)`:
    "text/calendar; method=REQUEST". Django appends the charset itself (giving
    `text/calendar; method=REQUEST; charset="utf-8"`), so do not add one here."""
    return f"text/calendar; method={method}"


def calendar_part(ics: bytes, method: Method) -> MIMEText:
    """The invitation as a MIME part `text/calendar; method=...; charset="utf-8"`, for a mail
    built with the standard library (with Django, use `content_type` and `attach_alternative`).

    How the calendars want it: Outlook, Google Calendar and Apple Mail show the
    accept/decline buttons (or "remove from calendar" for a CANCEL) only when the invitation
    is an *alternative* of the message body, that is a `text/calendar` part inside the
    `multipart/alternative` next to the text/plain (and text/html) body, whose `method`
    parameter matches the METHOD line in the text. A part that is only an attachment
    (`Content-Disposition: attachment`, or `application/ics`) is shown as a file to open, not
    as an invitation. Outlook also expects the ORGANIZER to be the sender or the one the mail
    is sent for, and the recipient to be an ATTENDEE (or the ORGANIZER); Google matches the
    UID to update or cancel an event it already has, and ignores a SEQUENCE lower than the one
    it knows. Attaching the same text once more as "invite.ics" (`text/calendar` with a
    filename) is harmless and helps clients that offer no buttons."""
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError(f"unknown method {method!r}")
    part = MIMEText(ics.decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", method, requote=False)
    return part


def _address(name: str, email: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = name
    return address


def _attendee(data: InvitationData, method: Method) -> vCalAddress:
    address = _address(data.attendee_name, data.attendee_email)
    address.params["CUTYPE"] = "INDIVIDUAL"
    address.params["ROLE"] = "REQ-PARTICIPANT"
    address.params["PARTSTAT"] = "NEEDS-ACTION"
    if method == "REQUEST":
        # a cancellation asks for no answer
        address.params["RSVP"] = "TRUE"
    return address


def _zone_range(start: datetime, end: datetime) -> tuple[date, date]:
    """From 1 January of the interview's year to 1 January two years on: the VTIMEZONE then
    has the current winter time, this year's changes and next year's."""
    first = date(start.year, 1, 1)
    last = date(end.year + 2, 1, 1)
    return first, last
