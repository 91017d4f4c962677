"""Helpers shared by the returnee tests: profiles, indexed jobs, mails."""

from datetime import date

from sqlalchemy import select

from jobportal.core.extensions import db
from jobportal.models import OutboxMail, ReturneeProfile, User
from jobportal.returnees import ProfileInput, save_profile
from jobportal.search import drain, note_job_changed, reset_pools


def make_profile(app, user_id: int, homes=("Kamenz",), commute=30, work="", **fields) -> int:
    """Save a returnee profile through the domain function; returns its id."""
    with app.app_context():
        user = db.session.get(User, user_id)
        data = ProfileInput(homes=list(homes), commute_km=commute, work_text=work, **fields)
        profile = save_profile(user, data)
        db.session.commit()
        return profile.id


def index_jobs(app, *job_ids) -> None:
    """Feed listings to the search index and drain it (what the lifecycle does)."""
    with app.app_context():
        for job_id in job_ids:
            note_job_changed(job_id)
        db.session.commit()
        drain(app)
    reset_pools()


def profile_row(app, profile_id: int) -> ReturneeProfile:
    """A profile with its homes loaded (detached use inside app contexts only)."""
    return db.session.get(ReturneeProfile, profile_id)


def mails_to(app, recipient: str) -> list[OutboxMail]:
    """Queued mails to a recipient, oldest first (detached)."""
    with app.app_context():
        query = select(OutboxMail).filter_by(recipient=recipient).order_by(OutboxMail.id)
        rows = list(db.session.execute(query).scalars())
        for row in rows:
            db.session.expunge(row)
        return rows


def month(offset: int, today: date) -> date:
    """The first day of the month ``offset`` months after today's."""
    index = today.year * 12 + today.month - 1 + offset
    return date(index // 12, index % 12 + 1, 1)
