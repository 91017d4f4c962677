"""Job search behind a small interface; nothing outside this package imports Whoosh.

Writing (DESIGN.md decision 1): domain code calls ``note_job_changed(job_id)`` (or
``record_change``) in the transaction that changes a listing; ``drain`` applies the feed
to the index, ``rebuild`` builds a fresh index and swaps it in, ``status`` reports.
Reading: ``search_jobs(SearchParams(...))`` returns a ``SearchResult`` of job ids.
"""

from .builder import rebuild
from .indexer import (
    drain,
    note_company_changed,
    note_job_changed,
    note_member_changed,
    record_change,
    status,
)
from .query import HINTS, Hit, SearchParams, SearchResult, search_jobs
from .searcher import reset_pools
from .storage import IndexBusy

__all__ = [
    "HINTS",
    "Hit",
    "IndexBusy",
    "SearchParams",
    "SearchResult",
    "drain",
    "note_company_changed",
    "note_job_changed",
    "note_member_changed",
    "rebuild",
    "record_change",
    "reset_pools",
    "search_jobs",
    "status",
]
