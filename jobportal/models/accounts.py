"""User accounts, roles, promoter scopes and throttling records."""

import enum
from datetime import datetime

from sqlalchemy import Boolean, Column, ForeignKey, String, Table
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.extensions import db
from .base import UTCDateTime, utcnow


class Role(enum.StrEnum):
    """What a user may do on the portal."""

    JOBSEEKER = "jobseeker"
    EMPLOYER = "employer"
    PROMOTER = "promoter"
    ADMIN = "admin"


promoter_members = Table(
    "promoter_members",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), primary_key=True),
)


class User(db.Model):
    """A person with a login; employers belong to one company."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(20), default=Role.JOBSEEKER.value)
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="SET NULL"), nullable=True, index=True
    )
    # Rotates on logout and password change: old sessions and remember cookies stop working.
    session_token: Mapped[str] = mapped_column(String(64))
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # When the retention warning ("account will be deleted in 30 days") was mailed (privacy.py).
    retention_warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # promoters: a digest of listings waiting for review (`flask moderation notify`)
    moderation_mails: Mapped[bool] = mapped_column(Boolean, default=True, server_default=sa_true())
    moderation_digest_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The chosen interface and mail language ("de", "en"); None: not chosen (mails in German).
    language: Mapped[str | None] = mapped_column(String(5), nullable=True)

    company: Mapped["Company | None"] = relationship(back_populates="users")  # noqa: F821
    members: Mapped[list["Member"]] = relationship(secondary=promoter_members)  # noqa: F821

    # Flask-Login protocol
    @property
    def is_authenticated(self) -> bool:
        """Every loaded user is authenticated."""
        return True

    @property
    def is_active(self) -> bool:
        """Locked accounts cannot log in."""
        return self.locked_at is None

    @property
    def is_anonymous(self) -> bool:
        """A real user is never anonymous."""
        return False

    def get_id(self) -> str:
        """Session id: user id plus the rotating session token."""
        return f"{self.id}:{self.session_token}"

    @property
    def email_verified(self) -> bool:
        """Whether the e-mail address was confirmed."""
        return self.email_verified_at is not None

    def has_role(self, *roles: str) -> bool:
        """Whether the user has one of the given roles."""
        return self.role in {str(r) for r in roles}

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class ThrottleEvent(db.Model):
    """One counted event (e.g. a failed login) for rate limits shared by all workers."""

    __tablename__ = "throttle_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    bucket: Mapped[str] = mapped_column(String(40), index=True)
    key: Mapped[str] = mapped_column(String(128), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
