"""Promoters recommend public listings of their members on the home page."""

import pytest

from jobportal.core.extensions import db
from jobportal.models import AuditEntry, Job, User
from jobportal.moderation import ModerationError, set_featured
from tests.conftest import login_as


def _featured(app, job_id) -> bool:
    with app.app_context():
        return db.session.get(Job, job_id).featured


def test_promoter_recommends_and_the_home_page_shows_it_first(app, client, factory):
    promoter = factory.user(role="promoter", members=("kamenz",))
    company = factory.company(member="kamenz")
    older = factory.job(company, title="Empfohlener Elektriker (m/w/d)", days_left=30)
    newer = factory.job(company, title="Neuer Tischler (m/w/d)")
    login_as(client, app, promoter)
    page = client.get(f"/moderation/stellen/{older}").get_data(as_text=True)
    assert "Auf der Startseite empfehlen" in page
    response = client.post(f"/moderation/stellen/{older}/empfehlen")
    assert response.status_code == 302
    assert _featured(app, older) and not _featured(app, newer)
    home = client.get("/").get_data(as_text=True)
    featured_part = home.split('id="featured-title"')[1].split("</section>")[0]
    assert "Empfohlener Elektriker" in featured_part and "Neuer Tischler" not in featured_part
    newest_part = home.split('id="newest-title"')[1].split("</section>")[0]
    assert "Empfohlener Elektriker" not in newest_part  # not twice
    client.post(f"/moderation/stellen/{older}/nicht-empfehlen")
    assert not _featured(app, older)
    assert 'id="featured-title"' not in client.get("/").get_data(as_text=True)
    with app.app_context():
        actions = [e.action for e in db.session.query(AuditEntry).filter_by(subject_id=older)]
    assert "feature" in actions and "unfeature" in actions


def test_only_public_listings_of_own_members(app, factory):
    kamenz = factory.user(role="promoter", members=("kamenz",))
    radeberg = factory.user(role="promoter", members=("radeberg",))
    draft = factory.job(factory.company(member="kamenz"), state="draft")
    public = factory.job(factory.company(member="kamenz"))
    with app.app_context():
        with pytest.raises(ModerationError):
            set_featured(db.session.get(Job, draft), db.session.get(User, kamenz), True)
        with pytest.raises(ModerationError):
            set_featured(db.session.get(Job, public), db.session.get(User, radeberg), True)
        db.session.rollback()
    assert not _featured(app, draft) and not _featured(app, public)


def test_an_ended_listing_is_no_longer_shown(app, client, factory):
    promoter = factory.user(role="promoter", members=("kamenz",))
    job_id = factory.job(factory.company(member="kamenz"), title="Bald besetzt (m/w/d)")
    with app.app_context():
        set_featured(db.session.get(Job, job_id), db.session.get(User, promoter), True)
        db.session.get(Job, job_id).state = "filled"
        db.session.commit()
    assert "Bald besetzt" not in client.get("/").get_data(as_text=True)
