"""Atom feed for a search, sitemap.xml, robots.txt and place suggestions."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest

from jobportal.core.extensions import db
from jobportal.models import Company, Job
from jobportal.places import active_members
from tests.support.search import index

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_the_feed_lists_the_newest_matching_jobs(app, client, factory):
    company = factory.company(name="Pflegeheim Sonnenhof")
    ids = [factory.job(company, title=f"Pflegehelfer {i}") for i in range(55)]
    factory.job(company, title="Elektriker")
    factory.job(company, title="Pflegehelfer Entwurf", state="draft")
    with app.app_context():
        for age, job_id in enumerate(ids):
            db.session.get(Job, job_id).published_at = datetime.now(UTC) - timedelta(hours=age)
        db.session.commit()
    index(app)
    response = client.get("/jobs/feed?q=Pflegehelfer&where=Kamenz&radius_km=10&sort=distance")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [
        f"http://localhost/stellen/{job_id}" for job_id in ids[:50]
    ]
    first = entries[0]
    assert first.findtext(f"{ATOM}title") == "Pflegehelfer 0"
    assert first.find(f"{ATOM}link").get("href") == f"http://localhost/stellen/{ids[0]}"
    assert first.findtext(f"{ATOM}author/{ATOM}name") == "Pflegeheim Sonnenhof"
    assert "01917 Kamenz" in first.findtext(f"{ATOM}summary")
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"].startswith("http://localhost/jobs/feed?q=Pflegehelfer&where=Kamenz")
    assert links["alternate"].startswith("http://localhost/jobs?q=Pflegehelfer")
    assert feed.findtext(f"{ATOM}updated").startswith(datetime.now(UTC).strftime("%Y-%m-%d"))


def test_the_feed_uses_site_url_and_survives_odd_input(app, client, factory):
    factory.job(title="Koch \x0b mit Herz")  # a character XML cannot carry
    index(app)
    app.config["SITE_URL"] = "https://jobs.example.org/"
    assert client.get("/jobs/feed?q=%00").status_code == 400  # NUL: refused everywhere
    for query in ("", "?q=Koch", "?q=%FF&page=-1&per_page=0&sort=price", "?q=%E2%80%AE"):
        response = client.get("/jobs/feed" + query)
        assert response.status_code == 200
        feed = ET.fromstring(response.data)
        for entry in feed.findall(f"{ATOM}entry"):
            assert entry.findtext(f"{ATOM}id").startswith("https://jobs.example.org/stellen/")


@pytest.mark.parametrize(
    ("query", "param", "reason"),
    [
        ("where=99999", "where", "kennen wir nicht"),
        ("where=Xyzqwort", "where", "kennen wir nicht"),
        ("where=Neustadt", "where", "Mehrere Orte"),
        ("where=Kamenz&radius_km=7", "radius_km", "5, 10, 25, 50 oder 100"),
        ("where=Kamenz&radius_km=", "radius_km", "leer"),
        ("employment_type=festanstellung", "employment_type", "vollzeit"),
        ("working_model=mond", "working_model", "remote"),
        ("sector=raumfahrt", "sector", "handwerk"),
        ("member=atlantis", "member", "kamenz"),
        ("member=", "member", "leer"),
        ("published_within=2", "published_within", "1, 7 oder 30"),
        ("salary_given=vielleicht", "salary_given", "Gehalt"),
        ("q=" + "a" * 2001, "q", "zu lang"),
    ],
)
def test_the_feed_refuses_unknown_places_and_values(client, factory, query, param, reason):
    factory.job(title="Pflegehelfer")
    response = client.get("/jobs/feed?" + query)
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert f"Parameter „{param}“" in text and reason in text
    assert "<entry" not in text


def test_an_entry_is_updated_when_the_listing_changed(app, client, factory):
    job_id = factory.job(title="Pflegehelfer")
    published = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
    edited = datetime(2026, 2, 9, 14, 30, tzinfo=UTC)
    with app.app_context():
        job = db.session.get(Job, job_id)
        job.created_at = job.published_at = published
        db.session.commit()
        db.session.execute(  # a public edit (approved): updated_at moves on
            db.update(Job).where(Job.id == job_id).values(updated_at=edited)
        )
        db.session.commit()
    index(app)
    feed = ET.fromstring(client.get("/jobs/feed?q=Pflegehelfer").data)
    [entry] = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}published") == "2026-01-05T08:00:00+00:00"
    assert entry.findtext(f"{ATOM}updated") == "2026-02-09T14:30:00+00:00"
    assert feed.findtext(f"{ATOM}updated") == "2026-02-09T14:30:00+00:00"
    sitemap = ET.fromstring(client.get("/sitemap.xml").data)
    lastmods = [u.findtext(f"{SITEMAP}lastmod") for u in sitemap.findall(f"{SITEMAP}url")]
    assert "2026-02-09" in lastmods


def test_the_sitemap_lists_only_public_listings_and_static_pages(app, client, factory):
    public = factory.job(title="Elektriker")
    hidden = [
        factory.job(state="draft"),
        factory.job(state="pending"),
        factory.job(state="withdrawn"),
        factory.job(days_left=-1),
    ]
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    root = ET.fromstring(response.data)
    locs = [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]
    assert f"http://localhost/stellen/{public}" in locs
    assert not {f"http://localhost/stellen/{job_id}" for job_id in hidden} & set(locs)
    assert {"http://localhost/", "http://localhost/jobs", "http://localhost/impressum"} <= set(locs)
    lastmod = root.find(f"{SITEMAP}url[{len(locs)}]/{SITEMAP}lastmod").text
    assert lastmod == datetime.now(UTC).date().isoformat()


def test_the_sitemap_lists_region_member_and_public_company_pages(app, client, factory):
    public = factory.company(name="Bäckerei Korn")
    unverified = factory.company(verified=False)
    banned = factory.company()
    with app.app_context():
        db.session.get(Company, banned).banned_at = datetime.now(UTC)
        db.session.commit()
        slugs = {cid: db.session.get(Company, cid).slug for cid in (public, unverified, banned)}
        members = [m.slug for m in active_members()]
    root = ET.fromstring(client.get("/sitemap.xml").data)
    locs = [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]
    assert len(locs) == len(set(locs))
    assert "http://localhost/region" in locs
    assert members and {f"http://localhost/region/{slug}" for slug in members} <= set(locs)
    assert f"http://localhost/unternehmen/{slugs[public]}" in locs
    assert f"http://localhost/unternehmen/{slugs[unverified]}" not in locs
    assert f"http://localhost/unternehmen/{slugs[banned]}" not in locs
    for loc in locs:  # every listed page is public and answers
        assert client.get(loc.removeprefix("http://localhost")).status_code == 200, loc


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "User-agent: *"
    assert "Sitemap: http://localhost/sitemap.xml" in lines
    assert "Disallow: /arbeitgeber/" in lines
    assert "Disallow: /jobs" not in lines


def test_place_suggestions(client):
    data = client.get("/orte/vorschlaege?q=Kamen").get_json()
    assert {"label": "Kamenz (01917, Sachsen)", "value": "01917 Kamenz"} in data
    assert len(data) <= 10
    assert client.get("/orte/vorschlaege?q=019").get_json()[0]["value"].startswith("019")
    for odd in ("", "K", "x" * 5000, "(((", "%FF"):
        response = client.get("/orte/vorschlaege?q=" + odd)
        assert response.status_code == 200
        assert isinstance(response.get_json(), list)
    response = client.get("/orte/vorschlaege?q=%00%00")  # NUL: refused everywhere
    assert response.status_code == 400
    assert response.get_json()["status"] == 400
