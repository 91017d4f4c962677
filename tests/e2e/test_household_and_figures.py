"""Browser journeys of issue 18: a returnee couple finds the place where both have work;
the network admin reads the year's figures and downloads a month as CSV. axe-core finds
no WCAG A/AA violation on the profile, the household page and the report pages."""

from pathlib import Path

from sqlalchemy import select

from jobportal.core.extensions import db
from jobportal.models import Event
from tests.conftest import Factory
from tests.e2e.conftest import assert_no_axe_violations, login
from tests.support.events import make_event
from tests.support.returnees import index_jobs, make_profile

RETURNEE = "paar.rueck@example.org"
ADMIN = "netzwerk@example.org"


def seed(app) -> None:
    """An electrician's and a nurse's job in Kamenz, an electrician's in Radeberg; the
    returnee day in Kamenz."""
    factory = Factory(app)
    company = factory.company(name="Elektro Lessing GmbH", member="kamenz")
    index_jobs(
        app,
        factory.job(company, title="Elektriker (m/w/d)", postal_code="01917"),
        factory.job(company, title="Pflegefachkraft (m/w/d)", postal_code="01917"),
        factory.job(company, title="Elektriker für Gebäudetechnik", postal_code="01454"),
    )
    user = factory.user(email=RETURNEE)
    make_profile(app, user, homes=["Kamenz"], commute=10, work="Elektriker")
    factory.user(role="admin", email=ADMIN)
    make_event(app, title="Rückkehrertag Kamenz", exhibitors=[company])


def test_couple_finds_the_place_where_both_have_work_and_registers(page, live_server):
    seed(live_server.app)
    login(page, RETURNEE)
    page.goto("/rueckkehr/haushalt")
    assert page.get_by_role("link", name="Profil ergänzen").count() == 1
    assert_no_axe_violations(page)
    page.goto("/rueckkehr/profil")
    page.get_by_label("Welche Arbeit sucht Ihre Partnerin oder Ihr Partner?").fill(
        "Pflegefachkraft"
    )
    page.get_by_label("So weit würde sie oder er pendeln").fill("10")
    page.get_by_label("Kita-Platz").check()
    page.get_by_role("button", name="Profil speichern").click()
    page.wait_for_url("**/rueckkehr/passende-stellen")
    assert page.get_by_text("Für Ihre Partnerin oder Ihren Partner").count() == 1
    page.get_by_role("link", name="Wo finden wir beide Arbeit?").click()
    page.wait_for_url("**/rueckkehr/haushalt")
    first = page.locator("main ol > li").first
    assert first.get_by_role("heading", name="Kamenz").count() == 1
    assert first.get_by_role("link", name="Pflegefachkraft (m/w/d)").count() == 1
    assert first.get_by_role("link", name="Elektriker (m/w/d)").count() == 1
    assert "Radeberg" not in page.locator("main ol").inner_text()
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})

    first.get_by_role("link", name="Kamenz").click()  # the municipality page
    page.get_by_role("link", name="Rückkehrertag Kamenz").first.click()
    page.get_by_role("button", name="Jetzt anmelden").click()
    assert page.locator("main").get_by_role("button", name="Abmelden").count() == 1
    with live_server.app.app_context():
        event = db.session.execute(select(Event)).scalar_one()
        assert [r.email for r in event.registrations] == [RETURNEE]
        assert event.registered == 1


def test_network_admin_downloads_a_month_as_csv(page, live_server):
    seed(live_server.app)
    login(page, ADMIN)
    page.get_by_role("link", name="Berichte").first.click()
    assert page.get_by_role("heading", name="Eingestellte Stellenanzeigen").count() == 1
    assert page.locator("svg.chart").count() >= 10
    assert_no_axe_violations(page)
    page.locator("summary", has_text="Einzelne Monate als CSV").click()
    with page.expect_download() as info:
        page.locator(".report-months a").last.click()
    download = info.value
    assert download.suggested_filename.startswith("kennzahlen-")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "Kennzahl;Kommune;Monat;Wert"
    assert "Netzwerk gesamt" in text
    page.get_by_role("link", name="Jahresbericht zum Drucken oder als PDF").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Jahresbericht")
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.go_back()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
