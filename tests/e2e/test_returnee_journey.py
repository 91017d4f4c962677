"""Browser journey: a returnee living in München registers, wants to live in Kamenz,
commutes 30 km and does "Elektriker"; sees matches with reasons and bookmarks one; the
promoter of Kamenz finds the pseudonymous profile and asks for contact; the returnee
gets the request by mail. axe-core finds no WCAG A/AA violation on the profile, the
matches, the municipality pages and the talent pool."""

from sqlalchemy import select

from jobportal.core.extensions import db
from jobportal.models import OutboxMail
from tests.conftest import DEFAULT_PASSWORD, Factory
from tests.e2e.conftest import assert_no_axe_violations, login, new_tab
from tests.support.returnees import index_jobs

RETURNEE = "lena.rueck@example.org"
PROMOTER = "foerderer@kamenz.example"


def register(page) -> None:
    """Register as a job seeker through the real form, then log in (registration does not)."""
    page.goto("/registrieren")
    page.get_by_label("Ihr Name").fill("Lena Rück")
    page.get_by_label("E-Mail-Adresse").fill(RETURNEE)
    page.get_by_label("Passwort", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_label("Passwort wiederholen").fill(DEFAULT_PASSWORD)
    page.get_by_label("Datenschutzerklärung gelesen").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/anmelden")
    page.get_by_label("E-Mail-Adresse").fill(RETURNEE)
    page.get_by_label("Passwort", exact=True).fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def seed(app) -> None:
    """Jobs in and around Kamenz, indexed, and the promoter of Kamenz."""
    factory = Factory(app)
    company = factory.company(name="Elektro Lessing GmbH", member="kamenz")
    jobs = [
        factory.job(company, title="Elektriker (m/w/d)", postal_code="01917"),
        factory.job(company, title="Elektriker für Gebäudetechnik", postal_code="01896"),
        factory.job(company, title="Bürokauffrau (m/w/d)", postal_code="01917"),
    ]
    index_jobs(app, *jobs)
    factory.user(role="promoter", members=["kamenz"], email=PROMOTER, name="Paula Förder")


def fill_profile(page) -> None:
    """The profile as the returnee fills it in."""
    page.get_by_label("Wunschwohnort 1").fill("Kamenz")
    page.get_by_label("So weit würde ich pendeln").fill("30")
    page.get_by_label("Aktueller Wohnort in Deutschland").fill("München")
    page.get_by_label("Welche Arbeit suchen Sie?").fill("Elektriker")
    page.get_by_label("Vollzeit").check()
    page.get_by_label("geprüfte Arbeitgeber").check()


def test_returnee_matches_bookmark_and_contact_request(browser, page, live_server):
    app = live_server.app
    seed(app)

    register(page)
    page.goto("/rueckkehr/profil")
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Profil speichern").click()  # empty: errors shown
    assert page.locator(".error-summary").count() == 1
    assert_no_axe_violations(page)
    fill_profile(page)
    page.get_by_role("button", name="Profil speichern").click()
    page.wait_for_url("**/rueckkehr/passende-stellen")
    assert page.get_by_text("2 passende Stellen").count() == 1
    assert page.get_by_text("passt zu „Elektriker“").count() == 2
    assert page.get_by_text("Bürokauffrau").count() == 0
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Merken: Elektriker (m/w/d)").click()
    assert page.get_by_text("steht jetzt auf Ihrer Merkliste").count() == 1
    page.goto("/rueckkehr/merkliste")
    assert page.get_by_role("link", name="Elektriker (m/w/d)").count() == 1
    assert_no_axe_violations(page)

    page.goto("/region")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Kamenz", exact=True).click()
    assert page.get_by_role("heading", name="Leben und Arbeiten in Kamenz").count() == 1
    assert_no_axe_violations(page)

    promoter = new_tab(browser, live_server)
    login(promoter, PROMOTER)
    promoter.goto("/talentpool")
    promoter.get_by_label("Tätigkeit oder Stichwort").fill("Elektriker")
    promoter.get_by_label("Würde pendeln nach").select_option("kamenz")
    promoter.get_by_role("button", name="Suchen").click()
    assert promoter.get_by_text("1 Profile gefunden").count() == 1
    assert promoter.get_by_text("Bayern").count() == 1
    content = promoter.locator("main").inner_text()
    assert "Lena" not in content and RETURNEE not in content and "München" not in content
    assert_no_axe_violations(promoter)
    promoter.get_by_role("link", name="Kontakt anfragen").click()
    assert_no_axe_violations(promoter)
    promoter.get_by_label("Ihre Nachricht").fill("Kamenz sucht Elektriker – melden Sie sich!")
    promoter.get_by_role("button", name="Anfrage senden").click()
    assert promoter.get_by_text("Ihre Anfrage wurde weitergeleitet").count() == 1
    promoter.goto("/talentpool/zahlen")
    assert_no_axe_violations(promoter)

    with app.app_context():
        mails = db.session.execute(select(OutboxMail).filter_by(recipient=RETURNEE)).scalars()
        bodies = [m.body_text for m in mails if m.subject.startswith("Kontaktanfrage")]
    assert len(bodies) == 1
    assert "Paula Förder" in bodies[0] and "Kamenz sucht Elektriker" in bodies[0]

    page.goto("/rueckkehr/anfragen")
    assert page.get_by_text("Kamenz sucht Elektriker").count() == 1
    assert_no_axe_violations(page)
