"""iCalendar (RFC 5545) documents of sessions: one event per slot.

Every event of a session carries the session's ``sequence``, incremented by
the services each time its dates, hours, place or trainers change or it is
cancelled, so that a calendar replaces the event it holds (same ``UID``).
Feeds are ``METHOD:PUBLISH``; the file attached to a person's e-mail is an
iTIP message (RFC 5546): ``REQUEST`` (with organiser and attendee) for a seat
and every update, ``CANCEL`` when the session or the registration is cancelled.

Times are written in the Atelier's own zone (``DTSTART;TZID=America/Cayenne``)
with that zone's ``VTIMEZONE``: a slot at 9:00 in Cayenne stays at 9:00
Cayenne time in any calendar, wherever its reader lives. A feed with no
session still holds its zone's ``VTIMEZONE`` (RFC 5545 wants one component).
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from icalendar import Calendar, Event, Timezone, vCalAddress, vText

from preau.scheduling.models import TrainingSession

PRODID = "-//Préau//Sessions//FR"
METHODS = ("PUBLISH", "REQUEST", "CANCEL")


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "preau.invalid"


def slot_uid(slot_pk: int) -> str:
    return f"slot-{slot_pk}@{_host()}"


def _calendar(method: str, name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    cal.add("x-wr-calname", name)
    return cal


def _events(
    session: TrainingSession, cancelled: bool, stamp: datetime, public: bool = False
) -> list[Event]:
    site = settings.SITE_URL.rstrip("/")
    url = f"{site}{session.offer.get_absolute_url()}"
    slots = list(session.slots.all())
    cancelled = cancelled or session.status == TrainingSession.Status.CANCELLED
    events = []
    for number, slot in enumerate(slots, start=1):
        event = Event()
        event.add("uid", slot_uid(slot.pk))
        event.add("dtstamp", stamp)
        event.add("sequence", session.sequence)
        event.add("dtstart", slot.starts_at.astimezone(session.zone))
        event.add("dtend", slot.ends_at.astimezone(session.zone))
        title = session.offer.title
        if len(slots) > 1:
            title = f"{title} ({number}/{len(slots)})"
        event.add("summary", title)
        online = "" if public else session.online_url  # a public file never holds the link
        event.add("location", online or session.place_label)
        event.add("url", url)
        event.add("description", f"{session.offer.title}\n{url}")
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        events.append(event)
    return events


def _with_zones(cal: Calendar, zone: str = "Europe/Paris") -> bytes:
    """``cal`` with the VTIMEZONE of every zone its events use, or of ``zone``
    when it has none; transitions from a year before the first event to a year
    after the last (a few lines instead of 1970–2038)."""
    years = [e.decoded("dtstart").year for e in cal.walk("VEVENT")] or [date.today().year]
    first, last = date(min(years) - 1, 1, 1), date(max(years) + 2, 1, 1)
    if cal.walk("VEVENT"):
        cal.add_missing_timezones(first, last)
    else:
        cal.add_component(Timezone.from_tzid(zone, first_date=first, last_date=last))
    return cal.to_ical()


def sessions_calendar(
    sessions: Iterable[TrainingSession],
    name: str,
    zone: str = "Europe/Paris",
    *,
    public: bool = False,
) -> bytes:
    """A published calendar holding every slot of ``sessions``; cancelled ones marked so.
    ``zone``: the time zone of an empty calendar (an Atelier's feed gives its own).
    A ``public`` one (anyone may download it) never holds the online meeting link."""
    cal = _calendar("PUBLISH", name)
    stamp = datetime.now(tz=UTC)
    for session in sessions:
        for event in _events(session, False, stamp, public):
            cal.add_component(event)
    return _with_zones(cal, zone)


def _address(email: str, name: str = "") -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = vText(name)
    return address


def session_invitation(
    session: TrainingSession,
    attendee: Any,
    *,
    method: str = "REQUEST",
) -> bytes:
    """The calendar file sent to ``attendee`` (a user): the session's slots as an
    iTIP ``REQUEST`` or, with ``CANCEL``, all of them cancelled. Slots taken out
    of the session are cancelled in a document of their own (``slots_cancellation``)."""
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError(method)
    cal = _calendar(method, session.offer.title)
    stamp = datetime.now(tz=UTC)
    organiser_name, organiser_email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    for event in _events(session, method == "CANCEL", stamp):
        event.add("organizer", _address(organiser_email, organiser_name or settings.OPERATOR_NAME))
        person = _address(attendee.email, attendee.get_full_name())
        person.params["role"] = vText("REQ-PARTICIPANT")
        person.params["partstat"] = vText("ACCEPTED")
        event.add("attendee", person)
        cal.add_component(event)
    return _with_zones(cal, str(session.zone))


def slots_cancellation(
    session: TrainingSession, attendee: Any, removed: Iterable[tuple[int, datetime, datetime]]
) -> bytes | None:
    """A ``CANCEL`` for slots that were removed from ``session`` (None if none)."""
    removed = list(removed)
    if not removed:
        return None
    cal = _calendar("CANCEL", session.offer.title)
    stamp = datetime.now(tz=UTC)
    organiser_name, organiser_email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    for pk, start, end in removed:
        event = Event()
        event.add("uid", slot_uid(pk))
        event.add("dtstamp", stamp)
        event.add("sequence", session.sequence)
        event.add("dtstart", start.astimezone(session.zone))
        event.add("dtend", end.astimezone(session.zone))
        event.add("summary", session.offer.title)
        event.add("status", "CANCELLED")
        event.add("organizer", _address(organiser_email, organiser_name or settings.OPERATOR_NAME))
        event.add("attendee", _address(attendee.email, attendee.get_full_name()))
        cal.add_component(event)
    return _with_zones(cal)
