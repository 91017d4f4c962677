"""Companies (employers) in member municipalities."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.extensions import db
from .base import UTCDateTime, utcnow


class Company(db.Model):
    """An employer with a public profile once verified."""

    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    street: Mapped[str] = mapped_column(String(200), default="")
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"), nullable=True)
    website: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    sector: Mapped[str] = mapped_column(String(80), default="")
    size: Mapped[str] = mapped_column(String(40), default="")
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(60), default="")
    # file name of the uploaded logo under DATA_DIR/logos (employers/logos.py), or None
    logo_file: Mapped[str | None] = mapped_column(String(80), nullable=True)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    banned_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    member: Mapped["Member"] = relationship()  # noqa: F821
    place: Mapped["Place | None"] = relationship()  # noqa: F821
    users: Mapped[list["User"]] = relationship(back_populates="company")  # noqa: F821

    @property
    def is_verified(self) -> bool:
        """Verified by a promoter."""
        return self.verified_at is not None

    @property
    def is_banned(self) -> bool:
        """Banned companies have no listings on the site."""
        return self.banned_at is not None

    def __repr__(self) -> str:
        return f"<Company {self.name}>"
