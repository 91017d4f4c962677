"""Audit entries: one function to record who did what to which object."""

from sqlalchemy import select

from ..core.extensions import db
from ..models import AuditEntry


def record(
    actor,
    subject_kind: str,
    subject_id: int,
    action: str,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
) -> AuditEntry:
    """Add an audit entry in the caller's transaction (actor may be None for the system)."""
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        subject_kind=subject_kind,
        subject_id=subject_id,
        action=action,
        from_state=str(from_state or ""),
        to_state=str(to_state or ""),
        reason=reason or "",
    )
    db.session.add(entry)
    return entry


def history(subject_kind: str, subject_id: int) -> list[AuditEntry]:
    """All entries for one object, oldest first."""
    return list(
        db.session.execute(
            select(AuditEntry)
            .filter_by(subject_kind=subject_kind, subject_id=subject_id)
            .order_by(AuditEntry.created_at, AuditEntry.id)
        ).scalars()
    )
