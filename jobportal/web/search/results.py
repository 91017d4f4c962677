"""One search, shared by the search page, the Atom feed and the JSON API.

``run_search`` parses the parameters, resolves the place, calls the search core once
and loads the listings of the hits in one query (company and place joined), in hit
order, skipping listings that are no longer public.
"""

from dataclasses import dataclass, field, replace

from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy.orm import joinedload

from ...core.extensions import db
from ...listings import (
    InvalidParameter,
    PlaceFilter,
    SearchQuery,
    parse_search,
    public_jobs_query,
    resolve_place,
    search_params,
)
from ...models import Job
from ...places import active_members
from ...search import SearchResult, search_jobs


@dataclass
class Row:
    """A hit with its listing: highlighted title and snippet as Markup, distance in km."""

    job: Job
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
    members: list = field(default_factory=list)

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


def _markup(html: str) -> Markup:
    """The search core's snippets are escaped HTML with <mark> (search/snippets.py)."""
    return Markup(html)  # noqa: S704 # nosec B704 - escaped by the search core


def _rows(result: SearchResult) -> list[Row]:
    """The hits with their listings, in hit order; hits no longer public are skipped."""
    jobs = load_public_jobs(hit.job_id for hit in result.hits)
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
    args, strict: bool = False, api: bool = False, with_facets: bool = True, **overrides
) -> Outcome:
    """Parse ``args``, search once, load the rows. ``strict`` raises InvalidParameter;
    ``overrides`` replace normalised values (e.g. the feed's sort and page size)."""
    members = active_members()
    query, notices = parse_search(
        args, strict=strict, api=api, member_slugs=[m.slug for m in members]
    )
    query = replace(query, **overrides) if overrides else query
    place = resolve_place(query)
    if strict:
        _check_place(place)
    member_ids = {m.slug: m.id for m in members}
    result = search_jobs(search_params(query, place, member_ids, with_facets=with_facets))
    outcome = Outcome(query, notices, place, result, members=members)
    outcome.rows = _rows(result)
    return outcome
