"""Malformed URLs never cause a 500: in the Referer of a form post (400, CSRF page) or in
a URL field (a form error). Audit finding 3 of issue 22."""

import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from jobportal.ba import listing_data, offer_from_search
from jobportal.core.extensions import db
from jobportal.core.urls import is_web_url, parse_url
from jobportal.models import Company, Job, Place
from tests.conftest import login_as
from tests.employers.test_employer import form_data

# Each of these makes urllib.parse raise ValueError (urlsplit or .port) or is no web URL.
MALFORMED_URLS = [
    "http://[::1",
    "https://[::1/bewerbung",
    "http://]::1[/",
    "https://[zz::1]/",
    "http://[::1]x/",
    "https://example.org:99999/",
    "https://example.org:port/",
    "http://exa mple.org/",
    "https://example.org/\x0bpfad",
    "http://",
    "https:///nur-ein-pfad",
    "javascript:alert(1)",
]
MALFORMED_REFERRERS = [
    "https://[::1",
    "https://[::1/anmelden",
    "https://localhost:99999/",
    "https://localhost:abc/",
    "https://]localhost[/",
]
CSRF_PAGE = "Das Formular ist abgelaufen"
URL_ERROR = "vollständige Adresse"
URLISH = st.text(alphabet="[]:/.@?#%aZ09 -_", max_size=30)


@pytest.fixture
def https_client(csrf_app):
    """A client on https://localhost holding a valid CSRF token: (client, token)."""
    client = csrf_app.test_client()
    page = client.get("/anmelden", base_url="https://localhost").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    return client, token


def _post_login(client, token, referrer):
    return client.post(
        "/anmelden",
        base_url="https://localhost",
        headers={"Referer": referrer},
        data={"csrf_token": token, "email": "", "password": ""},
    )


@pytest.mark.parametrize("referrer", MALFORMED_REFERRERS)
def test_a_malformed_referrer_fails_the_csrf_check(https_client, referrer):
    client, token = https_client
    response = _post_login(client, token, referrer)
    assert response.status_code == 400
    assert CSRF_PAGE in response.get_data(as_text=True)


def test_a_well_formed_same_origin_referrer_passes(https_client):
    client, token = https_client
    response = _post_login(client, token, "https://localhost/anmelden")
    assert response.status_code == 200  # the form again: the empty fields are the problem
    assert CSRF_PAGE not in response.get_data(as_text=True)


def test_a_malformed_referrer_does_not_break_reading(client):
    assert client.get("/", headers={"Referer": "https://[::1"}).status_code == 200


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rest=URLISH)
def test_any_referrer_gives_a_form_or_a_csrf_refusal(https_client, rest):
    client, token = https_client
    referrer = "https://" + rest
    response = _post_login(client, token, referrer)
    assert response.status_code in (200, 400)
    if parse_url(referrer) is None:
        assert response.status_code == 400


@given(value=st.one_of(URLISH, st.text(max_size=40), URLISH.map(lambda s: "http://" + s)))
def test_url_checks_never_raise(value):
    parts = parse_url(value)
    if is_web_url(value):
        assert parts is not None and parts.scheme in {"http", "https"} and parts.hostname


@pytest.mark.parametrize("url", MALFORMED_URLS)
def test_url_checks_refuse_malformed_urls(url):
    assert not is_web_url(url)


@pytest.fixture
def employer(factory, client, app):
    user_id, company_id = factory.employer()
    login_as(client, app, user_id)
    return user_id, company_id


@pytest.mark.parametrize("url", MALFORMED_URLS)
def test_a_malformed_apply_url_is_a_form_error(client, employer, app, url):
    response = client.post(
        "/arbeitgeber/stellen/neu", data=form_data(action="submit", apply_url=url)
    )
    assert response.status_code == 400
    assert URL_ERROR in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(Job).filter_by(company_id=employer[1]).count() == 0


@pytest.mark.parametrize("url", MALFORMED_URLS)
def test_a_malformed_company_website_is_a_form_error(client, employer, app, url):
    data = {"name": "Bäckerei Korn", "postal_code": "01917", "locality": "Kamenz", "website": url}
    response = client.post("/arbeitgeber/unternehmen", data=data)
    assert response.status_code == 400
    assert URL_ERROR in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Company, employer[1]).website == ""


def test_a_good_apply_url_is_still_accepted(client, employer, app):
    url = "https://[2001:db8::1]:8443/bewerbung?id=7"
    response = client.post(
        "/arbeitgeber/stellen/neu", data=form_data(action="submit", apply_url=url)
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.query(Job.apply_url).filter_by(company_id=employer[1]).scalar() == url


@pytest.mark.parametrize("url", MALFORMED_URLS)
def test_a_malformed_url_in_the_ba_feed_falls_back_to_the_source(ctx, url):
    place = db.session.execute(select(Place).filter_by(postal_code="01917")).scalar_one()
    record = {
        "refnr": "1",
        "titel": "Koch (m/w/d)",
        "arbeitgeber": "A",
        "arbeitsort": {"plz": "01917"},
        "modifikationsTimestamp": "x",
        "externeUrl": url,
    }
    details = {"externeUrl": url, "allianzpartnerUrl": url}
    source = "https://ba.example/1"
    data = listing_data(offer_from_search(record), details, place, 1, source, date(2026, 11, 22))
    assert data["apply_url"] == source
