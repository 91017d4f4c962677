"""Where a BA listing is: its work places matched to our places data and the network.

A place is found by postal code and town (a district suffix may be dropped); when the
places data has no such pair, the BA's coordinates pick the nearest place within
BA_COORDINATES_KM. The listing's main place is its first place inside the network; the
other places are kept with the BA listing record (docs/ba-import.md).
"""

from dataclasses import dataclass, field
from datetime import date

from .. import places
from .shape import Location


@dataclass
class Placement:
    """The places of one listing: main (first inside the network) and all others."""

    main: object | None = None  # jobportal.models.Place
    main_location: Location | None = None
    others: list[dict] = field(default_factory=list)
    found: int = 0  # places matched to our places data

    @property
    def labels(self) -> str:
        """The unmatched or outside places for messages."""
        return "; ".join(f"{p['postal_code']} {p['name']}".strip() for p in self.others)


def _by_code(location: Location):
    """Our place of a postal code and town (a district suffix may be dropped)."""
    if not location.postal_code:
        return None
    town = location.town
    names = [town, town.split(",")[0], town.split(" OT ")[0], town.split("(")[0], ""]
    for name in dict.fromkeys(n.strip() for n in names):
        place = places.place_for(location.postal_code, name)
        if place is not None:
            return place
    return None


def resolve(location: Location, max_km: float):
    """Our place of a BA work place, by postal code and town, else by its coordinates
    (nearest place within max_km); None if neither fits."""
    place = _by_code(location)
    if place is None and location.lat is not None and max_km > 0:
        near = places.place_distances(location.lat, location.lon, max_km)
        place = near[0][0] if near else None
    return place


def _record(location: Location, place, inside: bool) -> dict:
    """How one place is kept with the BA listing record."""
    return {
        "postal_code": place.postal_code if place else location.postal_code,
        "name": place.name if place else location.town,
        "place_id": place.id if place else None,
        "in_network": inside,
    }


def place_listing(locations, today: date, max_km: float) -> Placement:
    """Match all work places; the first one inside the network becomes the main place."""
    result = Placement()
    for location in locations:
        place = resolve(location, max_km)
        inside = place is not None and places.in_network(place, today)
        result.found += place is not None
        if inside and result.main is None:
            result.main, result.main_location = place, location
            continue
        result.others.append(_record(location, place, inside))
    return result


def merged(first, second) -> list[Location]:
    """The places of both lists (search answer first, then details), without repeats."""
    seen, out = set(), []
    for location in [*first, *second]:
        if location.key not in seen:
            seen.add(location.key)
            out.append(location)
    return out
