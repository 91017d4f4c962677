"""Host header injection: absolute URLs come from SITE_URL only, and production answers
only the trusted hosts (400 for others). Audit finding 4 of issue 22."""

import json
import re

import pytest

from jobportal.core.extensions import db
from jobportal.web.security import trusted_hosts
from tests.conftest import make_app
from tests.support.search import index

EVIL = "evil.example"
SITE = "https://jobs.example.org"
JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')


@pytest.fixture
def public_job(app, factory):
    """A listing of a public company, indexed, with SITE_URL set to the public address."""
    app.config["SITE_URL"] = SITE
    job_id = factory.job(factory.company(name="Muster GmbH"), title="Elektriker")
    index(app)
    return job_id


def _evil_get(client, url, **headers):
    return client.get(url, headers={"Host": EVIL, **headers})


def test_job_page_links_come_from_site_url(client, public_job):
    response = _evil_get(client, f"/stellen/{public_job}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert CANONICAL.search(html).group(1) == f"{SITE}/stellen/{public_job}"
    posting = json.loads(JSONLD.search(html).group(1))
    assert posting["url"] == f"{SITE}/stellen/{public_job}"
    assert posting["hiringOrganization"]["url"].startswith(f"{SITE}/unternehmen/")
    assert EVIL not in html


def test_forwarded_host_does_not_reach_the_page_either(client, public_job):
    html = _evil_get(client, f"/stellen/{public_job}", **{"X-Forwarded-Host": EVIL}).get_data(
        as_text=True
    )
    assert EVIL not in html


@pytest.mark.parametrize(
    "url", ["/jobs/feed?q=Elektriker", "/sitemap.xml", "/robots.txt", "/api/v1/jobs", "/jobs"]
)
def test_machine_readable_answers_use_site_url(client, public_job, url):
    body = _evil_get(client, url).get_data(as_text=True)
    assert EVIL not in body
    if url != "/jobs":
        assert SITE in body


def test_api_detail_url_uses_site_url(client, public_job):
    data = _evil_get(client, f"/api/v1/jobs/{public_job}").get_json()
    assert data["url"] == f"{SITE}/stellen/{public_job}"


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ({"ENV_NAME": "production", "SITE_URL": SITE, "TRUSTED_HOSTS": []}, ["jobs.example.org"]),
        ({"ENV_NAME": "production", "SITE_URL": f"{SITE}:8443/"}, ["jobs.example.org"]),
        (
            {"ENV_NAME": "production", "SITE_URL": SITE, "TRUSTED_HOSTS": ["a.example", ".b.de"]},
            ["a.example", ".b.de"],
        ),
        ({"ENV_NAME": "development", "SITE_URL": SITE, "TRUSTED_HOSTS": []}, None),
        ({"ENV_NAME": "testing", "SITE_URL": SITE, "TRUSTED_HOSTS": ["a.example"]}, ["a.example"]),
    ],
)
def test_trusted_hosts_default_to_site_urls_host_in_production(config, expected):
    assert trusted_hosts(config) == expected


def test_production_refuses_a_site_url_without_host():
    with pytest.raises(RuntimeError, match="SITE_URL"):
        trusted_hosts({"ENV_NAME": "production", "SITE_URL": "https://[::1"})


@pytest.fixture
def production_app(tmp_path, db_template):
    """The production configuration (trusted hosts derived from SITE_URL)."""
    app = make_app(
        tmp_path,
        db_template,
        ENV_NAME="production",
        SECRET_KEY="a-production-secret",  # noqa: S106
        SITE_URL=SITE,
        PROXY_FIX_X_HOST=1,
    )
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_production_answers_its_own_host(production_app):
    client = production_app.test_client()
    assert production_app.config["TRUSTED_HOSTS"] == ["jobs.example.org"]
    assert client.get("/", base_url=SITE).status_code == 200
    assert client.get("/impressum", base_url=f"{SITE}:443").status_code == 200


@pytest.mark.parametrize(
    "headers",
    [{"Host": EVIL}, {"Host": "jobs.example.org.evil.example"}, {"X-Forwarded-Host": EVIL}],
)
@pytest.mark.parametrize("url", ["/", "/stellen/1", "/api/v1/jobs", "/anmelden"])
def test_production_refuses_unknown_hosts(production_app, headers, url):
    client = production_app.test_client()
    response = client.get(url, base_url=SITE, headers=headers)
    assert response.status_code == 400
    assert EVIL not in response.get_data(as_text=True)
