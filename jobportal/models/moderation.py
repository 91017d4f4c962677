"""Audit entries: who changed what, when, from which state to which, and why."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.extensions import db
from .base import UTCDateTime, utcnow


class AuditEntry(db.Model):
    """One recorded action on a listing, a company or an account."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    subject_kind: Mapped[str] = mapped_column(String(20))  # job | company | user | member
    subject_id: Mapped[int] = mapped_column(index=True)
    action: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str] = mapped_column(String(20), default="")
    to_state: Mapped[str] = mapped_column(String(20), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    actor: Mapped["User | None"] = relationship()  # noqa: F821


class AbuseReport(db.Model):
    """A visitor's report that a public listing breaks the rules."""

    __tablename__ = "abuse_reports"

    OPEN = "open"
    CLOSED = "closed"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(40))  # key of moderation.REPORT_REASONS
    text: Mapped[str] = mapped_column(Text, default="")
    reporter_hash: Mapped[str] = mapped_column(String(128), default="")
    status: Mapped[str] = mapped_column(String(10), default=OPEN, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    handled_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    resolution: Mapped[str] = mapped_column(Text, default="")

    job: Mapped["Job"] = relationship()  # noqa: F821
    handled_by: Mapped["User | None"] = relationship()  # noqa: F821

    @property
    def is_open(self) -> bool:
        """Still waiting for a promoter."""
        return self.status == self.OPEN


class ModerationNote(db.Model):
    """An internal note of a promoter on a listing or a company (never shown to employers)."""

    __tablename__ = "moderation_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_kind: Mapped[str] = mapped_column(String(20))  # job | company
    subject_id: Mapped[int] = mapped_column(index=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    author: Mapped["User | None"] = relationship()  # noqa: F821
