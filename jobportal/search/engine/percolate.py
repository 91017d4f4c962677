"""Alert matching: saved searches against the few listings published since the last run.

The listings become an in-memory view (memory.py) and every search runs through the
engine's own masks (``execute.hit_masks``: text, filters, place list), so an alert finds
exactly what the search page finds among those listings. Searches arrive as plain
``SearchParams`` (places and members already resolved by the caller).
"""

from collections.abc import Iterable
from datetime import date

from .build import text_mask
from .execute import narrowed_masks
from .memory import MemoryView
from .params import SearchParams
from .parse import parse_query


def match_new(listings, searches: Iterable[SearchParams], today: date) -> list[list[int]]:
    """Per search, the ids of the ``listings`` (public ones, company and place loaded)
    that it matches, in listing order."""
    view = MemoryView(listings)
    scope, texts, found = view.live(), {}, []
    for params in searches:
        if params.q not in texts:  # many alerts share their words (and only differ in place)
            texts[params.q] = text_mask(view, parse_query(params.q))
        _base, _filters, hits = narrowed_masks(view, texts[params.q], params, today, scope)
        found.append(view.ids(hits))
    return found
