"""Answering a SearchParams from one view: text, place list, filters, sorting, facets,
snippets, suggestions.

The text query ranks; everything else works on document bitmasks (see docsets.py):
hits = text & scope & every filter, where scope is the live, unexpired documents of an
index generation (or every listing of an in-memory view, see memory.py). The facet
counts of a field use all filters except that field's own, so a user sees what
choosing another value would give.
"""

import math
import weakref
from dataclasses import fields, replace
from datetime import date, timedelta
from functools import reduce

from ..adapter import FACET_FIELDS, FLAG_FIELDS, epoch_days, read_stored
from .build import occupation_queries, text_mask
from .caches import HIT_CACHE, LRU, RESULT_CACHE_BYTES
from .distance import Distances
from .docsets import IndexView
from .params import Hit, SearchParams, SearchResult
from .parse import ParsedQuery, parse_query
from .rank import newest_first, ranked
from .snippets import hit_snippets
from .suggest import occupation_fix, suggestion

PUBLISHED_BUCKETS = (1, 7, 30)
_RESULTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # view -> LRU of answers


def _cutoff_minutes(days: int, today: date) -> int:
    """Published on or after the date ``days`` days ago (UTC), in epoch minutes."""
    return epoch_days(today - timedelta(days=int(days))) * 1440


def filter_masks(view: IndexView, params: SearchParams, today: date) -> dict:
    """One mask per active filter, keyed by facet name."""
    filters = {}
    for name in FACET_FIELDS:
        if name in FLAG_FIELDS:
            if getattr(params, name) is not None:
                filters[name] = view.any_of(name, ["1" if getattr(params, name) else "0"])
        elif getattr(params, name):
            filters[name] = view.any_of(name, getattr(params, name))
    if params.place_ids is not None or params.postal_codes is not None:
        filters["place"] = view.any_of("place", params.place_ids or ()) | view.any_of(
            "postal_code", params.postal_codes or ()
        )
    if params.local_only:
        filters["local_only"] = ~view.any_of("partner", ["1"])
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


def _ordered(
    view: IndexView,
    hits: int,
    parsed: ParsedQuery,
    params: SearchParams,
    distance: Distances | None,
):
    """(docnum, score) of the requested page."""
    end = params.page * params.per_page
    start = end - params.per_page
    if not hits or start >= hits.bit_count():
        return []
    if params.sort == "relevance":
        prefer = view.any_of("place", params.prefer_place_ids or ())
        return ranked(view, parsed, hits, start, end, prefer)
    if params.sort == "distance":
        top = distance.nearest_first(hits, end)
    else:
        top = newest_first(view, hits, end)
    return [(d, None) for d in top[start:end]]


def hit_masks(view, parsed: ParsedQuery, params: SearchParams, today: date, scope: int):
    """(base, filters, hits): ``scope`` narrowed by the text, the active filter masks,
    and the base narrowed by every filter (the hits)."""
    return narrowed_masks(view, text_mask(view, parsed), params, today, scope)


def narrowed_masks(view, text: int | None, params: SearchParams, today: date, scope: int):
    """hit_masks for a text mask computed already (None: no text)."""
    base = scope & text if text is not None else scope
    filters = filter_masks(view, params, today)
    return base, filters, reduce(lambda acc, m: acc & m, filters.values(), base)


def run(view: IndexView, params: SearchParams, parsed: ParsedQuery, today: date) -> SearchResult:
    """Search one index generation (``params`` normalised, ``parsed`` its text)."""
    view.warm(occupation_queries)
    public = view.live() & view.at_least("ends", epoch_days(today))
    base, filters, hits = hit_masks(view, parsed, params, today, public)
    corrected = occupation_fix(view, parsed, public) if not base and parsed.words else None
    if corrected:
        parsed = parse_query(corrected)
        base, filters, hits = hit_masks(view, parsed, params, today, public)
    distance = Distances(view, params.origin) if params.origin else None
    sort = params.sort if not parsed.is_empty or params.sort != "relevance" else "date"
    page = _ordered(view, hits, parsed, replace(params, sort=sort), distance)
    result = SearchResult(hits.bit_count(), params.page, params.per_page, sort, hint=parsed.hint)
    result.corrected = corrected
    result.expansions = [(e.form, e.shown) for e in parsed.expansions]
    stems = frozenset(parsed.stems())
    result.hits = [_hit(view, d, score, stems, distance) for d, score in page]
    if params.with_facets:
        result.facets = facet_counts(view, base, filters, today)
    if result.total == 0 and parsed.words:
        result.suggestion = suggestion(view, parsed, public)
    return result


def prepare(view: IndexView, today: date) -> None:
    """Compute ahead what a first search of this generation would (a new worker's first
    user then waits for none of it): the occupations' masks (IndexView.warm), the column
    structures (ColumnSets.prepare), today's public listings and published buckets, and
    each segment's stored fields held in memory (adapter.read_stored)."""
    view.warm(occupation_queries)
    view.prepare()
    view.at_least("ends", epoch_days(today))
    for days in PUBLISHED_BUCKETS:
        view.at_least("published", _cutoff_minutes(days, today))
    for _sub, reader, offset in view.leaves:
        if reader.doc_count_all():
            read_stored(view.searcher, offset, view.private)


def _shown(view: IndexView, docnum: int, stems: frozenset) -> tuple:
    """(job id, title HTML, snippet HTML) of a document for the query's stems."""
    stored = read_stored(view.searcher, docnum, view.private)
    return (int(stored["id"]), *hit_snippets(stored, stems))


def _hit(view: IndexView, docnum: int, score, stems: frozenset, distance) -> Hit:
    """A Hit with snippets (cached per document and stems) and distance."""
    job_id, title_html, snippet_html = HIT_CACHE.get(
        (view.doc_key(docnum), stems), lambda: _shown(view, docnum, stems)
    )
    km = distance(docnum) if distance else None
    return Hit(
        job_id=job_id,
        score=round(score, 4) if score is not None else None,
        distance_km=round(km, 1) if km is not None and km != math.inf else None,
        title_html=title_html,
        snippet_html=snippet_html,
    )


def _params_key(params: SearchParams) -> tuple:
    """A hashable key of normalised parameters (lists of values as tuples)."""
    values = (getattr(params, f.name) for f in fields(params))
    return tuple(tuple(v) if isinstance(v, list) else v for v in values)


def run_cached(
    view: IndexView, params: SearchParams, parsed: ParsedQuery, today: date, entries: int
) -> SearchResult:
    """``run``, its answer kept with the view (one index generation) for the same
    parameters and day, up to ``entries`` answers (0: not kept), as a search server's
    result cache does (Solr's queryResultCache, Elasticsearch's request cache). The
    caller gets a copy: the same hits and facets, to be read only."""
    if not entries:
        return run(view, params, parsed, today)
    cache = _RESULTS.get(view)
    if cache is None:
        cache = _RESULTS.setdefault(view, LRU(entries, RESULT_CACHE_BYTES))
    key = (_params_key(params), today)
    return replace(cache.get(key, lambda: run(view, params, parsed, today)))
