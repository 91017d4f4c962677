"""Partner networks: a second app instance serves its /api/v1/jobs; ours imports the
listings in our places, shows them with the partner's name, never re-exports them,
updates changes and ends what the partner ended."""

import threading

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from jobportal.core.clock import berlin_today
from jobportal.core.extensions import db
from jobportal.models import Job, ListingFeed, Member
from jobportal.places import end_membership
from jobportal.search import drain, note_job_changed, reset_pools
from tests.conftest import PG_URL, Factory, make_app
from tests.support import feeds as support
from tests.support.feeds import run

app = support.app

pytestmark = pytest.mark.skipif(bool(PG_URL), reason="two installations need two databases")


@pytest.fixture
def partner(tmp_path, db_template):
    """Another installation of the portal, served on 127.0.0.1."""
    (tmp_path / "partner").mkdir()
    other = make_app(tmp_path / "partner", db_template, SITE_URL="https://partner.example")
    server = make_server("127.0.0.1", 0, other, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    other.url = f"http://127.0.0.1:{server.server_port}"
    yield other
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def publish(partner_app, **fields) -> int:
    """A published listing of the partner, indexed there."""
    job_id = Factory(partner_app).job(**fields)
    with partner_app.app_context():
        note_job_changed(job_id)
        db.session.commit()
        drain(partner_app)
    reset_pools()
    return job_id


def subscribe(app, partner_app, members=()) -> int:
    with app.app_context():
        feed = ListingFeed(
            kind="partner",
            name="Regionalmanagement Erzgebirge",
            url=partner_app.url,
            members=list(members),
        )
        db.session.add(feed)
        db.session.commit()
        return feed.id


def partner_jobs(app) -> dict:
    with app.app_context():
        jobs = db.session.execute(select(Job).filter_by(source="partner")).scalars()
        return {job.title: job.state for job in jobs}


def test_partner_listings_are_imported_published_and_named(app, partner, client):
    elektro = publish(
        partner,
        title="Elektriker (m/w/d)",
        postal_code="01917",
        description="Schaltschränke bauen.",
        salary_min=320000,
    )
    feed = subscribe(app, partner)
    first = run(app)[feed]
    assert first.status == "succeeded" and first.counts["new"] == 1, first
    assert partner_jobs(app) == {"Elektriker (m/w/d)": "published"}
    with app.app_context():
        job = db.session.execute(select(Job).filter_by(source="partner")).scalar_one()
        assert job.company_id is None and job.description == "Schaltschränke bauen."
        assert job.salary_min == 320000
        assert job.source_url == f"https://partner.example/stellen/{elektro}"
        assert job.source_label == "Partnernetzwerk Regionalmanagement Erzgebirge"
        job_id = job.id
    page = client.get(f"/stellen/{job_id}").get_data(as_text=True)
    assert "Partnernetzwerk Regionalmanagement Erzgebirge" in page
    # never re-exported to a third network
    with app.app_context():
        drain(app)
    reset_pools()
    assert client.get("/api/v1/jobs?q=Elektriker").get_json()["total"] == 0
    assert client.get(f"/api/v1/jobs/{job_id}").status_code == 404
    assert f"/stellen/{job_id}" in client.get("/jobs?q=Elektriker").get_data(as_text=True)
    second = run(app)[feed]
    assert (second.counts["new"], second.counts["unchanged"]) == (0, 1)


def test_changes_update_and_ended_listings_end_here(app, partner):
    first = publish(partner, title="Koch (m/w/d)", postal_code="01917")
    publish(partner, title="Kellner (m/w/d)", postal_code="01917")
    feed = subscribe(app, partner)
    run(app)
    with partner.app_context():
        job = db.session.get(Job, first)
        job.title = "Koch/Köchin (m/w/d)"
        note_job_changed(job.id)
        other = db.session.execute(select(Job).filter_by(title="Kellner (m/w/d)")).scalar_one()
        other.state = "withdrawn"
        note_job_changed(other.id)
        db.session.commit()
        drain(partner)
    reset_pools()
    outcome = run(app)[feed]
    assert (outcome.counts["updated"], outcome.counts["ended"]) == (1, 1), outcome
    assert partner_jobs(app) == {"Koch/Köchin (m/w/d)": "published", "Kellner (m/w/d)": "expired"}


def test_only_listings_in_our_places_and_chosen_members(app, partner):
    publish(partner, title="Maurer (m/w/d)", postal_code="01917")  # Kamenz
    publish(partner, title="Dachdecker (m/w/d)", postal_code="01558")  # Großenhain
    with app.app_context():  # Großenhain left our network (the partner still has it)
        member = db.session.execute(select(Member).filter_by(slug="grossenhain")).scalar_one()
        end_membership(member, berlin_today())
        db.session.commit()
    feed = subscribe(app, partner)
    outcome = run(app)[feed]
    assert outcome.counts["new"] == 1 and "außerhalb des Netzwerks" in outcome.skips[0]
    assert list(partner_jobs(app)) == ["Maurer (m/w/d)"]


def test_member_choice_is_sent_to_the_partner(app, partner):
    publish(partner, title="Maurer (m/w/d)", postal_code="01917")
    radeberg = Factory(partner).company(member="radeberg")
    publish(partner, company_id=radeberg, title="Dachdecker (m/w/d)", postal_code="01454")
    feed = subscribe(app, partner, members=["radeberg"])
    assert run(app)[feed].counts["new"] == 1
    assert list(partner_jobs(app)) == ["Dachdecker (m/w/d)"]


def test_a_portal_without_the_api_is_drift(app, fake_feeds):
    with app.app_context():
        feed = ListingFeed(kind="partner", name="Alt", url=fake_feeds.url(""))
        db.session.add(feed)
        db.session.commit()
        feed_id = feed.id
    outcome = run(app)[feed_id]
    assert outcome.status == "drift" and "/api/v1/jobs" in outcome.error
    fake_feeds.serve("/api/v1/jobs", b'{"jobs": []}', "application/json")
    outcome = run(app)[feed_id]
    assert outcome.status == "drift" and "items" in outcome.error and "jobs" in outcome.error


fake_feeds = support.fake_feeds
