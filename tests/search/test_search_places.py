"""Listings with several work places: search by place and radius, distance to the nearest
place, facets, the API, JSON-LD, the job page, alerts and returnee matching use them all."""

import json
import re

from sqlalchemy import select

from jobportal.core.clock import berlin_today
from jobportal.core.extensions import db
from jobportal.core.geometry import haversine_km
from jobportal.listings import set_other_places
from jobportal.models import Job, Member, Place, ReturneeProfile
from jobportal.returnees import match_jobs
from jobportal.search import SearchParams, match_new, rebuild, reset_pools
from tests.support.returnees import index_jobs, make_profile

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def place(postal_code: str, name: str) -> Place:
    return db.session.execute(select(Place).filter_by(postal_code=postal_code, name=name)).scalar()


def add_places(app, job_id: int, *spots) -> None:
    """Give a listing further work places (postal code, name) and index it."""
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert set_other_places(job, [place(*spot) for spot in spots], berlin_today())
        db.session.commit()
    index_jobs(app, job_id)


def hit_ids(client, query: str) -> list[int]:
    data = client.get(f"/api/v1/jobs?{query}").get_json()
    return [item["id"] for item in data["items"]]


def test_search_finds_a_listing_by_any_of_its_places(app, client, factory):
    company = factory.company(member="kamenz")
    both = factory.job(company, title="Lagerist (m/w/d)", postal_code="01917")  # Kamenz
    only_kamenz = factory.job(company, title="Lagerist (m/w/d)", postal_code="01917")
    index_jobs(app, only_kamenz)
    add_places(app, both, ("01558", "Großenhain"))

    assert set(hit_ids(client, "where=Kamenz&radius_km=5")) == {both, only_kamenz}
    assert hit_ids(client, "where=Großenhain&radius_km=5") == [both]
    assert hit_ids(client, "where=01558&radius_km=5") == [both]
    page = client.get("/jobs?where=Gro%C3%9Fenhain&radius_km=5").get_data(as_text=True)
    assert f"/stellen/{both}" in page and f"/stellen/{only_kamenz}" not in page


def test_distance_is_to_the_nearest_place_and_sorts_by_it(app, client, factory):
    company = factory.company(member="kamenz")
    radeberg = factory.job(company, title="Fahrer (m/w/d)", postal_code="01454")
    kamenz_and_grossenhain = factory.job(company, title="Fahrer (m/w/d)", postal_code="01917")
    index_jobs(app, radeberg)
    add_places(app, kamenz_and_grossenhain, ("01558", "Großenhain"))
    data = client.get("/api/v1/jobs?where=Großenhain&radius_km=50&sort=distance").get_json()
    items = {item["id"]: item for item in data["items"]}
    assert [item["id"] for item in data["items"]][0] == kamenz_and_grossenhain
    origin = data["where"]
    with app.app_context():
        near, main = place("01558", "Großenhain"), place("01917", "Kamenz")
        far = place("01454", "Radeberg")
        lat, lon = origin["lat"], origin["lon"]
        km = {s: haversine_km(lat, lon, s.lat, s.lon) for s in (near, main, far)}
    assert items[kamenz_and_grossenhain]["distance_km"] == round(km[near], 1) < km[main]
    assert items[radeberg]["distance_km"] == round(km[far], 1) > km[near]


def test_member_facet_counts_every_place_member_and_filters(app, client, factory):
    company = factory.company(member="kamenz")
    job_id = factory.job(company, title="Koch (m/w/d)", postal_code="01917")
    add_places(app, job_id, ("01558", "Großenhain"))
    data = client.get("/api/v1/jobs?q=Koch").get_json()
    assert data["facets"]["member"]["grossenhain"] == 1
    assert (
        data["facets"]["member"].get("kamenz", 0)
        + data["facets"]["member"].get("landkreis-bautzen", 0)
        == 1
    )
    assert hit_ids(client, "q=Koch&member=grossenhain") == [job_id]


def test_rebuild_indexes_the_other_places_too(app, client, factory):
    job_id = factory.job(title="Gärtner (m/w/d)", postal_code="01917")
    add_places(app, job_id, ("01558", "Großenhain"))
    with app.app_context():
        rebuild(app)
    reset_pools()
    assert hit_ids(client, "where=Großenhain&radius_km=5") == [job_id]
    assert client.get("/api/v1/jobs?q=Gärtner").get_json()["facets"]["member"]["grossenhain"] == 1


def test_changed_places_leave_the_index(app, client, factory):
    job_id = factory.job(title="Maler (m/w/d)", postal_code="01917")
    add_places(app, job_id, ("01558", "Großenhain"))
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert not set_other_places(job, [place("01558", "Großenhain")], berlin_today())
        assert set_other_places(job, [], berlin_today())
        db.session.commit()
    index_jobs(app, job_id)
    assert hit_ids(client, "where=Großenhain&radius_km=5") == []


def test_api_job_page_and_jsonld_list_every_place(app, client, factory):
    job_id = factory.job(title="Bäcker (m/w/d)", postal_code="01917", street="Markt 1")
    add_places(app, job_id, ("01558", "Großenhain"), ("01454", "Radeberg"))
    [item] = client.get("/api/v1/jobs?q=Bäcker").get_json()["items"]
    assert item["place"]["name"] == "Kamenz"
    assert [p["name"] for p in item["places"]] == ["Kamenz", "Großenhain", "Radeberg"]

    html = client.get(f"/stellen/{job_id}").get_data(as_text=True)
    assert "<dt>Arbeitsorte</dt>" in html
    assert "Markt 1, 01917 Kamenz<br>01558 Großenhain<br>01454 Radeberg" in html
    posting = json.loads(JSONLD.findall(html)[0])
    locations = posting["jobLocation"]
    assert isinstance(locations, list)
    assert [loc["address"]["addressLocality"] for loc in locations] == [
        "Kamenz",
        "Großenhain",
        "Radeberg",
    ]
    assert locations[0]["address"]["streetAddress"] == "Markt 1"
    assert "streetAddress" not in locations[1]["address"]
    assert all(loc["geo"]["latitude"] for loc in locations)


def test_single_place_listing_keeps_one_location_object(client, factory):
    job_id = factory.job(title="Tischler (m/w/d)", postal_code="01917")
    html = client.get(f"/stellen/{job_id}").get_data(as_text=True)
    assert "<dt>Arbeitsort</dt>" in html
    assert json.loads(JSONLD.findall(html)[0])["jobLocation"]["@type"] == "Place"


def test_alerts_match_a_new_listing_by_its_other_place(app, factory):
    job_id = factory.job(title="Pflegefachkraft (m/w/d)", postal_code="01917")
    add_places(app, job_id, ("01558", "Großenhain"))
    with app.app_context():
        job = db.session.get(Job, job_id)
        grossenhain = place("01558", "Großenhain")
        member = db.session.execute(select(Member).filter_by(slug="grossenhain")).scalar_one()
        searches = [
            SearchParams(q="Pflege", place_ids=(grossenhain.id,)),
            SearchParams(q="Pflege", postal_codes=("01558",)),
            SearchParams(q="Pflege", member=(str(member.id),)),
            SearchParams(q="Pflege", postal_codes=("04109",)),
        ]
        assert match_new([job], searches) == [[job_id], [job_id], [job_id], []]


def test_returnee_matching_uses_the_nearest_place(app, factory):
    company = factory.company(member="kamenz")
    job_id = factory.job(company, title="Elektriker (m/w/d)", postal_code="01917")
    add_places(app, job_id, ("01558", "Großenhain"))
    profile = make_profile(app, factory.user(), homes=["Großenhain"], commute=10, work="Elektriker")
    with app.app_context():
        result = match_jobs(db.session.get(ReturneeProfile, profile))
        [match] = result.matches
        assert match.job.id == job_id
        kamenz, home = place("01917", "Kamenz"), result.matches[0].job.other_places[0].place
        assert match.distance_km < 5 < haversine_km(kamenz.lat, kamenz.lon, home.lat, home.lon)
        assert "von Großenhain" in match.reason
