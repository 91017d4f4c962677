"""Fixtures of the alert tests (loaded with ``pytest_plugins``): a real SMTP server and an
app that sends to it."""

import pytest

from tests.conftest import app_with
from tests.support.smtp import smtp_settings

SITE = "https://jobs.example"


@pytest.fixture
def smtp(smtp_server):
    """A real SMTP server on 127.0.0.1, started."""
    smtp_server.start()
    return smtp_server


@pytest.fixture
def mapp(tmp_path, db_template, smtp):
    """A testing app sending over SMTP to the test server, with an https SITE_URL."""
    yield from app_with(tmp_path, db_template, **smtp_settings(smtp, SITE_URL=SITE))


@pytest.fixture
def mclient(mapp):
    """A test client of the SMTP app."""
    return mapp.test_client()
