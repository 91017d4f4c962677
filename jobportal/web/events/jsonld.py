"""schema.org Event JSON-LD for the public event page."""

from ...core.clock import BERLIN
from ...core.text import plain_text
from ...places import STATE_NAMES
from ..public.jsonld import script_json

SCHEMA = "https://schema.org/"


def _iso(moment) -> str:
    """ISO 8601 in Europe/Berlin with its offset ('2026-12-28T10:00:00+01:00')."""
    return moment.astimezone(BERLIN).replace(microsecond=0).isoformat()


def _location(event) -> dict:
    """The venue as a Place with its postal address and coordinates."""
    place = event.place
    address = {
        "@type": "PostalAddress",
        "streetAddress": event.street,
        "postalCode": place.postal_code,
        "addressLocality": place.name,
        "addressRegion": STATE_NAMES.get(place.state, place.state),
        "addressCountry": "DE",
    }
    return {
        "@type": "Place",
        "name": event.venue,
        "address": address,
        "geo": {"@type": "GeoCoordinates", "latitude": place.lat, "longitude": place.lon},
    }


def event_data(event, url: str, organizer: dict, seats_left: int | None) -> dict:
    """The Event object of an event; ``organizer`` is the network as an Organization."""
    data = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": event.title,
        "description": plain_text(event.description),
        "startDate": _iso(event.starts_at),
        "endDate": _iso(event.ends_at),
        "eventStatus": SCHEMA + ("EventCancelled" if event.is_cancelled else "EventScheduled"),
        "eventAttendanceMode": SCHEMA + "OfflineEventAttendanceMode",
        "location": _location(event),
        "organizer": organizer,
        "isAccessibleForFree": True,
        "inLanguage": "de",
        "url": url,
        "offers": {
            "@type": "Offer",
            "price": 0,
            "priceCurrency": "EUR",
            "url": url,
            "availability": SCHEMA + ("SoldOut" if seats_left == 0 else "InStock"),
        },
    }
    if event.capacity is not None:
        data["maximumAttendeeCapacity"] = event.capacity
    return data


def event_json(event, url: str, organizer: dict, seats_left: int | None):
    """The event's JSON-LD as script-safe JSON text."""
    return script_json(event_data(event, url, organizer, seats_left))
