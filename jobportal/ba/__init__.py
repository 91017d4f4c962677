"""Import of vacancies from the Bundesagentur für Arbeit (BA) job search.

client: the HTTP client (timeouts, retries, rate limit, drift checks); areas: where to
search; shape: the v4 and v6 field names; mapping: BA records to our vacancy data;
placing: work places to our places; sync: create/update/end imported listings; drift:
loud failures when the BA's interface changes; importer: one run (`flask import ba`);
probe: `flask import ba --probe`. See docs/ba-import.md and docs/sources.md.
"""

from .areas import round_umkreis, search_areas
from .client import BaAnswerError, BaClient, BaDrift, details_key, retry_after_seconds
from .drift import current_drift
from .importer import Run, page_limit, run_import, summary
from .mapping import (
    ANONYMOUS,
    clean_description,
    employment_types,
    guess_sector,
    listing_data,
    offer_from_search,
    salary_fields,
    working_model,
)
from .placing import Placement, place_listing
from .probe import probe as probe_ba
from .shape import Location, locations, postal_code, salary_text

__all__ = [
    "ANONYMOUS",
    "BaAnswerError",
    "BaClient",
    "BaDrift",
    "Location",
    "Placement",
    "Run",
    "clean_description",
    "current_drift",
    "details_key",
    "employment_types",
    "guess_sector",
    "listing_data",
    "locations",
    "offer_from_search",
    "page_limit",
    "place_listing",
    "postal_code",
    "probe_ba",
    "retry_after_seconds",
    "round_umkreis",
    "run_import",
    "salary_fields",
    "salary_text",
    "search_areas",
    "summary",
    "working_model",
]
