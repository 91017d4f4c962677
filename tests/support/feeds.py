"""Fixtures and helpers of the feed import tests (tests/feeds/)."""

import pytest
from sqlalchemy import select

from jobportal.core.extensions import db
from tests.conftest import make_app
from tests.support.fake_feeds import FakeFeeds

FAST = {
    "FEEDS_ALLOW_PRIVATE": True,  # the fake server is on 127.0.0.1
    "FEEDS_TIMEOUT": 2.0,
    "FEEDS_DEADLINE": 1.0,
    "FEEDS_MAX_BYTES": 200_000,
}


@pytest.fixture
def fake_feeds():
    """A fake web server on 127.0.0.1, stopped after the test."""
    fake = FakeFeeds().start()
    yield fake
    fake.stop()


@pytest.fixture
def app(tmp_path, db_template):
    """The test app, allowed to fetch from loopback, with short limits."""
    app = make_app(tmp_path, db_template, **FAST)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def add_feed(app, company_id: int, url: str) -> int:
    """A feed row for the company (registration itself is tested through the pages)."""
    from jobportal.models import ListingFeed

    with app.app_context():
        feed = ListingFeed(kind="employer", company_id=company_id, url=url)
        db.session.add(feed)
        db.session.commit()
        return feed.id


def run(app, **config) -> dict:
    """One `run_feeds`; feed id -> outcome."""
    from jobportal.feeds import run_feeds

    with app.app_context():
        app.config.update(config)
        return {feed_id: outcome for feed_id, _url, outcome in run_feeds()}


def feed_jobs(app) -> dict:
    """Title -> (state, postal codes of all places) of the feed listings."""
    from jobportal.models import Job

    with app.app_context():
        jobs = db.session.execute(select(Job).filter_by(source="feed")).scalars()
        return {job.title: (job.state, [p.postal_code for p in job.all_places]) for job in jobs}
