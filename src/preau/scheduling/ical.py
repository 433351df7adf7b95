"""iCalendar (RFC 5545) documents of sessions: one event per slot."""

from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from icalendar import Calendar, Event

from preau.scheduling.models import TrainingSession

PRODID = "-//Préau//Sessions//FR"


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "preau.invalid"


def sessions_calendar(sessions: Iterable[TrainingSession], name: str) -> bytes:
    """A calendar holding every slot of ``sessions``; cancelled slots are marked so."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    stamp = datetime.now(tz=UTC)
    site = settings.SITE_URL.rstrip("/")
    host = _host()
    for session in sessions:
        url = f"{site}{session.offer.get_absolute_url()}"
        slots = list(session.slots.all())
        for number, slot in enumerate(slots, start=1):
            event = Event()
            event.add("uid", f"slot-{slot.pk}@{host}")
            event.add("dtstamp", stamp)
            event.add("dtstart", slot.starts_at.astimezone(UTC))
            event.add("dtend", slot.ends_at.astimezone(UTC))
            title = session.offer.title
            if len(slots) > 1:
                title = f"{title} ({number}/{len(slots)})"
            event.add("summary", title)
            event.add("location", session.online_url or session.place_label)
            event.add("url", url)
            event.add("description", f"{session.offer.title}\n{url}")
            cancelled = session.status == TrainingSession.Status.CANCELLED
            event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
            cal.add_component(event)
    return cal.to_ical()
