"""Job search behind a small interface; nothing outside this package imports Whoosh.

Writing (DESIGN.md decision 1): domain code calls ``note_job_changed(job_id)`` (or
``record_change``) in the transaction that changes a listing; ``drain`` applies the feed
to the index, ``rebuild`` builds a fresh index and swaps it in, ``status`` reports,
``run_worker`` drains in a loop, registers the node (``node_name``) with a heartbeat and
prunes the feed below the slowest live node (``nodes`` lists the registry; an index
behind the pruned feed raises ``RebuildRequired`` and the worker rebuilds it).
Reading: ``search_jobs(SearchParams(...))`` returns a
``SearchResult`` of job ids (``warm_search`` computes ahead what a new process's first
searches would); ``match_new`` matches saved searches against a few new
listings in memory (alerts), by the same rules. A query word naming an occupation of the
curated list (jobportal/data/occupations.json) is expanded to all of its forms, for the
search page, alerts and returnee matching alike; ``occupation_forms`` and
``occupations_in_title`` read that list. ``init_app(app, Visibility(...))``
(called by create_app) hands over which listings are public and registers the drain
after a request's commit. ``job_document``/``build_index``: an index without the
database (benchmarks). Setting SEARCH_PRIVATE_FAST_PATH (default on): off, only
Whoosh 2.7's public API is used.

Inside: ``engine`` answers queries from document bitmasks, ``adapter`` is the Whoosh
index (analysis, schema, storage, indexer, searcher pool); ``service`` joins the two.
"""

from .adapter import (
    DOCUMENT_LOADS,
    IndexBusy,
    RebuildRequired,
    Visibility,
    build_index,
    drain,
    job_document,
    node_name,
    nodes,
    note_company_changed,
    note_job_changed,
    note_member_changed,
    rebuild,
    record_change,
    reset_pools,
    run_worker,
    status,
)
from .engine import (
    HINTS,
    Hit,
    SearchParams,
    SearchResult,
    occupation_forms,
    occupations_in_title,
)
from .service import init_app, match_new, search_jobs, warm_search

__all__ = [
    "DOCUMENT_LOADS",
    "HINTS",
    "Hit",
    "IndexBusy",
    "RebuildRequired",
    "SearchParams",
    "SearchResult",
    "Visibility",
    "build_index",
    "drain",
    "init_app",
    "job_document",
    "match_new",
    "node_name",
    "nodes",
    "note_company_changed",
    "note_job_changed",
    "note_member_changed",
    "occupation_forms",
    "occupations_in_title",
    "rebuild",
    "record_change",
    "reset_pools",
    "run_worker",
    "search_jobs",
    "status",
    "warm_search",
]
