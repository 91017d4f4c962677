"""Read-only questions about listings: what is public, the moderation queue, diffs.

Re-exported by jobportal.jobs, which is the module other code imports.
"""

from datetime import date

from flask import current_app
from sqlalchemy import and_, func, or_, select

from ..core.clock import berlin_today
from ..core.extensions import db
from ..core.formats import euro_cents
from ..core.geometry import haversine_km
from ..core.translation import gettext as _
from ..models import Company, Job, JobState, Member, Place, Region, Role, member_places
from ..models.jobs import EMPLOYMENT_TYPES, SALARY_UNITS, SECTORS, WORKING_MODELS
from ..places import in_network, remembered
from .data import FIELD_LABELS
from .rules import moderating_member_ids
from .snapshots import SNAPSHOT_FIELDS, snapshot


def network_place_ids(today: date):
    """Subquery: ids of the places inside the network on that day."""
    active = and_(Member.joined_on <= today, or_(Member.left_on.is_(None), Member.left_on > today))
    region = select(Region.id).where(Region.slug == current_app.config["REGION"])
    return (
        select(member_places.c.place_id)
        .join(Member, Member.id == member_places.c.member_id)
        .where(active, Member.region_id.in_(region))
    )


def public_jobs_filter(today: date | None = None) -> list:
    """Where-clauses for public listings: published, unexpired, company not banned,
    place of work inside the network today."""
    today = today or berlin_today()
    unbanned = select(Company.id).where(Company.banned_at.is_(None))
    return [
        Job.state == JobState.PUBLISHED.value,
        Job.ends_on >= today,
        or_(Job.company_id.is_(None), Job.company_id.in_(unbanned)),
        Job.place_id.in_(network_place_ids(today)),
    ]


def public_jobs_query(today: date | None = None):
    """A `select(Job)` of public listings (add your own order and limit)."""
    return select(Job).where(*public_jobs_filter(today))


def newest_public_jobs(limit: int = 10, company_id: int | None = None) -> list[Job]:
    """The newest public listings (optionally of one company)."""
    query = public_jobs_query()
    if company_id is not None:
        query = query.where(Job.company_id == company_id)
    query = query.order_by(Job.published_at.desc(), Job.id.desc()).limit(limit)
    return list(db.session.execute(query).scalars())


def featured_public_jobs(limit: int = 4) -> list[Job]:
    """Public listings a promoter recommends, newest first (the home page)."""
    query = public_jobs_query().where(Job.featured.is_(True))
    query = query.order_by(Job.published_at.desc(), Job.id.desc()).limit(limit)
    return list(db.session.execute(query).scalars())


SIMILAR_CANDIDATES = 60  # newest listings of the sector weighed by distance


def similar_jobs(job: Job, limit: int = 4) -> list[Job]:
    """Other public listings of the same sector, nearest to the listing's place first
    (the newest SIMILAR_CANDIDATES of the sector are weighed)."""
    query = (
        public_jobs_query()
        .where(Job.sector == job.sector, Job.id != job.id)
        .order_by(Job.published_at.desc(), Job.id.desc())
        .limit(SIMILAR_CANDIDATES)
    )
    candidates = list(db.session.execute(query).scalars())
    here = job.place

    def distance(other: Job) -> float:
        return haversine_km(here.lat, here.lon, other.place.lat, other.place.lon)

    return sorted(candidates, key=distance)[:limit]


def network_place_set(today: date | None = None) -> frozenset[int]:
    """Ids of the places inside the network on that day (default today), kept in the
    process until members or places change (places.remembered)."""
    today = today or berlin_today()
    return remembered(
        ("network-place-ids", current_app.config["REGION"], today),
        lambda: frozenset(db.session.execute(network_place_ids(today)).scalars()),
    )


def public_row_check(today: date):
    """``public_jobs_filter`` for a listing's plain column values, as a predicate
    ``(state, ends_on, company_banned_at, place_id) -> bool`` for the day ``today``
    (company left-joined: no company, no ban)."""
    published, places = JobState.PUBLISHED.value, network_place_set(today)

    def is_public(state: str, ends_on: date, company_banned_at, place_id: int) -> bool:
        return (
            state == published
            and ends_on >= today
            and company_banned_at is None
            and place_id in places
        )

    return is_public


def _visible_owner(job: Job, today: date) -> bool:
    """Company not banned and the place of work inside the network on that day."""
    if job.company is not None and job.company.is_banned:
        return False
    return in_network(job.place, today)


def is_public(job: Job, today: date | None = None) -> bool:
    """Whether the public may see, count and list this listing."""
    today = today or berlin_today()
    return (
        job.state == JobState.PUBLISHED.value
        and job.ends_on >= today
        and _visible_owner(job, today)
    )


def is_expired_listing(job: Job, today: date | None = None) -> bool:
    """A once public listing past its end date (its page says so, with noindex)."""
    today = today or berlin_today()
    ended = job.state == JobState.EXPIRED.value or (
        job.state == JobState.PUBLISHED.value and job.ends_on < today
    )
    return ended and _visible_owner(job, today)


def moderation_queue_jobs(promoter) -> list[Job]:
    """Pending listings and published ones with pending changes in the promoter's members
    (admins: all), oldest submission first."""
    query = select(Job).where(
        or_(
            Job.state == JobState.PENDING.value,
            and_(Job.state == JobState.PUBLISHED.value, Job.pending_changes.is_not(None)),
        )
    )
    query = query.order_by(func.coalesce(Job.submitted_at, Job.created_at), Job.id)
    jobs = list(db.session.execute(query).scalars())
    if promoter.has_role(Role.ADMIN):
        return jobs
    if not promoter.has_role(Role.PROMOTER):
        return []
    mine = {m.id for m in promoter.members}
    return [job for job in jobs if moderating_member_ids(job) & mine]


def effective_snapshot(job: Job) -> dict:
    """The listing's content including changes still waiting for review."""
    return {**snapshot(job), **(job.pending_changes or {})}


def diff_since_approval(job: Job) -> list[tuple[str, str, str]]:
    """(field label, approved value, new value) for every field changed since the last
    approval; empty for a listing never approved or unchanged."""
    if not job.approved_snapshot and not job.pending_changes:
        return []
    old = job.approved_snapshot or snapshot(job)
    new = effective_snapshot(job)
    return [
        (FIELD_LABELS[key], display_value(key, old.get(key)), display_value(key, new.get(key)))
        for key in SNAPSHOT_FIELDS
        if old.get(key) != new.get(key)
    ]


def display_value(key: str, value) -> str:
    """A snapshot value as German text for the moderation diff."""
    if key == "start_date" and not value:
        return _("ab sofort")
    if key == "english_ok":
        return _("ja") if value else _("nein")
    if value in (None, "", []):
        return "–"
    if key in ("start_date", "ends_on"):
        return date.fromisoformat(value).strftime("%d.%m.%Y")
    if key == "employment_types":
        return ", ".join(str(EMPLOYMENT_TYPES.get(v, v)) for v in value)
    labels = {"working_model": WORKING_MODELS, "sector": SECTORS, "salary_unit": SALARY_UNITS}
    if key in labels:
        return str(labels[key].get(value, value))
    if key in ("salary_min", "salary_max"):
        return euro_cents(value)
    if key == "place_id":
        place = db.session.get(Place, value)
        return place.label if place else "–"
    return str(value)
