"""Match saved searches against the few listings published since the last run, in memory.

Running every saved search against the whole index is slow (133 s for 10,000 searches
over 100k listings); a throwaway index of the new listings still costs seconds. Here the
new listings (a few hundred) are analysed once, exactly as the indexer analyses them
(``job_document`` + the search package's ``index_terms``/``edge_grams``), into bitmasks
over the batch: one per term and field group, per filter value and per place. A saved
search is then parsed by the search core's own parser (``parse_query``) and evaluated
with the same rules as ``search.build.text_mask`` and ``search.query.filter_masks``:
AND within an OR group, phrases in title or description, ``word*`` prefixes,
exclusions, filters (OR within, AND across), the place list of the radius. Masks are
Python integers, so each search costs a handful of C-speed ANDs.
"""

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from ...core.geometry import haversine_km
from ...listings import DEFAULT_RADIUS, SearchQuery
from ...places import lookup_place
from ..adapter import FACET_FIELDS, edge_grams, epoch_days, index_terms, job_document
from .docsets import iter_bits
from .parse import Phrase, Word, parse_query

TEXT_FIELDS = ("title", "description", "company")
PHRASE_FIELDS = ("title", "description")


@lru_cache(maxsize=20_000)
def parsed_query(text: str):
    """The search core's parse of ``text`` (cached: many alerts share their words)."""
    return parse_query(text)


@dataclass(frozen=True)
class Origin:
    """A resolved ``where``: the point measured from and the places named by it."""

    lat: float
    lon: float
    named_place_ids: frozenset


@lru_cache(maxsize=5_000)
def resolve_where(where: str) -> Origin | None:
    """The point of a place query (None when unknown or ambiguous); cached per run."""
    lookup = lookup_place(where)
    point = lookup.point
    if point is None:
        return None
    return Origin(float(point[0]), float(point[1]), frozenset(lookup.place_ids))


def clear_caches() -> None:
    """Forget resolved places (call at the start of a run: places data may change)."""
    resolve_where.cache_clear()


class NewJobs:
    """The listings of one run, analysed into bitmasks (bit i = ``job_ids[i]``)."""

    def __init__(self, jobs):
        self.job_ids: list[int] = []
        self.published: list[int] = []
        self.terms = {f: defaultdict(int) for f in (*TEXT_FIELDS, "title_ngram")}
        self.sequences: dict[str, list[list[str]]] = {f: [] for f in PHRASE_FIELDS}
        self.values = {name: defaultdict(int) for name in FACET_FIELDS}
        self.place_masks: dict[int, int] = defaultdict(int)
        self.place_points: dict[int, tuple] = {}
        self._prefix_cache: dict = {}
        self._place_cache: dict = {}
        for job in jobs:
            self._add(job)
        self.all = (1 << len(self.job_ids)) - 1

    def _add(self, job) -> None:
        """Analyse one listing (company and place loaded)."""
        bit = 1 << len(self.job_ids)
        doc = job_document(job)
        self.job_ids.append(job.id)
        self.published.append(doc["published"])
        for field in TEXT_FIELDS:
            terms = index_terms(doc[field])
            if field in PHRASE_FIELDS:
                self.sequences[field].append(terms)
            for term in set(terms):
                self.terms[field][term] |= bit
            if field == "title":
                for gram in {g for term in terms for g in edge_grams(term)}:
                    self.terms["title_ngram"][gram] |= bit
        for name in FACET_FIELDS:
            for value in doc[name].split(",") if doc[name] else ():
                self.values[name][value] |= bit
        self.place_masks[job.place_id] |= bit
        if job.place is not None:
            self.place_points[job.place_id] = (job.place.lat, job.place.lon)

    def __len__(self) -> int:
        return len(self.job_ids)

    # --- text ------------------------------------------------------------------------

    def _prefix(self, field: str, stem: str) -> int:
        """Listings with a term starting with ``stem`` in ``field`` (cached)."""
        key = (field, stem)
        if key not in self._prefix_cache:
            mask = 0
            for term, bits in self.terms[field].items():
                if term.startswith(stem):
                    mask |= bits
            self._prefix_cache[key] = mask
        return self._prefix_cache[key]

    def _phrase(self, field: str, stems: tuple) -> int:
        """Listings whose ``field`` has ``stems`` at consecutive positions."""
        candidates = self.all
        for stem in stems:
            candidates &= self.terms[field].get(stem, 0)
        mask, size = 0, len(stems)
        for index in iter_bits(candidates):
            seq = self.sequences[field][index]
            if any(tuple(seq[i : i + size]) == stems for i in range(len(seq) - size + 1)):
                mask |= 1 << index
        return mask

    def part_mask(self, part, excluded: bool = False) -> int:
        """Listings matching one parsed part, in the fields ``search.build`` uses."""
        if isinstance(part, Phrase):
            return self._phrase("title", part.stems) | self._phrase("description", part.stems)
        if isinstance(part, Word):
            fields = TEXT_FIELDS if excluded else (*TEXT_FIELDS, "title_ngram")
            mask = 0
            for field in fields:
                mask |= self.terms[field].get(part.stem, 0)
            return mask
        if excluded:
            return (
                self._prefix("title", part.stem)
                | self._prefix("description", part.stem)
                | self._prefix("company", part.stem)
            )
        mask = self._prefix("title", part.stem) | self._prefix("description", part.stem)
        return mask | self.terms["title_ngram"].get(part.stem, 0)

    def text_mask(self, text: str) -> int:
        """Listings matching the text of a search (all when there is none)."""
        parsed = parsed_query(text)
        mask = self.all
        if not parsed.is_empty:
            mask = 0
            for group in parsed.groups:
                group_mask = self.all
                for part in group:
                    group_mask &= self.part_mask(part)
                mask |= group_mask
        for part in parsed.excluded:
            mask &= ~self.part_mask(part, excluded=True)
        return mask & self.all

    # --- place and filters ---------------------------------------------------------

    def place_mask(self, where: str, radius_km: int | None) -> int:
        """Listings within the radius of ``where`` (0 when the place is unknown)."""
        radius = radius_km or DEFAULT_RADIUS
        key = (where, radius)
        if key not in self._place_cache:
            origin = resolve_where(where)
            mask = 0
            if origin is not None:
                for place_id, bits in self.place_masks.items():
                    if place_id in origin.named_place_ids or self._within(place_id, origin, radius):
                        mask |= bits
            self._place_cache[key] = mask
        return self._place_cache[key]

    def _within(self, place_id: int, origin: Origin, radius: float) -> bool:
        """Whether the place's centroid lies within ``radius`` km (as geo.places_within)."""
        point = self.place_points.get(place_id)
        if point is None or not all(math.isfinite(v) for v in point):
            return False
        return haversine_km(origin.lat, origin.lon, point[0], point[1]) <= radius

    def _any_of(self, name: str, values) -> int:
        """Listings with any of ``values`` in a filter field."""
        mask = 0
        for value in values:
            mask |= self.values[name].get(str(value), 0)
        return mask

    def filter_mask(self, query: SearchQuery, member_ids: dict, today: date) -> int:
        """Listings passing every filter of ``query`` (as search.query.filter_masks)."""
        mask = self.all
        for name in ("employment_type", "working_model", "sector"):
            if getattr(query, name):
                mask &= self._any_of(name, getattr(query, name))
        members = [member_ids[s] for s in query.member if s in member_ids]
        if members:
            mask &= self._any_of("member", members)
        if query.salary_given:
            mask &= self._any_of("salary_given", ["1"])
        if query.published_within:
            cutoff = epoch_days(today - timedelta(days=int(query.published_within))) * 1440
            mask &= self._published_since(cutoff)
        return mask

    def _published_since(self, cutoff: int) -> int:
        """Listings published at or after ``cutoff`` (epoch minutes, cached)."""
        key = ("published", cutoff)
        if key not in self._place_cache:
            mask = 0
            for index, minutes in enumerate(self.published):
                if minutes >= cutoff:
                    mask |= 1 << index
            self._place_cache[key] = mask
        return self._place_cache[key]

    # --- whole searches ------------------------------------------------------------

    def match_mask(self, query: SearchQuery, member_ids: dict, today: date) -> int:
        """Listings matching a whole saved search."""
        mask = self.filter_mask(query, member_ids, today)
        if mask and query.where:
            mask &= self.place_mask(query.where, query.radius_km)
        if mask and query.q:
            mask &= self.text_mask(query.q)
        return mask

    def ids(self, mask: int) -> list[int]:
        """The job ids of the set bits."""
        return [self.job_ids[index] for index in iter_bits(mask)]

    def match(self, query: SearchQuery, member_ids: dict, today: date) -> list[int]:
        """Job ids matching a saved search, in batch order."""
        return self.ids(self.match_mask(query, member_ids, today))
