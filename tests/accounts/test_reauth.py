"""Finding 7 of issue 22: a session from the remember cookie (or one whose password entry
is older than REAUTH_MAX_AGE) must enter the password again before sensitive actions."""

from urllib.parse import unquote

import pytest

from jobportal.returnees import profile_for
from tests.conftest import DEFAULT_PASSWORD

EMAIL = "erika@example.org"
CONFIRM = "/konto/passwort-bestaetigen"
SENSITIVE_GETS = ["/konto/meine-daten/export.json", "/konto/meine-daten", "/konto/email"]
PROFILE = {"home_1": "Kamenz", "commute_km": "30", "current_place": "München"}


@pytest.fixture
def erika(factory):
    return factory.user(email=EMAIL)


def remembered(app, auth):
    """A new browser holding only the remember cookie of a login (days later)."""
    auth.login(EMAIL, remember=True)
    browser = app.test_client()
    browser.set_cookie("remember_token", auth.client.get_cookie("remember_token").value)
    assert browser.get("/konto").status_code == 200  # logged in again by the cookie
    return browser


def asks_for_password(response) -> bool:
    return response.status_code == 302 and unquote(response.location).startswith(CONFIRM)


@pytest.mark.parametrize("url", [*SENSITIVE_GETS, "/konto/passwort"])
def test_remember_cookie_session_asks_for_the_password(app, auth, erika, url):
    browser = remembered(app, auth)
    response = browser.get(url)
    assert asks_for_password(response) and url in unquote(response.location)
    page = browser.get(response.location)
    assert page.status_code == 200 and "Passwort bestätigen" in page.get_data(as_text=True)
    wrong = browser.post(response.location, data={"password": "falsch-falsch-1"})
    assert wrong.status_code == 400 and "Das Passwort ist falsch." in wrong.get_data(as_text=True)
    assert asks_for_password(browser.get(url))
    done = browser.post(response.location, data={"password": DEFAULT_PASSWORD})
    assert done.status_code == 302 and done.location == url
    assert browser.get(url).status_code == 200


def test_account_deletion_needs_the_fresh_password_too(app, auth, erika):
    browser = remembered(app, auth)
    response = browser.post(
        "/konto/meine-daten/loeschen", data={"password": DEFAULT_PASSWORD, "confirm": "y"}
    )
    assert asks_for_password(response)
    assert browser.get("/konto").status_code == 200  # the account is still there


def test_a_password_login_is_fresh_until_the_idle_limit(app, client, auth, erika):
    auth.login(EMAIL)
    assert client.get("/konto/meine-daten/export.json").status_code == 200
    with client.session_transaction() as session:
        session["_reauth_at"] -= app.config["REAUTH_MAX_AGE"] + 1
    assert asks_for_password(client.get("/konto/meine-daten/export.json"))


def test_talent_pool_visibility_needs_the_password(app, auth, erika):
    browser = remembered(app, auth)
    assert (
        browser.post("/rueckkehr/profil", data={**PROFILE, "visibility": "private"}).status_code
        == 302
    )
    response = browser.post(
        "/rueckkehr/profil", data={**PROFILE, "visibility": "promoters_employers"}
    )
    assert asks_for_password(response)
    with app.app_context():
        assert profile_for(erika).visibility == "private"
    browser.post(CONFIRM, data={"password": DEFAULT_PASSWORD})
    browser.post("/rueckkehr/profil", data={**PROFILE, "visibility": "promoters_employers"})
    with app.app_context():
        assert profile_for(erika).visibility == "promoters_employers"
