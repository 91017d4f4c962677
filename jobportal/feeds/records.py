"""A Posting as a vacancy record of the JSON import (docs/import-format.md), placed.

Work places are matched with the BA import's placing (postal code and town, else
coordinates: the nearest place within BA_COORDINATES_KM); a town without postal code is
looked up by name first. A posting without any place is put at the company's own place.
The main place is the first one inside the network; the others become further work
places of the listing.
"""

import hashlib
from dataclasses import dataclass, replace
from datetime import date

from ..ba import guess_sector, place_listing, salary_fields
from ..core.extensions import db
from ..core.urls import is_web_url
from ..listings import DESCRIPTION_MAX, REF_MAX, TITLE_MAX
from ..models import Place
from ..models.jobs import EMPLOYMENT_TYPES, SECTORS
from ..places import lookup_place
from .postings import Posting
from .xmlfeeds import BadPosting

NO_TEXT = "Die vollständige Stellenanzeige finden Sie auf der Karriereseite des Arbeitgebers."


@dataclass
class Placed:
    """A posting's places: the main one and the others (Place objects)."""

    main: Place
    others: list


def _with_postal_code(spot):
    """A town without postal code and coordinates gets the town's first postal code (if
    the name names one town), so the placing finds its place."""
    if spot.postal_code or spot.lat is not None or not spot.town:
        return spot
    found = lookup_place(spot.town)
    if not found.found:
        return spot
    return replace(spot, postal_code=found.locality.postal_codes[0], town=found.locality.name)


def place_posting(posting: Posting, company, today: date, max_km: float) -> Placed:
    """Where the posting is (BadPosting: outside the network, or no place known)."""
    spots = [_with_postal_code(spot) for spot in posting.locations]
    if not spots:
        if company is None or company.place is None:
            raise BadPosting(f"„{posting.title}“: kein Arbeitsort angegeben")
        return Placed(company.place, [])
    placement = place_listing(spots, today, max(max_km, 5.0))
    if placement.main is None:
        where = ", ".join(spot.label() for spot in spots)
        if placement.found:
            raise BadPosting(f"„{posting.title}“: Arbeitsort außerhalb des Netzwerks ({where})")
        raise BadPosting(f"„{posting.title}“: Arbeitsort unbekannt ({where})")
    others = [db.session.get(Place, p["place_id"]) for p in placement.others if p["place_id"]]
    return Placed(placement.main, [p for p in others if p is not None])


def record_ref(feed_id: int, ref: str) -> str:
    """The import reference of a posting: feed id and the source's id (hashed if long)."""
    key = ref if len(ref) <= REF_MAX - 12 else hashlib.sha256(ref.encode()).hexdigest()[:32]
    return f"f{feed_id}-{key}"


def _sector(posting: Posting, company) -> str:
    own = getattr(company, "sector", "") or ""
    if own in SECTORS:
        return own
    return guess_sector(f"{posting.title} {posting.sector} {own}")


def _description(posting: Posting) -> str:
    text = posting.description.strip() or NO_TEXT
    if posting.salary_text:
        text += f"\n\nVergütung: {posting.salary_text}"
    return text[:DESCRIPTION_MAX]


def record_of(posting: Posting, placed: Placed, feed_id: int, fallback_url: str, company) -> dict:
    """The import record of a placed posting."""
    types = [t for t in posting.employment_types if t in EMPLOYMENT_TYPES] or ["vollzeit"]
    street = next((s.street for s in posting.locations if s.street), "")
    record = {
        "ref": record_ref(feed_id, posting.ref),
        "title": posting.title[:TITLE_MAX],
        "description": _description(posting),
        "postal_code": placed.main.postal_code,
        "locality": placed.main.name,
        "street": street[:200],
        "employment_types": types,
        "working_model": posting.working_model or "vor_ort",
        "sector": _sector(posting, company),
        "apply_url": posting.url if is_web_url(posting.url) else fallback_url,
    }
    if posting.salary_unit and (posting.salary_min or posting.salary_max):
        record["salary_unit"] = posting.salary_unit
        record["salary_min"] = posting.salary_min
        record["salary_max"] = posting.salary_max
    else:
        record.update(salary_fields(posting.salary_text))
    return record
