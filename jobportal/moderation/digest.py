"""The promoters' digest: one mail per promoter and run listing what waits for review.

``flask moderation notify`` (scheduled, one run at a time) calls ``send_digests``. A
promoter hears of a listing once per submission: the listings submitted (or resubmitted)
after the promoter's last digest and no later than the run's start. Promoters who switched
the mails off in their account (``User.moderation_mails``), locked or unverified accounts
get nothing; their mark still moves on so that switching on again does not flood them.
"""

from datetime import datetime

from sqlalchemy import select

from .. import listings
from ..core.extensions import db
from ..core.translation import lazy_ngettext
from ..models import Job, Role, User
from ..models.base import utcnow
from ..platform.mail import queue_mail

DIGEST_TEMPLATE = "moderation_digest"


def _submitted(job: Job) -> datetime:
    return job.submitted_at or job.created_at


def new_for(promoter: User, until: datetime) -> list[Job]:
    """Listings in the promoter's queue submitted since the last digest, up to ``until``."""
    since = promoter.moderation_digest_at
    return [
        job
        for job in listings.moderation_queue_jobs(promoter)
        if _submitted(job) <= until and (since is None or _submitted(job) > since)
    ]


def set_moderation_mails(user: User, wanted: bool) -> None:
    """Switch the digest on or off for a promoter (caller commits)."""
    user.moderation_mails = bool(wanted)


def send_digests(now: datetime | None = None) -> dict:
    """Queue one digest per promoter with new listings; {"mails", "listings"}."""
    now = now or utcnow()
    promoters = db.session.execute(
        select(User).where(User.role == Role.PROMOTER.value).order_by(User.id)
    ).scalars()
    mails = mentioned = 0
    for promoter in promoters:
        jobs = new_for(promoter, now)
        wanted = promoter.moderation_mails and promoter.is_active and promoter.email_verified
        if jobs and wanted:
            subject = lazy_ngettext(
                "1 Stellenanzeige wartet auf Ihre Prüfung",
                "%(num)d Stellenanzeigen warten auf Ihre Prüfung",
                len(jobs),
            )
            queue_mail(
                promoter.email,
                subject,
                DIGEST_TEMPLATE,
                lang=promoter.language,
                user=promoter,
                jobs=jobs,
            )
            mails += 1
            mentioned += len(jobs)
        promoter.moderation_digest_at = now
    return {"mails": mails, "listings": mentioned}
