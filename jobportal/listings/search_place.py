"""Where a job search looks and what the search core gets.

``resolve_place`` turns a ``SearchQuery``'s ``where`` into the places within the radius
(exact haversine, DESIGN.md decision 2), ``places_named_in`` finds the places a search
text names, and ``search_params`` turns query and place into the parameters of
``jobportal.search.search_jobs``. No Flask request in here: plain values in, plain values
out.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from ..places import lookup_place, place_ids_within, remembered
from ..search import SearchParams
from .search_params import DEFAULT_RADIUS, SearchQuery


@dataclass(frozen=True)
class PlaceFilter:
    """What ``where`` resolved to.

    status: "none" (no place given), "found", "ambiguous" (choose from ``candidates``)
    or "unknown". When found, ``origin`` is the point measured from and ``place_ids``
    the place rows within the radius (plus the named town itself).
    """

    status: str = "none"
    label: str = ""
    origin: tuple | None = None
    place_ids: tuple | None = None
    candidates: tuple = ()


def resolve_place(query: SearchQuery) -> PlaceFilter:
    """Look ``where`` up (geo.lookup_place) and collect the places within the radius;
    kept in the process per (where, radius) until the places change (places.remembered)."""

    if not query.where:
        return PlaceFilter()
    radius = query.radius_km or DEFAULT_RADIUS
    return remembered(("place", query.where, radius), lambda: _resolve(query.where, radius))


def _resolve(where: str, radius: int) -> PlaceFilter:
    """resolve_place without the cache."""
    lookup = lookup_place(where)
    point = lookup.point
    if point is None:
        status = "ambiguous" if lookup.ambiguous else "unknown"
        return PlaceFilter(status, candidates=lookup.candidates if lookup.ambiguous else ())
    ids = place_ids_within(point[0], point[1], radius)
    ids.update(lookup.place_ids)
    chosen = lookup.locality or lookup.candidates[0]
    if lookup.postal_code:
        chosen = chosen.for_code(lookup.postal_code)
    return PlaceFilter("found", chosen.label, point, tuple(sorted(ids)))


PLACE_WORDS = 8  # words of the search text looked up as place names
_PLACE_WORD = re.compile(r"[^\W\d_][\w-]{2,}|\d{5}")


@lru_cache(maxsize=1024)
def places_named_in(text: str) -> tuple:
    """Place rows that words of a search text of several words name ("Koch Dresden",
    "Pflege 01917", "Elektriker Bad Schandau"), for ranking their listings first. Places
    are static data: cached per process, like returnees' radius lists."""
    words = _PLACE_WORD.findall(text or "")[:PLACE_WORDS]
    if len(words) < 2:
        return ()
    ids = set()
    for size in (1, 2):
        for start in range(len(words) - size + 1):
            lookup = lookup_place(" ".join(words[start : start + size]))
            ids.update(pid for loc in lookup.candidates for pid in loc.place_ids)
    return tuple(sorted(ids))


def search_params(
    query: SearchQuery, place: PlaceFilter, member_ids: dict, with_facets: bool = True
):
    """The search core's SearchParams; ``member_ids`` maps member slugs to ids."""

    found = place.status == "found"
    return SearchParams(
        q=query.q,
        prefer_place_ids=places_named_in(query.q) if query.sort == "relevance" else (),
        place_ids=place.place_ids if found else None,
        origin=place.origin if found else None,
        employment_type=query.employment_type,
        working_model=query.working_model,
        sector=query.sector,
        member=tuple(str(member_ids[s]) for s in query.member if s in member_ids),
        published_within_days=query.published_within,
        salary_given=True if query.salary_given else None,
        english=True if query.english else None,
        sort=query.sort if found or query.sort != "distance" else "relevance",
        page=query.page,
        per_page=query.per_page,
        with_facets=with_facets,
    )
