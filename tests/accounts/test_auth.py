"""Registration, verification, login/logout, sessions, password reset, account changes."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from jobportal.core.extensions import db
from jobportal.models import Company, OutboxMail, User
from tests.conftest import DEFAULT_PASSWORD

NEW_PASSWORD = "Ganz-neues-Passwort-77"


def mails_to(app, recipient):
    """Queued mails for a recipient, oldest first."""
    with app.app_context():
        rows = db.session.execute(
            select(OutboxMail).filter_by(recipient=recipient).order_by(OutboxMail.id)
        ).scalars()
        return [(m.subject, m.body_text, m.body_html) for m in rows]


def link_in_last_mail(app, recipient, prefix):
    """The path of the link starting with ``prefix`` in the newest mail to ``recipient``."""
    body = mails_to(app, recipient)[-1][1]
    match = re.search(r"http://localhost(" + re.escape(prefix) + r"[^\s]+)", body)
    assert match, body
    return match.group(1)


def get_user(app, **filters):
    """A detached user row."""
    with app.app_context():
        user = db.session.execute(select(User).filter_by(**filters)).scalar_one()
        db.session.expunge(user)
        return user


def set_user(app, user_id, **values):
    """Change columns of a user directly in the database."""
    with app.app_context():
        user = db.session.get(User, user_id)
        for key, value in values.items():
            setattr(user, key, value)
        db.session.commit()


def register(client, url="/registrieren", **fields):
    """Post a registration form with valid defaults."""
    data = {
        "name": "Anna Rückkehr",
        "email": "Anna@Example.org ",
        "password": DEFAULT_PASSWORD,
        "password_repeat": DEFAULT_PASSWORD,
        "consent": "y",
    }
    data.update(fields)
    return client.post(url, data=data)


def text(response):
    """The response body as text."""
    return response.get_data(as_text=True)


# --- registration ---------------------------------------------------------------------


def test_register_jobseeker(app, client, auth):
    page = text(client.get("/registrieren"))
    assert 'href="/datenschutz"' in page and "Datenschutzerklärung" in page

    response = register(client)
    assert response.status_code == 302 and response.location.endswith("/anmelden")
    auth.login("anna@example.org")
    user = get_user(app, email="anna@example.org")
    assert user.role == "jobseeker" and not user.email_verified
    subject, body, html = mails_to(app, "anna@example.org")[0]
    assert "bestätigen" in subject and "/konto/bestaetigen/" in body and "Anna" in html
    account = text(client.get("/konto"))
    assert "anna@example.org" in account and "noch nicht bestätigt" in account
    assert "Bestätigungsmail erneut senden" in account


def test_register_employer(app, client, factory, auth):
    page = text(client.get("/registrieren/arbeitgeber"))
    assert "Kamenz" in page and "Hoyerswerda" in page
    kamenz = factory.member("kamenz")
    response = register(
        client,
        "/registrieren/arbeitgeber",
        company_name="Bäckerei Müller & Söhne",
        member_id=str(kamenz.id),
        email="chefin@baeckerei.example",
    )
    assert response.status_code == 302
    user = get_user(app, email="chefin@baeckerei.example")
    assert user.role == "employer"
    with app.app_context():
        company = db.session.get(Company, user.company_id)
        assert company.name == "Bäckerei Müller & Söhne"
        assert company.slug == "baeckerei-mueller-soehne"
        assert company.member_id == kamenz.id and not company.is_verified
    auth.login("chefin@baeckerei.example")
    account = text(client.get("/konto"))
    assert "Bäckerei Müller &amp; Söhne" in account and "wartet auf Prüfung" in account


def test_second_company_with_same_name_gets_own_slug(app, factory):
    for n in (1, 2):
        response = register(
            app.test_client(),
            "/registrieren/arbeitgeber",
            company_name="Muster GmbH",
            member_id=str(factory.member("radeberg").id),
            email=f"chef{n}@muster.example",
        )
        assert response.status_code == 302
    with app.app_context():
        slugs = set(db.session.execute(select(Company.slug)).scalars())
    assert {"muster-gmbh", "muster-gmbh-2"} <= slugs


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"password": "kurz12345", "password_repeat": "kurz12345"}, "mindestens 10 Zeichen"),
        ({"password_repeat": "etwas-anderes-123"}, "stimmen nicht überein"),
        ({"consent": ""}, "Bitte stimmen Sie der Datenschutzerklärung zu."),
        ({"email": "keine-adresse"}, "gültige E-Mail-Adresse"),
        ({"name": ""}, "Bitte geben Sie Ihren Namen an."),
    ],
)
def test_register_form_errors(app, client, fields, message):
    response = register(client, **fields)
    assert response.status_code == 200 and message in text(response)
    with app.app_context():
        assert db.session.execute(select(User)).first() is None


def _answer(response):
    """What a registrant sees: status, target and the flashed message on the next page."""
    return response.status_code, response.location


def test_register_does_not_reveal_existing_accounts(app, factory):
    """Finding 9: a taken address gets the same answer as a new one; its owner gets a mail."""
    factory.user(email="anna@example.org", name="Anna Alt")
    taken, fresh = app.test_client(), app.test_client()
    answers = [
        register(taken, email="  ANNA@example.ORG"),
        register(fresh, email="neu@example.org"),
    ]
    assert _answer(answers[0]) == _answer(answers[1]) == (302, "/anmelden")
    pages = [text(c.get("/anmelden")) for c in (taken, fresh)]
    assert pages[0] == pages[1] and "Wir haben Ihnen eine E-Mail geschickt" in pages[0]
    assert "bereits" not in pages[0]
    with app.app_context():
        emails = list(db.session.execute(select(User.email).order_by(User.id)).scalars())
    assert emails == ["anna@example.org", "neu@example.org"]
    ((subject, body, _html),) = mails_to(app, "anna@example.org")
    assert subject == "Registrierung mit Ihrer E-Mail-Adresse"
    assert "bereits ein Konto" in body and "/passwort-vergessen" in body
    employer = register(
        app.test_client(),
        "/registrieren/arbeitgeber",
        company_name="Doppel GmbH",
        member_id=str(factory.member("kamenz").id),
        email="anna@example.org",
    )
    assert _answer(employer) == (302, "/anmelden")
    with app.app_context():
        assert db.session.execute(select(Company).filter_by(name="Doppel GmbH")).first() is None
    assert len(mails_to(app, "anna@example.org")) == 2


def test_register_employer_needs_a_member(client):
    response = register(client, "/registrieren/arbeitgeber", company_name="X GmbH", member_id="999")
    assert "Bitte wählen Sie eine Mitgliedskommune aus." in text(response)


def test_password_rule_accepts_64_and_rejects_outside_limits(ctx):
    from jobportal.accounts import PasswordPolicyError, validate_new_password

    validate_new_password("x" * 10)
    validate_new_password("ä" * 64)
    validate_new_password("y" * 128)
    for bad in ("", "x" * 9, "x" * 129):
        with pytest.raises(PasswordPolicyError):
            validate_new_password(bad)


# --- verification ---------------------------------------------------------------------


def test_verify_email(app, client):
    register(client)
    link = link_in_last_mail(app, "anna@example.org", "/konto/bestaetigen/")
    page = client.get(link)
    assert page.status_code == 200 and "anna@example.org" in text(page)
    assert not get_user(app, email="anna@example.org").email_verified  # GET changes nothing
    done = client.post(link)
    assert "Ihre E-Mail-Adresse ist jetzt bestätigt" in text(done)
    assert get_user(app, email="anna@example.org").email_verified
    again = client.get(link)
    assert again.status_code == 200 and "bereits bestätigt" in text(again)


def test_verify_link_expired(app, client):
    register(client)
    link = link_in_last_mail(app, "anna@example.org", "/konto/bestaetigen/")
    app.config["TOKEN_MAX_AGE_VERIFY"] = -1
    for response in (client.get(link), client.post(link)):
        assert response.status_code == 400 and "Link abgelaufen" in text(response)
    assert not get_user(app, email="anna@example.org").email_verified


def test_verify_link_tampered(app, client):
    register(client)
    link = link_in_last_mail(app, "anna@example.org", "/konto/bestaetigen/")
    for bad in (link[:-3] + "abc", "/konto/bestaetigen/quatsch", link.replace("bestaetigen", "x")):
        response = client.post(bad)
        assert response.status_code in (400, 404)
    response = client.get(link[:-3] + "abc")
    assert response.status_code == 400 and "Link ungültig" in text(response)


def test_resend_verification_is_limited(app, client, auth):
    register(client)
    auth.login("anna@example.org")
    for _ in range(3):
        client.post("/konto/bestaetigung-senden")
    assert len(mails_to(app, "anna@example.org")) == 4
    response = client.post("/konto/bestaetigung-senden", follow_redirects=True)
    assert "gerade erst eine Bestätigungsmail" in text(response)
    assert len(mails_to(app, "anna@example.org")) == 4


# --- login and logout -----------------------------------------------------------------


def test_login_and_logout(client, auth, factory):
    factory.user(email="erika@example.org")
    assert client.get("/konto").status_code == 302
    response = auth.login("Erika@Example.org")
    assert response.status_code == 302 and response.location.endswith("/jobs")
    page = text(client.get("/konto"))
    assert "erika@example.org" in page and "Abmelden" in page
    assert client.get("/anmelden").headers["Cache-Control"] == "no-store"
    response = auth.logout()
    assert response.status_code == 302
    assert "Anmelden" in text(client.get("/"))
    assert client.get("/konto").status_code == 302


def test_wrong_password(client, auth, factory, caplog):
    factory.user(email="erika@example.org")
    caplog.set_level("INFO", logger="jobportal.auth")
    response = auth.login("erika@example.org", "falsches-passwort")
    assert response.status_code == 200
    assert "E-Mail-Adresse oder Passwort ist falsch." in text(response)
    assert client.get("/konto").status_code == 302
    assert "login failed" in caplog.text and "falsches-passwort" not in caplog.text


def test_locked_user_cannot_log_in(app, client, auth, factory):
    user_id = factory.user(email="erika@example.org")
    set_user(app, user_id, locked_at=datetime.now(UTC))
    response = auth.login("erika@example.org")
    assert response.status_code == 403 and "Ihr Konto ist gesperrt" in text(response)
    assert client.get("/konto").status_code == 302


def test_unverified_user_may_log_in_with_notice(client, auth, factory):
    factory.user(email="neu@example.org", verified=False)
    response = auth.login("neu@example.org")
    page = text(client.get(response.location))
    assert "Bitte bestätigen Sie noch Ihre E-Mail-Adresse" in page


@pytest.mark.parametrize(
    ("next_url", "target"),
    [
        ("/konto/passwort", "/konto/passwort"),
        ("//evil.com", "/jobs"),
        ("http://evil.com/", "/jobs"),
        ("/\\evil.com", "/jobs"),
        ("\\\\evil.com", "/jobs"),
        ("/\t/evil.com", "/jobs"),
        ("javascript:alert(1)", "/jobs"),
    ],
)
def test_login_next_only_same_site(client, factory, next_url, target):
    factory.user(email="erika@example.org")
    response = client.post(
        "/anmelden",
        query_string={"next": next_url},
        data={"email": "erika@example.org", "password": DEFAULT_PASSWORD},
    )
    assert response.status_code == 302 and response.location == target


def test_login_required_page_comes_back_after_login(client, auth, factory):
    factory.user(email="erika@example.org")
    response = client.get("/konto/email")
    assert response.status_code == 302 and "next=%2Fkonto%2Femail" in response.location
    response = client.post(
        response.location, data={"email": "erika@example.org", "password": DEFAULT_PASSWORD}
    )
    assert response.location == "/konto/email"
