"""Events as iCalendar (RFC 5545): one event as an .ics file, and a feed of all upcoming.

Times are written in UTC (``DTSTART:20261228T090000Z``), which every calendar shows in
its own zone; no VTIMEZONE is needed. Built with the ``icalendar`` package.
"""

from datetime import datetime
from urllib.parse import urlsplit

from flask import current_app
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from ..accounts import site_link
from ..core.text import plain_text
from ..core.translation import gettext as _
from ..models import Event
from ..models.base import utcnow
from ..places import current_region_info

PRODID = "-//jobportal//Veranstaltungen//DE"


def event_uid(event: Event) -> str:
    """A globally unique, stable id: the event's id at the site's host."""
    host = urlsplit(current_app.config["SITE_URL"]).hostname or "localhost"
    return f"event-{event.id}@{host}"


def location_line(event: Event) -> str:
    """Venue, street, postal code and town in one line."""
    parts = [event.venue, event.street, f"{event.place.postal_code} {event.place.name}"]
    return ", ".join(p for p in parts if p)


def _component(event: Event, stamp: datetime) -> CalendarEvent:
    """One VEVENT."""
    url = site_link("events.event_page", event_id=event.id)
    item = CalendarEvent()
    item.add("uid", event_uid(event))
    item.add("dtstamp", stamp)
    item.add("dtstart", event.starts_at)
    item.add("dtend", event.ends_at)
    item.add("last-modified", event.updated_at)
    item.add("summary", f"{event.kind_label}: {event.title}")
    item.add("location", location_line(event))
    item.add("geo", (event.place.lat, event.place.lon))
    item.add("description", f"{plain_text(event.description)}\n\n{url}")
    item.add("url", url)
    item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    item.add("transp", "OPAQUE")
    return item


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def event_ics(event: Event, now: datetime | None = None) -> bytes:
    """The .ics file of one event."""
    calendar = _calendar(event.title)
    calendar.add_component(_component(event, now or utcnow()))
    return calendar.to_ical()


def events_ics(events: list[Event], now: datetime | None = None) -> bytes:
    """A calendar feed of the given events."""
    region = current_region_info()
    calendar = _calendar(_("Veranstaltungen – %(region)s", region=region["name"]))
    calendar.add("x-wr-timezone", "Europe/Berlin")
    stamp = now or utcnow()
    for event in events:
        calendar.add_component(_component(event, stamp))
    return calendar.to_ical()
