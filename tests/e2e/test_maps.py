"""Maps in the browser: Leaflet loads its markers from /karte/marker/<kind>.json, tile
requests never leave 127.0.0.1 (blocked, see conftest.LocalOnlyBrowser), the SVG map
stays without JavaScript, axe finds nothing on pages with a live map."""

from jobportal.returnees import members_with_counts
from tests.conftest import Factory
from tests.e2e.conftest import assert_no_axe_violations
from tests.support.returnees import index_jobs

TILE_HOST = "https://sgx.geodatenzentrum.de/"


def seed(app) -> int:
    factory = Factory(app)
    company = factory.company(name="Elektro Lessing GmbH", member="kamenz")
    jobs = [factory.job(company, title=f"Elektroniker (m/w/d) Team {n}") for n in range(3)]
    jobs.append(factory.job(company, title="Bäckerin (m/w/d)", postal_code="01067"))
    index_jobs(app, *jobs)
    return jobs[0]


def wait_for_map(page, figure: str) -> int:
    """Wait until the Leaflet map of ``figure`` is drawn; the number of its markers."""
    page.wait_for_selector(f"{figure}[data-map-ready]")
    return int(page.get_attribute(figure, "data-map-ready"))


def test_leaflet_maps_load_markers_and_never_fetch_tiles(page, live_server):
    job_id = seed(live_server.app)
    with live_server.app.app_context():
        members = len(members_with_counts())
    console = []
    page.on("console", lambda message: console.append(message.text))

    with page.expect_response("**/karte/marker/members.json") as answer:
        page.goto("/")
    assert answer.value.ok
    assert wait_for_map(page, "#members-map") == members
    assert page.locator("#members-map .map-pin").count() == members
    assert not page.locator("#members-map .map-svg").is_visible()
    assert page.locator("#members-map .leaflet-control-attribution").inner_text().count("BKG")
    assert_no_axe_violations(page)

    page.goto("/jobs?q=Elektroniker")
    assert not page.locator("#hits-map").is_visible()  # on demand
    page.get_by_text("Ergebnisse auf der Karte").click()
    assert wait_for_map(page, "#hits-map") == 1
    page.locator("#hits-map .map-pin").first.click()
    popup = page.locator(".leaflet-popup-content")
    assert popup.get_by_role("link").count() == 3
    assert "3 offene Stellen" in popup.inner_text()

    page.goto(f"/stellen/{job_id}")
    assert wait_for_map(page, "#job-map") == members + 1
    assert page.locator("#job-map .map-pin-place").count() == 1
    assert_no_axe_violations(page)

    blocked = page.context.blocked
    assert blocked and all(url.startswith(TILE_HOST) for url in blocked)
    assert not [text for text in console if "Content Security Policy" in text], console


def test_without_javascript_the_svg_map_stays(browser, live_server):
    seed(live_server.app)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    assert page.locator("#members-map svg circle").count() >= 1
    assert page.locator("#members-map svg").is_visible()
    assert context.blocked == []
    context.close()
