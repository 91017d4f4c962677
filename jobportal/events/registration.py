"""Registrations: one click for accounts, double opt-in for guests, seats, reminders, clean-up.

A verified account registers at once. A guest gives a name and an address and confirms
through a signed link (48 h, dies with the registration). Only confirmed registrations
take a seat; the seat check runs after the event row is locked in the transaction (a
no-op UPDATE: a row lock on PostgreSQL, the write lock on SQLite), so concurrent requests
never book more than the capacity. Nothing here commits, except `send_reminders`, which
claims each reminder with its own committed UPDATE.
"""

import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update

from ..accounts import dump_token, load_token, normalize_email, site_link, used_link_error
from ..core.clock import BERLIN
from ..core.extensions import db
from ..core.translation import gettext as _
from ..core.translation import lazy_gettext as _l
from ..models import Event, EventRegistration, User
from ..models.base import utcnow
from ..platform.mail import header_safe, queue_mail
from ..platform.throttle import hash_key, is_limited, record
from .planning import is_open_for_registration, mail_lang, seats_taken

CONFIRM_MAX_AGE = 48 * 3600
CANCEL_MAX_AGE = 2 * 366 * 86400  # the cancel link in the mail works until the event
KEEP_AFTER_EVENT = timedelta(days=30)
NAME_MAX = 120
LIMITS_PER_HOUR = {"event-request-email": 5, "event-request-ip": 30}


class RegistrationError(Exception):
    """A registration that cannot be made; ``field`` names the form field, if any."""

    def __init__(self, message: str, field: str | None = None, status: int = 200):
        super().__init__(message)
        self.message = message
        self.field = field
        self.status = status


class EventFull(RegistrationError):
    """No seat left."""


def _full_error() -> EventFull:
    return EventFull(
        _("Die Veranstaltung ist leider ausgebucht. Es sind keine Plätze mehr frei."), status=409
    )


def _lock_event(event: Event) -> None:
    """Lock the event row for the rest of the transaction (concurrent seat checks wait)."""
    db.session.flush()
    db.session.execute(
        update(Event).where(Event.id == event.id).values(capacity=Event.capacity),
        execution_options={"synchronize_session": False},
    )


def _take_seat(event: Event) -> None:
    """With the event locked: EventFull when every seat is taken; else count the
    registration for the figures."""
    _lock_event(event)
    if event.capacity is not None and seats_taken(event) >= event.capacity:
        raise _full_error()
    _count_registration(event, +1)


def _count_registration(event: Event, step: int) -> None:
    """Add to (or take from) the event's lasting count of registrations."""
    db.session.execute(
        update(Event).where(Event.id == event.id).values(registered=Event.registered + step),
        execution_options={"synchronize_session": False},
    )


def _check_open(event: Event, now: datetime) -> None:
    if not is_open_for_registration(event, now):
        raise RegistrationError(_("Für diese Veranstaltung ist keine Anmeldung mehr möglich."))


def registration_of(event: Event, email: str) -> EventRegistration | None:
    """The registration of an address for an event, if any."""
    query = select(EventRegistration).filter_by(event_id=event.id, email=normalize_email(email))
    return db.session.execute(query).scalar_one_or_none()


def registration_of_user(event: Event, user) -> EventRegistration | None:
    """The registration of a logged-in user (by account or by the account's address)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    query = select(EventRegistration).where(
        EventRegistration.event_id == event.id,
        (EventRegistration.user_id == user.id) | (EventRegistration.email == user.email),
    )
    return db.session.execute(query).scalars().first()


def register_user(event: Event, user: User, now: datetime | None = None) -> EventRegistration:
    """One click for a verified account: confirmed at once if a seat is free."""
    now = now or utcnow()
    _check_open(event, now)
    if not user.email_verified:
        raise RegistrationError(_("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse."))
    existing = registration_of_user(event, user)
    if existing is not None and existing.is_confirmed:
        raise RegistrationError(_("Sie sind für diese Veranstaltung bereits angemeldet."))
    _take_seat(event)
    registration = existing or EventRegistration(
        event=event, email=user.email, secret=secrets.token_hex(16), created_at=now
    )
    registration.user_id = user.id
    registration.name = header_safe(user.name)[:NAME_MAX] or user.email
    registration.status, registration.confirmed_at = EventRegistration.CONFIRMED, now
    db.session.add(registration)
    db.session.flush()
    _mail_registered(registration)
    return registration


def _check_limits(email: str, ip: str, now: datetime) -> None:
    """Refuse mail bombing: confirmation mails per address and per IP address and hour."""
    keys = [("event-request-email", hash_key(email)), ("event-request-ip", hash_key(ip or ""))]
    if any(is_limited(b, key, LIMITS_PER_HOUR[b], 3600, now=now) for b, key in keys):
        raise RegistrationError(
            _("Zu viele Anfragen. Bitte versuchen Sie es in einer Stunde erneut."), status=429
        )
    for bucket, key in keys:
        record(bucket, key, now=now)


def register_guest(
    event: Event, name: str, email: str, ip: str = "", now: datetime | None = None
) -> EventRegistration:
    """A guest registration waiting for the link in the confirmation mail."""
    now = now or utcnow()
    _check_open(event, now)
    name = header_safe(name)[:NAME_MAX]
    email = normalize_email(email)
    if not name:
        raise RegistrationError(_("Bitte geben Sie Ihren Namen an."), "name")
    if not email or "@" not in email:
        raise RegistrationError(_("Bitte geben Sie Ihre E-Mail-Adresse an."), "email")
    if event.capacity is not None and seats_taken(event) >= event.capacity:
        raise _full_error()
    _check_limits(email, ip, now)
    registration = registration_of(event, email)
    if registration is not None and registration.is_confirmed:
        _mail_registered(registration)  # the page says nothing new; the owner gets the links
        return registration
    if registration is None:
        registration = EventRegistration(event=event, email=email, created_at=now)
        db.session.add(registration)
    registration.name, registration.secret = name, secrets.token_hex(16)
    registration.status, registration.created_at = EventRegistration.PENDING, now
    db.session.flush()
    queue_mail(
        email,
        _l("Bitte bestätigen Sie Ihre Anmeldung: %(title)s", title=event.title),
        "event_confirm",
        lang=mail_lang(registration),
        event=event,
        registration=registration,
        link=site_link("events.confirm", token=token_for(registration, "confirm")),
        hours=CONFIRM_MAX_AGE // 3600,
    )
    return registration


def confirm_registration(token: str, now: datetime | None = None) -> EventRegistration:
    """The guest's link: confirm if a seat is free (EventFull otherwise); TokenError if bad."""
    now = now or utcnow()
    registration = registration_from_token("confirm", token)
    if registration.is_confirmed:
        raise used_link_error()
    _check_open(registration.event, now)
    _take_seat(registration.event)
    registration.status, registration.confirmed_at = EventRegistration.CONFIRMED, now
    _mail_registered(registration)
    return registration


def cancel_registration(registration: EventRegistration) -> None:
    """The person is no longer coming: the row goes (the seat is free, the links die)."""
    if registration.is_confirmed:
        _count_registration(registration.event, -1)
    db.session.delete(registration)


def _mail_registered(registration: EventRegistration) -> None:
    """The confirmation with the event's facts, the calendar file and the cancel link."""
    event = registration.event
    queue_mail(
        registration.email,
        _l("Sie sind angemeldet: %(title)s", title=event.title),
        "event_registered",
        lang=mail_lang(registration),
        event=event,
        registration=registration,
        event_link=site_link("events.event_page", event_id=event.id),
        ics_link=site_link("events.event_ics", event_id=event.id),
        cancel_link=cancel_link(registration),
    )


# --- link tokens ----------------------------------------------------------------------

PURPOSES = {"confirm": CONFIRM_MAX_AGE, "cancel": CANCEL_MAX_AGE}


def token_for(registration: EventRegistration, purpose: str) -> str:
    """A signed link token for one registration and purpose."""
    return dump_token(f"event-{purpose}", [registration.id, registration.secret])


def cancel_link(registration: EventRegistration) -> str:
    """The absolute URL that lets the person cancel."""
    return site_link("events.cancel", token=token_for(registration, "cancel"))


def registration_from_token(purpose: str, token: str) -> EventRegistration:
    """The registration a token belongs to; TokenError when invalid, expired or used up."""
    reg_id, secret = load_token(f"event-{purpose}", token or "", PURPOSES[purpose], 2)
    registration = db.session.get(EventRegistration, reg_id)
    if registration is None or not secrets.compare_digest(str(secret), registration.secret):
        raise used_link_error()
    return registration


# --- organiser, reminders, retention --------------------------------------------------


def confirmed_registrations(event: Event) -> list[EventRegistration]:
    """Who is coming, in the order they registered."""
    query = (
        select(EventRegistration)
        .filter_by(event_id=event.id, status=EventRegistration.CONFIRMED)
        .order_by(EventRegistration.confirmed_at, EventRegistration.id)
    )
    return list(db.session.execute(query).scalars())


def _tomorrow_window(now: datetime) -> tuple[datetime, datetime]:
    """Start and end (UTC) of tomorrow in Europe/Berlin."""
    tomorrow = now.astimezone(BERLIN).date() + timedelta(days=1)
    start = datetime.combine(tomorrow, datetime.min.time(), BERLIN)
    end = datetime.combine(tomorrow + timedelta(days=1), datetime.min.time(), BERLIN)
    return start, end


def send_reminders(now: datetime | None = None) -> int:
    """Remind everyone confirmed for an event starting tomorrow (Berlin), each exactly once.

    Each reminder is claimed with a conditional UPDATE and queued in the same
    transaction, committed per registration: a second run, or one running at the same
    time on another node, finds nothing left to claim.
    """
    now = now or utcnow()
    start, end = _tomorrow_window(now)
    query = (
        select(EventRegistration.id)
        .join(Event)
        .where(
            Event.status == Event.SCHEDULED,
            Event.starts_at >= start,
            Event.starts_at < end,
            EventRegistration.status == EventRegistration.CONFIRMED,
            EventRegistration.reminded_at.is_(None),
        )
        .order_by(EventRegistration.id)
    )
    sent = 0
    for reg_id in list(db.session.execute(query).scalars()):
        claim = db.session.execute(
            update(EventRegistration)
            .where(EventRegistration.id == reg_id, EventRegistration.reminded_at.is_(None))
            .values(reminded_at=now),
            execution_options={"synchronize_session": False},
        )
        if claim.rowcount != 1:
            db.session.rollback()
            continue
        registration = db.session.get(EventRegistration, reg_id)
        db.session.refresh(registration)
        event = registration.event
        queue_mail(
            registration.email,
            _l("Morgen: %(title)s", title=event.title),
            "event_reminder",
            lang=mail_lang(registration),
            event=event,
            registration=registration,
            event_link=site_link("events.event_page", event_id=event.id),
            cancel_link=cancel_link(registration),
        )
        db.session.commit()
        sent += 1
    return sent


def purge_registrations(now: datetime | None = None) -> dict:
    """Delete registrations 30 days after their event, and unconfirmed ones after 48 hours."""
    now = now or utcnow()
    ended = select(Event.id).where(Event.ends_at < now - KEEP_AFTER_EVENT)
    past = db.session.execute(
        delete(EventRegistration).where(EventRegistration.event_id.in_(ended)),
        execution_options={"synchronize_session": False},
    ).rowcount
    stale = db.session.execute(
        delete(EventRegistration).where(
            EventRegistration.status == EventRegistration.PENDING,
            EventRegistration.created_at < now - timedelta(seconds=CONFIRM_MAX_AGE),
        ),
        execution_options={"synchronize_session": False},
    ).rowcount
    return {"past": past, "unconfirmed": stale}
