"""Saved searches sent as e-mail alerts, the consent proof and what was sent."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.extensions import db
from ..core.translation import lazy_gettext as _l
from .base import UTCDateTime, utcnow

FREQUENCIES = {"daily": _l("täglich"), "weekly": _l("wöchentlich")}


class SavedSearch(db.Model):
    """A saved job search mailed daily or weekly to a user or a bare e-mail address.

    ``params`` is the search's canonical dict (search_params.canonical_dict), so the
    search page, the API and the alert read the same values.
    """

    __tablename__ = "saved_searches"

    PENDING = "pending_confirmation"
    ACTIVE = "active"
    PAUSED = "paused"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=True, index=True
    )
    email: Mapped[str] = mapped_column(String(254), index=True)
    name: Mapped[str] = mapped_column(String(120))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    frequency: Mapped[str] = mapped_column(String(10), default="daily")
    status: Mapped[str] = mapped_column(String(24), default=PENDING, index=True)
    secret: Mapped[str] = mapped_column(String(32))  # in every link token; new secret = links die
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    last_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    still_wanted_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The page language at subscription: the mails of a guest's alert go out in it.
    language: Mapped[str] = mapped_column(String(5), default="de", server_default="de")

    user: Mapped["User | None"] = relationship()  # noqa: F821

    @property
    def recipient(self) -> str:
        """Where the alert goes: the account's current address, else the stored one."""
        return self.user.email if self.user is not None else self.email

    @property
    def frequency_label(self) -> str:
        """German label of the frequency."""
        return FREQUENCIES.get(self.frequency, self.frequency)


class ConsentRecord(db.Model):
    """Proof of a double opt-in: what was shown, when asked and confirmed; a keyed IP hash."""

    __tablename__ = "alert_consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int | None] = mapped_column(
        ForeignKey("saved_searches.id", ondelete="SET NULL"), nullable=True, index=True
    )
    email: Mapped[str] = mapped_column(String(254), index=True)
    consent_text: Mapped[str] = mapped_column(Text)
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    frequency: Mapped[str] = mapped_column(String(10))
    ip_hash: Mapped[str] = mapped_column(String(64), default="")
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    confirm_ip_hash: Mapped[str] = mapped_column(String(64), default="")
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class AlertDelivery(db.Model):
    """A job announced by an alert; unique, so no job is mailed twice for one alert."""

    __tablename__ = "alert_deliveries"
    __table_args__ = (UniqueConstraint("alert_id", "job_id", name="uq_alert_deliveries_alert_job"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(
        ForeignKey("saved_searches.id", ondelete="CASCADE"), index=True
    )
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    mail_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
