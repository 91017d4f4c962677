"""The watch list (Merkliste) of job seekers; ended jobs stay on it, marked as such."""

from dataclasses import dataclass

from sqlalchemy import delete, select

from ..core.extensions import db
from ..core.translation import gettext as _
from ..core.translation import lazy_gettext as _l
from ..listings import is_expired_listing, is_public
from ..models import Bookmark, Job, JobState

MAX_BOOKMARKS = 500
STATUS_LABELS = {
    "open": "offen",
    "expired": "abgelaufen",
    "filled": "besetzt",
    "gone": _l("nicht mehr verfügbar"),
}


class BookmarkError(Exception):
    """A bookmark that cannot be added (German message)."""


@dataclass
class Entry:
    """A bookmarked job with its status key (see STATUS_LABELS)."""

    bookmark: Bookmark
    job: Job
    status: str

    @property
    def status_label(self) -> str:
        """German label of the status."""
        return STATUS_LABELS[self.status]


def job_status(job: Job) -> str:
    """'open' for public jobs, 'expired', 'filled', or 'gone' for everything else."""
    if is_public(job):
        return "open"
    if job.state == JobState.FILLED.value:
        return "filled"
    if is_expired_listing(job):
        return "expired"
    return "gone"


def add_bookmark(user, job: Job) -> Bookmark:
    """Put a public job on the user's list (idempotent)."""
    existing = db.session.execute(
        select(Bookmark).filter_by(user_id=user.id, job_id=job.id)
    ).scalar_one_or_none()
    if existing is not None:
        return existing
    if not is_public(job):
        raise BookmarkError(_("Diese Stelle ist nicht mehr ausgeschrieben."))
    count = len(bookmarked_ids(user))
    if count >= MAX_BOOKMARKS:
        raise BookmarkError(_("Ihre Merkliste ist voll (%(n)s Stellen).", n=MAX_BOOKMARKS))
    bookmark = Bookmark(user_id=user.id, job_id=job.id)
    db.session.add(bookmark)
    db.session.flush()
    return bookmark


def remove_bookmark(user, job_id: int) -> bool:
    """Take a job off the user's list; whether it was there."""
    result = db.session.execute(
        delete(Bookmark).where(Bookmark.user_id == user.id, Bookmark.job_id == job_id)
    )
    return bool(result.rowcount)


def bookmarked_ids(user, job_ids=None) -> set[int]:
    """Ids of the user's bookmarked jobs (optionally only among ``job_ids``)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    query = select(Bookmark.job_id).where(Bookmark.user_id == user.id)
    if job_ids is not None:
        query = query.where(Bookmark.job_id.in_(list(job_ids)))
    return set(db.session.execute(query).scalars())


def entries(user) -> list[Entry]:
    """The user's list, newest first: open jobs and ended ones with their status."""
    query = (
        select(Bookmark)
        .where(Bookmark.user_id == user.id)
        .order_by(Bookmark.created_at.desc(), Bookmark.id.desc())
    )
    return [Entry(b, b.job, job_status(b.job)) for b in db.session.execute(query).scalars()]
