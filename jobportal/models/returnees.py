"""Returnee profiles, desired homes, bookmarks, contact requests, municipality pages."""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.extensions import db
from .base import UTCDateTime, utcnow

VISIBILITY_PRIVATE = "private"
VISIBILITY_PROMOTERS = "promoters"
VISIBILITY_PSEUDONYMOUS = "promoters_employers"
VISIBILITIES = (VISIBILITY_PRIVATE, VISIBILITY_PROMOTERS, VISIBILITY_PSEUDONYMOUS)


class ReturneeProfile(db.Model):
    """What a job seeker tells the portal: where they live, want to live, and work."""

    __tablename__ = "returnee_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True, index=True
    )
    current_place_id: Mapped[int | None] = mapped_column(
        ForeignKey("places.id", ondelete="SET NULL"), nullable=True
    )
    abroad_country: Mapped[str] = mapped_column(String(80), default="")  # set: lives abroad
    origin_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), nullable=True
    )
    commute_km: Mapped[int] = mapped_column(Integer, default=30)
    work_text: Mapped[str] = mapped_column(String(300), default="")
    # The household's second career: the partner's work and commute (never shown to others).
    partner_work_text: Mapped[str] = mapped_column(String(300), default="")
    partner_commute_km: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sector: Mapped[str] = mapped_column(String(40), default="")  # key of models.jobs.SECTORS
    employment_types: Mapped[list] = mapped_column(JSON, default=list)
    working_models: Mapped[list] = mapped_column(JSON, default=list)
    return_month: Mapped[date | None] = mapped_column(Date, nullable=True)  # first of month
    needs: Mapped[list] = mapped_column(JSON, default=list)  # keys of returnees.NEEDS
    visibility: Mapped[str] = mapped_column(String(20), default=VISIBILITY_PRIVATE, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped["User"] = relationship()  # noqa: F821
    current_place: Mapped["Place | None"] = relationship()  # noqa: F821
    origin_member: Mapped["Member | None"] = relationship()  # noqa: F821
    homes: Mapped[list["DesiredHome"]] = relationship(
        back_populates="profile",
        order_by="DesiredHome.position",
        cascade="all, delete-orphan",
    )

    @property
    def lives_abroad(self) -> bool:
        """Whether the returnee currently lives outside Germany."""
        return bool(self.abroad_country)

    def __repr__(self) -> str:
        return f"<ReturneeProfile {self.id} user={self.user_id}>"


class DesiredHome(db.Model):
    """One of one to three places a returnee would like to live in."""

    __tablename__ = "desired_homes"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("returnee_profiles.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))  # the town ("Radeberg")
    label: Mapped[str] = mapped_column(String(160))  # "Radeberg (01454, Sachsen)"
    lat: Mapped[float] = mapped_column(Float)  # the point distances are measured from
    lon: Mapped[float] = mapped_column(Float)

    profile: Mapped[ReturneeProfile] = relationship(back_populates="homes")
    place: Mapped["Place"] = relationship()  # noqa: F821


class Bookmark(db.Model):
    """A job on a job seeker's watch list (Merkliste)."""

    __tablename__ = "bookmarks"
    __table_args__ = (UniqueConstraint("user_id", "job_id", name="uq_bookmarks_user_job"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    job: Mapped["Job"] = relationship()  # noqa: F821


class ContactRequest(db.Model):
    """A promoter's or employer's message to a returnee, passed on through the portal."""

    __tablename__ = "contact_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("returnee_profiles.id", ondelete="CASCADE"), index=True
    )
    sender_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    sender_name: Mapped[str] = mapped_column(String(120))
    sender_org: Mapped[str] = mapped_column(String(200))
    sender_email: Mapped[str] = mapped_column(String(254))
    message: Mapped[str] = mapped_column(Text)
    reply: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    profile: Mapped[ReturneeProfile] = relationship()
    sender: Mapped["User | None"] = relationship()  # noqa: F821


class MemberPage(db.Model):
    """The sections of a member municipality's public page, written by its promoters."""

    __tablename__ = "member_pages"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    living: Mapped[str] = mapped_column(Text, default="")
    housing: Mapped[str] = mapped_column(Text, default="")
    childcare: Mapped[str] = mapped_column(Text, default="")
    transport: Mapped[str] = mapped_column(Text, default="")
    leisure: Mapped[str] = mapped_column(Text, default="")
    support: Mapped[str] = mapped_column(Text, default="")
    # English versions (optional; shown on English pages when filled in).
    living_en: Mapped[str] = mapped_column(Text, default="")
    housing_en: Mapped[str] = mapped_column(Text, default="")
    childcare_en: Mapped[str] = mapped_column(Text, default="")
    transport_en: Mapped[str] = mapped_column(Text, default="")
    leisure_en: Mapped[str] = mapped_column(Text, default="")
    support_en: Mapped[str] = mapped_column(Text, default="")
    # The municipal housing company (name and website) and the trip to the nearest city.
    housing_company: Mapped[str] = mapped_column(String(200), default="")
    housing_url: Mapped[str] = mapped_column(String(500), default="")
    transit_city: Mapped[str] = mapped_column(String(120), default="")
    transit_mode: Mapped[str] = mapped_column(String(120), default="")
    transit_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )


class PromoterContact(db.Model):
    """A promoter's consent to be shown as contact person on their members' pages."""

    __tablename__ = "promoter_contacts"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    shown: Mapped[bool] = mapped_column(Boolean, default=True)
    phone: Mapped[str] = mapped_column(String(60), default="")
    consented_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped["User"] = relationship()  # noqa: F821
