"""End of publication: expiring due listings, reminder mails and signed renew links.

Re-exported by jobportal.jobs (import from there).
"""

from datetime import date, timedelta

from flask import current_app
from flask_babel import force_locale
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from ..core.clock import berlin_today
from ..core.extensions import db
from ..core.formats import date_de
from ..core.languages import mail_language
from ..core.translation import gettext as _
from ..models import Job, JobState, Member, User
from ..platform.mail import queue_mail
from ..search import note_member_changed
from .lifecycle import company_employers, move, site_url
from .rules import JobError, S

REMINDER_DAYS = 7
MEMBERSHIP_DAYS = 7  # how far back `jobs expire` looks for membership dates that came due
RENEW_LINK_MAX_AGE = 40 * 86400  # the reminder's link also renews a freshly expired listing
_SALT = "job-renew"


def expire_due(today: date | None = None) -> list[Job]:
    """Published listings whose end date has passed become expired (audited as the system)."""

    today = today or berlin_today()
    query = select(Job).where(Job.state == JobState.PUBLISHED.value, Job.ends_on < today)
    due = list(db.session.execute(query.order_by(Job.id)).scalars())
    for job in due:
        move(job, None, "expire", S.EXPIRED, f"Ende der Veröffentlichung am {job.ends_on:%d.%m.%Y}")
    return due


def feed_membership_days(today: date | None = None, days: int = MEMBERSHIP_DAYS) -> list[int]:
    """Re-feed the listings of members that joined or left the network in the last days.

    A join or leave date set ahead of time changes what is public only when the day
    comes, with no edit that would feed the index; the daily `flask jobs expire` calls
    this. Feeding a member twice is harmless (the indexer is idempotent), so a run that
    was missed for up to ``days`` days is caught up. Returns the members' ids.
    """

    today = today or berlin_today()
    since = today - timedelta(days=days)
    query = select(Member.id).where(
        ((Member.joined_on > since) & (Member.joined_on <= today))
        | ((Member.left_on > since) & (Member.left_on <= today))
    )
    member_ids = list(db.session.execute(query.order_by(Member.id)).scalars())
    for member_id in member_ids:
        note_member_changed(member_id)
    return member_ids


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def renew_token(job: Job, user: User) -> str:
    """A signed one-purpose token: renew this listing as this employer, valid until the
    listing's end date changes (so it works once) and at most 40 days."""
    return _serializer().dumps({"j": job.id, "u": user.id, "e": job.ends_on.isoformat()})


def job_from_renew_token(token: str) -> tuple[Job, User]:
    """The listing and employer of a renew token; JobError if invalid, used or too old."""

    invalid = JobError(
        _("Dieser Verlängerungslink ist ungültig, abgelaufen oder wurde schon benutzt.")
    )
    try:
        data = _serializer().loads(token, max_age=RENEW_LINK_MAX_AGE)
        job_id, user_id, ends_on = int(data["j"]), int(data["u"]), str(data["e"])
    except (BadSignature, KeyError, TypeError, ValueError):
        raise invalid from None
    job, user = db.session.get(Job, job_id), db.session.get(User, user_id)
    if job is None or user is None or job.ends_on.isoformat() != ends_on:
        raise invalid
    return job, user


def send_expiry_reminders(today: date | None = None) -> int:
    """Mail the company's employers once, 7 days before a listing ends, with a signed
    renew link; returns the number of listings reminded."""

    today = today or berlin_today()
    query = select(Job).where(
        Job.state == JobState.PUBLISHED.value,
        Job.reminder_sent.is_(False),
        Job.ends_on >= today,
        Job.ends_on <= today + timedelta(days=REMINDER_DAYS),
    )
    count = 0
    for job in db.session.execute(query.order_by(Job.id)).scalars():
        job.reminder_sent = True
        users = company_employers(job)
        for user in users:
            link = site_url(f"/arbeitgeber/stellen/{job.id}/verlaengern/{renew_token(job, user)}")
            _mail_one(job, user, link, site_url)
        count += bool(users)
    return count


def _mail_one(job: Job, user: User, renew_url: str, site_url) -> None:
    """Queue the reminder for one employer."""

    lang = mail_language(user.language)
    with force_locale(lang):
        subject = _(
            "Ihre Anzeige „%(title)s“ endet am %(date)s", title=job.title, date=date_de(job.ends_on)
        )
    queue_mail(
        user.email,
        subject,
        "job_expiry_reminder",
        lang=lang,
        job=job,
        user=user,
        renew_url=renew_url,
        job_url=site_url(f"/stellen/{job.id}"),
        dashboard_url=site_url("/arbeitgeber/"),
    )
