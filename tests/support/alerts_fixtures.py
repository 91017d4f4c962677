"""Fixtures of the alert tests (loaded with ``pytest_plugins``): a real SMTP server and an
app that sends to it."""

import pytest

from jobportal.core.extensions import db
from tests.conftest import make_app
from tests.support.smtp import SmtpServer

SITE = "https://jobs.example"


@pytest.fixture
def smtp():
    """A real SMTP server on 127.0.0.1, started."""
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mapp(tmp_path, db_template, smtp):
    """A testing app sending over SMTP to the test server, with an https SITE_URL."""
    app = make_app(
        tmp_path,
        db_template,
        MAIL_BACKEND="smtp",
        MAIL_HOST="127.0.0.1",
        MAIL_PORT=smtp.port,
        MAIL_TIMEOUT=5,
        SITE_URL=SITE,
    )
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def mclient(mapp):
    """A test client of the SMTP app."""
    return mapp.test_client()
