"""Mails go out in the recipient's language: alerts (the language at subscription), account
mails (the stored choice), mails one person's action sends to another."""

from sqlalchemy import select

from jobportal import accounts, listings
from jobportal.core.extensions import db
from jobportal.models import Job, SavedSearch, User
from tests.conftest import Factory
from tests.support.alerts import (
    deliver,
    digest_titles,
    link_in,
    make_job,
    received,
    run,
    save_as_visitor,
    text_of,
)

pytest_plugins = ["tests.support.alerts_fixtures"]  # smtp, mapp, mclient


def html_of(msg) -> str:
    return msg.get_body(("html",)).get_content()


def test_a_guest_browsing_in_english_gets_english_alert_mails(mapp, mclient, smtp):
    mclient.get("/?lang=en")
    page = mclient.get("/suchauftrag/neu?q=Pflege&where=Hoyerswerda&radius_km=25")
    assert "Yes, I want to receive new job offers" in page.get_data(as_text=True)
    save_as_visitor(mclient, email="jane@example.org")
    with mapp.app_context():
        alert = db.session.execute(select(SavedSearch)).scalar_one()
        assert alert.language == "en"
        assert alert_consent_text(alert).startswith("Yes, I want to receive new job offers")
    deliver(mapp)
    [confirm] = received(smtp, "jane@example.org")
    assert confirm["Subject"] == "Please confirm your job alert"
    body = text_of(confirm)
    assert body.startswith("Hello,")
    assert "daily by e-mail. Please confirm with this link:" in body
    assert '<html lang="en">' in html_of(confirm)
    # Confirmed from a German browser: the mails stay English.
    fresh = mapp.test_client()
    path = link_in(confirm, "/suchauftrag/bestaetigen/")
    page = fresh.get(path, headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert "Ja, Suchauftrag aktivieren" in page  # a German browser sees German pages
    fresh.post(path, headers={"Accept-Language": "de"})
    make_job(mapp, "Pflegefachkraft Hoyerswerda")
    run(mapp)
    deliver(mapp)
    [digest] = [m for m in received(smtp, "jane@example.org") if m is not confirm]
    assert digest["Subject"].startswith("1 new job for")
    assert digest_titles(digest) == ["Pflegefachkraft Hoyerswerda"]
    assert "Manage job alerts (change, pause, delete):" in text_of(digest)
    assert "Kind regards" in text_of(digest)


def alert_consent_text(alert) -> str:
    from jobportal.models import ConsentRecord

    record = db.session.execute(
        select(ConsentRecord).where(ConsentRecord.alert_id == alert.id)
    ).scalar_one()
    return record.consent_text


def test_a_german_guest_gets_german_mails(mapp, mclient, smtp):
    save_as_visitor(mclient, email="erika@example.org")
    deliver(mapp)
    [confirm] = received(smtp, "erika@example.org")
    assert confirm["Subject"] == "Bitte bestätigen Sie Ihren Suchauftrag"
    assert '<html lang="de">' in html_of(confirm)


def test_password_reset_in_the_accounts_language_whatever_the_page(mapp, smtp):
    factory = Factory(mapp)
    user_id = factory.user(email="jane@example.org", name="Jane")
    with mapp.app_context():
        accounts.set_language(db.session.get(User, user_id), "en")
        db.session.commit()
    mapp.test_client().post(
        "/passwort-vergessen", data={"email": "jane@example.org"}, headers={"Accept-Language": "de"}
    )
    deliver(mapp)
    [mail] = received(smtp, "jane@example.org")
    assert mail["Subject"] == "Reset password"
    assert text_of(mail).startswith("Hello Jane,")


def test_an_english_employer_gets_the_approval_in_english(mapp, smtp):
    factory = Factory(mapp)
    employer_id, company_id = factory.employer(email="boss@example.org", name="Sam")
    promoter_id = factory.user(role="promoter", members=("kamenz",))
    job_id = factory.job(company_id, state="pending", title="Welder (m/f/d)")
    with mapp.app_context():
        accounts.set_language(db.session.get(User, employer_id), "en")
        listings.approve(db.session.get(Job, job_id), db.session.get(User, promoter_id))
        db.session.commit()
    deliver(mapp)
    [mail] = received(smtp, "boss@example.org")
    assert mail["Subject"] == "Your listing is online"
    body = text_of(mail)
    assert "has approved your listing “Welder (m/f/d)”. It is now online until" in body
    assert "This e-mail was sent automatically." in body
