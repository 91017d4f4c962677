"""Registrations: one click, double opt-in, seats (also under concurrency), reminders once,
cancelling, deletion 30 days after the event."""

import re
import threading
from datetime import UTC, datetime, timedelta

import itsdangerous
import pytest
from sqlalchemy import select

from jobportal import events
from jobportal.accounts import TokenError
from jobportal.core.clock import BERLIN
from jobportal.core.extensions import db
from jobportal.models import Event, EventRegistration, User
from tests.support.events import make_event, outbox, registrations


def _event(event_id: int) -> Event:
    return db.session.get(Event, event_id)


def _link(text: str, part: str) -> str:
    return next(u for u in re.findall(r"https?://\S+", text) if part in u)


def test_account_registers_with_one_click_and_gets_the_links(app, factory):
    seeker = factory.user(email="paula@example.org", name="Paula Rückkehr")
    event_id = make_event(app)
    with app.app_context():
        events.register_user(_event(event_id), db.session.get(User, seeker))
        db.session.commit()
        with pytest.raises(events.RegistrationError, match="bereits angemeldet"):
            events.register_user(_event(event_id), db.session.get(User, seeker))
    assert registrations(app, event_id) == [("paula@example.org", "confirmed")]
    (mail,) = outbox(app, "paula@example.org")
    assert mail.subject.startswith("Sie sind angemeldet")
    assert "/veranstaltungen/anmeldung/abmelden/" in mail.body_text
    assert f"/veranstaltungen/{event_id}.ics" in mail.body_text


def test_unverified_account_cannot_use_one_click(app, factory):
    seeker = factory.user(verified=False)
    event_id = make_event(app)
    with app.app_context(), pytest.raises(events.RegistrationError, match="bestätigen"):
        events.register_user(_event(event_id), db.session.get(User, seeker))


def test_guest_double_opt_in(app):
    event_id = make_event(app, capacity=10)
    with app.app_context():
        events.register_guest(_event(event_id), "Gast Name", " Gast@Example.org ", ip="1.2.3.4")
        db.session.commit()
        assert events.seats_taken(_event(event_id)) == 0  # pending guests take no seat
    assert registrations(app, event_id) == [("gast@example.org", "pending")]
    (mail,) = outbox(app, "gast@example.org")
    token = _link(mail.body_text, "/bestaetigen/").rsplit("/", 1)[1]
    with app.app_context():
        events.confirm_registration(token)
        db.session.commit()
        assert events.seats_left(_event(event_id)) == 9
        with pytest.raises(TokenError):  # a used link
            events.confirm_registration(token)
    assert registrations(app, event_id) == [("gast@example.org", "confirmed")]
    assert outbox(app, "gast@example.org")[-1].subject.startswith("Sie sind angemeldet")


def test_confirmation_link_expires_after_48_hours(app, monkeypatch):
    event_id = make_event(app)
    old = int((datetime.now(UTC) - timedelta(hours=49)).timestamp())
    with app.app_context():
        registration = events.register_guest(_event(event_id), "Gast", "gast@example.org")
        db.session.commit()
        fresh = events.token_for(registration, "confirm")
        with monkeypatch.context() as patch:
            patch.setattr(itsdangerous.timed.TimestampSigner, "get_timestamp", lambda s: old)
            stale = events.token_for(registration, "confirm")
        with pytest.raises(TokenError, match="abgelaufen"):
            events.registration_from_token("confirm", stale)
        assert events.registration_from_token("confirm", fresh).id == registration.id


def test_full_event_refuses_guests_and_confirmations(app, factory):
    event_id = make_event(app, capacity=1)
    seeker = factory.user(email="erste@example.org")
    with app.app_context():
        registration = events.register_guest(_event(event_id), "Gast", "gast@example.org")
        db.session.commit()
        token = events.token_for(registration, "confirm")
        events.register_user(_event(event_id), db.session.get(User, seeker))
        db.session.commit()
        with pytest.raises(events.EventFull, match="ausgebucht"):
            events.confirm_registration(token)
        db.session.rollback()
        with pytest.raises(events.EventFull):
            events.register_guest(_event(event_id), "Noch einer", "noch@example.org")
    assert registrations(app, event_id) == [
        ("gast@example.org", "pending"),
        ("erste@example.org", "confirmed"),
    ]


def test_concurrent_registrations_never_overbook(app, factory):
    """Eight people click at once for three seats: three get in, five are told it is full."""
    event_id = make_event(app, capacity=3)
    users = [factory.user(email=f"p{i}@example.org") for i in range(8)]
    barrier = threading.Barrier(len(users))
    outcomes = []

    def register(user_id):
        with app.app_context():
            event, user = _event(event_id), db.session.get(User, user_id)
            barrier.wait()
            try:
                events.register_user(event, user)
                db.session.commit()
                outcomes.append("ok")
            except events.EventFull:
                db.session.rollback()
                outcomes.append("full")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=register, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["full"] * 5 + ["ok"] * 3
    assert [s for _, s in registrations(app, event_id)] == ["confirmed"] * 3


def test_cancel_link_frees_the_seat_and_dies(app, factory):
    seeker = factory.user(email="paula@example.org")
    event_id = make_event(app, capacity=1)
    with app.app_context():
        registration = events.register_user(_event(event_id), db.session.get(User, seeker))
        db.session.commit()
        token = events.token_for(registration, "cancel")
        events.cancel_registration(events.registration_from_token("cancel", token))
        db.session.commit()
        assert events.seats_left(_event(event_id)) == 1
        with pytest.raises(TokenError):
            events.registration_from_token("cancel", token)


def test_no_registration_after_start_or_when_cancelled(app, factory):
    running = make_event(app, starts_in=timedelta(hours=-1))
    promoter = factory.user(role="admin")
    called_off = make_event(app)
    with app.app_context():
        with pytest.raises(events.RegistrationError, match="keine Anmeldung"):
            events.register_guest(_event(running), "Gast", "gast@example.org")
        events.cancel_event(_event(called_off), db.session.get(User, promoter))
        with pytest.raises(events.RegistrationError, match="keine Anmeldung"):
            events.register_guest(_event(called_off), "Gast", "gast@example.org")


def test_guest_requests_are_throttled(app):
    event_id = make_event(app)
    with app.app_context():
        for _ in range(5):
            events.register_guest(_event(event_id), "Gast", "gast@example.org", ip="9.9.9.9")
        with pytest.raises(events.RegistrationError) as error:
            events.register_guest(_event(event_id), "Gast", "gast@example.org", ip="9.9.9.9")
        assert error.value.status == 429


def _tomorrow_at(hour: int) -> datetime:
    day = datetime.now(BERLIN).date() + timedelta(days=1)
    return datetime.combine(day, datetime.min.time(), BERLIN).replace(hour=hour)


def test_reminder_the_day_before_exactly_once(app, runner, factory):
    seekers = [factory.user(email=f"r{i}@example.org") for i in range(2)]
    tomorrow = make_event(app, starts_in=timedelta(days=1))
    later = make_event(app, starts_in=timedelta(days=5))
    with app.app_context():
        start = _tomorrow_at(10)
        event = _event(tomorrow)
        event.starts_at, event.ends_at = start, start + timedelta(hours=4)
        for seeker in seekers:
            user = db.session.get(User, seeker)
            events.register_user(event, user)
            events.register_user(_event(later), user)
        events.register_guest(event, "Unbestätigt", "pending@example.org")
        db.session.commit()
    first = runner.invoke(args=["events", "remind"])
    second = runner.invoke(args=["events", "remind"])
    assert "Erinnerungen eingereiht: 2" in first.output
    assert "Erinnerungen eingereiht: 0" in second.output
    for i in range(2):
        reminders = [m for m in outbox(app, f"r{i}@example.org") if m.subject.startswith("Morgen")]
        assert len(reminders) == 1
        assert "/veranstaltungen/anmeldung/abmelden/" in reminders[0].body_text
    assert not [m for m in outbox(app, "pending@example.org") if m.subject.startswith("Morgen")]


def test_reminders_claimed_once_by_concurrent_runs(app, factory):
    seekers = [factory.user(email=f"c{i}@example.org") for i in range(6)]
    event_id = make_event(app, starts_in=timedelta(days=1))
    with app.app_context():
        event = _event(event_id)
        event.starts_at = _tomorrow_at(9)
        event.ends_at = event.starts_at + timedelta(hours=3)
        for seeker in seekers:
            events.register_user(event, db.session.get(User, seeker))
        db.session.commit()
    counts = []

    def run():
        with app.app_context():
            counts.append(events.send_reminders())
            db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(counts) == 6
    reminders = [m for m in outbox(app) if m.subject.startswith("Morgen")]
    assert sorted(m.recipient for m in reminders) == [f"c{i}@example.org" for i in range(6)]


def test_retention_deletes_registrations_30_days_after_the_event(app, runner, factory):
    seeker = factory.user(email="alt@example.org")
    old = make_event(app, starts_in=timedelta(days=-32))
    recent = make_event(app, starts_in=timedelta(days=-20))
    coming = make_event(app)
    with app.app_context():
        user = db.session.get(User, seeker)
        for event_id in (old, recent):
            db.session.add(
                EventRegistration(
                    event_id=event_id,
                    user_id=seeker,
                    name="Alt",
                    email=user.email,
                    status=EventRegistration.CONFIRMED,
                    secret="x" * 32,
                )
            )
        stale = events.register_guest(_event(coming), "Gast", "gast@example.org")
        stale.created_at -= timedelta(hours=49)
        events.register_user(_event(coming), user)
        db.session.commit()
    result = runner.invoke(args=["privacy", "retention"])
    assert "Anmeldungen zu Veranstaltungen gelöscht: 1 nach der Frist, 1 unbestätigt" in (
        result.output
    )
    assert registrations(app, old) == []
    assert registrations(app, recent) == [("alt@example.org", "confirmed")]
    assert registrations(app, coming) == [("alt@example.org", "confirmed")]
    with app.app_context():
        assert db.session.execute(select(Event)).scalars().all()  # the events stay
