"""The locality index behind place lookups (used through jobportal.geo).

A *locality* groups the place rows (one per postal code) of one named town: the rows
with the same name in the same state, split where postal codes lie more than
CLUSTER_KM apart (two different towns that share a name, like the two Mühlhausen in
Bavaria). The index is built once per process from the static places table and reused
until the table changes.
"""

import bisect
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from ..core.extensions import db
from ..core.geometry import haversine_km
from ..core.text import fold
from ..models import Place
from .reference import forget_reference_data, remembered

CLUSTER_KM = 15.0

STATE_NAMES = {
    "BW": "Baden-Württemberg",
    "BY": "Bayern",
    "BE": "Berlin",
    "BB": "Brandenburg",
    "HB": "Bremen",
    "HH": "Hamburg",
    "HE": "Hessen",
    "MV": "Mecklenburg-Vorpommern",
    "NI": "Niedersachsen",
    "NW": "Nordrhein-Westfalen",
    "RP": "Rheinland-Pfalz",
    "SL": "Saarland",
    "SN": "Sachsen",
    "ST": "Sachsen-Anhalt",
    "SH": "Schleswig-Holstein",
    "TH": "Thüringen",
}

# Abbreviations in official names ("Oelsnitz/Erzgeb.") expanded for whole-name lookups.
_ABBREVIATIONS = {
    "erzgeb": "erzgebirge",
    "vogtl": "vogtland",
    "thuer": "thueringen",
    "thur": "thueringen",
    "sa": "sachsen",
    "st": "sankt",
    "b": "bei",
}
# Words after which a name only qualifies the town ("Freiberg am Neckar" is a "Freiberg").
_QUALIFIED = re.compile(r"[/(,\s]")
_QUALIFIERS = {"a", "am", "an", "auf", "b", "bei", "i", "im", "in", "ob", "unter", "v", "vor"}


def _fold_plain(text: str) -> str:
    """Fold without umlaut transcription: 'Mühlhausen' becomes 'muhlhausen'."""
    text = (text or "").lower().replace("ß", "ss")
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return fold(text)


def _expand(key: str) -> str:
    tokens = key.split()
    if not any(token in _ABBREVIATIONS for token in tokens):
        return key
    return " ".join(_ABBREVIATIONS.get(token, token) for token in tokens)


def name_keys(name: str) -> set[str]:
    """All lookup keys of a name: folded, umlaut-free and with abbreviations expanded."""
    folded = fold(name)
    keys = {folded} if name.isascii() else {folded, _fold_plain(name)}
    return {variant for key in keys for variant in (key, _expand(key)) if variant}


def prefix_keys(prefix: str) -> set[str]:
    """Keys for prefix matching (no abbreviation expansion: 'St' may become 'Stollberg')."""
    return {fold(prefix), _fold_plain(prefix)} - {""}


def base_name(name: str) -> str:
    """The name without its qualifier: 'Mühlhausen/Thüringen' and 'Halle (Saale)' give the town."""
    head = re.split(r"[/(,]", name or "", maxsplit=1)[0]
    words = [w for w in re.split(r"[\s.]+", head) if w]
    for i, word in enumerate(words[1:], start=1):
        if word.lower() in _QUALIFIERS:
            return " ".join(words[:i])
    return " ".join(words)


@dataclass(frozen=True)
class Locality:
    """A named town: its place rows as (postal code, place id, lat, lon), sorted by code.

    lat/lon is the centroid: the mean of its postal-code centroids.
    """

    name: str
    state: str
    points: tuple[tuple[str, int, float, float], ...]
    lat: float
    lon: float

    @property
    def postal_codes(self) -> tuple[str, ...]:
        """The locality's postal codes, ascending."""
        return tuple(point[0] for point in self.points)

    @property
    def place_ids(self) -> tuple[int, ...]:
        """Ids of the locality's rows in the places table."""
        return tuple(point[1] for point in self.points)

    @property
    def state_name(self) -> str:
        """The state's German name ('Sachsen')."""
        return STATE_NAMES.get(self.state, self.state)

    @property
    def label(self) -> str:
        """German label: 'Kamenz (01917, Sachsen)', 'Dresden (01067–01465, Sachsen)'."""
        codes = self.postal_codes
        span = codes[0] if len(codes) == 1 else f"{codes[0]}–{codes[-1]}"
        return f"{self.name} ({span}, {self.state_name})"

    @property
    def query(self) -> str:
        """A query string that lookup_place resolves to this locality ('01917 Kamenz')."""
        return f"{self.postal_codes[0]} {self.name}"

    def for_code(self, postal_code: str) -> "Locality":
        """The part of this locality under one postal code (itself if it has no other)."""
        points = tuple(p for p in self.points if p[0] == postal_code)
        if not points or points == self.points:
            return self
        return make_locality(self.name, self.state, points)


def make_locality(name: str, state: str, points) -> Locality:
    """A locality from its (postal code, place id, lat, lon) points."""
    points = tuple(sorted(points))
    lat = sum(p[2] for p in points) / len(points)
    lon = sum(p[3] for p in points) / len(points)
    return Locality(name=name, state=state, points=points, lat=lat, lon=lon)


def _clusters(points: list) -> list[list]:
    """Split points into groups whose members chain within CLUSTER_KM (single linkage)."""
    rest, groups = list(points), []
    while rest:
        group = [rest.pop()]
        frontier = list(group)
        while frontier and rest:
            here = frontier.pop()
            near = [p for p in rest if haversine_km(here[2], here[3], p[2], p[3]) <= CLUSTER_KM]
            if near:
                rest = [p for p in rest if p not in near]
                group.extend(near)
                frontier.extend(near)
        groups.append(group)
    return groups


def rank(locality: Locality) -> tuple:
    """Sort key: more postal codes first, then name, state and first postal code."""
    return (-len(locality.points), locality.name, locality.state_name, locality.points[0][0])


def _unique(localities) -> list[Locality]:
    seen, out = set(), []
    for loc in localities:
        if id(loc) not in seen:
            seen.add(id(loc))
            out.append(loc)
    return out


class LocalityIndex:
    """Localities with lookup tables by name key, base-name key, postal code and place id."""

    def __init__(self, rows):
        groups = defaultdict(list)
        for place_id, code, name, state, lat, lon in rows:
            groups[(name, state)].append((code, place_id, lat, lon))
        self.localities = sorted(
            (
                make_locality(name, state, group)
                for (name, state), points in groups.items()
                for group in _clusters(points)
            ),
            key=rank,
        )
        self.by_key, self.by_base = defaultdict(list), defaultdict(list)
        self.by_code, self.by_place, prefix = {}, {}, set()
        for position, loc in enumerate(self.localities):
            keys = name_keys(loc.name)
            for key in keys:
                self.by_key[key].append(loc)
                prefix.add((key, position))
            if _QUALIFIED.search(loc.name):
                for key in name_keys(base_name(loc.name)) - keys:
                    self.by_base[key].append(loc)
            for code, place_id, _lat, _lon in loc.points:
                self.by_code.setdefault(code, []).append(loc)
                self.by_place[place_id] = loc
        self.prefix = sorted(prefix)
        self.codes = sorted(self.by_code)

    def by_name(self, name: str, exact_only: bool = False) -> list[Locality]:
        """Localities called `name`, plus (unless exact_only) those whose base name it is.

        A name nothing matches is retried without its qualifier ('Kamenz/Sachsen').
        """
        keys = name_keys(name)
        found = _unique(loc for key in keys for loc in self.by_key.get(key, ()))
        if not exact_only:
            found += [loc for key in keys for loc in self.by_base.get(key, ()) if loc not in found]
            shorter = base_name(name)
            if not found and shorter and fold(shorter) != fold(name):
                return self.by_name(shorter)
        return sorted(_unique(found), key=rank)

    def by_prefix(self, prefix: str) -> list[Locality]:
        """Localities whose name key starts with the prefix: exact names first, then by rank."""
        hits: dict[int, bool] = {}
        for key in prefix_keys(prefix):
            start = bisect.bisect_left(self.prefix, (key, -1))
            for entry_key, position in self.prefix[start:]:
                if not entry_key.startswith(key):
                    break
                hits[position] = hits.get(position, False) or entry_key == key
        order = sorted(hits, key=lambda pos: (not hits[pos], pos))
        return [self.localities[pos] for pos in order]

    def codes_with_prefix(self, prefix: str) -> list[str]:
        """Known postal codes starting with the digits, ascending."""
        start = bisect.bisect_left(self.codes, prefix)
        out = []
        for code in self.codes[start:]:
            if not code.startswith(prefix):
                break
            out.append(code)
        return out


_CACHE: dict = {}


def locality_index() -> LocalityIndex:
    """The locality index of the current database, rebuilt when the places table changed."""
    # Places are static data: the highest id identifies a load (an index lookup), checked
    # at most once per reference-cache period (reference.py).
    signature = remembered(
        ("places-signature",),
        lambda: db.session.execute(select(Place.id).order_by(Place.id.desc()).limit(1)).scalar(),
    )
    if _CACHE.get("signature") != signature:
        rows = db.session.execute(
            select(Place.id, Place.postal_code, Place.name, Place.state, Place.lat, Place.lon)
        ).all()
        _CACHE.update(signature=signature, index=LocalityIndex(rows))
    return _CACHE["index"]


def clear_locality_cache() -> None:
    """Forget the cached locality index and reference data (after the places were reloaded)."""
    _CACHE.clear()
    forget_reference_data()
