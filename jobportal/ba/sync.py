"""Imported BA listings in step with the source: create, update, keep alive, end.

Every change goes through the listing lifecycle (jobportal.listings, as listings.SYSTEM) or
writes its audit entry and search feed entry itself; nothing here commits.
"""

from datetime import date, datetime, timedelta

from sqlalchemy import select

from .. import listings
from ..core.extensions import db
from ..listings import DEFAULT_DAYS
from ..models import BaListing, Job, JobState, Place
from ..models.base import utcnow
from ..models.jobs import ENDED_STATES
from ..platform import audit

SOURCE = "ba"
EXTEND_BELOW_DAYS = 14  # a listing still offered is extended when it has fewer days left
NOTE = "Aus der Jobsuche der Bundesagentur für Arbeit"


def find(refnr: str) -> BaListing | None:
    """The imported listing of a BA reference number, if any."""
    return db.session.execute(select(BaListing).filter_by(refnr=refnr)).scalar_one_or_none()


def create(
    refnr: str,
    modified: str,
    values: dict,
    extra: dict,
    publish_directly: bool,
    today: date,
) -> Job:
    """A new listing from validated values (listings.create_imported): pending in the
    promoters' queue, or published. extra holds employer_name, source_url, salary_text
    and places (the other work places, kept with the BA listing record)."""
    job = listings.create_imported(SOURCE, refnr, values, extra, publish_directly, today, NOTE)
    now = utcnow()
    link = BaListing(refnr=refnr, job=job, modified=modified, first_seen_at=now, last_seen_at=now)
    keep_extra(link, extra, today)
    db.session.add(link)
    return job


def keep_extra(link: BaListing, extra: dict, today: date) -> None:
    """Keep what our listing has no field for on the BA record (salary text, all other
    places as the BA names them); the known other places become the listing's."""
    link.salary_text = extra.get("salary_text", "")
    link.places = list(extra.get("places", []))
    known = [db.session.get(Place, p["place_id"]) for p in link.places if p.get("place_id")]
    listings.set_other_places(link.job, known, today)


def update(
    link: BaListing, modified: str, values: dict, extra: dict, publish_directly: bool, today: date
) -> bool:
    """Bring a listing up to date with the BA's changed version; whether it changed
    (listings.update_imported: rejected, withdrawn and filled ones stay as they are)."""
    link.modified = modified
    keep_extra(link, extra, today)
    return listings.update_imported(link.job, values, extra, publish_directly, today, NOTE)


def keep_alive(link: BaListing, now: datetime, today: date) -> None:
    """The BA still offers the listing: note it, and extend a published or pending one
    that is running out."""
    link.last_seen_at = now
    job = link.job
    live = job.job_state in (JobState.PUBLISHED, JobState.PENDING)
    if live and (job.ends_on - today).days < EXTEND_BELOW_DAYS:
        job.ends_on = today + timedelta(days=DEFAULT_DAYS)
        reason = f"{NOTE}: weiter angeboten, verlängert bis {job.ends_on:%d.%m.%Y}"
        audit.record(listings.SYSTEM, "job", job.id, "renew", job.state, job.state, reason)
        listings.listing_changed(job)


def vanished(cutoff: datetime, limit: int) -> list[BaListing]:
    """Imported listings not ended yet that no run has seen since the cutoff."""
    ended = [state.value for state in ENDED_STATES]
    query = (
        select(BaListing)
        .join(Job, Job.id == BaListing.job_id)
        .where(BaListing.last_seen_at < cutoff, Job.state.not_in(ended))
        .order_by(BaListing.id)
        .limit(limit)
    )
    return list(db.session.execute(query).scalars())


def end(link: BaListing, days: int) -> None:
    """End a listing the BA no longer offers (published: expired; else withdrawn)."""
    reason = f"Seit {days} Tagen nicht mehr in der Jobsuche der Bundesagentur für Arbeit"
    listings.end_imported(link.job, reason)
