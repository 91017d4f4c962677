"""Organising events: scope of promoters, validation, editing, cancelling, what is public."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from jobportal import events
from jobportal.core.clock import BERLIN
from jobportal.core.extensions import db
from jobportal.models import AuditEntry, Event, Member, User
from tests.support.events import make_event, outbox


def _values(member_id: int, **changes) -> events.EventValues:
    start = datetime.now(BERLIN).replace(tzinfo=None, microsecond=0) + timedelta(days=20)
    values = {
        "kind": "jobmesse",
        "title": "Jobmesse Kamenz",
        "starts": start.replace(hour=10, minute=0, second=0),
        "ends": start.replace(hour=15, minute=0, second=0),
        "member_id": member_id,
        "venue": "Stadthalle",
        "street": "Nordstraße 28",
        "postal_code": "01917",
        "description": "Arbeitgeber aus Kamenz stellen sich vor.",
    }
    values.update(changes)
    return events.EventValues(**values)


def _member(slug: str) -> Member:
    return db.session.execute(select(Member).filter_by(slug=slug)).scalar_one()


def test_promoter_creates_event_in_own_member_with_berlin_times(app, factory):
    promoter = factory.user(role="promoter", members=("kamenz",))
    company = factory.company(name="Kamenzer Metallbau GmbH", member="radeberg")
    with app.app_context():
        user = db.session.get(User, promoter)
        values = _values(_member("kamenz").id, exhibitor_ids=(company,), capacity=40)
        event = events.create_event(values, user)
        db.session.commit()
        assert event.starts_at.astimezone(BERLIN).hour == 10  # stored UTC, shown in Berlin
        assert event.place.postal_code == "01917" and event.place.name == "Kamenz"
        assert [c.name for c in event.exhibitors] == ["Kamenzer Metallbau GmbH"]
        assert event.capacity == 40 and event.status == Event.SCHEDULED
        actions = db.session.execute(select(AuditEntry.action).filter_by(subject_kind="event"))
        assert list(actions.scalars()) == ["create"]


def test_promoter_cannot_organise_outside_their_members(app, factory):
    promoter = factory.user(role="promoter", members=("kamenz",))
    admin = factory.user(role="admin")
    with app.app_context():
        radeberg = _member("radeberg").id
        with pytest.raises(events.EventError) as error:
            events.create_event(
                _values(radeberg, postal_code="01454"), db.session.get(User, promoter)
            )
        assert error.value.field == "member_id"
        event = events.create_event(
            _values(radeberg, postal_code="01454"), db.session.get(User, admin)
        )
        assert event.member.slug == "radeberg"
        assert not events.may_organise(db.session.get(User, promoter), event)


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"kind": "party"}, "kind"),
        ({"title": "  "}, "title"),
        ({"postal_code": "01454"}, "postal_code"),  # Radeberg's code, not Kamenz's
        ({"capacity": 0}, "capacity"),
        ({"venue": ""}, "venue"),
        ({"exhibitor_ids": (999_999,)}, "exhibitor_ids"),
    ],
)
def test_bad_values_are_refused_with_the_field(app, factory, changes, field):
    promoter = factory.user(role="promoter", members=("kamenz",))
    with app.app_context():
        with pytest.raises(events.EventError) as error:
            events.create_event(
                _values(_member("kamenz").id, **changes), db.session.get(User, promoter)
            )
        assert error.value.field == field
        db.session.rollback()
        assert db.session.execute(select(Event)).first() is None


def test_times_must_be_in_order_and_in_the_future(app, factory):
    promoter = factory.user(role="promoter", members=("kamenz",))
    with app.app_context():
        user, kamenz = db.session.get(User, promoter), _member("kamenz").id
        good = _values(kamenz)
        with pytest.raises(events.EventError, match="nach dem Beginn"):
            events.create_event(_values(kamenz, ends=good.starts), user)
        past = good.starts - timedelta(days=40)
        with pytest.raises(events.EventError, match="Vergangenheit"):
            events.create_event(_values(kamenz, starts=past, ends=past + timedelta(hours=2)), user)
        with pytest.raises(events.EventError, match="14 Tage"):
            events.create_event(_values(kamenz, ends=good.starts + timedelta(days=15)), user)


def test_unverified_or_banned_companies_cannot_exhibit(app, factory):
    promoter = factory.user(role="promoter", members=("kamenz",))
    unverified = factory.company(verified=False)
    with app.app_context():
        assert unverified not in [c.id for c in events.exhibitor_choices()]
        with pytest.raises(events.EventError):
            values = _values(_member("kamenz").id, exhibitor_ids=(unverified,))
            events.create_event(values, db.session.get(User, promoter))


def test_edit_keeps_capacity_above_registrations(app, factory):
    promoter = factory.user(role="promoter", members=("kamenz",))
    event_id = make_event(app, capacity=5)
    seekers = [factory.user(email=f"s{i}@example.org") for i in range(3)]
    with app.app_context():
        event = db.session.get(Event, event_id)
        for seeker in seekers:
            events.register_user(event, db.session.get(User, seeker))
        db.session.commit()
        user = db.session.get(User, promoter)
        values = _values(event.member_id, capacity=2, title="Neuer Titel")
        with pytest.raises(events.EventError, match="bereits 3 Personen"):
            events.update_event(event, values, user)
        db.session.rollback()
        assert db.session.get(Event, event_id).title != "Neuer Titel"  # nothing half-written
        events.update_event(event, _values(event.member_id, capacity=3, title="Neuer Titel"), user)
        db.session.commit()
        assert db.session.get(Event, event_id).title == "Neuer Titel"


def test_cancel_tells_everyone_registered_and_stays_visible(app, factory):
    promoter = factory.user(role="promoter", members=("kamenz",))
    seeker = factory.user(email="paula@example.org", name="Paula")
    event_id = make_event(app)
    with app.app_context():
        event = db.session.get(Event, event_id)
        events.register_user(event, db.session.get(User, seeker))
        told = events.cancel_event(event, db.session.get(User, promoter), "Sturmwarnung")
        db.session.commit()
        assert told == 1
        assert events.upcoming_events()[0].is_cancelled  # the list shows it, marked
        assert events.upcoming_events_for(event.member) == []  # member pages leave it out
        with pytest.raises(events.EventError):
            events.cancel_event(event, db.session.get(User, promoter))
    subjects = [m.subject for m in outbox(app, "paula@example.org")]
    assert subjects[-1].startswith("Abgesagt:")
    assert "Sturmwarnung" in outbox(app, "paula@example.org")[-1].body_text


def test_upcoming_soonest_first_past_left_out_member_filter(app):
    later = make_event(app, starts_in=timedelta(days=30), title="Später")
    sooner = make_event(app, member="radeberg", starts_in=timedelta(days=3), title="Bald")
    make_event(app, starts_in=timedelta(days=-3), title="Vorbei")
    with app.app_context():
        assert [e.id for e in events.upcoming_events()] == [sooner, later]
        kamenz = _member("kamenz")
        assert [e.id for e in events.upcoming_events(kamenz.id)] == [later]
        assert [e.title for e in events.upcoming_events_for(kamenz)] == ["Später"]


def test_organised_events_are_scoped(app, factory):
    prom_x = factory.user(role="promoter", members=("kamenz",))
    admin = factory.user(role="admin")
    mine = make_event(app, member="kamenz")
    other = make_event(app, member="radeberg")
    with app.app_context():
        assert [e.id for e in events.organised_events(db.session.get(User, prom_x))] == [mine]
        assert {e.id for e in events.organised_events(db.session.get(User, admin))} == {mine, other}


def test_exhibitors_listed_with_their_live_listings(app, factory):
    company = factory.company(name="Lausitzer Pflege GmbH")
    live = factory.job(company_id=company, title="Pflegefachkraft (m/w/d)")
    factory.job(company_id=company, state="pending", title="Entwurf")
    factory.job(company_id=company, days_left=-1, title="Abgelaufen")
    event_id = make_event(app, exhibitors=(company,))
    with app.app_context():
        (item,) = events.exhibitors_with_listings(db.session.get(Event, event_id))
        assert item.company.name == "Lausitzer Pflege GmbH"
        assert [j.id for j in item.jobs] == [live] and item.total == 1
