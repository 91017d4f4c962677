"""One run of an employer's career feed: fetch, read, place, import, end what is gone.

New and changed postings go through the vacancy import of the listings package (the
same validation as the form; new listings are submitted for review, or published at
once for verified companies with AUTO_PUBLISH_VERIFIED; changes to a published listing
are reviewed like the employer's own edits). Unchanged postings (same fingerprint) are
left alone, renewed when they run out. A posting missing from a complete run is ended
(withdrawn, with the reason in the audit log). A fetch error or a format that no
longer reads (drift) ends nothing and is shown with the feed's status.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from ..core.extensions import db
from ..listings import SYSTEM, JobError, import_jobs, renew, set_other_places, withdraw
from ..models import FeedListing, Job, JobState, ListingFeed
from ..models.base import utcnow
from ..models.feeds import FEED_COUNTERS
from ..platform import audit
from .fetch import FetchError, FetchSettings, fetch
from .jsonld import read_career_page
from .postings import FeedDrift, Posting
from .records import place_posting, record_of
from .xmlfeeds import BadPosting, read_xml_feed

log = logging.getLogger(__name__)

XML_TYPES = ("application/xml", "text/xml", "application/rss+xml", "application/atom+xml")
HTML_TYPES = ("text/html", "application/xhtml+xml")
ACCEPT = (*XML_TYPES, *HTML_TYPES)
RENEW_BELOW_DAYS = 7
MAX_SKIPS_SHOWN = 30
SOURCE = "feed"


@dataclass
class Outcome:
    """What one feed run did."""

    status: str = "succeeded"
    format: str = ""
    counts: dict = field(default_factory=lambda: dict.fromkeys(FEED_COUNTERS, 0))
    skips: list = field(default_factory=list)
    error: str = ""

    def skip(self, reason: str) -> None:
        """Count a record left out, with its reason."""
        self.counts["skipped"] += 1
        self.skips.append(reason)


def read_answer(body: bytes, media: str, url: str) -> tuple[str, list]:
    """(format, Postings and BadPostings) of a fetched feed (FeedDrift if unreadable)."""
    if media in HTML_TYPES:
        return "jsonld", read_career_page(body, url)
    return read_xml_feed(body, url)


def _known(feed: ListingFeed) -> dict[str, FeedListing]:
    query = select(FeedListing).where(FeedListing.feed_id == feed.id)
    return {link.ref: link for link in db.session.execute(query).scalars()}


def _keep_alive(link: FeedListing, now: datetime, today: date) -> None:
    """An unchanged posting: seen now; a published listing running out is renewed."""
    link.last_seen_at = now
    job = link.job
    if job.job_state == JobState.PUBLISHED and (job.ends_on - today).days <= RENEW_BELOW_DAYS:
        try:
            renew(job, SYSTEM, today=today)
        except JobError as error:
            log.info("Feed %s: %s nicht verlängert: %s", link.feed_id, link.ref, error)


@dataclass
class _Batch:
    """The postings of a run that need the import: record, posting and other places."""

    records: list = field(default_factory=list)
    postings: dict = field(default_factory=dict)  # import ref -> (Posting, other places)


def _prepare(feed, items, outcome, known, now, today, max_km) -> tuple[_Batch, set]:
    """Place and map the postings; unchanged ones are kept alive. Returns the batch for
    the import and the source ids seen."""
    batch, seen = _Batch(), set()
    for item in items:
        if isinstance(item, BadPosting):
            outcome.skip(str(item))
            continue
        try:
            placed = place_posting(item, feed.company, today, max_km)
        except BadPosting as error:
            outcome.skip(str(error))  # a listing that moved out of the network ends here
            continue
        if item.ref in seen:
            outcome.skip(f"„{item.title}“: Kennung {item.ref} kommt mehrfach vor")
            continue
        seen.add(item.ref)
        link = known.get(item.ref)
        if link is not None and link.fingerprint == item.fingerprint():
            outcome.counts["unchanged"] += 1
            _keep_alive(link, now, today)
            continue
        record = record_of(item, placed, feed.id, feed.url, feed.company)
        batch.records.append(record)
        batch.postings[record["ref"]] = (item, placed.others)
    return batch, seen


def _store(feed, batch: _Batch, known, now, today, outcome) -> None:
    """Import the batch and keep the feed's records of the listings."""
    if not batch.records:
        return
    report = import_jobs(batch.records, feed.company, SYSTEM, today=today, source=SOURCE)
    for result in report.results:
        posting, others = batch.postings.get(result.ref, (None, []))
        if result.status == "rejected" or posting is None:
            outcome.skip(f"{result.ref}: " + "; ".join(result.reasons))
            continue
        outcome.counts["new" if result.status == "accepted" else "updated"] += 1
        job = db.session.get(Job, result.job_id)
        job.source_url = posting.url
        set_other_places(job, others, today)
        link = known.get(posting.ref) or FeedListing(feed_id=feed.id, ref=posting.ref, job=job)
        link.job, link.fingerprint, link.last_seen_at = job, posting.fingerprint(), now
        link.salary_text = posting.salary_text
        db.session.add(link)


def _end_gone(feed, known: dict, seen: set, outcome) -> None:
    """End the listings whose postings are gone from the feed (withdrawn, reason audited);
    the record is dropped so that a posting that comes back is a new listing."""
    for ref, link in known.items():
        if ref in seen:
            continue
        job = link.job
        if job.job_state in (JobState.PENDING, JobState.PUBLISHED, JobState.REJECTED):
            withdraw(job, SYSTEM)
            reason = f"Nicht mehr im Karriere-Feed {feed.url}"
            audit.record(SYSTEM, "job", job.id, "feed_end", job.state, job.state, reason)
            outcome.counts["ended"] += 1
        job.external_ref = None
        db.session.delete(link)


def _drift_if_nothing_reads(url: str, items: list) -> None:
    postings = [item for item in items if isinstance(item, Posting)]
    if items and not postings:
        raise FeedDrift(
            f"{url}: keiner der {len(items)} Einträge ist lesbar (erster Grund: {items[0]})."
        )


def run_feed(feed: ListingFeed, settings: FetchSettings, config, today: date, session=None):
    """Fetch and import one employer feed; the status is written onto the feed. Nothing
    here commits."""
    outcome, now = Outcome(), utcnow()
    try:
        answer = fetch(feed.url, settings, ACCEPT, session=session)
        outcome.format, items = read_answer(answer.body, answer.content_type, answer.url)
        items = items[: int(config["FEEDS_MAX_POSTINGS"])]
        _drift_if_nothing_reads(feed.url, items)
        known = _known(feed)
        max_km = float(config["BA_COORDINATES_KM"])
        batch, seen = _prepare(feed, items, outcome, known, now, today, max_km)
        _store(feed, batch, known, now, today, outcome)
        _end_gone(feed, known, seen, outcome)
    except FetchError as error:
        outcome.status, outcome.error = "failed", f"{feed.url}: {error}"
    except FeedDrift as error:
        outcome.status, outcome.error = "drift", str(error)
    record_outcome(feed, outcome, now)
    return outcome


def record_outcome(feed: ListingFeed, outcome: Outcome, now: datetime) -> None:
    """Write the run's status, counts, skip reasons and error onto the feed."""
    feed.last_run_at = now
    feed.last_status = outcome.status
    feed.last_format = outcome.format or feed.last_format
    feed.last_counts = dict(outcome.counts)
    feed.last_error = outcome.error
    feed.last_skips = "\n".join(outcome.skips[:MAX_SKIPS_SHOWN])
    if outcome.error:
        log.error("Feed %s (%s): %s", feed.id, outcome.status, outcome.error)
