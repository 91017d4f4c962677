"""search_jobs: text, place list, filters, sorting, facets, snippets, suggestions.

The text query ranks; everything else works on document bitmasks (see docsets.py):
hits = text & live & unexpired & every filter; the facet counts of a field use all
filters except that field's own, so a user sees what choosing another value would give.
"""

import heapq
import math
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import reduce

from whoosh.reading import ReaderClosed

from ..core.clock import berlin_today
from ..core.geometry import haversine_km
from .build import text_mask
from .docsets import IndexView, iter_bits
from .parse import ParsedQuery, parse_query
from .rank import newest_first, ranked
from .schema import FACET_FIELDS, epoch_days
from .searcher import pool_for
from .snippets import hit_snippets
from .storage import index_root
from .suggest import suggestion

SORTS = ("relevance", "date", "distance")
PUBLISHED_BUCKETS = (1, 7, 30)
MAX_PER_PAGE = 100
MAX_WINDOW = 10_000  # deepest hit a client can page to
HINTS = {
    "truncated": "Ihre Suche war sehr lang; wir haben nur den Anfang verwendet.",
    "no_terms": "Ihre Eingabe enthält keine suchbaren Begriffe; wir zeigen alle Stellen.",
}


@dataclass(frozen=True)
class SearchParams:
    """What to search. Sequences select values (OR within a filter, AND across filters).

    ``place_ids``/``postal_codes``: None = anywhere; a list (from geo.places_within) =
    only jobs in those places (an empty list matches nothing). ``origin`` (lat, lon)
    enables distances and the distance sort.
    """

    q: str = ""
    place_ids: tuple | list | None = None
    postal_codes: tuple | list | None = None
    origin: tuple | None = None
    employment_type: tuple | list = ()
    working_model: tuple | list = ()
    sector: tuple | list = ()
    member: tuple | list = ()
    published_within_days: int | None = None
    salary_given: bool | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    with_facets: bool = True


@dataclass
class Hit:
    """One found listing; the caller loads the row by ``job_id``."""

    job_id: int
    score: float | None
    distance_km: float | None
    title_html: str  # escaped HTML with <mark> around matches
    snippet_html: str


@dataclass
class SearchResult:
    """One page of hits plus total, facet counts, a suggestion or a hint."""

    total: int
    page: int
    per_page: int
    sort: str
    hits: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    suggestion: str | None = None  # "Meinten Sie ...?" (only when nothing was found)
    hint: str | None = None  # a key of HINTS

    @property
    def pages(self) -> int:
        """Number of pages (at least 1)."""
        return max(1, math.ceil(min(self.total, MAX_WINDOW) / self.per_page))

    @property
    def hint_text(self) -> str | None:
        """The hint in German (wrap in _() where shown)."""
        return HINTS.get(self.hint) if self.hint else None


def normalized(params: SearchParams) -> SearchParams:
    """Clamp paging, fall back from impossible sorts."""
    per_page = min(max(int(params.per_page or 20), 1), MAX_PER_PAGE)
    page = min(max(int(params.page or 1), 1), max(MAX_WINDOW // per_page, 1))
    sort = params.sort if params.sort in SORTS else "relevance"
    if sort == "distance" and not params.origin:
        sort = "relevance"
    return replace(params, page=page, per_page=per_page, sort=sort)


def search_jobs(params: SearchParams, app_or_config=None) -> SearchResult:
    """Search the live index; never raises on user input."""
    from flask import current_app

    params = normalized(params)
    parsed = parse_query(params.q)
    pool = pool_for(index_root(app_or_config or current_app))
    for attempt in (1, 2):
        try:
            with pool.view() as view:
                if view is None:
                    return SearchResult(
                        0, params.page, params.per_page, params.sort, hint=parsed.hint
                    )
                return _run(view, params, parsed)
        except (ReaderClosed, OSError):
            if attempt == 2:
                raise
            pool.reset()  # files of a merged segment or an old generation are gone
    raise AssertionError("unreachable")


def _cutoff_minutes(days: int, today: date) -> int:
    """Published on or after the date ``days`` days ago (UTC), in epoch minutes."""
    return epoch_days(today - timedelta(days=int(days))) * 1440


def _any_of(view: IndexView, name: str, values) -> int:
    """Documents with any of ``values`` in the column field ``name``."""
    masks = view.value_masks(name)
    return reduce(lambda acc, v: acc | masks.get(str(v), 0), values, 0)


def filter_masks(view: IndexView, params: SearchParams, today: date) -> dict:
    """One mask per active filter, keyed by facet name."""
    filters = {}
    for name in FACET_FIELDS:
        if name == "salary_given":
            if params.salary_given is not None:
                filters[name] = _any_of(view, name, ["1" if params.salary_given else "0"])
        elif getattr(params, name):
            filters[name] = _any_of(view, name, getattr(params, name))
    if params.place_ids is not None or params.postal_codes is not None:
        filters["place"] = _any_of(view, "place", params.place_ids or ()) | _any_of(
            view, "postal_code", params.postal_codes or ()
        )
    if params.published_within_days:
        cutoff = _cutoff_minutes(params.published_within_days, today)
        filters["published_within_days"] = view.at_least("published", cutoff)
    return filters


def _all_but(base: int, filters: dict, skip: str) -> int:
    """``base`` narrowed by every filter except ``skip``."""
    return reduce(
        lambda acc, item: acc & item[1] if item[0] != skip else acc, filters.items(), base
    )


def facet_counts(view: IndexView, base: int, filters: dict, today: date) -> dict:
    """Per facet, the number of hits for each value, respecting the other filters."""
    facets = {}
    for name in FACET_FIELDS:
        scope = _all_but(base, filters, name)
        counts = (
            (value, (scope & mask).bit_count()) for value, mask in view.value_masks(name).items()
        )
        facets[name] = {value: n for value, n in sorted(counts) if n}
    scope = _all_but(base, filters, "published_within_days")
    facets["published_within_days"] = {
        days: (scope & view.at_least("published", _cutoff_minutes(days, today))).bit_count()
        for days in PUBLISHED_BUCKETS
    }
    return facets


def _distance_fn(view: IndexView, origin):
    """docnum -> km from ``origin`` (inf without coordinates), memoised per coordinate."""
    if not origin:
        return None
    lats, lons, memo = view.column("lat"), view.column("lon"), {}
    lat0, lon0 = float(origin[0]), float(origin[1])

    def distance(docnum: int) -> float:
        key = (lats[docnum], lons[docnum])
        if key not in memo:
            memo[key] = (
                haversine_km(lat0, lon0, key[0] / 1e6, key[1] / 1e6) if key != (0, 0) else math.inf
            )
        return memo[key]

    return distance


def _ordered(view: IndexView, hits: int, parsed: ParsedQuery, params: SearchParams, distance):
    """(docnum, score) of the requested page."""
    end = params.page * params.per_page
    start = end - params.per_page
    if not hits or start >= hits.bit_count():
        return []
    if params.sort == "relevance":
        return ranked(view, parsed, hits, start, end)
    if params.sort == "distance":
        published = view.column("published")
        top = heapq.nsmallest(end, iter_bits(hits), key=lambda d: (distance(d), -published[d], -d))
    else:
        top = newest_first(view, hits, end)
    return [(d, None) for d in top[start:end]]


def _run(view: IndexView, params: SearchParams, parsed: ParsedQuery) -> SearchResult:
    """Search one index generation."""
    today = berlin_today()
    public = view.live() & view.at_least("ends", epoch_days(today))
    text = text_mask(view, parsed)
    base = public & text if text is not None else public
    filters = filter_masks(view, params, today)
    hits = reduce(lambda acc, m: acc & m, filters.values(), base)
    distance = _distance_fn(view, params.origin)
    sort = params.sort if not parsed.is_empty or params.sort != "relevance" else "date"
    page = _ordered(view, hits, parsed, replace(params, sort=sort), distance)
    result = SearchResult(hits.bit_count(), params.page, params.per_page, sort, hint=parsed.hint)
    result.hits = [_hit(view, d, score, parsed, distance) for d, score in page]
    if params.with_facets:
        result.facets = facet_counts(view, base, filters, today)
    if result.total == 0 and parsed.words:
        result.suggestion = suggestion(view, parsed, public)
    return result


def _hit(view: IndexView, docnum: int, score, parsed: ParsedQuery, distance) -> Hit:
    """A Hit with snippets and distance."""
    stored = view.searcher.stored_fields(docnum)
    title_html, snippet_html = hit_snippets(stored, parsed.stems())
    km = distance(docnum) if distance else None
    return Hit(
        job_id=int(stored["id"]),
        score=round(score, 4) if score is not None else None,
        distance_km=round(km, 1) if km is not None and km != math.inf else None,
        title_html=title_html,
        snippet_html=snippet_html,
    )
