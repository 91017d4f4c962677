"""Listing feeds: employers' career feeds (Personio XML, Atom/RSS, JSON-LD career pages)
and partner networks (another installation's /api/v1/jobs), with the listings they keep."""

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.extensions import db
from .base import UTCDateTime, utcnow

FEED_KINDS = {"employer": "Karriere-Feed", "partner": "Partnernetzwerk"}
FEED_STATUS_LABELS = {
    "": "noch nicht abgerufen",
    "succeeded": "erfolgreich",
    "failed": "fehlgeschlagen",
    "drift": "Format nicht mehr lesbar",
}
# Counters of a feed run, in the order the status shows them, with German labels.
FEED_COUNTERS = {
    "new": "neu",
    "updated": "aktualisiert",
    "unchanged": "unverändert",
    "ended": "beendet",
    "skipped": "übersprungen",
}


class ListingFeed(db.Model):
    """A source of listings fetched by `flask import feeds`: an employer's career feed
    (company set) or a partner network (kind 'partner', configured by the admin)."""

    __tablename__ = "listing_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default="employer")
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), nullable=True, index=True
    )
    name: Mapped[str] = mapped_column(String(200), default="")  # a partner's name
    url: Mapped[str] = mapped_column(String(500))
    # Partner networks: the partner's member slugs whose listings are taken ([] = all).
    members: Mapped[list] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_status: Mapped[str] = mapped_column(String(20), default="")
    last_format: Mapped[str] = mapped_column(String(20), default="")
    last_counts: Mapped[dict] = mapped_column(JSON, default=dict)
    last_error: Mapped[str] = mapped_column(Text, default="")
    # Why records were skipped in the last run, one line each (at most a few dozen).
    last_skips: Mapped[str] = mapped_column(Text, default="")

    company: Mapped["Company | None"] = relationship()  # noqa: F821

    @property
    def status_label(self) -> str:
        """German label of the last run's status."""
        return FEED_STATUS_LABELS.get(self.last_status, self.last_status)

    @property
    def counts_text(self) -> str:
        """'2 neu, 1 aktualisiert, …' of the last run."""
        counts = self.last_counts or {}
        return ", ".join(f"{counts.get(key, 0)} {label}" for key, label in FEED_COUNTERS.items())

    def __repr__(self) -> str:
        return f"<ListingFeed {self.id} {self.kind} {self.url}>"


class FeedListing(db.Model):
    """A listing imported from a feed, known by the source's own id."""

    __tablename__ = "feed_listings"
    __table_args__ = (UniqueConstraint("feed_id", "ref", name="uq_feed_listings_feed_ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    feed_id: Mapped[int] = mapped_column(
        ForeignKey("listing_feeds.id", ondelete="CASCADE"), index=True
    )
    ref: Mapped[str] = mapped_column(String(200))
    job_id: Mapped[int] = mapped_column(
        ForeignKey("jobs.id", ondelete="CASCADE"), unique=True, index=True
    )
    fingerprint: Mapped[str] = mapped_column(String(64), default="")
    salary_text: Mapped[str] = mapped_column(Text, default="")
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    feed: Mapped[ListingFeed] = relationship()
    job: Mapped["Job"] = relationship()  # noqa: F821

    def __repr__(self) -> str:
        return f"<FeedListing {self.feed_id}:{self.ref} job={self.job_id}>"
