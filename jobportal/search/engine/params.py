"""What a search asks for and what it answers: SearchParams, SearchResult, Hit, HINTS."""

import math
from dataclasses import dataclass, field, replace

from ...core.translation import lazy_gettext as _l

SORTS = ("relevance", "date", "distance")
MAX_PER_PAGE = 100
MAX_WINDOW = 10_000  # deepest hit a client can page to
HINTS = {
    "truncated": _l("Ihre Suche war sehr lang; wir haben nur den Anfang verwendet."),
    "no_terms": _l("Ihre Eingabe enthält keine suchbaren Begriffe; wir zeigen alle Stellen."),
}


@dataclass(frozen=True)
class SearchParams:
    """What to search. Sequences select values (OR within a filter, AND across filters).

    ``place_ids``/``postal_codes``: None = anywhere; a list (from geo.places_within) =
    only jobs in those places (an empty list matches nothing). ``origin`` (lat, lon)
    enables distances and the distance sort. ``prefer_place_ids``: places the text names
    ("Koch Dresden"); their listings come first within each relevance tier.
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
    local_only: bool = False  # leave out partner networks' listings (the API)
    english: bool | None = None  # an English-speaking workplace
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    with_facets: bool = True
    prefer_place_ids: tuple | list = ()


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
    corrected: str | None = None  # the misspelt occupation corrected: hits are for this text
    # (form typed, forms searched) per occupation named in the query
    expansions: list = field(default_factory=list)

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
