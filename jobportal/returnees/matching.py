"""Matching: the public jobs that fit a returnee profile, ranked, each with a reason.

A job qualifies when its place lies within the commute radius of any desired home
(the union of ``geo.place_distances`` per home) or when it is remote. The search
index does the heavy lifting (place list filter, Whoosh relevance, newest first);
Python only handles one page: ranking ties by distance to the nearest home and the
reasons. Text fit first, then distance: hits are ordered by (-score, distance). With
no work text, the newest jobs come first.
"""

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..core.clock import berlin_today
from ..core.extensions import db
from ..core.geometry import haversine_km
from ..core.text import fold
from ..listings import network_place_ids, public_jobs_query
from ..models import Job, JobPlace, Place
from ..places import car_time_label, nearest_members, place_distances
from ..search import SearchParams, search_jobs

MAX_PER_PAGE = 50
SEARCH_PAGE = 100  # the search core's largest page
MAX_WINDOW = 1000  # deepest hit a profile can page to
DESCRIPTION_SCAN = 3000  # characters of a description searched for the matching term
TIE_SLACK = 5  # hits fetched past the page to order equal scores by distance


@dataclass
class Match:
    """One matching job, with the nearest desired home and why it matches."""

    job: Job
    score: float | None
    distance_km: float | None
    home_name: str | None
    reason: str
    remote: bool = False


@dataclass
class UnreachableHome:
    """A desired home with no member municipality within the commute radius."""

    name: str
    suggestions: list = field(default_factory=list)  # (Member, km)


@dataclass
class MatchResult:
    """One page of matches, the total and the homes no member can be reached from."""

    matches: list
    total: int
    page: int
    per_page: int
    unreachable: list = field(default_factory=list)

    @property
    def pages(self) -> int:
        """Number of pages (at least 1)."""
        return max(1, -(-min(self.total, MAX_WINDOW) // self.per_page))


@lru_cache(maxsize=256)
def places_near(lat: float, lon: float, radius_km: int) -> frozenset:
    """Ids of the places within the radius (places are static data: cached per process)."""
    return frozenset(place.id for place, _km in place_distances(lat, lon, radius_km))


def network_ids(day) -> set:
    """Ids of the places inside the network on the day (membership changes: not cached)."""
    return set(db.session.execute(network_place_ids(day)).scalars())


def work_terms(work_text: str) -> list[str]:
    """The occupations / keywords of a work text: 'Elektriker, Mechatroniker' gives two."""
    entries = re.split(r"[,;/\n]+|\s+(?:und|oder|or)\s+", work_text or "", flags=re.IGNORECASE)
    cleaned = (" ".join(w.strip("-\"'()*") for w in entry.split()) for entry in entries)
    return [entry for entry in cleaned if entry.strip()]


def work_query(work_text: str) -> str:
    """A search query that any of the work terms satisfies ('Elektriker OR Mechatroniker')."""
    return " OR ".join(work_terms(work_text))


def commute_place_ids(profile) -> set[int]:
    """Places within the commute radius of any desired home."""
    found: set[int] = set()
    for home in profile.homes:
        found |= places_near(round(home.lat, 5), round(home.lon, 5), int(profile.commute_km))
    return found


def unreachable_homes(profile, network: set) -> list[UnreachableHome]:
    """Desired homes with no network place within reach, with the nearest members."""
    out = []
    for home in profile.homes:
        near = places_near(round(home.lat, 5), round(home.lon, 5), int(profile.commute_km))
        if not near & network:
            out.append(UnreachableHome(home.name, nearest_members(home.lat, home.lon, limit=3)))
    return out


def _top(params: SearchParams, count: int):
    """(total, the first ``count`` hits) of a search, fetched in pages."""
    size = min(count, SEARCH_PAGE)
    hits, total, page = [], 0, 1
    while len(hits) < count:
        result = search_jobs(SearchParams(**{**params.__dict__, "page": page, "per_page": size}))
        total = result.total
        hits.extend(result.hits)
        if len(result.hits) < size:
            break
        page += 1
    return total, hits[:count]


def _searches(profile, place_ids: set, network: set, count: int):
    """(total, hits) of jobs in reach plus remote jobs elsewhere in the network.

    Public jobs lie in network places only, so "remote, out of reach" is the remote
    jobs in the network places outside the reach. A remote job with several places may
    be in both lists: it is shown once (and counted once when it was fetched).
    """
    q = work_query(profile.work_text)
    base = SearchParams(q=q, sort="relevance" if q else "date", with_facets=False)
    total, hits = _top(replace(base, place_ids=tuple(place_ids)), count)
    elsewhere = tuple(network - place_ids)
    if elsewhere:
        remote = replace(base, place_ids=elsewhere, working_model=("remote",))
        remote_total, remote_hits = _top(remote, count)
        seen = {hit.job_id for hit in hits}
        more = [hit for hit in remote_hits if hit.job_id not in seen]
        total = total + remote_total - (len(remote_hits) - len(more))
        hits = hits + more
    return total, hits


def _facts(job_ids: list[int]) -> dict[int, tuple]:
    """([(lat, lon) of every work place], published) of the public jobs among the ids
    (the database decides, should the index lag behind)."""
    if not job_ids:
        return {}
    query = (
        public_jobs_query()
        .where(Job.id.in_(job_ids))
        .join(Place, Place.id == Job.place_id)
        .with_only_columns(Job.id, Place.lat, Place.lon, Job.published_at, Job.created_at)
    )
    rows = db.session.execute(query)
    facts = {row[0]: ([(row[1], row[2])], (row[3] or row[4]).timestamp()) for row in rows}
    others = (
        select(JobPlace.job_id, Place.lat, Place.lon)
        .join(Place, Place.id == JobPlace.place_id)
        .where(JobPlace.job_id.in_(list(facts)))
    )
    for job_id, lat, lon in db.session.execute(others):
        facts[job_id][0].append((lat, lon))
    return facts


def _nearest_home(points: list[tuple[float, float]], homes) -> tuple:
    """(home, km) of the desired home nearest to any of the points (work places)."""
    pairs = [(home, haversine_km(home.lat, home.lon, *point)) for point in points for home in homes]
    return min(pairs, key=lambda pair: pair[1]) if pairs else (None, None)


def _matched_term(terms: list[str], job: Job) -> str:
    """The work term the job's title (else description) mentions; else all terms."""
    keys = [(term, [w[:6] for w in fold(term).split()]) for term in terms]
    for source in (job.title, job.description[:DESCRIPTION_SCAN]):
        text = fold(source)
        for term, words in keys:
            if words and all(w in text for w in words):
                return term
    return ", ".join(terms)


def _reason(profile, job: Job, home, km, in_reach: bool) -> str:
    """German reason: '28 km von Radeberg (ca. 35 Min.), passt zu „Elektriker“'."""
    parts = []
    if in_reach and home is not None and km < 0.5:
        parts.append(f"in {home.name}")
    elif in_reach and home is not None:
        parts.append(f"{km:.0f} km von {home.name} ({car_time_label(km)})")
    if job.working_model == "remote":
        parts.append("remote – ohne Pendeln")
    terms = work_terms(profile.work_text)
    if terms:
        parts.append(f"passt zu „{_matched_term(terms, job)}“")
    else:
        parts.append("neu in Ihrer Wunschregion")
    return ", ".join(parts)


def load_jobs(job_ids: list[int]) -> dict[int, Job]:
    """The listings of one page, with place and company."""
    query = select(Job).where(Job.id.in_(job_ids))
    query = query.options(
        selectinload(Job.place), selectinload(Job.company), selectinload(Job.other_places)
    )
    return {job.id: job for job in db.session.execute(query).scalars()}


def _ordered(profile, hits, by_text: bool) -> list[tuple]:
    """(hit, home, km) of the public hits: by text fit (else date), then distance."""
    facts = _facts([hit.job_id for hit in hits])
    rows = []
    for position, hit in enumerate(hits):
        if hit.job_id in facts:
            points, published = facts[hit.job_id]
            home, km = _nearest_home(points, profile.homes)
            first = -(hit.score or 0) if by_text else -published
            rows.append(((first, km, position), hit, home, km))
    rows.sort(key=lambda row: row[0])
    return [(hit, home, km) for _key, hit, home, km in rows]


def _page(profile, rows, place_ids: set) -> list[Match]:
    """Matches with reasons for the rows of one page."""
    jobs = load_jobs([hit.job_id for hit, _home, _km in rows])
    matches = []
    for hit, home, km in rows:
        job = jobs[hit.job_id]
        in_reach = any(place.id in place_ids for place in job.all_places)
        reason = _reason(profile, job, home, km, in_reach)
        name = home.name if home else None
        match = Match(job, hit.score, km if in_reach else None, name, reason)
        match.remote = job.working_model == "remote"
        matches.append(match)
    return matches


def match_jobs(profile, limit: int = 20, page: int = 1) -> MatchResult:
    """Public jobs that fit the profile: within commute reach of a desired home, or remote.

    Ranked by text fit to the work text, then distance to the nearest desired home (no
    work text: newest first, then distance). Homes with no member within reach are
    listed with the nearest member municipalities.
    """

    limit = min(max(int(limit or 20), 1), MAX_PER_PAGE)
    page = min(max(int(page or 1), 1), max(MAX_WINDOW // limit, 1))
    network = network_ids(berlin_today())
    unreachable = unreachable_homes(profile, network)
    if not profile.homes:
        return MatchResult([], 0, page, limit, unreachable)
    place_ids = commute_place_ids(profile) & network  # a member that left: never counted
    end = page * limit
    # A few hits past the page, so that equal scores at its edge are ordered by distance.
    total, hits = _searches(profile, place_ids, network, end + TIE_SLACK)
    rows = _ordered(profile, hits, by_text=bool(work_terms(profile.work_text)))
    return MatchResult(
        _page(profile, rows[end - limit : end], place_ids), total, page, limit, unreachable
    )
