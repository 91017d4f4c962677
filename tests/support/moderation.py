"""Helpers shared by test_moderation, test_reports and test_admin."""

from sqlalchemy import select

from jobportal.core.extensions import db
from jobportal.models import (
    AbuseReport,
    AuditEntry,
    Company,
    Job,
    OutboxMail,
    SearchChange,
    User,
)


def mails_to(app, recipient: str) -> list[tuple[str, str]]:
    """(subject, text body) of the queued mails to a recipient, oldest first."""
    with app.app_context():
        rows = db.session.execute(
            select(OutboxMail).filter_by(recipient=recipient).order_by(OutboxMail.id)
        ).scalars()
        return [(m.subject, m.body_text) for m in rows]


def job_row(app, job_id: int) -> Job:
    """A detached listing."""
    with app.app_context():
        job = db.session.get(Job, job_id)
        db.session.expunge(job)
        return job


def company_row(app, company_id: int) -> Company:
    """A detached company."""
    with app.app_context():
        company = db.session.get(Company, company_id)
        db.session.expunge(company)
        return company


def user_row(app, user_id: int) -> User:
    """A detached user."""
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user


def audit_actions(app, kind: str, subject_id: int) -> list[str]:
    """The audit actions recorded for an object, oldest first."""
    with app.app_context():
        query = (
            select(AuditEntry.action)
            .filter_by(subject_kind=kind, subject_id=subject_id)
            .order_by(AuditEntry.id)
        )
        return list(db.session.execute(query).scalars())


def reports_of(app, job_id: int) -> list[AbuseReport]:
    """Detached abuse reports of a listing."""
    with app.app_context():
        rows = list(db.session.execute(select(AbuseReport).filter_by(job_id=job_id)).scalars())
        for row in rows:
            db.session.expunge(row)
        return rows


def email_of(app, user_id: int) -> str:
    """A user's e-mail address."""
    return user_row(app, user_id).email


def search_feed(app, kind: str) -> list[int]:
    """Entity ids of the search feed entries of one kind."""
    with app.app_context():
        query = select(SearchChange.entity_id).filter_by(kind=kind).order_by(SearchChange.id)
        return list(db.session.execute(query).scalars())
