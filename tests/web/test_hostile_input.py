"""Hostile input: every form and API endpoint answers oversized, malformed and hostile
input with a 4xx (or a re-rendered form), never a 500; redirects stay on the site;
every text field has a length limit; registration has a honeypot and a rate limit."""

import importlib
import inspect
import pkgutil
import re

import pytest
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.routing.converters import AnyConverter, IntegerConverter
from wtforms.fields import StringField
from wtforms.fields.core import UnboundField
from wtforms.validators import Length, Regexp

import jobportal.web
from tests.conftest import DEFAULT_PASSWORD, Factory, login_as

HOSTILE = [
    "' OR '1'='1' --",
    "1; DROP TABLE users; --",
    '"><script>alert(1)</script>',
    "<img src=x onerror=alert(1)>",
    "../../../../etc/passwd",
    "%00\x00nul",
    "{{7*7}}${7*7}",
    "\r\nSet-Cookie: evil=1",
    "ä" * 5000,
    "x" * 100_000,
    "-1",
    "99999999999999999999999",
    "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
]
FIELD_NAMES = [
    "email",
    "password",
    "password_repeat",
    "current_password",
    "name",
    "title",
    "description",
    "text",
    "reason",
    "message",
    "reply",
    "q",
    "where",
    "radius_km",
    "company_name",
    "member_id",
    "frequency",
    "params",
    "website",
    "street",
    "postal_code",
    "place",
    "apply_url",
    "apply_email",
    "salary_min",
    "salary_max",
    "ends_on",
    "start_date",
    "employment_types",
    "sector",
    "commute_km",
    "homes",
    "consent",
    "confirm",
    "next",
]
SETTINGS = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _value(converter):
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)[0]
    if isinstance(converter, IntegerConverter):
        return 1
    return "x"


def _post_urls(app):
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods and rule.endpoint != "privacy.delete_account":
            values = {n: _value(rule._converters[n]) for n in rule.arguments}
            yield rule.endpoint, adapter.build(rule.endpoint, values)


@pytest.fixture
def world(app):
    f = Factory(app)
    company = f.company()
    job = f.job(company_id=company)
    return {
        "anon": None,
        "seeker": f.user(),
        "employer": f.user(role="employer", company_id=company),
        "promoter": f.user(role="promoter", members=("kamenz",)),
        "admin": f.user(role="admin"),
        "job": job,
    }


@pytest.mark.parametrize("role", ["anon", "seeker", "employer", "promoter", "admin"])
def test_every_post_route_survives_hostile_forms(app, world, role):
    for payload in (HOSTILE[0], HOSTILE[2], HOSTILE[5], HOSTILE[9]):
        client = app.test_client()
        for endpoint, url in _post_urls(app):
            if world[role]:
                login_as(client, app, world[role])
            data = {name: payload for name in FIELD_NAMES}
            response = client.post(url, data=data)
            assert response.status_code < 500, (role, endpoint, payload[:20])
            body = response.get_data(as_text=True)
            assert "<script>alert(1)</script>" not in body, endpoint


def test_malformed_bodies(client):
    for url in ("/anmelden", "/registrieren", "/suchauftrag/neu"):
        for body, ctype in (
            (b"\xff\xfe\xfd=%%%", "application/x-www-form-urlencoded"),
            (b"--x\r\nbroken", "multipart/form-data; boundary=x"),
            (b"{not json", "application/json"),
        ):
            response = client.post(url, data=body, content_type=ctype)
            assert 200 <= response.status_code < 500, (url, ctype)


@SETTINGS
@given(
    q=st.text(max_size=300),
    where=st.text(max_size=150),
    radius=st.one_of(st.text(max_size=10), st.integers().map(str)),
    page=st.one_of(st.text(max_size=10), st.integers().map(str)),
    per_page=st.one_of(st.text(max_size=10), st.integers().map(str)),
    sort=st.sampled_from(["relevance", "date", "distance", "x", "", "' OR 1=1"]),
)
def test_search_api_and_page_never_fail(client, q, where, radius, page, per_page, sort):
    params = {
        "q": q,
        "where": where,
        "radius_km": radius,
        "page": page,
        "per_page": per_page,
        "sort": sort,
    }
    api = client.get("/api/v1/jobs", query_string=params)
    assert api.status_code in (200, 400, 422), api.status_code
    assert api.is_json
    html = client.get("/jobs", query_string=params)
    assert html.status_code in (200, 400), html.status_code


@SETTINGS
@given(value=st.text(max_size=200))
def test_place_suggestions_and_feed_never_fail(client, value):
    assert client.get("/orte/vorschlaege", query_string={"q": value}).status_code < 500
    assert client.get("/jobs/feed", query_string={"q": value}).status_code < 500


def test_nul_bytes_are_refused_before_the_database(client):
    assert (
        client.post("/anmelden", data={"email": "a\x00@example.org", "password": "x"}).status_code
        == 400
    )
    assert client.get("/unternehmen/a%00b").status_code == 400
    assert client.get("/api/v1/jobs?q=a%00").status_code == 400
    assert client.get("/api/v1/jobs?q=a%00").is_json


def test_api_parameter_limits(client):
    assert client.get("/api/v1/jobs?per_page=100000").status_code == 400
    assert client.get("/api/v1/jobs?page=-1").status_code == 400
    assert client.get("/api/v1/jobs?radius_km=abc").status_code == 400
    assert client.get("/api/v1/jobs/99999999999999999999").status_code == 404


EVIL_NEXT = [
    "//evil.example/",
    "https://evil.example/",
    "/\\evil.example",
    "/\t/evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "/%09/evil.example",
    "http:evil.example",
]


@pytest.mark.parametrize("target", EVIL_NEXT)
def test_login_next_is_no_open_redirect(client, factory, target):
    factory.user(email="next@example.org")
    response = client.post(
        "/anmelden",
        query_string={"next": target},
        data={"email": "next@example.org", "password": DEFAULT_PASSWORD},
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert "evil" not in location or location.startswith("/%09")
    assert not re.match(r"^(https?:)?[/\\]{2}", location.replace("\t", ""))


@pytest.mark.parametrize("target", EVIL_NEXT)
def test_bookmark_next_is_no_open_redirect(app, client, world, target):
    login_as(client, app, world["seeker"])
    response = client.post(f"/rueckkehr/merkliste/{world['job']}", data={"next": target})
    assert response.status_code == 302
    assert not re.match(r"^(https?:)?[/\\\t]{2}", response.headers["Location"])
    assert "evil" not in response.headers["Location"] or response.headers["Location"].startswith(
        "/%09"
    )


def _text_fields():
    """(form, field, validators) of every text-like field of every form class."""
    for info in pkgutil.walk_packages(jobportal.web.__path__, "jobportal.web."):
        if not info.name.endswith("forms"):
            continue
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, FlaskForm) or cls.__module__ != module.__name__:
                continue
            for attr in dir(cls):
                unbound = getattr(cls, attr, None)
                if isinstance(unbound, UnboundField) and issubclass(
                    unbound.field_class, StringField
                ):
                    yield f"{info.name}.{name}.{attr}", unbound.kwargs.get("validators") or []


def _limited(validator) -> bool:
    if isinstance(validator, Length):
        return bool(validator.max and validator.max > 0)
    if isinstance(validator, Regexp):
        return validator.regex.pattern.endswith("$") and "*" not in validator.regex.pattern
    return getattr(validator, "__name__", "") == "new_password_rules"  # max 128, core.py


def test_every_text_field_has_a_length_limit():
    fields = list(_text_fields())
    assert len(fields) > 30
    unlimited = [name for name, validators in fields if not any(map(_limited, validators))]
    assert unlimited == []


def _register(client, **extra):
    data = {
        "name": "Bot",
        "email": "bot@example.org",
        "password": "Ein-Bot-Kennwort-99",
        "password_repeat": "Ein-Bot-Kennwort-99",
        "consent": "y",
        **extra,
    }
    return client.post("/registrieren", data=data)


def test_registration_honeypot_creates_no_account(app, client):
    from sqlalchemy import select

    from jobportal.core.extensions import db
    from jobportal.models import User

    response = _register(client, website="http://spam.example")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.execute(select(User).filter_by(email="bot@example.org")).first() is None
    page = client.get("/registrieren").get_data(as_text=True)
    assert 'class="honeypot"' in page


def test_registration_rate_limit_per_ip(app, client):
    limit = app.config["REGISTRATIONS_PER_IP_PER_HOUR"]
    for i in range(limit):
        assert _register(client, email=f"x{i}@example.org", password="kurz").status_code == 200
    response = _register(client, email="last@example.org")
    assert response.status_code == 429
    assert "Zu viele Registrierungen" in response.get_data(as_text=True)


def test_alert_signup_honeypot_creates_nothing(app, client):
    from sqlalchemy import func, select

    from jobportal.core.extensions import db
    from jobportal.models import OutboxMail, SavedSearch

    data = {
        "params": "q=Pflege",
        "name": "Pflege",
        "frequency": "daily",
        "email": "bot@example.org",
        "consent": "y",
        "website": "http://spam.example",
    }
    response = client.post("/suchauftrag/neu", data=data)
    assert response.status_code == 302
    with app.app_context():
        assert db.session.execute(select(func.count(SavedSearch.id))).scalar_one() == 0
        assert db.session.execute(select(func.count(OutboxMail.id))).scalar_one() == 0
    assert 'class="honeypot"' in client.get("/suchauftrag/neu").get_data(as_text=True)
