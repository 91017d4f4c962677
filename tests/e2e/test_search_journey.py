"""Browser journey: search "Pfleger" near Kamenz within 25 km, filter Teilzeit, open a hit.
axe-core finds no WCAG A/AA violation on the search page, with and without results."""

import re

from playwright.sync_api import expect

from jobportal.search import rebuild, reset_pools
from tests.conftest import Factory
from tests.e2e.conftest import assert_no_axe_violations
from tests.support.search import job_at, place_id


def corpus(app) -> dict:
    """Listings around Kamenz (and one in Dresden, ~37 km away), indexed."""
    factory = Factory(app)
    company = factory.company(name="Pflegedienst Westlausitz GmbH")
    made = {
        "kamenz": factory.job(
            company, title="Pfleger (m/w/d) Tagespflege", employment_types=["teilzeit"]
        ),
        "pulsnitz": job_at(
            app,
            factory,
            place_id(app, "01896", "Pulsnitz"),
            company_id=company,
            title="Pfleger (m/w/d) ambulant",
            employment_types=["vollzeit"],
        ),
        "dresden": factory.job(
            company,
            title="Pfleger (m/w/d) Klinik",
            postal_code="01067",
            employment_types=["teilzeit"],
        ),
        "other": factory.job(company, title="Elektriker (m/w/d)", employment_types=["teilzeit"]),
    }
    with app.app_context():
        rebuild(app)
    reset_pools()
    return made


def hit_titles(page) -> list[str]:
    return page.locator(".search-hits h3").all_inner_texts()


def test_search_filter_and_open_a_hit(page, live_server):
    jobs = corpus(live_server.app)

    page.goto("/")
    page.get_by_role("link", name="Stellen suchen").click()
    expect(page.locator("h1")).to_have_text("Stellen suchen")
    page.get_by_label("Was?").fill("Pfleger")
    page.get_by_label("Wo?").fill("Kamenz")
    page.get_by_label("Umkreis").select_option("25")
    page.get_by_role("button", name="Suchen", exact=True).click()

    expect(page.locator("#results-title")).to_contain_text("2 Stellen")
    assert set(hit_titles(page)) == {"Pfleger (m/w/d) ambulant", "Pfleger (m/w/d) Tagespflege"}
    assert "radius_km=25" in page.url and "where=Kamenz" in page.url
    expect(page.locator(".search-hits mark").first).to_have_text(re.compile("Pfleger"))
    assert_no_axe_violations(page)

    expect(page.get_by_role("button", name="Filter anwenden")).to_be_hidden()  # JS applies
    with page.expect_navigation():
        page.get_by_label(re.compile(r"^Teilzeit")).check()
    assert page.evaluate("document.activeElement.id") == "f-employment_type-teilzeit"
    expect(page.locator("#results-title")).to_contain_text("1 Stelle")
    assert "employment_type=teilzeit" in page.url
    assert hit_titles(page) == ["Pfleger (m/w/d) Tagespflege"]
    expect(page.get_by_role("link", name=re.compile("Teilzeit entfernen"))).to_be_visible()

    page.get_by_role("link", name="Pfleger (m/w/d) Tagespflege").click()
    expect(page.locator("h1")).to_have_text("Pfleger (m/w/d) Tagespflege")
    assert f"/stellen/{jobs['kamenz']}?from=" in page.url
    page.get_by_role("link", name="Zurück zu den Suchergebnissen").click()
    expect(page.locator("#results-title")).to_contain_text("1 Stelle")
    assert "employment_type=teilzeit" in page.url


def test_no_results_page_helps_and_is_accessible(page, live_server):
    corpus(live_server.app)
    page.goto("/jobs?q=Pfleger&where=Kamenz&radius_km=5&employment_type=minijob")
    expect(page.locator(".no-results")).to_contain_text("Leider keine passenden Stellen")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Ohne Filter „Minijob“ suchen").click()
    expect(page.locator("#results-title")).to_contain_text("1 Stelle")


def test_place_suggestions_enhance_the_where_field(page, live_server):
    page.goto("/jobs")
    where = page.get_by_label("Wo?")
    where.press_sequentially("Kamen", delay=30)
    option = page.locator("#where-vorschlaege option[value='01917 Kamenz']")
    expect(option).to_have_count(1)
    assert where.get_attribute("list") == "where-vorschlaege"
    assert_no_axe_violations(page)
