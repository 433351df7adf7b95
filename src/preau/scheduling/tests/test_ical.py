"""The iCalendar feeds are valid RFC 5545 and keep the Atelier's wall-clock time:
an overseas slot carries its zone (DTSTART;TZID=… and that zone's VTIMEZONE),
an Atelier with no session still serves a calendar with a component, and the
UID of a slot is the same from one download to the next."""

from datetime import time

import pytest
from icalendar import Calendar

from preau.scheduling.services import SlotSpec
from preau.scheduling.testing import next_weekday, open_session

pytestmark = pytest.mark.django_db


def _calendar(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    return response.content, Calendar.from_ical(response.content)


def test_an_overseas_slot_keeps_its_zone_and_wall_clock_time(client, net):
    net.y1.timezone = "America/Guadeloupe"
    net.y1.save()
    day = next_weekday()
    session = open_session(net.y1, slots=(SlotSpec(day, time(9), time(12)),))
    slot = session.slots.get()
    url = f"/reseau/ateliers/{net.y1.code}/seances.ics"
    raw, calendar = _calendar(client, url)
    assert f"DTSTART;TZID=America/Guadeloupe:{day:%Y%m%d}T090000".encode() in raw
    assert f"DTEND;TZID=America/Guadeloupe:{day:%Y%m%d}T120000".encode() in raw
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/Guadeloupe"]
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "America/Guadeloupe"
    assert event.decoded("DTSTART") == slot.starts_at  # 13:00 UTC, the same instant
    assert event.decoded("DTSTART").utcoffset().total_seconds() == -4 * 3600
    assert not calendar.get_missing_tzids()
    again, _c = _calendar(client, url)
    assert (
        Calendar.from_ical(again).walk("VEVENT")[0]["UID"]
        == event["UID"]
        == (f"slot-{slot.pk}@127.0.0.1")
    )


def test_a_feed_mixing_zones_holds_each_zone_once(client, net):
    net.y1.timezone = "America/Guadeloupe"
    net.y1.save()
    paris = open_session(net.x1)
    open_session(net.y1, offer=paris.offer)
    _raw, calendar = _calendar(client, f"/catalogue/offres/{paris.offer_id}/seances.ics")
    assert sorted(str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")) == [
        "America/Guadeloupe", "Europe/Paris"
    ]  # fmt: skip
    assert {e["DTSTART"].params["TZID"] for e in calendar.walk("VEVENT")} == {
        "America/Guadeloupe", "Europe/Paris"
    }  # fmt: skip


def test_an_atelier_without_sessions_serves_a_calendar_with_a_component(client, net):
    net.y1.timezone = "America/Guadeloupe"
    net.y1.save()
    raw, calendar = _calendar(client, f"/reseau/ateliers/{net.y1.code}/seances.ics")
    assert calendar.walk("VEVENT") == []
    assert [str(tz["TZID"]) for tz in calendar.subcomponents] == ["America/Guadeloupe"]
    assert raw.startswith(b"BEGIN:VCALENDAR") and b"BEGIN:VTIMEZONE" in raw
