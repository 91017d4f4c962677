"""Imported listings as people see them, who may touch them, the admin page, the mapping."""

import json
import re
from datetime import date

import pytest
from sqlalchemy import select

from jobportal.core.extensions import db
from tests.conftest import login_as
from tests.support import ba as ba_support
from tests.support.ba import KAMENZ_REF, ba_jobs, run

app = ba_support.app  # the app talking to the fake BA server
fake_ba = ba_support.fake_ba


def _jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_job_page_shows_source_link_and_employer_with_jsonld(app, fake_ba, client):
    run(app)
    job_id = ba_jobs(app)[KAMENZ_REF][0]
    response = client.get(f"/stellen/{job_id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Quelle" in html and "Bundesagentur für Arbeit" in html
    original = f"https://www.arbeitsagentur.de/jobsuche/jobdetail/{KAMENZ_REF}"
    assert f'href="{original}"' in html and "Originalanzeige ansehen" in html
    assert "Elektro Lessing GmbH &amp; Co. KG" in html
    data = _jsonld(html)
    assert data["hiringOrganization"]["name"] == "Elektro Lessing GmbH & Co. KG"
    assert "url" not in data["hiringOrganization"]  # no company page of ours
    assert data["identifier"] == {
        "@type": "PropertyValue",
        "name": "Bundesagentur für Arbeit",
        "value": KAMENZ_REF,
    }
    assert data["sameAs"] == original
    assert data["jobLocation"]["address"]["postalCode"] == "01917"


def test_imported_listings_are_searchable_like_our_own(app, fake_ba, client):
    from jobportal.search import drain

    run(app)
    with app.app_context():
        drain()
    job_id = ba_jobs(app)[KAMENZ_REF][0]
    response = client.get(f"/api/v1/jobs/{job_id}")
    assert response.status_code == 200
    assert response.get_json()["company"] == "Elektro Lessing GmbH & Co. KG"
    found = client.get("/api/v1/jobs?q=Elektroniker").get_json()
    assert [item["id"] for item in found["items"]] == [job_id]
    found = client.get("/api/v1/jobs?q=Lessing").get_json()
    assert [item["id"] for item in found["items"]] == [job_id]


def test_employers_cannot_touch_imported_listings(app, fake_ba, client, factory):
    from jobportal import listings
    from jobportal.models import Job, User

    run(app)
    job_id = ba_jobs(app)[KAMENZ_REF][0]
    employer_id, _company_id = factory.employer()
    promoter_id = factory.user(role="promoter", members=("kamenz",))
    admin_id = factory.user(role="admin")
    login_as(client, app, employer_id)
    assert client.get(f"/arbeitgeber/stellen/{job_id}/bearbeiten").status_code == 404
    assert client.get(f"/arbeitgeber/stellen/{job_id}").status_code == 404
    with app.app_context():
        job = db.session.get(Job, job_id)
        employer, promoter, admin = (
            db.session.get(User, i) for i in (employer_id, promoter_id, admin_id)
        )
        assert listings.allowed_actions(job, employer) == []
        assert listings.allowed_actions(job, promoter) == ["unpublish"]
        assert listings.allowed_actions(job, admin) == ["unpublish"]
        for actor in (employer, promoter, admin):
            with pytest.raises(listings.JobError):
                listings.update(job, actor, {"title": "Geändert"})
        with pytest.raises(listings.JobError):
            listings.mark_filled(job, admin)
        listings.unpublish(job, promoter, "Doppelt eingestellt")
        assert job.state == "withdrawn"


def test_promoter_moderates_a_pending_import(app, fake_ba, client, factory):
    promoter_id = factory.user(role="promoter", members=("kamenz",))
    run(app, BA_PUBLISH_DIRECTLY=False)
    job_id = ba_jobs(app)[KAMENZ_REF][0]
    login_as(client, app, promoter_id)
    page = client.get("/moderation/").get_data(as_text=True)
    assert "Elektroniker für Energie- und Gebäudetechnik" in page
    detail = client.get(f"/moderation/stellen/{job_id}")
    assert detail.status_code == 200
    assert "Elektro Lessing GmbH &amp; Co. KG" in detail.get_data(as_text=True)


def test_admin_page_lists_runs_with_summaries_and_errors(app, fake_ba, client, factory):
    fake_ba.add_offer("10001-1000000011-S", stellenlokationen="Kamenz")
    run(app)
    fake_ba.force("jobs", body="<html>Wartung</html>", content_type="text/html")
    run(app)
    admin_id = factory.user(role="admin")
    login_as(client, app, admin_id)
    response = client.get("/admin/ba-import")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1>BA-Import</h1>" in html
    assert "erfolgreich" in html and "fehlgeschlagen" in html
    assert "außerhalb des Netzwerks" in html
    assert "10001-1000000011-S: Feld stellenlokationen fehlt" in html
    assert "Antwort ist kein JSON" in html
    assert 'href="/admin/ba-import"' in client.get("/admin/").get_data(as_text=True)


def test_admin_page_is_for_admins_only(app, client, factory):
    promoter_id = factory.user(role="promoter", members=("kamenz",))
    login_as(client, app, promoter_id)
    assert client.get("/admin/ba-import").status_code == 403


def test_admin_page_without_runs(app, client, factory):
    login_as(client, app, factory.user(role="admin"))
    assert "noch nicht gelaufen" in client.get("/admin/ba-import").get_data(as_text=True)


# --- mapping and search areas (no server needed) ------------------------------------------


def test_description_is_plain_sanitised_text():
    from jobportal.ba import clean_description

    text = "Aufgaben:\r\n<ul><li>Montage</li></ul>\n\n\n\n<b>Gut</b> &amp; fair<script>x()</script>"
    assert clean_description(text) == "Aufgaben:\nMontage\n\nGut & fair"
    assert len(clean_description("wort " * 10_000)) <= 20_000


def test_employment_types_from_angebotsart_and_working_time():
    from jobportal.ba import employment_types, offer_from_search, working_model

    base = {
        "refnr": "1",
        "titel": "Ausbildung Industriekaufmann",
        "arbeitgeber": "A",
        "arbeitsort": {"plz": "01917"},
        "modifikationsTimestamp": "x",
    }
    offer = offer_from_search(base)
    assert employment_types({}, offer, 4) == ["ausbildung"]
    dual = offer_from_search({**base, "titel": "Duales Studium Informatik"})
    assert employment_types({}, dual, 4) == ["duales_studium"]
    assert employment_types({"arbeitszeitmodelle": ["TEILZEIT", "MINIJOB"]}, offer, 1) == [
        "minijob",
        "teilzeit",
    ]
    assert employment_types({}, offer, 1) == ["vollzeit"]
    assert working_model({"arbeitszeitmodelle": ["VOLLZEIT", "HEIMARBEIT"]}, offer) == "hybrid"


def test_start_date_in_the_past_means_immediately(app, ctx):
    from jobportal.ba import listing_data, offer_from_search
    from jobportal.models import Place

    place = db.session.execute(select(Place).filter_by(postal_code="01917")).scalar_one()
    base = {
        "refnr": "1",
        "titel": "Koch (m/w/d)",
        "arbeitgeber": "A",
        "arbeitsort": {"plz": "01917"},
        "modifikationsTimestamp": "x",
        "eintrittsdatum": "2026-01-05",
    }
    today = date(2026, 11, 22)
    data = listing_data(offer_from_search(base), {}, place, 1, "https://ba.example/1", today)
    assert data["start_date"] == "" and data["ends_on"] == "2027-01-21"
    later = {**base, "eintrittsdatum": "2027-02-01"}
    data = listing_data(offer_from_search(later), {}, place, 1, "https://ba.example/1", today)
    assert data["start_date"] == "2027-02-01" and data["sector"] == "gastronomie"
    assert data["apply_url"] == "https://ba.example/1"


def test_search_area_covers_all_places_of_a_member(app, ctx):
    from jobportal.ba import round_umkreis, search_areas
    from jobportal.core.geometry import haversine_km
    from jobportal.places import active_members

    assert [round_umkreis(k) for k in (0, 3, 11, 26, 180, 500)] == [0, 5, 15, 50, 200, 200]
    members = active_members(date(2026, 11, 22))
    areas = {area.member_name: area for area in search_areas(members)}
    for member in members:
        area = areas[member.name]
        centre = next(p for p in member.places if p.postal_code == area.wo)
        farthest = max(haversine_km(centre.lat, centre.lon, p.lat, p.lon) for p in member.places)
        assert farthest <= area.umkreis or area.umkreis == 200
