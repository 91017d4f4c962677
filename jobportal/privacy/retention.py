"""DSGVO retention: job-seeker accounts without a login for RETENTION_INACTIVE_DAYS are
warned by mail RETENTION_WARNING_DAYS before and deleted afterwards unless they log in
again (a login through the remember cookie counts).

Nothing here commits: the caller owns the transaction.
"""

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from ..core.extensions import db
from ..core.translation import lazy_gettext as _l
from ..models import Role, User
from ..models.base import utcnow
from ..platform.mail import queue_mail
from .rights import erase_user


def _last_activity():
    """SQL expression: the last login, else the registration."""
    return func.coalesce(User.last_login_at, User.created_at)


def retention_run(now: datetime | None = None) -> dict:
    """Warn job seekers inactive for nearly the retention time; delete those warned long ago."""
    config = current_app.config
    now = now or utcnow()
    limit = now - timedelta(days=config["RETENTION_INACTIVE_DAYS"])
    notice = timedelta(days=config["RETENTION_WARNING_DAYS"])
    seekers = select(User).where(User.role == Role.JOBSEEKER.value)
    came_back = seekers.where(
        User.retention_warned_at.is_not(None), User.last_login_at > User.retention_warned_at
    )
    for user in db.session.execute(came_back).scalars():
        user.retention_warned_at = None
    db.session.flush()
    due = seekers.where(
        _last_activity() < limit,
        User.retention_warned_at.is_not(None),
        User.retention_warned_at <= now - notice,
    )
    deleted = [erase_user(u, "Aufbewahrungsfrist") for u in db.session.execute(due).scalars()]
    to_warn = seekers.where(_last_activity() < limit + notice, User.retention_warned_at.is_(None))
    warned = 0
    for user in db.session.execute(to_warn).scalars():
        queue_mail(
            user.email,
            _l("Ihr Konto wird wegen Inaktivität gelöscht"),
            "privacy_retention_warning",
            lang=user.language,
            user=user,
            days=config["RETENTION_WARNING_DAYS"],
        )
        user.retention_warned_at = now
        warned += 1
    return {"warned": warned, "deleted": len(deleted)}
