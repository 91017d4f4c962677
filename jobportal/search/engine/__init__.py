"""The search engine: how a query is answered from document bitmasks.

Parsing what people type (parse), document sets per index generation (docsets, read
through phrases), text masks (build), relevance tiers (rank), snippets, suggestions, and
the execution that turns SearchParams into a SearchResult (execute); the same masks over
an in-memory view of a few new listings for alerts (memory, percolate). Reads the index
through Whoosh's reader API; knows nothing of how the index is written or stored.
"""

from .docsets import IndexView
from .execute import prepare, run, run_cached
from .lexicon import occupation_forms, occupations_in_title
from .params import HINTS, Hit, SearchParams, SearchResult, normalized
from .parse import parse_query
from .percolate import match_new

__all__ = [
    "HINTS",
    "Hit",
    "IndexView",
    "SearchParams",
    "SearchResult",
    "match_new",
    "normalized",
    "occupation_forms",
    "occupations_in_title",
    "parse_query",
    "prepare",
    "run",
    "run_cached",
]
