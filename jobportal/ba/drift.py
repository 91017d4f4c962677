"""Drift of the BA's interface is loud: recorded on the run, shown on the admin import
page, and mailed to the network admins once per day while it lasts."""

from datetime import date

from flask import current_app
from sqlalchemy import exists, select

from ..core.extensions import db
from ..core.translation import lazy_gettext as _l
from ..models import BaImportRun, Role, User
from ..platform.mail import queue_mail
from .client import BaDrift

SUBJECT = _l("BA-Import gestoppt: Die Schnittstelle der Bundesagentur hat sich geändert")
ADMIN_PAGE = "/admin/ba-import"


def _mailed_today(today: date) -> bool:
    """Whether a drift mail went out today already."""
    return db.session.execute(select(exists().where(BaImportRun.drift_mailed_on == today))).scalar()


def _admins() -> list[User]:
    """The network admins that can read mail (not locked)."""
    query = select(User).where(User.role == Role.ADMIN.value, User.locked_at.is_(None))
    return list(db.session.execute(query.order_by(User.id)).scalars())


def record_drift(record: BaImportRun, error: BaDrift, today: date) -> int:
    """Note the drift on the run and mail the admins unless they got one today; the number
    of mails queued (the caller commits)."""
    record.drift = str(error)
    if _mailed_today(today):
        return 0
    admins = _admins()
    link = current_app.config["SITE_URL"].rstrip("/") + ADMIN_PAGE
    for admin in admins:
        queue_mail(
            admin.email,
            SUBJECT,
            "ba_drift",
            lang=admin.language,
            user=admin,
            error=error,
            run=record,
            link=link,
        )
    record.drift_mailed_on = today
    return len(admins)


def current_drift() -> BaImportRun | None:
    """The newest finished run if it stopped on drift (it lasts until a run succeeds)."""
    query = (
        select(BaImportRun)
        .where(BaImportRun.status != "running")
        .order_by(BaImportRun.started_at.desc(), BaImportRun.id.desc())
        .limit(1)
    )
    latest = db.session.execute(query).scalar_one_or_none()
    return latest if latest is not None and latest.drift else None
