"""Municipality and region pages with the demo content, at 390 and 1280 px: axe finds no
WCAG A/AA violation, nothing scrolls sideways, and a visitor writes to the contact person."""

from pathlib import Path

import pytest
from sqlalchemy import select

from jobportal.core.extensions import db
from jobportal.models import OutboxMail
from tests.e2e.conftest import assert_no_axe_violations
from tests.support.search import index

SHOTS = Path(__file__).parents[2] / "docs" / "screenshots"
SIZES = {"phone": (390, 844), "desktop": (1280, 900)}
PAGES = {
    "region-list": "/region",
    "municipality-kamenz": "/region/kamenz",
    "municipality-district": "/region/landkreis-bautzen",
}


@pytest.fixture
def demo_server(live_server):
    from jobportal.demo import seed_demo

    with live_server.app.app_context():
        list(seed_demo())
    index(live_server.app)
    return live_server


def _page(browser, server, size: str):
    width, height = SIZES[size]
    context = browser.new_context(
        base_url=server.url,
        locale="de-DE",
        timezone_id="Europe/Berlin",
        viewport={"width": width, "height": height},
    )
    context.set_default_timeout(15_000)
    return context.new_page()


@pytest.mark.parametrize("size", SIZES)
def test_region_and_municipality_pages(browser, demo_server, size):
    page = _page(browser, demo_server, size)
    for name, path in PAGES.items():
        assert page.goto(path).status == 200
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width == page.viewport_size["width"], f"{name}@{size} is {width} px wide"
        assert_no_axe_violations(page)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}-{size}.png"))
    page.goto("/region")
    total = page.locator("tfoot td").inner_text()
    page.get_by_role("link", name="Alle Stellen suchen").click()
    assert total.replace(".", "") in page.locator("main").inner_text().replace(".", "")
    page.context.close()


def test_a_returnee_writes_to_the_contact_person(browser, demo_server):
    page = _page(browser, demo_server, "phone")
    page.goto("/region/kamenz")
    assert page.get_by_role("heading", name="Leben und Arbeiten in Kamenz").is_visible()
    page.get_by_role("link", name="Ansprechperson").click()
    page.get_by_label("Ihr Name").fill("Jana Heim")
    page.get_by_label("Ihre E-Mail-Adresse").fill("jana@example.org")
    page.get_by_label("Ihre Nachricht").fill("Wir ziehen im Sommer zurück. Gibt es Kita-Plätze?")
    page.get_by_role("button", name="Nachricht senden").click()
    assert page.get_by_text("Ihre Nachricht ist unterwegs").is_visible()
    assert_no_axe_violations(page)
    with demo_server.app.app_context():
        mails = db.session.execute(select(OutboxMail)).scalars().all()
        assert [m.erase_after_send for m in mails if "Kamenz" in m.subject] == [True]
    page.get_by_role("link", name="Alle Stellen in Kamenz in der Suche").click()
    assert "member=kamenz" in page.url
    page.context.close()
