"""Import of vacancies from the Bundesagentur für Arbeit (BA) job search.

client: the HTTP client (timeouts, retries, rate limit); areas: where to search;
mapping: BA records to our vacancy data; listings: create/update/end imported
listings; importer: one run (`flask import ba`). See docs/ba-import.md.
"""

from .areas import round_umkreis, search_areas
from .client import BaClient, details_key, retry_after_seconds
from .importer import Run, page_limit, run_import, summary
from .mapping import (
    clean_description,
    employment_types,
    listing_data,
    offer_from_search,
    working_model,
)

__all__ = [
    "BaClient",
    "Run",
    "clean_description",
    "details_key",
    "employment_types",
    "listing_data",
    "offer_from_search",
    "page_limit",
    "retry_after_seconds",
    "round_umkreis",
    "run_import",
    "search_areas",
    "summary",
    "working_model",
]
