"""Shared fixtures and helpers of the BA import tests (tests/ba/)."""

import pytest
from sqlalchemy import func, select

from jobportal.core.extensions import db
from tests.conftest import make_app
from tests.support.fake_ba import FakeBA

KAMENZ_REF = "10001-1000000001-S"
PULSNITZ_REF = "10001-1000000002-S"
LEIPZIG_REF = "10001-1000000003-S"

FAST = {
    "BA_REQUEST_INTERVAL": 0.0,
    "BA_BACKOFF": 0.0,
    "BA_TIMEOUT": 2.0,
    "BA_MAX_RETRIES": 2,
    "BA_ANGEBOTSARTEN": [1],
    "BA_END_AFTER_DAYS": 3,
    "BA_PUBLISH_DIRECTLY": True,
}


@pytest.fixture
def fake_ba():
    """A fake BA server on 127.0.0.1, stopped after the test."""
    fake = FakeBA().start()
    yield fake
    fake.stop()


@pytest.fixture
def app(tmp_path, db_template, fake_ba):
    """The test app, talking to the fake BA with tiny timeouts and no pauses."""
    app = make_app(tmp_path, db_template, BA_BASE_URL=fake_ba.url, **FAST)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def load_offer(refnr: str, version: str = "v6") -> dict:
    """An offer of the recorded search answer (tests/data/ba/<version>_jobs_page.json)."""
    from tests.support.fake_ba import LIST_KEYS, load, refnr_of

    offers = load(f"{version}_jobs_page.json")[LIST_KEYS[version]]
    return next(o for o in offers if refnr_of(o) == refnr)


def run(app, client=None, **config):
    """One import run with config overrides; returns the run record's values as a dict."""
    from jobportal.ba import run_import
    from jobportal.models.ba import RUN_COUNTERS

    with app.app_context():
        app.config.update(config)
        record = run_import(client=client)
        result = {key: getattr(record, key) for key in RUN_COUNTERS}
        result.update(status=record.status, errors=record.errors, id=record.id)
        return result


def ba_jobs(app) -> dict:
    """refnr -> (job id, state, title) of all imported listings."""
    from jobportal.models import Job

    with app.app_context():
        rows = db.session.execute(select(Job).filter_by(source="ba")).scalars()
        return {job.external_ref: (job.id, job.state, job.title) for job in rows}


def count(app, model) -> int:
    """Rows of a model."""
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(model)).scalar_one()
