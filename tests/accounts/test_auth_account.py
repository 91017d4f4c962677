"""Sessions and cookies, password reset, and changing password or e-mail address."""

import pytest

from tests.accounts.test_auth import NEW_PASSWORD, get_user, link_in_last_mail, mails_to, text
from tests.conftest import DEFAULT_PASSWORD

EMAIL = "erika@example.org"


@pytest.fixture
def erika(factory):
    """A verified job seeker."""
    return factory.user(email=EMAIL)


def copy_cookie(source, target, name):
    """Copy one cookie from a test client to another (as an attacker would)."""
    cookie = source.get_cookie(name)
    assert cookie is not None, name
    target.set_cookie(name, cookie.value)


def stolen_clients(app, victim):
    """Two fresh clients: one with the victim's session cookie, one with the remember cookie."""
    with_session, with_remember = app.test_client(), app.test_client()
    copy_cookie(victim, with_session, "session")
    copy_cookie(victim, with_remember, "remember_token")
    for thief in (with_session, with_remember):
        assert thief.get("/konto").status_code == 200  # the copies work before
    return with_session, with_remember


def logged_in(client) -> bool:
    """Whether the client can see its account page."""
    return client.get("/konto").status_code == 200


# --- sessions and cookies --------------------------------------------------------------


def test_remember_cookie_logs_in_a_new_browser(app, auth, erika):
    auth.login(EMAIL, remember=True)
    browser = app.test_client()
    copy_cookie(auth.client, browser, "remember_token")
    assert logged_in(browser)


def test_without_remember_no_cookie(auth, erika):
    auth.login(EMAIL)
    assert auth.client.get_cookie("remember_token") is None


def test_copied_cookies_rejected_after_logout(app, client, auth, erika):
    auth.login(EMAIL, remember=True)
    with_session, with_remember = stolen_clients(app, client)
    auth.logout()
    assert not logged_in(client)
    assert not logged_in(with_session)
    assert not logged_in(with_remember)


def test_copied_cookies_rejected_after_password_change(app, client, auth, erika):
    auth.login(EMAIL, remember=True)
    with_session, with_remember = stolen_clients(app, client)
    response = client.post(
        "/konto/passwort",
        data={
            "current_password": DEFAULT_PASSWORD,
            "password": NEW_PASSWORD,
            "password_repeat": NEW_PASSWORD,
        },
        follow_redirects=True,
    )
    assert "Ihr Passwort wurde geändert" in text(response)
    assert logged_in(client)  # this browser stays logged in
    assert not logged_in(with_session)
    assert not logged_in(with_remember)
    fresh = app.test_client()
    copy_cookie(client, fresh, "remember_token")  # the renewed remember cookie works
    assert logged_in(fresh)


def test_logout_everywhere(app, client, auth, erika):
    auth.login(EMAIL, remember=True)
    with_session, with_remember = stolen_clients(app, client)
    response = client.post("/konto/ueberall-abmelden", follow_redirects=True)
    assert "auf allen Geräten abgemeldet" in text(response)
    assert not any(logged_in(c) for c in (client, with_session, with_remember))


# --- password reset --------------------------------------------------------------------


def test_forgot_password_is_neutral(app, client, erika):
    answers = []
    for address in (EMAIL, "niemand@example.org"):
        response = client.post(
            "/passwort-vergessen", data={"email": address}, follow_redirects=True
        )
        answers.append(text(response).count("Falls ein Konto mit dieser E-Mail-Adresse"))
    assert answers == [1, 1]
    assert len(mails_to(app, EMAIL)) == 1
    assert mails_to(app, "niemand@example.org") == []


def test_reset_password_flow_single_use(app, client, auth, erika):
    auth.login(EMAIL, remember=True)
    with_session, with_remember = stolen_clients(app, client)
    anonymous = app.test_client()
    anonymous.post("/passwort-vergessen", data={"email": EMAIL})
    link = link_in_last_mail(app, EMAIL, "/passwort-zuruecksetzen/")
    assert "Neues Passwort wählen" in text(anonymous.get(link))
    short = anonymous.post(link, data={"password": "zu-kurz", "password_repeat": "zu-kurz"})
    assert "mindestens 10 Zeichen" in text(short)
    response = anonymous.post(
        link, data={"password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD}
    )
    assert response.status_code == 302 and response.location == "/anmelden"
    assert not any(logged_in(c) for c in (client, with_session, with_remember))
    used = anonymous.get(link)
    assert used.status_code == 400 and "bereits verwendet" in text(used)
    assert (
        anonymous.post(
            link, data={"password": "Noch-ein-Passwort-1", "password_repeat": "Noch-ein-Passwort-1"}
        ).status_code
        == 400
    )
    old = auth.login(EMAIL)
    assert "Passwort ist falsch" in text(old)
    assert auth.login(EMAIL, NEW_PASSWORD).status_code == 302


def test_reset_link_expired_and_tampered(app, client, erika):
    client.post("/passwort-vergessen", data={"email": EMAIL})
    link = link_in_last_mail(app, EMAIL, "/passwort-zuruecksetzen/")
    tampered = client.get(link[:-4] + "AAAA")
    assert tampered.status_code == 400 and "Link ungültig" in text(tampered)
    app.config["TOKEN_MAX_AGE_RESET"] = -1
    expired = client.get(link)
    assert expired.status_code == 400 and "Link abgelaufen" in text(expired)


def test_verification_link_is_no_reset_link(app, client):
    client.post(
        "/registrieren",
        data={
            "name": "Anna",
            "email": "anna@example.org",
            "password": DEFAULT_PASSWORD,
            "password_repeat": DEFAULT_PASSWORD,
            "consent": "y",
        },
    )
    link = link_in_last_mail(app, "anna@example.org", "/konto/bestaetigen/")
    token = link.rsplit("/", 1)[1]
    assert client.get(f"/passwort-zuruecksetzen/{token}").status_code == 400


# --- changing password and e-mail ------------------------------------------------------


def test_change_password_wrong_current(client, auth, erika):
    auth.login(EMAIL)
    response = client.post(
        "/konto/passwort",
        data={
            "current_password": "nicht-das-richtige",
            "password": NEW_PASSWORD,
            "password_repeat": NEW_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "Das aktuelle Passwort ist falsch." in text(response)


def test_change_email(app, client, auth, erika):
    auth.login(EMAIL)
    wrong = client.post("/konto/email", data={"email": "neu@example.org", "password": "falsch"})
    assert "Das Passwort ist falsch." in text(wrong)
    response = client.post(
        "/konto/email", data={"email": " Neu@Example.org", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert get_user(app, id=erika).email == EMAIL  # not before the new address confirms
    notice = mails_to(app, EMAIL)[-1]
    assert "neu@example.org" in notice[1] and "/passwort-vergessen" in notice[1]
    link = link_in_last_mail(app, "neu@example.org", "/konto/email-bestaetigen/")
    anonymous = app.test_client()
    assert "neu@example.org" in text(anonymous.get(link))
    done = anonymous.post(link)
    assert done.status_code == 200 and "jetzt die Adresse neu@example.org" in text(done)
    assert get_user(app, id=erika).email == "neu@example.org"
    assert anonymous.get(link).status_code == 400  # used
    login = anonymous.post(
        "/anmelden", data={"email": "neu@example.org", "password": DEFAULT_PASSWORD}
    )
    assert login.status_code == 302


def test_change_email_to_taken_address(client, auth, factory, erika):
    factory.user(email="vergeben@example.org")
    auth.login(EMAIL)
    response = client.post(
        "/konto/email", data={"email": "VERGEBEN@example.org", "password": DEFAULT_PASSWORD}
    )
    assert "Für diese E-Mail-Adresse gibt es bereits ein Konto." in text(response)


def test_account_pages_are_not_cached(client, auth, erika):
    auth.login(EMAIL)
    for url in ("/konto", "/konto/passwort", "/konto/email"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store"
