"""Job listings (vacancies) and their lifecycle states."""

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.extensions import db
from ..core.translation import lazy_gettext as _l
from .base import UTCDateTime, utcnow


class JobState(enum.StrEnum):
    """Lifecycle states of a listing (see jobportal.jobs for the transitions)."""

    DRAFT = "draft"
    PENDING = "pending"
    PUBLISHED = "published"
    REJECTED = "rejected"
    EXPIRED = "expired"
    FILLED = "filled"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        """German label of the state."""
        return STATE_LABELS[self]


STATE_LABELS = {
    JobState.DRAFT: _l("Entwurf"),
    JobState.PENDING: _l("In Prüfung"),
    JobState.PUBLISHED: _l("Veröffentlicht"),
    JobState.REJECTED: _l("Abgelehnt"),
    JobState.EXPIRED: _l("Abgelaufen"),
    JobState.FILLED: _l("Besetzt"),
    JobState.WITHDRAWN: _l("Zurückgezogen"),
}

# Named groups of states.
EDITABLE_STATES = {JobState.DRAFT, JobState.REJECTED, JobState.PUBLISHED, JobState.PENDING}
ENDED_STATES = {JobState.EXPIRED, JobState.FILLED, JobState.WITHDRAWN}

EMPLOYMENT_TYPES = {
    "vollzeit": _l("Vollzeit"),
    "teilzeit": _l("Teilzeit"),
    "ausbildung": _l("Ausbildung"),
    "duales_studium": _l("Duales Studium"),
    "minijob": _l("Minijob"),
    "praktikum": _l("Praktikum"),
    "werkstudent": _l("Werkstudent"),
}

WORKING_MODELS = {"vor_ort": _l("vor Ort"), "hybrid": "hybrid", "remote": "remote"}

SECTORS = {
    "handwerk": _l("Handwerk"),
    "industrie": _l("Industrie und Produktion"),
    "it": _l("IT und Software"),
    "gesundheit": _l("Gesundheit und Pflege"),
    "soziales": _l("Soziales und Erziehung"),
    "handel": _l("Handel und Vertrieb"),
    "logistik": _l("Logistik und Verkehr"),
    "bau": _l("Bau und Architektur"),
    "verwaltung": _l("Öffentliche Verwaltung"),
    "gastronomie": _l("Gastronomie und Tourismus"),
    "finanzen": _l("Finanzen und Versicherungen"),
    "bildung": _l("Bildung und Wissenschaft"),
    "energie": _l("Energie und Umwelt"),
    "landwirtschaft": _l("Land- und Forstwirtschaft"),
    "medien": _l("Medien und Kultur"),
    "dienstleistung": _l("Dienstleistungen"),
}

SALARY_UNITS = {"month": _l("pro Monat"), "hour": _l("pro Stunde")}

# Sources of imported listings (Job.source) with their German names.
SOURCE_LABELS = {
    "ba": "Bundesagentur für Arbeit",
    "feed": "Karriereseite des Arbeitgebers",
    "partner": "Partnernetzwerk",
}


class JobPlace(db.Model):
    """A further work place of a listing (the main one is Job.place), with the member
    municipality responsible for it on the day it was set (None: outside the network)."""

    __tablename__ = "job_places"

    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True)
    place_id: Mapped[int] = mapped_column(
        ForeignKey("places.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), nullable=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    place: Mapped["Place"] = relationship()  # noqa: F821

    def __repr__(self) -> str:
        return f"<JobPlace job={self.job_id} place={self.place_id}>"


class Job(db.Model):
    """A vacancy posted by a company (or imported from a source)."""

    __tablename__ = "jobs"
    __table_args__ = (
        UniqueConstraint("source", "external_ref", name="uq_jobs_source_external_ref"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id"), nullable=True, index=True
    )
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id"), nullable=True, index=True
    )
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )

    state: Mapped[str] = mapped_column(String(20), default=JobState.DRAFT.value, index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    street: Mapped[str] = mapped_column(String(200), default="")
    employment_types: Mapped[list] = mapped_column(JSON, default=list)
    working_model: Mapped[str] = mapped_column(String(20), default="vor_ort")
    sector: Mapped[str] = mapped_column(String(40))
    salary_min: Mapped[int | None] = mapped_column(Integer, nullable=True)  # in cents
    salary_max: Mapped[int | None] = mapped_column(Integer, nullable=True)  # in cents
    salary_unit: Mapped[str] = mapped_column(String(10), default="month")
    start_date: Mapped[date | None] = mapped_column(Date, nullable=True)  # None: ab sofort
    apply_url: Mapped[str] = mapped_column(String(500), default="")
    apply_email: Mapped[str] = mapped_column(String(254), default="")
    apply_contact: Mapped[str] = mapped_column(String(120), default="")
    apply_phone: Mapped[str] = mapped_column(String(60), default="")
    ends_on: Mapped[date] = mapped_column(Date, index=True)
    # The employer says one can work there in English (a badge and a search filter).
    english_ok: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())

    # A substantive edit of a published listing waits here while the old version stays online.
    pending_changes: Mapped[dict | None] = mapped_column(JSON(none_as_null=True), nullable=True)
    # The version a promoter last approved, to show what changed since.
    approved_snapshot: Mapped[dict | None] = mapped_column(JSON(none_as_null=True), nullable=True)
    rejection_reason: Mapped[str] = mapped_column(Text, default="")

    source: Mapped[str] = mapped_column(String(20), default="portal")
    external_ref: Mapped[str | None] = mapped_column(String(120), nullable=True)
    source_url: Mapped[str] = mapped_column(String(500), default="")
    employer_name: Mapped[str] = mapped_column(String(200), default="")

    views: Mapped[int] = mapped_column(Integer, default=0)
    apply_clicks: Mapped[int] = mapped_column(Integer, default=0)
    reminder_sent: Mapped[bool] = mapped_column(Boolean, default=False)
    # The employer's answer when marking it filled: filled through the portal? (None: no answer)
    filled_via_portal: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    # A promoter shows it on the home page ("Empfohlene Stellen") while it is public.
    featured: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    company: Mapped["Company | None"] = relationship()  # noqa: F821
    member: Mapped["Member | None"] = relationship()  # noqa: F821
    place: Mapped["Place"] = relationship()  # noqa: F821
    other_places: Mapped[list[JobPlace]] = relationship(
        order_by=JobPlace.position, cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def all_places(self) -> list:
        """Every work place: the main place first, then the others (Place objects)."""
        others = [link.place for link in self.other_places if link.place_id != self.place_id]
        return [self.place, *others] if self.place is not None else others

    @property
    def job_state(self) -> JobState:
        """The state as an enum member."""
        return JobState(self.state)

    @property
    def display_employer(self) -> str:
        """The employer's name: the company, or the name given by an import source."""
        return self.company.name if self.company else self.employer_name

    # A listing from a feed or partner network: its feed record (for the partner's name).
    feed_link: Mapped["FeedListing | None"] = relationship(  # noqa: F821
        primaryjoin="FeedListing.job_id == Job.id", viewonly=True, uselist=False
    )

    @property
    def source_label(self) -> str:
        """German name of the import source ('' for our own listings); a partner
        network's listings name the partner."""
        label = SOURCE_LABELS.get(self.source, "")
        if self.source == "partner" and self.feed_link is not None and self.feed_link.feed.name:
            return f"{label} {self.feed_link.feed.name}"
        return label

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.state} {self.title!r}>"


class ListingMonth(db.Model):
    """Views and apply clicks of a listing in one calendar month (Europe/Berlin).

    Counters for the network's figures: no personal data, one row per listing and month.
    """

    __tablename__ = "listing_months"

    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)  # the first of the month
    views: Mapped[int] = mapped_column(Integer, default=0)
    apply_clicks: Mapped[int] = mapped_column(Integer, default=0)
