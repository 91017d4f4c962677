"""The Bundesagentur für Arbeit (BA) import: its runs and the listings it keeps in step."""

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.extensions import db
from .base import UTCDateTime, utcnow

RUN_STATUS_LABELS = {
    "running": "läuft",
    "succeeded": "erfolgreich",
    "failed": "fehlgeschlagen",
    "aborted": "abgebrochen",
}

# Counters of a run, in the order the summary shows them, with German labels.
RUN_COUNTERS = {
    "requests": "Anfragen",
    "new": "neu",
    "updated": "aktualisiert",
    "unchanged": "unverändert",
    "ended": "beendet",
    "skipped": "übersprungen",
    "outside": "außerhalb des Netzwerks",
    "unplaced": "Arbeitsort unbekannt",
    "filtered": "Zeitarbeit/Vermittlung ausgelassen",
}


class BaImportRun(db.Model):
    """One run of `flask import ba`: when, how it ended, what it did and what went wrong."""

    __tablename__ = "ba_import_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="running")
    requests: Mapped[int] = mapped_column(Integer, default=0)
    new: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    ended: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    outside: Mapped[int] = mapped_column(Integer, default=0)
    unplaced: Mapped[int] = mapped_column(Integer, default=0)
    filtered: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[str] = mapped_column(Text, default="")
    # The BA's interface changed (endpoint gone, unknown shape): what, where, what was seen.
    drift: Mapped[str] = mapped_column(Text, default="")
    drift_mailed_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    @property
    def status_label(self) -> str:
        """German label of the status."""
        return RUN_STATUS_LABELS.get(self.status, self.status)

    @property
    def seconds(self) -> float | None:
        """Duration in seconds (None while running)."""
        if self.finished_at is None:
            return None
        return round((self.finished_at - self.started_at).total_seconds(), 1)

    def __repr__(self) -> str:
        return f"<BaImportRun {self.id} {self.status}>"


class BaListing(db.Model):
    """An imported BA vacancy: its reference number, last change and when a run last saw it."""

    __tablename__ = "ba_listings"

    id: Mapped[int] = mapped_column(primary_key=True)
    refnr: Mapped[str] = mapped_column(String(120), unique=True)
    job_id: Mapped[int] = mapped_column(
        ForeignKey("jobs.id", ondelete="CASCADE"), unique=True, index=True
    )
    modified: Mapped[str] = mapped_column(String(40), default="")  # aenderungsdatum (v4: ...)
    salary_text: Mapped[str] = mapped_column(Text, default="")  # verguetung as the BA says it
    # The listing's other work places: [{postal_code, name, place_id, in_network}]
    places: Mapped[list] = mapped_column(JSON, default=list)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    job: Mapped["Job"] = relationship()  # noqa: F821

    def __repr__(self) -> str:
        return f"<BaListing {self.refnr} job={self.job_id}>"
