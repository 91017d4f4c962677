"""Browser journey: a visitor saves "Pflege" near Hoyerswerda (25 km) as an alert, confirms it
through the link in the mail, a matching job is approved, `alerts send` mails it, and the
mail's unsubscribe link works. axe-core finds no WCAG A/AA violation on the alert pages."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

from playwright.sync_api import expect
from sqlalchemy import select

from jobportal import listings
from jobportal.core.extensions import db
from jobportal.models import Job, OutboxMail, SavedSearch, User
from jobportal.platform.mail import send_pending
from jobportal.platform.mail_backends import sent_messages
from tests.conftest import Factory
from tests.e2e.conftest import assert_no_axe_violations


def local(url: str) -> str:
    """The path and query of an absolute link from a mail."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def mail_link(text: str, part: str) -> str:
    return local(next(u for u in re.findall(r"https?://\S+", text) if part in u))


def approve_new_job(app) -> int:
    """A promoter of Hoyerswerda approves a pending "Pflegefachkraft" listing there."""
    factory = Factory(app)
    company = factory.company(name="Pflegedienst Hoyerswerda GmbH", member="hoyerswerda")
    job_id = factory.job(company, state="pending", title="Pflegefachkraft (m/w/d) ambulant")
    promoter = factory.user(role="promoter", members=("hoyerswerda",))
    with app.app_context():
        listings.approve(db.session.get(Job, job_id), db.session.get(User, promoter), notify=False)
        db.session.commit()
    return job_id


def a_day_passes(app) -> None:
    """Move the alert's last run a day back, so the daily alert is due."""
    with app.app_context():
        for alert in db.session.execute(select(SavedSearch)).scalars():
            alert.last_run_at -= timedelta(days=1)
            alert.confirmed_at -= timedelta(days=1)
            alert.created_at -= timedelta(days=1)
        db.session.commit()


def save_search_as_visitor(page) -> None:
    """Search "Pflege" near Hoyerswerda (25 km) and save it with an e-mail address."""
    page.goto("/jobs")
    page.get_by_label("Was?").fill("Pflege")
    page.get_by_label("Wo?").fill("Hoyerswerda")
    page.get_by_label("Umkreis").select_option("25")
    page.get_by_role("button", name="Suchen", exact=True).click()
    page.get_by_role("link", name=re.compile("Suche speichern")).click()
    expect(page.locator("h1")).to_have_text("Suche speichern")
    expect(page.locator(".alert-summary")).to_contain_text("Hoyerswerda, Umkreis 25 km")
    assert_no_axe_violations(page)
    page.get_by_label("Ihre E-Mail-Adresse").fill("erika@example.org")
    page.get_by_label("täglich").check()
    page.get_by_label(re.compile("Ja, ich möchte diese E-Mails erhalten")).check()
    page.get_by_role("button", name="Suchauftrag speichern").click()
    expect(page.locator("h1")).to_contain_text("Bitte bestätigen Sie")
    assert_no_axe_violations(page)


def confirm_from_outbox(page, app) -> None:
    """Follow the confirmation link of the mail in the outbox and press the button."""
    with app.app_context():
        confirm_mail = db.session.execute(select(OutboxMail)).scalar_one()
        assert confirm_mail.recipient == "erika@example.org"
        page.goto(mail_link(confirm_mail.body_text, "/bestaetigen/"))
    expect(page.locator("h1")).to_have_text("Suchauftrag bestätigen")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Ja, Suchauftrag aktivieren").click()
    expect(page.locator("h1")).to_have_text("Ihr Suchauftrag ist aktiv")
    assert_no_axe_violations(page)


def test_save_confirm_receive_and_unsubscribe(page, live_server):
    app = live_server.app
    save_search_as_visitor(page)
    confirm_from_outbox(page, app)

    approve_new_job(app)
    a_day_passes(app)
    result = app.test_cli_runner().invoke(args=["alerts", "send", "--frequency", "daily"])
    assert "1 Suchaufträge geprüft" in result.output and "1 Mails eingereiht" in result.output
    with app.app_context():
        send_pending()
        digest = sent_messages(app)[-1]
    assert digest["To"] == "erika@example.org"
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = digest.get_body(("plain",)).get_content()
    assert "Pflegefachkraft (m/w/d) ambulant" in text

    page.goto(mail_link(text, "/verwalten/"))
    expect(page.locator("h1")).to_have_text("Meine Suchaufträge")
    expect(page.locator(".alert-list")).to_contain_text("Pflege in Hoyerswerda, 25 km")
    assert_no_axe_violations(page)
    page.get_by_role("link", name=re.compile("^Bearbeiten")).click()
    expect(page.locator("h1")).to_have_text("Suchauftrag bearbeiten")
    expect(page.get_by_label("Suchbegriffe")).to_have_value("Pflege")
    assert_no_axe_violations(page)

    after_label = text.split("Diesen Suchauftrag abbestellen:")[1]
    page.goto(mail_link(after_label, "/abbestellen/"))
    expect(page.locator("h1")).to_have_text("Suchauftrag abbestellen")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Jetzt abbestellen").click()
    expect(page.locator("h1")).to_have_text("Sie sind abgemeldet")
    assert_no_axe_violations(page)
    with app.app_context():
        assert db.session.execute(select(SavedSearch)).first() is None
