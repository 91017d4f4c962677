"""Events of the network (returnee days, commuter days, job fairs, open days) and who comes."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.extensions import db
from .base import UTCDateTime, utcnow

# Kinds of event; the German label is the one shown (translated in the templates).
EVENT_KINDS = {
    "rueckkehrertag": "Rückkehrertag",
    "pendleraktionstag": "Pendleraktionstag",
    "jobmesse": "Jobmesse",
    "tag_der_offenen_tuer": "Tag der offenen Tür",
}

event_exhibitors = Table(
    "event_exhibitors",
    db.metadata,
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("company_id", ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True),
)


class Event(db.Model):
    """An event in a member municipality, organised by its promoters or the network."""

    __tablename__ = "events"

    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    venue: Mapped[str] = mapped_column(String(200))
    street: Mapped[str] = mapped_column(String(200), default="")
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"))
    capacity: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Confirmed registrations minus cancellations, kept when the registrations themselves
    # are deleted after the event: the network's figures count from here.
    registered: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default=SCHEDULED, index=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    member: Mapped["Member"] = relationship()  # noqa: F821
    place: Mapped["Place"] = relationship()  # noqa: F821
    exhibitors: Mapped[list["Company"]] = relationship(  # noqa: F821
        secondary=event_exhibitors, order_by="Company.name"
    )
    registrations: Mapped[list["EventRegistration"]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def kind_label(self) -> str:
        """German label of the kind."""
        return EVENT_KINDS.get(self.kind, self.kind)

    @property
    def is_cancelled(self) -> bool:
        """Called off by the organiser."""
        return self.status == self.CANCELLED

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.title}>"


class EventRegistration(db.Model):
    """One person coming to an event: an account (one click) or a guest (double opt-in).

    Only confirmed registrations take a seat. ``secret`` is in every link token (confirm,
    cancel): deleting the row kills its links. Deleted 30 days after the event.
    """

    __tablename__ = "event_registrations"
    __table_args__ = (UniqueConstraint("event_id", "email"),)

    PENDING = "pending"
    CONFIRMED = "confirmed"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=True, index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), index=True)
    status: Mapped[str] = mapped_column(String(20), default=PENDING)
    secret: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    event: Mapped[Event] = relationship(back_populates="registrations")

    @property
    def is_confirmed(self) -> bool:
        """Takes a seat and gets the reminder."""
        return self.status == self.CONFIRMED
