"""Maps: the marker endpoint, the SVG maps on home, job and search pages, the CSP."""

import re

import pytest
from flask_babel import force_locale

from jobportal.places import MapPoint, svg_map
from jobportal.returnees import members_with_counts
from jobportal.web.maps.draw import map_shapes
from jobportal.web.security import CSP, content_security_policy
from tests.conftest import app_with, login_as
from tests.support.returnees import index_jobs, make_profile
from tests.support.search import index

CIRCLE_TITLE = re.compile(r'<circle class="map-point map-point-(\w+)"[^>]*><title>([^<]*)</title>')
BASEMAP = "https://sgx.geodatenzentrum.de"


def svg_points(html: str, figure_id: str) -> list[tuple[str, str]]:
    """(kind, title) of the points of one SVG map on a page."""
    start = html.index(f'id="{figure_id}"')
    end = html.index("</figure>", start)
    return CIRCLE_TITLE.findall(html[start:end])


def counts_by_name(app) -> dict[str, int]:
    with app.app_context():
        return {m.name: n for m, n in members_with_counts()}


def test_member_markers_are_the_active_members_with_their_open_listings(client, factory, app):
    factory.job(title="Elektriker")
    factory.job(title="Pflegekraft")
    response = client.get("/karte/marker/members.json")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert "Set-Cookie" not in response.headers
    body = response.get_json()
    assert body["kind"] == "members"
    expected = counts_by_name(app)
    assert {m["label"]: m["count"] for m in body["markers"]} == expected
    assert max(expected.values()) == 2  # a place can lie in a town and its district
    for marker in body["markers"]:
        assert set(marker) == {"lat", "lon", "label", "count", "type", "url"}
        assert marker["url"].startswith("/rueckkehr/") or marker["url"].startswith("/")


def test_home_svg_map_has_one_point_per_member_with_its_count(client, factory, app):
    factory.job()
    html = client.get("/").get_data(as_text=True)
    points = svg_points(html, "members-map")
    expected = counts_by_name(app)
    assert len(points) == len(expected)
    titles = {title for _kind, title in points}
    for name, count in expected.items():
        label = "1 offene Stelle" if count == 1 else f"{count} offene Stellen"
        assert f"{name}: {label}" in titles
    assert f'data-tile-url="{BASEMAP}' in html
    assert 'data-markers-url="/karte/marker/members.json"' in html


def test_job_marker_and_job_page_map(client, factory):
    job_id = factory.job(title="Elektriker")
    body = client.get(f"/karte/marker/job.json?id={job_id}").get_json()
    [marker] = [m for m in body["markers"] if m["type"] == "place"]
    assert marker["label"].endswith("Kamenz")
    assert {m["type"] for m in body["markers"]} == {"place", "member"}
    html = client.get(f"/stellen/{job_id}").get_data(as_text=True)
    kinds = [kind for kind, _title in svg_points(html, "job-map")]
    assert kinds.count("place") == 1 and "member" in kinds
    assert f"/karte/marker/job.json?id={job_id}" in html


def test_job_marker_of_a_listing_that_is_not_public_is_empty(client, factory):
    job_id = factory.job(state="pending")
    assert client.get(f"/karte/marker/job.json?id={job_id}").get_json()["markers"] == []
    response = client.get("/karte/marker/job.json?id=abc")
    assert response.status_code == 400 and response.get_json()["parameter"] == "id"


def test_search_markers_group_hits_by_place(client, factory, app):
    for title in ("Elektriker A", "Elektriker B", "Elektriker C"):
        factory.job(title=title)
    factory.job(title="Bäcker", postal_code="01067")
    index(app)
    body = client.get("/karte/marker/jobs.json?q=Elektriker").get_json()
    [marker] = body["markers"]
    assert marker["count"] == 3 and marker["type"] == "hits"
    titles = sorted(i["label"] for i in marker["items"])
    assert titles == ["Elektriker A", "Elektriker B", "Elektriker C"]
    assert all(i["url"].startswith("/stellen/") for i in marker["items"])
    everything = client.get("/karte/marker/jobs.json").get_json()["markers"]
    assert sum(m["count"] for m in everything) == 4 and len(everything) == 2
    html = client.get("/jobs?q=Elektriker").get_data(as_text=True)
    assert svg_points(html, "hits-map") == [("hits", marker["label"] + ": 3 offene Stellen")]
    assert 'data-markers-url="/karte/marker/jobs.json?q=Elektriker' in html


def test_bad_search_parameters_and_unknown_kinds(client):
    response = client.get("/karte/marker/jobs.json?radius_km=7&where=Kamenz")
    assert response.status_code == 400 and response.get_json()["parameter"] == "radius_km"
    assert client.get("/karte/marker/events.json").status_code == 404


def test_csp_allows_images_from_exactly_the_tile_host(app, client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert f"img-src 'self' data: {BASEMAP};" in policy
    assert policy.count("geodatenzentrum") == 1
    assert content_security_policy({"MAP_TILE_URL": ""}) == CSP
    assert content_security_policy({"MAP_TILE_URL": "http://tiles.example/{z}/{x}/{y}.png"}) == CSP


@pytest.fixture
def tileless_app(tmp_path, db_template):
    yield from app_with(tmp_path, db_template, MAP_TILE_URL="")


def test_without_tiles_only_the_svg_map(tileless_app):
    response = tileless_app.test_client().get("/")
    html = response.get_data(as_text=True)
    assert 'id="members-map"' in html and "data-tile-url" not in html
    assert "leaflet" not in html
    assert response.headers["Content-Security-Policy"] == CSP


def test_region_and_municipality_pages_have_their_maps(client, factory, app):
    factory.job()
    expected = counts_by_name(app)
    html = client.get("/region").get_data(as_text=True)
    assert len(svg_points(html, "members-map")) == len(expected)
    html = client.get("/region/kamenz").get_data(as_text=True)
    points = svg_points(html, "member-map")
    assert [title for kind, title in points if kind == "place"] == ["Kamenz"]
    assert len(points) == len(expected)
    markers = client.get("/karte/marker/member.json?slug=kamenz").get_json()["markers"]
    [marker] = [m for m in markers if m["type"] == "place"]
    assert marker["label"] == "Kamenz" and marker["count"] == expected["Kamenz"]
    assert len(markers) == len(expected) and "Kamenz" not in {
        m["label"] for m in markers if m["type"] == "member"
    }
    assert client.get("/karte/marker/member.json?slug=nirgendwo").get_json()["markers"] == []


def test_matches_map_shows_homes_commute_circles_and_matched_places(client, app, factory):
    index_jobs(app, factory.job(title="Elektriker"))
    seeker = factory.user(email="lena@example.org")
    make_profile(app, seeker, homes=("Kamenz",), commute=30, work="Elektriker")
    login_as(client, app, seeker)
    html = client.get("/rueckkehr/passende-stellen").get_data(as_text=True)
    start = html.index('id="matches-map"')
    figure = html[start : html.index("</figure>", start)]
    assert '<circle class="map-commute"' in figure and "30 km um Kamenz" in figure
    kinds = [kind for kind, _title in svg_points(html, "matches-map")]
    assert kinds.count("place") == 1 and kinds.count("hits") == 1
    assert "data-markers-url" not in figure  # personal: no cached marker answer


def test_map_shapes_escape_names_and_speak_the_page_language(app):
    points = [
        MapPoint(51.0, 13.7, 'Kamenz <b>"&', 1234, None, "hits"),
        MapPoint(51.1, 14.0, "Pulsnitz", 1, None, "member"),
        MapPoint(51.2, 14.1, "Ohorn", 0, None, "place"),
    ]
    svg = svg_map(
        [(50.9, 13.5), (51.4, 14.4), (51.3, 13.4)], points, circles=[(51.0, 13.7, 30, "Kamenz <i>")]
    )
    with app.test_request_context():
        with force_locale("de"):
            german = str(map_shapes(svg))
        with force_locale("en"):
            english = str(map_shapes(svg))
    assert "<title>Kamenz &lt;b&gt;&#34;&amp;: 1.234 offene Stellen</title>" in german
    assert "<title>Pulsnitz: 1 offene Stelle</title>" in german
    assert "<title>Ohorn</title>" in german  # a place without a count
    assert "<title>30 km um Kamenz &lt;i&gt;</title>" in german
    assert "<title>Kamenz &lt;b&gt;&#34;&amp;: 1,234 open jobs</title>" in english
    assert ">Kamenz &lt;b&gt;&#34;&amp;</text>" in german and "<b>" not in german
