"""The public job page: content, JSON-LD, 404/410 for non-public listings, counters."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from jobportal.core.clock import berlin_today
from jobportal.core.extensions import db
from jobportal.models import Company, Job, Place
from tests.conftest import login_as

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def jsonld_of(html: str) -> dict:
    """The page's JobPosting, parsed."""
    [block] = JSONLD.findall(html)
    return json.loads(block)


def change(app, model, object_id, **values):
    with app.app_context():
        obj = db.session.get(model, object_id)
        for key, value in values.items():
            setattr(obj, key, value)
        db.session.commit()


def read(app, job_id, *fields):
    with app.app_context():
        job = db.session.get(Job, job_id)
        return tuple(getattr(job, f) for f in fields)


def test_public_job_page_shows_everything(client, factory):
    job_id = factory.job(
        title="Elektriker (m/w/d)",
        street="Bautzner Straße 5",
        salary_min=320000,
        salary_max=380000,
        employment_types=["vollzeit", "teilzeit"],
        apply_url="https://karriere.example.org/elektriker",
    )
    html = client.get(f"/stellen/{job_id}").get_data(as_text=True)
    assert "<h1" in html and "Elektriker (m/w/d)" in html
    assert "Bautzner Straße 5, 01917 Kamenz" in html
    assert "Vollzeit, Teilzeit" in html
    assert "3.200 € – 3.800 €" in html and "pro Monat" in html
    assert "ab sofort" in html
    assert f'action="/stellen/{job_id}/bewerben"' in html
    assert f'href="/stellen/{job_id}/melden"' in html
    assert "Stelle melden" in html
    assert "noindex" not in html


def test_jsonld_has_the_required_jobposting_properties(client, factory, app):
    company_id = factory.company(name="Muster & Söhne GmbH")
    change(app, Company, company_id, website="https://muster.example.org")
    job_id = factory.job(
        company_id=company_id,
        title="Softwareentwickler </script><script>alert(1)</script>",
        description="Wir **entwickeln** Software.",
        street="Markt 1",
        salary_min=1450,
        salary_max=1800,
        salary_unit="hour",
        employment_types=["vollzeit", "werkstudent", "ausbildung", "minijob"],
    )
    html = client.get(f"/stellen/{job_id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    data = jsonld_of(html)
    assert data["@context"].startswith("https://schema.org")
    assert data["@type"] == "JobPosting"
    assert data["title"] == "Softwareentwickler </script><script>alert(1)</script>"
    assert "<strong>entwickeln</strong>" in data["description"]
    assert data["datePosted"] == berlin_today().isoformat()
    assert data["validThrough"].startswith((berlin_today() + timedelta(days=30)).isoformat())
    assert data["employmentType"] == ["FULL_TIME", "INTERN", "OTHER", "PART_TIME"]
    org = data["hiringOrganization"]
    assert org["@type"] == "Organization" and org["name"] == "Muster & Söhne GmbH"
    assert org["sameAs"] == "https://muster.example.org"
    address = data["jobLocation"]["address"]
    assert address == {
        "@type": "PostalAddress",
        "streetAddress": "Markt 1",
        "postalCode": "01917",
        "addressLocality": "Kamenz",
        "addressRegion": "Sachsen",
        "addressCountry": "DE",
    }
    geo = data["jobLocation"]["geo"]
    assert geo["@type"] == "GeoCoordinates" and 51 < geo["latitude"] < 52
    salary = data["baseSalary"]
    assert salary["currency"] == "EUR"
    assert salary["value"]["minValue"] == 14.5 and salary["value"]["maxValue"] == 18
    assert salary["value"]["unitText"] == "HOUR"
    assert "jobLocationType" not in data


def test_jsonld_remote_job_and_no_salary(client, factory):
    job_id = factory.job(working_model="remote")
    data = jsonld_of(client.get(f"/stellen/{job_id}").get_data(as_text=True))
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == {"@type": "Country", "name": "DE"}
    assert "baseSalary" not in data


@pytest.mark.parametrize(
    ("low", "high", "expected", "shown"),
    [
        (280000, None, {"minValue": 2800.0}, "ab 2.800 €"),
        (None, 310050, {"maxValue": 3100.5}, "bis 3.100,50 €"),
        (300000, 300000, {"value": 3000.0}, "3.000 €"),
        (280000, 310000, {"minValue": 2800.0, "maxValue": 3100.0}, "2.800 € – 3.100 €"),
    ],
)
def test_jsonld_salary_is_one_amount_or_bounds_never_both(
    client, factory, low, high, expected, shown
):
    job_id = factory.job(salary_min=low, salary_max=high, salary_unit="month")
    html = client.get(f"/stellen/{job_id}").get_data(as_text=True)
    value = jsonld_of(html)["baseSalary"]["value"]
    amounts = {k: v for k, v in value.items() if k in ("value", "minValue", "maxValue")}
    assert amounts == expected  # Google: `value` for one amount, minValue/maxValue for bounds
    assert value["@type"] == "QuantitativeValue" and value["unitText"] == "MONTH"
    assert shown in html  # the page says the same


@pytest.mark.parametrize("state", ["draft", "pending", "rejected", "withdrawn", "filled"])
def test_non_public_states_are_404(client, factory, state):
    job_id = factory.job(state=state)
    assert client.get(f"/stellen/{job_id}").status_code == 404
    assert client.post(f"/stellen/{job_id}/bewerben").status_code == 404


def test_unknown_listing_is_404(client):
    assert client.get("/stellen/999999").status_code == 404


def test_banned_company_listing_is_404(client, factory, app):
    company_id = factory.company()
    job_id = factory.job(company_id=company_id, title="Glasbläser (m/w/d) im Bannbetrieb")
    assert "Bannbetrieb" in client.get("/").get_data(as_text=True)
    change(app, Company, company_id, banned_at=datetime.now(UTC))
    assert client.get(f"/stellen/{job_id}").status_code == 404
    assert "Bannbetrieb" not in client.get("/").get_data(as_text=True)


def test_listing_in_a_member_that_left_is_404(client, factory, app):
    job_id = factory.job()
    with app.app_context():
        place = db.session.get(Job, job_id).place
        for member in place.members:
            member.left_on = berlin_today()
        db.session.commit()
    assert client.get(f"/stellen/{job_id}").status_code == 404


@pytest.mark.parametrize("state, days_left", [("expired", -3), ("published", -1)])
def test_expired_listing_says_so_with_noindex(client, factory, state, days_left):
    job_id = factory.job(state=state, days_left=days_left)
    response = client.get(f"/stellen/{job_id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 410
    assert "abgelaufen" in html
    assert '<meta name="robots" content="noindex">' in html
    assert "application/ld+json" not in html


def test_views_are_counted_but_not_the_owners(client, factory, app):
    employer_id, company_id = factory.employer()
    job_id = factory.job(company_id=company_id)
    client.get(f"/stellen/{job_id}")
    client.get(f"/stellen/{job_id}")
    login_as(client, app, employer_id)
    client.get(f"/stellen/{job_id}")
    assert read(app, job_id, "views") == (2,)


def test_apply_click_is_counted_and_redirects(client, factory, app):
    url_job = factory.job(apply_url="https://karriere.example.org/1")
    mail_job = factory.job()
    response = client.post(f"/stellen/{url_job}/bewerben")
    assert response.status_code == 303
    assert response.headers["Location"] == "https://karriere.example.org/1"
    response = client.post(f"/stellen/{mail_job}/bewerben")
    assert response.headers["Location"] == "mailto:bewerbung@example.org"
    assert read(app, url_job, "apply_clicks") == (1,)


def test_markdown_description_is_sanitised(client, factory):
    job_id = factory.job(
        description='Hallo <script>alert("x")</script> [Link](javascript:alert(1)) '
        "<img src=x onerror=alert(2)> **fett**"
    )
    html = client.get(f"/stellen/{job_id}").get_data(as_text=True)
    body = html.split('<div class="prose">', 1)[1].split("</div>", 1)[0]
    assert "<script" not in body and "javascript:" not in body
    assert "onerror" not in body and "<img" not in body
    assert "<strong>fett</strong>" in body


def test_home_page_lists_newest_public_listings_only(client, factory):
    factory.job(title="Öffentliche Stelle Alpha")
    factory.job(title="Entwurf Beta", state="draft")
    factory.job(title="Abgelaufen Gamma", days_left=-2)
    html = client.get("/").get_data(as_text=True)
    assert "Öffentliche Stelle Alpha" in html
    assert "Entwurf Beta" not in html and "Abgelaufen Gamma" not in html


def test_company_page_only_when_verified_and_not_banned(client, factory, app):
    verified = factory.company(name="Sichtbar GmbH")
    unverified = factory.company(name="Unsichtbar GmbH", verified=False)
    factory.job(company_id=verified, title="Offene Stelle Delta")
    factory.job(company_id=verified, title="Entwurf Epsilon", state="draft")
    with app.app_context():
        slugs = {cid: db.session.get(Company, cid).slug for cid in (verified, unverified)}
        change(app, Company, verified, description="Wir sind <script>x</script> **toll**.")
    html = client.get(f"/unternehmen/{slugs[verified]}").get_data(as_text=True)
    assert "Sichtbar GmbH" in html and "Offene Stelle Delta" in html
    assert "Entwurf Epsilon" not in html and "<script>x" not in html
    assert client.get(f"/unternehmen/{slugs[unverified]}").status_code == 404
    change(app, Company, verified, banned_at=datetime.now(UTC))
    assert client.get(f"/unternehmen/{slugs[verified]}").status_code == 404
    assert client.get("/unternehmen/gibt-es-nicht").status_code == 404


def test_job_page_links_verified_company(client, factory, app):
    company_id = factory.company()
    job_id = factory.job(company_id=company_id)
    with app.app_context():
        slug = db.session.get(Company, company_id).slug
        assert db.session.get(Place, db.session.get(Job, job_id).place_id).postal_code == "01917"
    html = client.get(f"/stellen/{job_id}").get_data(as_text=True)
    assert f'href="http://localhost/unternehmen/{slug}"' in html


def test_hits_lead_back_to_the_search(app, client, factory):
    from tests.support.returnees import index_jobs

    job_id = factory.job(title="Tischler (m/w/d)")
    index_jobs(app, job_id)
    text = client.get("/jobs?q=Tischler").get_data(as_text=True)
    assert f'href="/stellen/{job_id}?from=/jobs?q%3DTischler"' in text
    page = client.get(f"/stellen/{job_id}?from=/jobs?q%3DTischler").get_data(as_text=True)
    assert '<a href="/jobs?q=Tischler">Zurück zu den Suchergebnissen</a>' in page


def test_back_link_only_to_the_search_page(client, factory):
    job_id = factory.job()
    for bad in ("//evil.example/jobs", "https://evil.example/jobs", "/konto", "/jobsx?q=1"):
        page = client.get(f"/stellen/{job_id}", query_string={"from": bad}).get_data(as_text=True)
        assert "Zurück zu den Suchergebnissen" not in page


def test_job_page_facts_and_contact_links(client, factory):
    job_id = factory.job(apply_phone="03578 12345")
    page = client.get(f"/stellen/{job_id}").get_data(as_text=True)
    assert "Veröffentlicht am" in page and "Ausgeschrieben bis" in page
    assert page.count("So bewerben Sie sich") == 0  # the description may bring its own
    assert 'href="mailto:bewerbung@example.org"' in page
    assert 'href="tel:0357812345"' in page
    assert "und die Stelle merken" in page  # visitors are asked to log in
