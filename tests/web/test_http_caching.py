"""HTTP caching: anonymous search and job pages are public with an ETag (304 on a
conditional GET); pages for a logged-in user or bound to a session are never stored."""

from jobportal.core.extensions import db
from jobportal.models import Job
from tests.conftest import Factory, login_as
from tests.support.search import index

SEARCH = "/jobs?q=Elektriker&where=Kamenz&radius_km=25"


def _public(response, seconds: int = 60) -> None:
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == f"public, max-age={seconds}"
    assert response.headers["ETag"]
    assert "Set-Cookie" not in response.headers
    vary = {v.strip() for v in response.headers["Vary"].split(",")}
    assert {"Cookie", "Accept-Language"} <= vary


def _never_stored(response) -> None:
    assert response.headers["Cache-Control"] == "no-store"
    assert "ETag" not in response.headers
    assert "Cookie" in response.headers["Vary"]


def test_anonymous_search_page_is_public_and_answers_304(app, client, factory):
    factory.job(title="Elektriker (m/w/d)")
    index(app)
    first = client.get(SEARCH)
    _public(first)
    assert "Elektriker" in first.get_data(as_text=True)
    again = client.get(SEARCH, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    other = client.get(SEARCH, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200


def test_etag_changes_with_what_the_page_shows(app, client, factory):
    factory.job(title="Elektriker (m/w/d)")
    index(app)
    before = client.get(SEARCH).headers["ETag"]
    assert client.get(SEARCH).headers["ETag"] == before  # same page, same tag
    factory.job(title="Elektriker für Schaltanlagen")
    index(app)
    response = client.get(SEARCH, headers={"If-None-Match": before})
    assert response.status_code == 200
    assert response.headers["ETag"] != before
    assert client.get("/jobs?q=Maurer").headers["ETag"] != before


def _phone_only(app, factory) -> int:
    """A listing applied to by phone: its page has no form."""
    job_id = factory.job(title="Maurer (m/w/d)", apply_phone="03578 12345")
    with app.app_context():
        db.session.get(Job, job_id).apply_email = ""
        db.session.commit()
    return job_id


def test_anonymous_job_page_without_a_form_is_public(app, client, factory):
    job_id = _phone_only(app, factory)
    page = client.get(f"/stellen/{job_id}")
    _public(page)
    again = client.get(f"/stellen/{job_id}", headers={"If-None-Match": page.headers["ETag"]})
    assert again.status_code == 304


def test_job_page_with_the_apply_button_is_public_and_the_click_still_counts(
    csrf_app,
):
    factory = Factory(csrf_app)
    job_id = factory.job(title="Elektriker (m/w/d)", apply_url="https://karriere.example.org/1")
    client = csrf_app.test_client()
    page = client.get(f"/stellen/{job_id}")
    html = page.get_data(as_text=True)
    assert f'action="/stellen/{job_id}/bewerben"' in html and "csrf_token" not in html
    _public(page)
    assert "Set-Cookie" not in page.headers
    again = client.get(f"/stellen/{job_id}", headers={"If-None-Match": page.headers["ETag"]})
    assert again.status_code == 304
    click = client.post(f"/stellen/{job_id}/bewerben")  # no token, CSRF protection on
    assert (click.status_code, click.headers["Location"]) == (
        303,
        "https://karriere.example.org/1",
    )
    with csrf_app.app_context():
        assert db.session.get(Job, job_id).apply_clicks == 1


def test_logged_in_pages_are_never_stored(app, client, factory):
    job_id = _phone_only(app, factory)
    index(app)
    login_as(client, app, factory.user())
    for path in (SEARCH, f"/stellen/{job_id}"):
        response = client.get(path)
        assert response.status_code == 200
        _never_stored(response)
    # a conditional GET from a logged-in visitor is answered in full, never 304
    assert client.get(SEARCH, headers={"If-None-Match": "*"}).status_code == 200


def test_a_page_showing_a_flash_message_is_never_stored(app, client, factory):
    factory.job(title="Elektriker (m/w/d)")
    index(app)
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Ihre Suche wurde gespeichert.")]
    response = client.get(SEARCH)
    assert "Ihre Suche wurde gespeichert." in response.get_data(as_text=True)
    _never_stored(response)
    _public(client.get(SEARCH))  # the message was shown once, the session is empty again


def test_other_pages_get_no_public_caching(client):
    assert "public" not in client.get("/impressum").headers.get("Cache-Control", "")
    assert client.get("/anmelden").headers["Cache-Control"] == "no-store"
    missing = client.get("/jobs/gibt-es-nicht")
    assert "ETag" not in missing.headers
