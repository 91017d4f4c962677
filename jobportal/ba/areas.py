"""Where to search: one centre and radius (umkreis) per member that covers its places."""

import math
from dataclasses import dataclass

from ..core.geometry import haversine_km

# Radii the BA job search offers (km); a larger need is capped at the largest.
UMKREIS_VALUES = (0, 5, 10, 15, 20, 25, 50, 100, 200)
# The BA geocodes `wo` itself and places are centroids: a little extra keeps edges inside.
MARGIN_KM = 3.0


@dataclass(frozen=True)
class SearchArea:
    """One search of the BA: `wo` (a postal code) and `umkreis` (km)."""

    member_name: str
    wo: str
    umkreis: int


def round_umkreis(km: float) -> int:
    """The smallest radius the BA offers that is at least km (capped at the largest)."""
    for value in UMKREIS_VALUES:
        if value >= km:
            return value
    return UMKREIS_VALUES[-1]


def search_area(member) -> SearchArea | None:
    """The member's search: centre = its place nearest to the centroid of all its places,
    radius = distance to the farthest place plus a margin, rounded up (None: no places)."""
    places = list(member.places)
    if not places:
        return None
    lat = sum(p.lat for p in places) / len(places)
    lon = sum(p.lon for p in places) / len(places)
    centre = min(places, key=lambda p: (haversine_km(lat, lon, p.lat, p.lon), p.postal_code))
    farthest = max(haversine_km(centre.lat, centre.lon, p.lat, p.lon) for p in places)
    umkreis = round_umkreis(math.ceil(farthest + MARGIN_KM))
    return SearchArea(member.name, centre.postal_code, umkreis)


def search_areas(members) -> list[SearchArea]:
    """The searches for the members, one each (members without places are left out)."""
    return [area for area in (search_area(m) for m in members) if area is not None]
