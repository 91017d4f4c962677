"""Demo events: a returnee day between the holidays, a commuter day, open days, with
exhibitors of the network and a few registrations; seeding twice adds nothing."""

import pytest
from sqlalchemy import func, select

from jobportal import events
from jobportal.core.clock import BERLIN, berlin_today
from jobportal.core.extensions import db
from jobportal.demo import seed_demo
from jobportal.models import Event, EventRegistration
from tests.conftest import app_with


def _seed(app) -> list[str]:
    with app.app_context():
        return list(seed_demo())


def _count(model) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_demo_events_of_the_dresden_region(app):
    lines = _seed(app)
    assert "Veranstaltungen: 3 (3 neu)." in lines
    with app.app_context():
        coming = events.upcoming_events()
        kinds = {e.kind for e in coming}
        assert kinds == {"rueckkehrertag", "pendleraktionstag", "tag_der_offenen_tuer"}
        returnee_day = next(e for e in coming if e.kind == "rueckkehrertag")
        day = returnee_day.starts_at.astimezone(BERLIN).date()
        assert (day.month, day.day) == (12, 28)  # between Christmas and New Year
        assert returnee_day.title_en and returnee_day.member.slug == "kamenz"
        assert len(returnee_day.exhibitors) == 6
        kamenz = [c for c in events.exhibitor_choices() if c.member_id == returnee_day.member_id]
        assert kamenz and set(kamenz) <= set(returnee_day.exhibitors)  # its own ones first
        assert all(c.is_verified and not c.is_banned for c in returnee_day.exhibitors)
        assert events.seats_taken(returnee_day) == 2
        assert all(e.place in e.member.places for e in coming)
        assert all(e.starts_at.date() >= berlin_today() for e in coming)
        before = (_count(Event), _count(EventRegistration))
    again = _seed(app)
    assert "Veranstaltungen: 3 (0 neu)." in again
    with app.app_context():
        assert (_count(Event), _count(EventRegistration)) == before


@pytest.mark.slow
def test_nordthueringen_job_fair_between_the_holidays(tmp_path, db_template):
    for app in app_with(tmp_path, db_template, REGION="nordthueringen"):
        _seed(app)
        with app.app_context():
            fair = next(e for e in events.upcoming_events() if e.kind == "jobmesse")
            day = fair.starts_at.astimezone(BERLIN).date()
            assert (day.month, day.day) == (12, 29)
            assert fair.place.name == "Nordhausen"
            regions = {c.member.slug for c in fair.exhibitors}
            assert len(fair.exhibitors) == 8 and len(regions) > 1  # the three districts
