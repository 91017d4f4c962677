"""Browser journey: a job seeker types an old occupation name with a typo on a phone; the
page corrects it, says which forms it searched, lists the listing; axe finds no WCAG A/AA
violation."""

from playwright.sync_api import expect

from jobportal.search import rebuild, reset_pools
from tests.conftest import Factory
from tests.e2e.conftest import assert_no_axe_violations


def test_old_name_with_a_typo_finds_the_nurse_listing(page, live_server):
    app = live_server.app
    factory = Factory(app)
    factory.job(title="Pflegefachkraft (m/w/d)", description="Pflege im Wohnbereich.")
    factory.job(title="Sachbearbeiter (m/w/d)", description="Pflege von Stammdaten.")
    with app.app_context():
        rebuild(app)
    reset_pools()

    page.set_viewport_size({"width": 390, "height": 900})
    page.goto("/jobs")
    page.get_by_label("Was?").fill("Krankenschwster")
    page.get_by_role("button", name="Suchen", exact=True).click()
    notices = page.locator(".search-notices")
    expect(notices).to_contain_text("Meinten Sie „Krankenschwester“?")
    expect(notices).to_contain_text("Zeige Stellen für Pflegefachkraft, Pflegefachfrau")
    expect(page.locator("#results-title")).to_contain_text("1 Stelle")
    expect(page.locator(".search-hits h3")).to_have_text(["Pflegefachkraft (m/w/d)"])
    assert_no_axe_violations(page)

    page.get_by_label("Was?").fill("Pflege")
    page.get_by_role("button", name="Suchen", exact=True).click()
    expect(page.locator(".search-hits h3")).to_have_text(
        ["Pflegefachkraft (m/w/d)", "Sachbearbeiter (m/w/d)"]
    )
