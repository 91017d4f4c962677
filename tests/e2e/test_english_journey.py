"""Browser journey in English: an applicant abroad (a Polish browser, so the portal starts in
German) switches to English with the keyboard, searches care jobs near Dresden, registers,
keeps a returnee profile, saves the search as an alert and receives the confirmation mail
in English from a real SMTP server. Every page: lang="en" and no axe violation."""

import re

import pytest
from playwright.sync_api import expect

from jobportal.core.extensions import db
from jobportal.platform.mail import send_pending
from tests.conftest import DEFAULT_PASSWORD, Factory, make_app
from tests.e2e.conftest import LiveServer, assert_no_axe_violations
from tests.support.alerts import link_in, text_of
from tests.support.returnees import index_jobs
from tests.support.smtp import smtp_settings

APPLICANT = "marta.nowak@example.org"


@pytest.fixture
def smtp_live_server(tmp_path, db_template, smtp_server):
    """A live server whose mails go to a real SMTP server on 127.0.0.1."""
    smtp_server.start()
    app = make_app(
        tmp_path,
        db_template,
        WTF_CSRF_ENABLED=True,
        MAIL_SEND_AFTER_COMMIT=False,
        PROPAGATE_EXCEPTIONS=False,
        **smtp_settings(smtp_server),
    )
    server = LiveServer(app)
    server.start()
    yield server, smtp_server
    server.stop()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if server.errors:
        pytest.fail(f"the server raised: {server.errors!r}", pytrace=False)


@pytest.fixture
def english_page(browser, smtp_live_server):
    server, _smtp = smtp_live_server
    context = browser.new_context(base_url=server.url, locale="pl-PL", timezone_id="Europe/Warsaw")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def seed(app) -> None:
    """Care jobs in Dresden, indexed."""
    factory = Factory(app)
    company = factory.company(name="Pflegedienst Elbtal GmbH", member="dresden")
    jobs = [
        factory.job(company, title="Pflegefachkraft (m/w/d)", postal_code="01067"),
        factory.job(company, title="Pflegehelfer Nachtdienst", postal_code="01069"),
    ]
    index_jobs(app, *jobs)


def check(page, heading) -> None:
    """The page is English, shows the heading and has no axe violation."""
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text(heading)
    assert_no_axe_violations(page)


def mails_to(app, smtp, address: str) -> list:
    with app.app_context():
        send_pending()
    return [msg for rcpts, msg in smtp.handler.messages if address in rcpts]


def test_an_applicant_abroad_uses_the_portal_in_english(english_page, smtp_live_server):
    page, (server, smtp) = english_page, smtp_live_server
    app = server.app
    seed(app)

    page.goto("/jobs")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    switch = page.get_by_role("link", name="English")
    expect(switch).to_have_attribute("hreflang", "en")
    switch.focus()  # keyboard reachable: a plain link in the header
    page.keyboard.press("Enter")
    page.wait_for_url("**/jobs?lang=en")
    check(page, "Find jobs")

    page.get_by_label("What?").fill("Pflege")
    page.get_by_label("Where?").fill("Dresden")
    page.get_by_label("Radius").select_option("25")
    page.get_by_role("button", name="Search", exact=True).click()
    check(page, "Find jobs")
    expect(page.locator(".search-results")).to_contain_text("within 25 km of")
    expect(page.get_by_role("link", name="Pflegefachkraft (m/w/d)")).to_be_visible()
    expect(page.get_by_role("link", name="Deutsch")).to_have_attribute("lang", "de")

    page.get_by_role("link", name="Register", exact=True).first.click()
    check(page, "")
    page.get_by_label("Your name").fill("Marta Nowak")
    page.get_by_label("E-mail address").fill(APPLICANT)
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_label("Repeat password").fill(DEFAULT_PASSWORD)
    page.get_by_label(re.compile("I have read the privacy policy")).check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/anmelden")
    check(page, "Log in")
    [welcome] = mails_to(app, smtp, APPLICANT)
    assert welcome["Subject"] == "Please confirm your e-mail address"
    assert "thank you for registering on" in text_of(welcome)
    page.get_by_label("E-mail address").fill(APPLICANT)
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    page.goto("/rueckkehr/profil")
    check(page, "")
    page.get_by_label("Preferred place to live 1").fill("Dresden")
    page.get_by_label("I would commute this far").fill("30")
    page.get_by_label(re.compile("Or: I live abroad")).fill("Polen")
    page.get_by_label(re.compile("What work are you looking for")).fill("Pflege")
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator(".flashes")).to_contain_text("Your profile has been saved.")
    assert_no_axe_violations(page)

    page.goto("/jobs?q=Pflege&where=Dresden&radius_km=25")
    page.get_by_role("link", name=re.compile("Save the search")).first.click()
    check(page, "Save search")
    page.get_by_label("daily").check()
    page.get_by_label(re.compile("Yes, I want to receive these e-mails")).check()
    page.get_by_role("button", name="Save job alert").click()
    check(page, "Almost done: please confirm your job alert")

    confirm = mails_to(app, smtp, APPLICANT)[-1]
    assert confirm["Subject"] == "Please confirm your job alert"
    body = text_of(confirm)
    assert "daily by e-mail. Please confirm with this link:" in body
    assert '<html lang="en">' in confirm.get_body(("html",)).get_content()
    page.goto(link_in(confirm, "/suchauftrag/bestaetigen/"))
    check(page, "Confirm job alert")
    page.get_by_role("button", name="Yes, activate the job alert").click()
    check(page, "Your job alert is active")
