"""Helpers for the event tests: an event in a member, registrations, mails."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from jobportal.core.extensions import db
from jobportal.models import Event, EventRegistration, Member, OutboxMail


def make_event(
    app,
    member: str = "kamenz",
    starts_in: timedelta = timedelta(days=10),
    hours: int = 5,
    capacity: int | None = None,
    exhibitors=(),
    **fields,
) -> int:
    """An event in the member's centre (committed); returns its id."""
    from jobportal.models import Company

    with app.app_context():
        m = db.session.execute(select(Member).filter_by(slug=member)).scalar_one()
        start = (datetime.now(UTC) + starts_in).replace(second=0, microsecond=0)
        event = Event(
            kind=fields.pop("kind", "rueckkehrertag"),
            title=fields.pop("title", f"Rückkehrertag {m.name}"),
            description=fields.pop("description", "Arbeitgeber und Kommune stellen sich vor."),
            starts_at=start,
            ends_at=start + timedelta(hours=hours),
            member=m,
            venue=fields.pop("venue", "Rathaus, Ratssaal"),
            street=fields.pop("street", "Markt 1"),
            place=m.center_place,
            capacity=capacity,
            exhibitors=[db.session.get(Company, c) for c in exhibitors],
            **fields,
        )
        db.session.add(event)
        db.session.commit()
        return event.id


def registrations(app, event_id: int) -> list[tuple[str, str]]:
    """(email, status) of an event's registrations, oldest first."""
    with app.app_context():
        query = (
            select(EventRegistration).filter_by(event_id=event_id).order_by(EventRegistration.id)
        )
        return [(r.email, r.status) for r in db.session.execute(query).scalars()]


def outbox(app, recipient: str | None = None) -> list[OutboxMail]:
    """Queued mails (optionally to one address), oldest first, detached."""
    with app.app_context():
        query = select(OutboxMail).order_by(OutboxMail.id)
        if recipient:
            query = query.filter_by(recipient=recipient)
        mails = list(db.session.execute(query).scalars())
        for mail in mails:
            db.session.expunge(mail)
        return mails
