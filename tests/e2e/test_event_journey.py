"""Browser journey: the promoter of Kamenz creates a returnee day with an exhibitor, a guest
finds it, registers and confirms through the link in the mail, the promoter sees the
registration and downloads the CSV. axe-core finds no WCAG A/AA violation on any page."""

import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import expect
from sqlalchemy import select

from jobportal.core.clock import berlin_today
from jobportal.core.extensions import db
from jobportal.models import OutboxMail
from tests.conftest import Factory
from tests.e2e.conftest import assert_no_axe_violations, login, new_tab


def _mail_link(app, recipient: str, part: str) -> str:
    with app.app_context():
        mail = (
            db.session.execute(
                select(OutboxMail).filter_by(recipient=recipient).order_by(OutboxMail.id.desc())
            )
            .scalars()
            .first()
        )
    url = next(u for u in re.findall(r"https?://\S+", mail.body_text) if part in u)
    return urlsplit(url).path


def create_event(page, day: str) -> None:
    """The promoter fills the event form."""
    page.get_by_role("link", name="Veranstaltungen verwalten").first.click()
    expect(page.locator("h1")).to_have_text("Veranstaltungen verwalten")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Neue Veranstaltung").click()
    page.get_by_role("button", name="Speichern").click()  # empty: errors shown
    expect(page.locator(".error-summary")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Art der Veranstaltung").select_option("rueckkehrertag")
    page.get_by_label("Titel", exact=True).fill("Rückkehrertag Kamenz")
    page.get_by_label("Beginn").fill(f"{day}T10:00")
    page.get_by_label("Ende").fill(f"{day}T15:00")
    page.get_by_label("Mitgliedskommune").select_option(label="Kamenz")
    page.get_by_label("Veranstaltungsort").fill("Rathaus Kamenz, Ratssaal")
    page.get_by_label("Straße und Hausnummer").fill("Markt 1")
    page.get_by_label("Postleitzahl").fill("01917")
    page.get_by_label("Beschreibung", exact=True).fill("Arbeitgeber stellen sich vor.")
    page.get_by_label("Plätze (optional)").fill("30")
    page.get_by_label("Kamenzer Metallbau GmbH (Kamenz)").check()
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator(".flash-success")).to_contain_text("gespeichert")
    expect(page.locator("h1")).to_have_text("Rückkehrertag Kamenz")
    assert_no_axe_violations(page)


def guest_registers(guest) -> None:
    """A visitor finds the event, sees the exhibitor's listing and registers."""
    guest.goto("/")
    guest.get_by_role("link", name="Veranstaltungen").first.click()
    expect(guest.locator("h1")).to_have_text("Veranstaltungen")
    assert_no_axe_violations(guest)
    guest.get_by_role("link", name="Rückkehrertag Kamenz").click()
    expect(guest.locator("h1")).to_have_text("Rückkehrertag Kamenz")
    expect(guest.locator(".exhibitor-list")).to_contain_text("Schweißer (m/w/d)")
    expect(guest.get_by_text("30 von 30 frei")).to_be_visible()
    assert_no_axe_violations(guest)
    guest.get_by_label("Ihr Name").fill("Gerda Gast")
    guest.get_by_label("Ihre E-Mail-Adresse").fill("gerda@example.org")
    guest.get_by_role("button", name="Anmelden", exact=True).click()
    expect(guest.locator("h1")).to_have_text("Bitte bestätigen Sie Ihre Anmeldung")
    assert_no_axe_violations(guest)


def test_promoter_creates_guest_registers_promoter_exports(browser, page, live_server):
    app = live_server.app
    factory = Factory(app)
    company = factory.company(name="Kamenzer Metallbau GmbH", member="kamenz")
    factory.job(company_id=company, title="Schweißer (m/w/d)")
    factory.user(role="promoter", members=["kamenz"], email="foerderer@kamenz.example")
    day = (berlin_today() + timedelta(days=21)).isoformat()

    login(page, "foerderer@kamenz.example")
    create_event(page, day)
    organise_url = page.url

    guest = new_tab(browser, live_server)
    guest_registers(guest)
    guest.goto(_mail_link(app, "gerda@example.org", "/bestaetigen/"))
    expect(guest.locator("h1")).to_have_text("Anmeldung bestätigen")
    assert_no_axe_violations(guest)
    guest.get_by_role("button", name="Ja, Anmeldung bestätigen").click()
    expect(guest.locator("h1")).to_have_text("Ihre Anmeldung ist bestätigt")
    assert_no_axe_violations(guest)

    page.goto(organise_url)
    expect(page.locator("table")).to_contain_text("gerda@example.org")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Anmeldungen als CSV herunterladen").click()
    download = download_info.value
    assert download.suggested_filename == f"anmeldungen-1-{day}.csv"
    raw = Path(download.path()).read_bytes()
    assert raw.startswith("\ufeff".encode())  # Excel reads the umlauts as UTF-8
    content = raw.decode("utf-8-sig").splitlines()
    assert content[0] == "Name;E-Mail-Adresse;Angemeldet am;Mit Konto"
    assert content[1].startswith("Gerda Gast;gerda@example.org;")
    assert_no_axe_violations(page)
