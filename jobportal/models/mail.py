"""The mail outbox: mails are written in the caller's transaction and sent later."""

from datetime import datetime

from sqlalchemy import JSON, Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..core.extensions import db
from .base import UTCDateTime, utcnow


class OutboxMail(db.Model):
    """One mail waiting for, or done with, delivery."""

    __tablename__ = "outbox_mails"

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text, default="")
    headers: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(10), default=PENDING, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    claimed_by: Mapped[str] = mapped_column(String(64), default="")
    # The account whose words the mail carries (a talent-pool answer, a contact request,
    # an invitation): part of that person's export and erased with them. No foreign key:
    # erasure deletes these rows itself.
    author_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    # Mails carrying a visitor's address that is kept nowhere else (the contact form of
    # a municipality page): once sent, body and headers are emptied.
    erase_after_send: Mapped[bool] = mapped_column(Boolean, default=False)
