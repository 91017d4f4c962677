"""Places of Germany: loading the shipped CSV, radius lists, place lookup.

Lookups work on localities (see jobportal.places.localities): 'Kamenz', '01917',
'01917 Kamenz', 'Grossroehrsdorf' all find the town; a name shared by several towns
gives the candidates to choose from.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, insert, select

from ..core.extensions import db
from ..core.geometry import EARTH_RADIUS_KM, haversine_km
from ..core.text import fold
from ..models import Place
from .localities import Locality, clear_locality_cache, locality_index, name_keys, prefix_keys, rank

PLACES_CSV = Path(__file__).resolve().parent.parent / "data" / "places_de.csv"
MAX_QUERY_CHARS = 200
MAX_SUGGESTIONS = 50

_CODE_FIRST = re.compile(r"(?:D-)?(\d{4,5})(?:[\s,]+(.*))?", re.IGNORECASE)
_CODE_LAST = re.compile(r"(.*?)[\s,]+(\d{5})")
_CODE_PREFIX = re.compile(r"(\d{1,5})(?:[\s,]+(.*))?")


def load_places(path: Path = PLACES_CSV) -> int:
    """Load the places CSV into an empty places table; returns the number of places.

    Idempotent: does nothing when places are already loaded.
    """

    if db.session.execute(select(func.count(Place.id))).scalar_one():
        return 0
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [
            {
                "postal_code": row["postal_code"],
                "name": row["name"],
                "name_key": fold(row["name"]),
                "state": row["state"],
                "lat": float(row["lat"]),
                "lon": float(row["lon"]),
            }
            for row in csv.DictReader(handle)
        ]
    db.session.execute(insert(Place), rows)
    clear_locality_cache()
    return len(rows)


# --- radius -------------------------------------------------------------------------------


def _box(lat: float, lon: float, radius_km: float, *columns):
    """A select of ``columns`` of the places in the bounding box of the circle (None for
    an impossible point or radius)."""
    if not all(math.isfinite(v) for v in (lat, lon, radius_km)) or radius_km < 0:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    delta = radius_km / EARTH_RADIUS_KM  # angular radius
    margin = 1e-6
    dlat = math.degrees(delta) + margin
    query = select(*columns).where(Place.lat.between(lat - dlat, lat + dlat))
    ratio = math.sin(min(delta, math.pi / 2)) / max(math.cos(math.radians(lat)), 1e-12)
    if ratio < 1:  # the circle does not contain a pole: longitudes are bounded too
        dlon = math.degrees(math.asin(ratio)) + margin
        if lon - dlon >= -180 and lon + dlon <= 180:
            query = query.where(Place.lon.between(lon - dlon, lon + dlon))
    return query


def place_distances(lat: float, lon: float, radius_km: float) -> list[tuple[Place, float]]:
    """(place, distance in km) for every place within the radius, nearest first.

    A bounding box in SQL narrows the candidates; the exact haversine distance decides.
    """
    query = _box(lat, lon, radius_km, Place)
    if query is None:
        return []
    found = []
    for place in db.session.execute(query).scalars():
        distance = haversine_km(lat, lon, place.lat, place.lon)
        if distance <= radius_km:
            found.append((place, distance))
    found.sort(key=lambda item: (item[1], item[0].postal_code, item[0].name))
    return found


def places_within(lat: float, lon: float, radius_km: float) -> list[Place]:
    """Places whose centroid lies within radius_km of the point, nearest first."""
    return [place for place, _distance in place_distances(lat, lon, radius_km)]


def place_ids_within(lat: float, lon: float, radius_km: float) -> set[int]:
    """Ids of the places of ``places_within`` (plain columns, no ORM objects: ~5x faster)."""
    query = _box(lat, lon, radius_km, Place.id, Place.lat, Place.lon)
    if query is None:
        return set()
    rows = db.session.execute(query)
    return {i for i, plat, plon in rows if haversine_km(lat, lon, plat, plon) <= radius_km}


# --- lookup -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlaceLookup:
    """The answer to a place query.

    locality is set when the query names exactly one town; candidates lists every
    matching town (largest first), so several candidates and no locality means
    "ambiguous, please choose". postal_code is set when the query contained one;
    name_matched tells whether a name given next to it matched a town under that code.
    """

    query: str
    postal_code: str | None = None
    locality: Locality | None = None
    candidates: tuple[Locality, ...] = ()
    name_matched: bool | None = None

    @property
    def found(self) -> bool:
        """Whether the query names exactly one town."""
        return self.locality is not None

    @property
    def ambiguous(self) -> bool:
        """Whether several towns match and the user must choose."""
        return self.locality is None and len(self.candidates) > 1

    @property
    def point(self) -> tuple[float, float] | None:
        """Where the query points: the postal code's centroid, else the town's centroid."""
        if self.postal_code and self.candidates:
            loc = (self.locality or self.candidates[0]).for_code(self.postal_code)
            return loc.lat, loc.lon
        if self.locality is not None:
            return self.locality.lat, self.locality.lon
        return None

    @property
    def place_ids(self) -> tuple[int, ...]:
        """Place rows the query covers: the town (under the postal code, if one was given)."""
        chosen = (self.locality,) if self.locality else self.candidates if self.postal_code else ()
        if self.postal_code:
            chosen = tuple(loc.for_code(self.postal_code) for loc in chosen)
        return tuple(pid for loc in chosen for pid in loc.place_ids)

    @property
    def place_id(self) -> int | None:
        """The single place row the query names (town and postal code), if it names one."""
        ids = self.place_ids
        return ids[0] if self.locality is not None and len(ids) == 1 else None


def _clean_query(text) -> str:
    return " ".join(str(text or "")[:MAX_QUERY_CHARS].split())


def _split_query(text: str) -> tuple[str | None, str]:
    """(postal code or None, name) of a query such as '01917 Kamenz' or 'Kamenz 01917'."""
    match = _CODE_FIRST.fullmatch(text)
    if match:
        code, name = match.group(1), match.group(2) or ""
    else:
        match = _CODE_LAST.fullmatch(text)
        if not match:
            return None, text
        name, code = match.group(1), match.group(2)
    return code.zfill(5), name


def lookup_place(query) -> PlaceLookup:
    """Find the town a query names: a postal code, a name, or both ('01917 Kamenz').

    Never raises on odd input; unknown or empty queries give a lookup with no candidates.
    """

    text = _clean_query(query)
    code, name = _split_query(text)
    if code is None and not fold(name):
        return PlaceLookup(text)
    index = locality_index()
    if code is None:
        return _answer(text, None, index.by_name(name), None)
    in_code = index.by_code.get(code, [])
    matched = None
    if fold(name):
        ids = {id(loc) for loc in in_code}
        exact = [loc for loc in index.by_name(name, exact_only=True) if id(loc) in ids]
        loose = exact or [loc for loc in index.by_name(name) if id(loc) in ids]
        matched, in_code = bool(loose), loose or in_code
    return _answer(text, code, sorted(in_code, key=rank), matched)


def _answer(text: str, code: str | None, localities: list, matched: bool | None) -> PlaceLookup:
    locality = localities[0] if len(localities) == 1 else None
    return PlaceLookup(text, code, locality, tuple(localities), matched)


def suggest_places(prefix, limit: int = 10) -> list[Locality]:
    """Towns for autocomplete: by name prefix ('Gro' → Großenhain, Großröhrsdorf, …), or
    by postal-code prefix ('019' → one entry per code, e.g. 'Kamenz (01917, Sachsen)')."""

    text, limit = _clean_query(prefix), min(limit, MAX_SUGGESTIONS)
    if not prefix_keys(text) or limit <= 0:
        return []
    index = locality_index()
    match = _CODE_PREFIX.fullmatch(text)
    if not match:
        return index.by_prefix(text)[:limit]
    wanted, found = prefix_keys(match.group(2) or ""), []
    for code in index.codes_with_prefix(match.group(1)):
        for loc in index.by_code[code]:
            keys = name_keys(loc.name)
            if not wanted or any(k.startswith(w) for k in keys for w in wanted):
                found.append(loc.for_code(code))
                if len(found) >= limit:
                    return found
    return found


def locality_of(place: Place | int) -> Locality | None:
    """The town a place row belongs to (for labels such as 'Kamenz (01917, Sachsen)')."""

    place_id = place if isinstance(place, int) else getattr(place, "id", None)
    return locality_index().by_place.get(place_id)


def places_of(locality: Locality) -> list[Place]:
    """The place rows of a town, by postal code."""
    ids = list(locality.place_ids)
    query = select(Place).where(Place.id.in_(ids)).order_by(Place.postal_code)
    return list(db.session.execute(query).scalars())


def place_for(postal_code: str, name: str = "") -> Place | None:
    """The place row for a five-digit postal code and town name (the name may be left
    out when the code has one town only); None if they do not fit together."""
    code = (postal_code or "").strip()
    if not re.fullmatch(r"\d{5}", code):
        return None
    result = lookup_place(f"{code} {_clean_query(name)}")
    if result.name_matched is False or result.place_id is None:
        return None
    return db.session.get(Place, result.place_id)
