"""Places of Germany, regions and their member municipalities."""

from datetime import date

from sqlalchemy import (
    Column,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.extensions import db

member_places = Table(
    "member_places",
    db.metadata,
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), primary_key=True),
    Column("place_id", ForeignKey("places.id", ondelete="CASCADE"), primary_key=True),
)


class Place(db.Model):
    """One locality under one postal code, with the postal code's centroid."""

    __tablename__ = "places"

    id: Mapped[int] = mapped_column(primary_key=True)
    postal_code: Mapped[str] = mapped_column(String(5), index=True)
    name: Mapped[str] = mapped_column(String(120))
    name_key: Mapped[str] = mapped_column(String(120), index=True)
    state: Mapped[str] = mapped_column(String(2))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)

    members: Mapped[list["Member"]] = relationship(secondary=member_places, back_populates="places")

    @property
    def label(self) -> str:
        """Human label such as '01917 Kamenz'."""
        return f"{self.postal_code} {self.name}"

    def __repr__(self) -> str:
        return f"<Place {self.postal_code} {self.name}>"


class Region(db.Model):
    """A municipal network such as the Wachstumsregion Dresden."""

    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")

    members: Mapped[list["Member"]] = relationship(back_populates="region", order_by="Member.name")


class Member(db.Model):
    """A member municipality or district of a region, with membership dates.

    Slug and AGS are unique within a region: a district may belong to two networks
    (the Erzgebirgskreis is in the Regionalmanagement Erzgebirge and the Masterplan
    Region Chemnitz/Südwestsachsen).
    """

    __tablename__ = "members"
    __table_args__ = (
        UniqueConstraint("region_id", "ags", name="uq_members_region_ags"),
        UniqueConstraint("region_id", "slug", name="uq_members_region_slug"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="municipality")  # or "district"
    ags: Mapped[str] = mapped_column(String(12))
    joined_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    description: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    center_place_id: Mapped[int | None] = mapped_column(
        ForeignKey("places.id", ondelete="SET NULL"), nullable=True
    )
    population: Mapped[int | None] = mapped_column(Integer, nullable=True)

    region: Mapped[Region] = relationship(back_populates="members")
    places: Mapped[list[Place]] = relationship(secondary=member_places, back_populates="members")
    center_place: Mapped[Place | None] = relationship(foreign_keys=[center_place_id])

    def is_active(self, on: date) -> bool:
        """Whether the member belongs to the network on the given day."""
        return self.joined_on <= on and (self.left_on is None or on < self.left_on)

    def __repr__(self) -> str:
        return f"<Member {self.name}>"
