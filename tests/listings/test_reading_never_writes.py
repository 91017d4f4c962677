"""Finding 6 of issue 22: pages and logins work while the database refuses every write."""

import pytest
from sqlalchemy import event, select

from jobportal.core.extensions import db
from jobportal.models import Job, User

EMAIL = "erika@example.org"


def refuse_writes(dbapi_connection, _record):
    """Connection hook: this connection refuses every write (SQLite or PostgreSQL)."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        dbapi_connection.execute("PRAGMA query_only = ON")
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    cursor.close()
    dbapi_connection.commit()


@pytest.fixture
def read_only(app):
    """Call it after the test data exists: from then on the database refuses writes."""

    def switch():
        with app.app_context():
            db.engine.dispose()
            event.listen(db.engine, "connect", refuse_writes)

    yield switch
    with app.app_context():
        if event.contains(db.engine, "connect", refuse_writes):
            event.remove(db.engine, "connect", refuse_writes)
        db.engine.dispose()


def counts(app, job_id):
    """(views, apply clicks) of a listing."""
    with app.app_context():
        job = db.session.get(Job, job_id)
        return job.views, job.apply_clicks


def test_job_page_and_apply_click_need_no_write(app, client, factory, read_only):
    job_id = factory.job(factory.company(), title="Elektriker (m/w/d)")
    read_only()
    page = client.get(f"/stellen/{job_id}")
    assert page.status_code == 200 and "Elektriker (m/w/d)" in page.get_data(as_text=True)
    assert client.post(f"/stellen/{job_id}/bewerben").status_code == 303
    assert counts(app, job_id) == (0, 0)  # the counts are lost, the pages are not


def test_counts_are_written_when_the_database_takes_writes(app, client, factory):
    job_id = factory.job(factory.company())
    client.get(f"/stellen/{job_id}")
    client.post(f"/stellen/{job_id}/bewerben")
    assert counts(app, job_id) == (1, 1)


def test_login_needs_no_write(app, client, auth, factory, read_only):
    factory.user(email=EMAIL)
    read_only()
    response = auth.login(EMAIL, remember=True)
    assert response.status_code == 302 and response.location.endswith("/jobs")
    assert client.get("/konto").status_code == 200
    with app.app_context():
        assert db.session.execute(select(User.last_login_at)).scalar_one() is None
    browser = app.test_client()
    browser.set_cookie("remember_token", client.get_cookie("remember_token").value)
    assert browser.get("/konto").status_code == 200  # the remember cookie logs in too


def test_wrong_password_on_a_read_only_database_is_no_500(client, auth, factory, read_only):
    factory.user(email=EMAIL)
    read_only()
    response = auth.login(EMAIL, "falsches-passwort-1")
    assert response.status_code == 503
    assert "Die Anmeldung ist gerade nicht möglich." in response.get_data(as_text=True)
