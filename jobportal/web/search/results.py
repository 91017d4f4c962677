"""One search, shared by the search page, the Atom feed and the JSON API.

``run_search`` parses the parameters, resolves the place, calls the search core once
and loads the listings of the hits in one query (company and place joined), in hit
order, skipping listings that are no longer public.
"""

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import NamedTuple

from markupsafe import Markup
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from ...core.clock import berlin_today
from ...core.extensions import db
from ...core.translation import gettext as _
from ...listings import (
    InvalidParameter,
    PlaceFilter,
    SearchQuery,
    parse_search,
    public_jobs_query,
    public_row_check,
    resolve_place,
    search_params,
)
from ...models import Company, Job, Place
from ...places import active_member_refs
from ...search import SearchResult, search_jobs


@dataclass(frozen=True)
class JobCard:
    """What the search page shows of a hit's listing: one row of one query, no ORM
    objects (loading 20 full listings with company and place costs ~4x as much);
    hashable, so the cards' HTML can be kept for the same values (web/fragments.py)."""

    id: int
    title: str
    display_employer: str
    postal_code: str
    place_name: str
    employment_types: tuple
    published_at: datetime | None
    logo_file: str | None  # the company's uploaded logo, if any
    place_id: int
    lat: float
    lon: float
    english_ok: bool

    @property
    def place(self) -> "CardPlace":
        """The listing's place, as much as a map marker needs."""
        return CardPlace(self.postal_code, self.place_name, self.lat, self.lon)


class CardPlace(NamedTuple):
    """A JobCard's place: what a map marker shows."""

    postal_code: str
    name: str
    lat: float
    lon: float


@dataclass
class Row:
    """A hit with its listing (a Job, or a JobCard on the search page): highlighted
    title and snippet as Markup, distance in km."""

    job: Job | JobCard
    title: Markup
    snippet: Markup
    distance_km: float | None


@dataclass
class Outcome:
    """Everything a view needs to show one search."""

    query: SearchQuery
    notices: list
    place: PlaceFilter
    result: SearchResult
    rows: list = field(default_factory=list)
    members: tuple = ()  # places.MemberRef

    @property
    def member_by_id(self) -> dict:
        """Active members by id as a string (how the index stores them)."""
        return {str(m.id): m for m in self.members}


def load_public_jobs(ids) -> dict[int, Job]:
    """The public listings among ``ids`` (one query, company and place loaded)."""
    ids = list(ids)
    if not ids:
        return {}
    query = (
        public_jobs_query()
        .where(Job.id.in_(ids))
        .options(joinedload(Job.company), joinedload(Job.place))
    )
    return {job.id: job for job in db.session.execute(query).scalars()}


# One statement for every page of hits (built once: building it cost a tenth of the rows).
CARDS = (
    select(Job.id, Job.title, Company.name, Job.employer_name, Place.postal_code, Place.name)
    .add_columns(Job.employment_types, Job.published_at, Company.logo_file)
    .add_columns(Job.place_id, Place.lat, Place.lon, Job.english_ok)
    .add_columns(Job.state, Job.ends_on, Company.banned_at, Job.place_id)
    .join(Place, Place.id == Job.place_id)
    .outerjoin(Company, Company.id == Job.company_id)
    .where(Job.id.in_(bindparam("ids", expanding=True)))
)


def load_public_cards(ids) -> dict[int, JobCard]:
    """The public listings among ``ids`` as JobCards: one query of the columns shown,
    the public rule checked on the row values (cheaper than its SQL subqueries); rows,
    not ORM objects, so it runs on the session's connection."""
    ids = list(ids)
    if not ids:
        return {}
    is_public = public_row_check(berlin_today())
    return {
        row[0]: JobCard(*row[:2], row[2] or row[3], row[4], row[5], (*(row[6] or ()),), *row[7:13])
        for row in db.session.connection().execute(CARDS, {"ids": ids})
        if is_public(*row[13:])
    }


def _markup(html: str) -> Markup:
    """The search core's snippets are escaped HTML with <mark> (search/snippets.py)."""
    return Markup(html)  # noqa: S704 # nosec B704 - escaped by the search core


def _rows(result: SearchResult, cards: bool = False) -> list[Row]:
    """The hits with their listings (``cards``: as JobCards), in hit order; hits no
    longer public are skipped."""
    jobs = (load_public_cards if cards else load_public_jobs)(hit.job_id for hit in result.hits)
    return [
        Row(jobs[hit.job_id], _markup(hit.title_html), _markup(hit.snippet_html), hit.distance_km)
        for hit in result.hits
        if hit.job_id in jobs
    ]


def _check_place(place: PlaceFilter) -> None:
    """The API refuses places it cannot resolve to one point."""
    if place.status == "unknown":
        raise InvalidParameter("where", _("Diesen Ort kennen wir nicht."))
    if place.status == "ambiguous":
        names = "; ".join(loc.label for loc in place.candidates[:10])
        raise InvalidParameter(
            "where",
            _("Mehrere Orte heißen so; bitte mit Postleitzahl angeben: %(names)s", names=names),
        )


def run_search(
    args,
    strict: bool = False,
    api: bool = False,
    with_facets: bool = True,
    cards: bool = False,
    **overrides,
) -> Outcome:
    """Parse ``args``, search once, load the rows (``cards``: JobCards instead of Jobs).
    ``strict`` raises InvalidParameter; ``overrides`` replace normalised values (e.g. the
    feed's sort and page size)."""
    members = active_member_refs()
    query, notices = parse_search(
        args, strict=strict, api=api, member_slugs=[m.slug for m in members]
    )
    query = replace(query, **overrides) if overrides else query
    place = resolve_place(query)
    if strict:
        _check_place(place)
    member_ids = {m.slug: m.id for m in members}
    params = search_params(query, place, member_ids, with_facets=with_facets)
    # partner networks' listings are never re-exported through our API
    result = search_jobs(replace(params, local_only=api) if api else params)
    outcome = Outcome(query, notices, place, result, members=members)
    outcome.rows = _rows(result, cards)
    return outcome
