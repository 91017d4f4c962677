"""English pages: the language choice, the switch, no German UI words, formats, workplaces."""

import re
from datetime import date

import pytest
from flask_babel import force_locale

from jobportal import accounts
from jobportal.core.extensions import db
from jobportal.core.formats import date_de, datetime_de, euro_cents, number_de
from jobportal.models import Job, OutboxMail, User
from tests.conftest import DEFAULT_PASSWORD, login_as
from tests.support.english import german_words
from tests.support.listings import vacancy_data
from tests.support.returnees import make_profile
from tests.support.search import index


def html_lang(html: str) -> str:
    return re.search(r'<html lang="(\w+)"', html).group(1)


# --- the language choice -------------------------------------------------------------------


def test_german_by_default_and_english_for_an_english_browser(client):
    assert html_lang(client.get("/").get_data(as_text=True)) == "de"
    page = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9,de;q=0.5"})
    assert html_lang(page.get_data(as_text=True)) == "en"
    page = client.get("/", headers={"Accept-Language": "fr-FR,fr"})
    assert html_lang(page.get_data(as_text=True)) == "de"


def test_lang_parameter_sets_the_language_and_a_cookie_remembers_it(client):
    response = client.get("/jobs?q=Pflege&lang=en")
    assert html_lang(response.get_data(as_text=True)) == "en"
    assert "lang=en" in response.headers["Set-Cookie"]
    assert "HttpOnly" in response.headers["Set-Cookie"]
    # The next page without ?lang stays English, even for a German browser.
    page = client.get("/", headers={"Accept-Language": "de-DE"})
    assert html_lang(page.get_data(as_text=True)) == "en"
    assert "Find jobs" in page.get_data(as_text=True)
    client.get("/?lang=de")
    assert html_lang(client.get("/").get_data(as_text=True)) == "de"


def test_responses_vary_by_cookie_and_accept_language(client):
    response = client.get("/")
    assert {"Cookie", "Accept-Language"} <= set(response.headers["Vary"].split(", "))


def test_switch_link_keeps_path_and_query_and_is_marked_with_its_language(client):
    html = client.get("/jobs?q=Pflege&where=Kamenz").get_data(as_text=True)
    switch = re.search(r'<ul class="language-switch"[^>]*>(.*?)</ul>', html, re.S).group(1)
    assert 'href="/jobs?q=Pflege&amp;where=Kamenz&amp;lang=en"' in switch
    assert 'lang="en" hreflang="en">English</a>' in switch
    english = client.get("/jobs?q=Pflege&where=Kamenz&lang=en").get_data(as_text=True)
    assert 'lang="de" hreflang="de">Deutsch</a>' in english
    assert '<link rel="alternate" hreflang="de" href="http://localhost/jobs?q=Pflege' in english
    assert '<link rel="alternate" hreflang="en" href="http://localhost/jobs?q=Pflege' in english


def test_the_account_language_wins_over_the_cookie_and_follows_the_switch(app, client, factory):
    user_id = factory.user()
    client.get("/?lang=en")
    login_as(client, app, user_id)
    client.get("/konto?lang=de")  # the switch while logged in: stored in the account
    with app.app_context():
        assert db.session.get(User, user_id).language == "de"
    client.set_cookie("lang", "en")
    assert html_lang(client.get("/").get_data(as_text=True)) == "de"


def test_the_account_page_sets_the_language(app, client, factory):
    user_id = factory.user()
    login_as(client, app, user_id)
    page = client.post("/konto/sprache", data={"language": "en"}, follow_redirects=True)
    html = page.get_data(as_text=True)
    assert html_lang(html) == "en"
    assert "Your language has been saved." in html
    assert 'id="language-en" name="language" value="en" checked' in html
    with app.app_context():
        assert db.session.get(User, user_id).language == "en"
    page = client.post("/konto/sprache", data={"language": "fr"}, follow_redirects=True)
    assert "Please choose a language from the list." in page.get_data(as_text=True)


def test_registration_stores_the_page_language(app, client):
    client.get("/?lang=en")
    client.post(
        "/registrieren",
        data={
            "name": "Jane Doe",
            "email": "jane@example.org",
            "password": DEFAULT_PASSWORD,
            "password_repeat": DEFAULT_PASSWORD,
            "consent": "y",
        },
    )
    with app.app_context():
        user = db.session.execute(db.select(User).filter_by(email="jane@example.org")).scalar()
        assert user is not None and user.language == "en"


# --- no German interface words on English pages --------------------------------------------


@pytest.fixture
def world(app, factory):
    """One of each role and the pages they see."""
    company_id = factory.company(name="Kamenzer Stahlbau GmbH")
    job_id = factory.job(company_id, title="Schweißer (m/w/d)", english_ok=True)
    index(app)
    employer_id = factory.user(role="employer", company_id=company_id)
    seeker_id = factory.user()
    make_profile(app, seeker_id, homes=("Kamenz",), work="Schweißer")
    promoter_id = factory.user(role="promoter", members=("kamenz",))
    admin_id = factory.user(role="admin")
    profile_id = make_profile(
        app, factory.user(), homes=("Kamenz",), work="Elektriker", visibility="promoters_employers"
    )
    with app.app_context():
        slug = db.session.get(Job, job_id).company.slug
    return {
        None: [
            "/", "/jobs", "/jobs?q=Schweißer&where=Kamenz", f"/stellen/{job_id}",
            f"/unternehmen/{slug}", "/region", "/region/kamenz", "/impressum", "/datenschutz",
            "/barrierefreiheit", "/anmelden", "/registrieren", "/registrieren/arbeitgeber",
            "/passwort-vergessen", "/suchauftrag/neu?q=Schweißer", "/gibt-es-nicht",
            f"/stellen/{job_id}/melden",
        ],
        seeker_id: ["/konto", "/rueckkehr/profil", "/rueckkehr/passende-stellen",
                    "/rueckkehr/merkliste", "/suchauftraege", "/konto/meine-daten",
                    "/rueckkehr/anfragen", "/konto/passwort", "/konto/email"],
        employer_id: ["/arbeitgeber/", "/arbeitgeber/stellen/neu", "/arbeitgeber/unternehmen",
                      f"/arbeitgeber/stellen/{job_id}",
                      f"/arbeitgeber/stellen/{job_id}/bearbeiten"],
        promoter_id: ["/moderation/", "/moderation/unternehmen/", f"/moderation/stellen/{job_id}",
                      "/talentpool", "/talentpool/zahlen", "/region/kamenz/bearbeiten",
                      f"/moderation/unternehmen/{company_id}",
                      f"/moderation/unternehmen/{company_id}/verlauf",
                      f"/moderation/stellen/{job_id}/verlauf", "/moderation/import",
                      f"/talentpool/profil/{profile_id}/kontakt"],
        admin_id: ["/admin/", "/admin/nutzer/", "/admin/foerderer/", "/admin/ba-import",
                   "/admin/mails", "/admin/mitglieder/neu", f"/admin/nutzer/{seeker_id}",
                   f"/admin/foerderer/{promoter_id}"],
    }  # fmt: skip


def test_english_pages_contain_no_german_interface_words(app, world):
    problems = {}
    for user_id, paths in world.items():
        client = app.test_client()
        client.set_cookie("lang", "en")
        if user_id is not None:
            login_as(client, app, user_id)
        for path in paths:
            response = client.get(path)
            assert response.status_code in (200, 404), path
            html = response.get_data(as_text=True)
            assert html_lang(html) == "en", path
            if found := german_words(html):
                problems[path] = sorted(found)
    assert problems == {}


def test_the_same_pages_in_german_do_contain_those_words(app, world):
    """The check above can fail: German pages are full of the words."""
    html = app.test_client().get("/jobs").get_data(as_text=True)
    as_if_english = html.replace('<html lang="de">', '<html lang="en">')
    assert {"Stellen", "Anmelden", "Registrieren"} <= german_words(as_if_english)
    marked = '<html lang="en"><p title="Suche">Bitte <b>wählen</b></p><p lang="de">und</p></html>'
    assert german_words(marked) == {"Suche", "Bitte", "wählen"}


def test_what_employers_wrote_is_marked_german_on_english_pages(client, factory, app):
    job_id = factory.job(title="Schweißer (m/w/d)", description="Wir suchen Verstärkung.")
    html = client.get(f"/stellen/{job_id}?lang=en").get_data(as_text=True)
    assert '<h1 id="job-title" lang="de">Schweißer (m/w/d)</h1>' in html
    assert '<div class="prose" lang="de"><p>Wir suchen Verstärkung.</p>' in html
    german = client.get(f"/stellen/{job_id}?lang=de").get_data(as_text=True)
    assert '<h1 id="job-title">Schweißer (m/w/d)</h1>' in german


def test_legal_pages_keep_the_german_text_with_an_english_summary(client):
    html = client.get("/datenschutz?lang=en").get_data(as_text=True)
    assert "<h1>Privacy policy</h1>" in html
    assert "which rights you have under the GDPR" in html
    assert "The legally binding text follows in German." in html
    assert '<div lang="de">' in html
    assert "Summary" not in client.get("/datenschutz?lang=de").get_data(as_text=True)


def test_api_errors_in_english(client):
    response = client.get(
        "/api/v1/jobs?radius_km=7&where=Kamenz", headers={"Accept-Language": "en"}
    )
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "Invalid request"
    assert "Invalid radius" in body["message"]


def test_search_notices_in_english(client):
    html = client.get("/jobs?where=" + "K" * 500, headers={"Accept-Language": "en"})
    text = html.get_data(as_text=True)
    assert "The place is too long (at most 120 characters). We search without a place." in text
    assert "Wir suchen" not in text


# --- dates and numbers ---------------------------------------------------------------------


def test_dates_and_numbers_follow_the_language(app):
    with app.test_request_context():
        with force_locale("de"):
            assert date_de(date(2026, 11, 22)) == "22.11.2026"
            assert number_de(1234.5, 1) == "1.234,5"
            assert euro_cents(345000) == "3.450 €"
        with force_locale("en"):
            assert date_de(date(2026, 11, 22)) == "22 Nov 2026"
            assert number_de(1234.5, 1) == "1,234.5"
            assert euro_cents(1450) == "€14.50"
            from datetime import UTC, datetime

            # Times stay in Europe/Berlin in both languages (UTC 13:05 = 14:05 in winter).
            assert datetime_de(datetime(2026, 11, 22, 13, 5, tzinfo=UTC)) == "22 Nov 2026, 14:05"


# --- English-speaking workplaces -----------------------------------------------------------


def test_english_workplace_badge_filter_and_facet(app, client, factory):
    english = factory.job(title="Schweißer (m/w/d)", english_ok=True)
    german = factory.job(title="Schweißer Nachtschicht (m/w/d)")
    index(app)
    html = client.get(f"/stellen/{english}?lang=en").get_data(as_text=True)
    assert "<dt>Working language</dt>" in html
    assert '<span class="badge badge-english">English</span>' in html
    assert "badge-english" not in client.get(f"/stellen/{german}").get_data(as_text=True)
    data = client.get("/api/v1/jobs?q=Schweißer").get_json()
    assert data["facets"]["english"] == 1 and data["total"] == 2
    only = client.get("/api/v1/jobs?q=Schweißer&english=1").get_json()
    assert [item["id"] for item in only["items"]] == [english]
    page = client.get("/jobs?q=Schweißer&english=1&lang=en").get_data(as_text=True)
    assert 'name="english" value="1"' in page and "Working language" in page
    assert "Schweißer Nachtschicht" not in page


def test_employer_ticks_english_workplace(app, client, factory):
    employer_id, company_id = factory.employer()
    login_as(client, app, employer_id)
    form = vacancy_data(title="Welder (m/f/d)", english_ok="y", action="draft")
    client.post("/arbeitgeber/stellen/neu", data=form)
    with app.app_context():
        job = db.session.execute(db.select(Job).filter_by(title="Welder (m/f/d)")).scalar_one()
        assert job.english_ok is True


def test_feed_title_and_language_follow_the_reader(client, factory, app):
    factory.job(title="Schweißer (m/w/d)")
    index(app)
    feed = client.get("/jobs/feed?q=Schweißer", headers={"Accept-Language": "en"})
    xml = feed.get_data(as_text=True)
    assert 'xml:lang="en"' in xml and "<subtitle>New jobs for your search</subtitle>" in xml
    german = client.get("/jobs/feed?q=Schweißer").get_data(as_text=True)
    assert 'xml:lang="de"' in german and "Neue Stellen zu Ihrer Suche" in german


def test_an_english_mail_queued_during_a_german_request_leaves_the_page_german(app, factory):
    user_id = factory.user(email="jane@example.org")
    with app.app_context():
        accounts.set_language(db.session.get(User, user_id), "en")
        db.session.commit()
    client = app.test_client()
    page = client.post("/passwort-vergessen", data={"email": "jane@example.org"})
    html = (
        client.get(page.location).get_data(as_text=True)
        if page.location
        else page.get_data(as_text=True)
    )
    assert html_lang(html) == "de"
    with app.app_context():
        mail = db.session.execute(db.select(OutboxMail)).scalar_one()
        assert mail.subject == "Reset password"
