"""Everyone's own calendar: one private, revocable iCalendar feed per user, subscribed to in
Outlook, Google or Apple Calendar, with the dated things of every part of the house that concern
them (today: the reintegration deadlines and consultations of the cases a user owns).

Each app registers a source in its AppConfig.ready() (`register_source`): a callable
(user, today) -> events, and who it is for. A source that lists people's records audits that
read itself (core/audit.py). A user has a calendar when at least one source is for them; the
feed of anyone else, or of a login that is switched off, answers 404.

The feed is built with the icalendar library. Every event keeps its UID; its SEQUENCE goes up
and its DTSTAMP moves only when what it says changes (CalendarEventVersion), so a calendar
updates an event in place instead of adding it twice. Times are given in Europe/Amsterdam, with
its VTIMEZONE in the feed."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from core.auth import employment_ended
from core.models import CalendarEventVersion, CalendarFeed

UID_DOMAIN = "plusteam-hr"


@dataclass(frozen=True)
class CalendarEvent:
    """One event of a feed. `uid` is unique within the user's feed and stays the same for the
    same thing (prefix it with what it is: "case-12-action_plan"). A `date` start is an all-day
    event (ending the next day unless `end` says otherwise); a `datetime` start must be aware
    and needs an `end`. `busy=False` leaves the time free in the user's agenda."""

    uid: str
    start: date | datetime
    summary: str
    description: str = ""
    end: date | datetime | None = None
    location: str = ""
    busy: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.start, datetime):
            if timezone.is_naive(self.start):
                raise ValueError(f"{self.uid}: a start time needs a time zone")
            if self.end is None:
                raise ValueError(f"{self.uid}: a timed event needs an end")

    @property
    def until(self) -> date | datetime:
        if self.end is not None:
            return self.end
        return self.start + timedelta(days=1)

    def digest(self) -> str:
        """Changes when anything a calendar shows of the event changes."""
        shown = [
            _local(self.start).isoformat(),
            _local(self.until).isoformat(),
            self.summary,
            self.description,
            self.location,
            self.busy,
        ]
        return hashlib.sha256(json.dumps(shown).encode()).hexdigest()


def _local(moment: date | datetime) -> date | datetime:
    if isinstance(moment, datetime):
        return moment.astimezone(timezone.get_default_timezone())
    return moment


# Sources -----------------------------------------------------------------------------------------

EventsOf = Callable[[object, date], Iterable[CalendarEvent]]


@dataclass(frozen=True)
class Source:
    key: str
    events: EventsOf  # (user, today) -> the user's events from today on
    is_for: Callable[[object], bool]  # whether the user has this part in their calendar


_sources: dict[str, Source] = {}


def register_source(
    key: str, events: EventsOf, *, is_for: Callable[[object], bool] | None = None
) -> None:
    """Add a source of events (registering the same key again replaces it). `is_for(user)`
    says whose calendar it is part of (ask core.permissions); without it, everyone's."""
    _sources[key] = Source(key, events, is_for or (lambda user: True))


def sources_for(user) -> list[Source]:
    """The sources that are part of `user`'s calendar, in a fixed order."""
    return [_sources[key] for key in sorted(_sources) if _sources[key].is_for(user)]


# The feed and its address ------------------------------------------------------------------------


def calendar_feed_for(user, *, renew: bool = False) -> CalendarFeed:
    """The user's private feed; `renew` replaces the token (the old address stops working)."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        return CalendarFeed.objects.create(user=user, token=secrets.token_urlsafe(32))
    if renew:
        feed.token = secrets.token_urlsafe(32)
        feed.save(update_fields=["token", "created_at"])
    return feed


def feed_by_token(token: str) -> CalendarFeed | None:
    """The feed this token opens, or None: an unknown (or renewed) token, a login that is off
    or whose employment has ended (the token is a login too), or nothing in it for the user."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active or employment_ended(feed.user):
        return None
    if not sources_for(feed.user):
        return None
    return feed


def feed_ics(feed: CalendarFeed, today: date) -> bytes:
    """The iCalendar text of `feed`: the events of every source for its user."""
    events = [
        event for source in sources_for(feed.user) for event in source.events(feed.user, today)
    ]
    return to_ical(events, _versions(feed, events))


def _versions(feed: CalendarFeed, events: list[CalendarEvent]) -> dict[str, CalendarEventVersion]:
    """The stored version of each event, counted up when its digest changed (one read, at most
    one insert and one update)."""
    now = timezone.now()
    known = {v.uid: v for v in feed.event_versions.filter(uid__in=[e.uid for e in events])}
    new, changed = [], []
    for event in events:
        digest = event.digest()
        version = known.get(event.uid)
        if version is None:
            version = CalendarEventVersion(
                feed=feed, uid=event.uid, digest=digest, sequence=0, changed_at=now
            )
            known[event.uid] = version
            new.append(version)
        elif version.digest != digest:
            version.digest, version.sequence, version.changed_at = digest, version.sequence + 1, now
            changed.append(version)
    if new:
        # two fetches at once may both insert: the first one's row stands
        CalendarEventVersion.objects.bulk_create(new, ignore_conflicts=True)
    if changed:
        CalendarEventVersion.objects.bulk_update(changed, ["digest", "sequence", "changed_at"])
    return known


def to_ical(events: list[CalendarEvent], versions: dict[str, CalendarEventVersion]) -> bytes:
    """The feed's text. Two events with one UID are a mistake of their source: refused."""
    calendar = Calendar()
    calendar.add("prodid", "-//PlusTeam HR//Agenda//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "PlusTeam HR")
    seen: set[str] = set()
    for event in events:
        if event.uid in seen:
            raise ValueError(f"Two events with the UID {event.uid!r}")
        seen.add(event.uid)
        version = versions[event.uid]
        item = Event()
        item.add("uid", f"{event.uid}@{UID_DOMAIN}")
        item.add("sequence", version.sequence)
        item.add("dtstamp", version.changed_at)
        item.add("dtstart", _local(event.start))
        item.add("dtend", _local(event.until))
        item.add("summary", event.summary)
        if event.description:
            item.add("description", event.description)
        if event.location:
            item.add("location", event.location)
        item.add("transp", "OPAQUE" if event.busy else "TRANSPARENT")
        calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar.to_ical()
