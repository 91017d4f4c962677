"""Hostile or broken input never causes a 500: forms re-render, or a German 4xx page."""

import pytest

from tests.conftest import DEFAULT_PASSWORD

FORMS = [
    "/registrieren",
    "/registrieren/arbeitgeber",
    "/anmelden",
    "/passwort-vergessen",
]
LOGGED_IN_FORMS = ["/konto/passwort", "/konto/email"]
FIELDS = [
    "name",
    "email",
    "password",
    "password_repeat",
    "consent",
    "company_name",
    "member_id",
    "remember",
    "current_password",
]


@pytest.mark.parametrize("url", FORMS)
def test_empty_fields_rerender_the_form(client, url):
    response = client.post(url, data={name: "" for name in FIELDS})
    assert response.status_code == 200
    assert "Bitte korrigieren Sie die markierten Angaben." in response.get_data(as_text=True)


@pytest.mark.parametrize("url", FORMS)
def test_very_long_fields(client, url):
    response = client.post(
        url, data={name: ("ä" if name == "name" else "x") * 10_000 for name in FIELDS}
    )
    assert response.status_code == 200
    assert "Bitte korrigieren Sie die markierten Angaben." in response.get_data(as_text=True)


@pytest.mark.parametrize("url", LOGGED_IN_FORMS)
def test_logged_in_forms_with_bad_input(client, auth, factory, url):
    factory.user(email="erika@example.org")
    auth.login("erika@example.org")
    for data in ({}, {name: "x" * 10_000 for name in FIELDS}, {"email": "@@", "password": ""}):
        response = client.post(url, data=data)
        assert response.status_code == 200, data


@pytest.mark.parametrize(
    "email",
    [
        "keine-adresse",
        "a@b",
        "@example.org",
        "anna@",
        "anna @example.org",
        "anna@example..org",
        "<script>@example.org",
        "anna@exa mple.org",
        "a" * 300 + "@x.de",
    ],
)
def test_malformed_emails(client, email):
    response = client.post(
        "/registrieren",
        data={
            "name": "Anna",
            "email": email,
            "password": DEFAULT_PASSWORD,
            "password_repeat": DEFAULT_PASSWORD,
            "consent": "y",
        },
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "E-Mail-Adresse" in page and 'id="email-error"' in page
    assert "<script>@" not in page


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_one_megabyte_body_is_refused(client, content_type):
    response = client.post(
        "/anmelden", data={"email": "a" * 1024 * 1024, "password": "x"}, content_type=content_type
    )
    assert response.status_code == 413
    assert "Anfrage zu groß" in response.get_data(as_text=True)


def test_body_over_the_limit_is_refused(client):
    response = client.post(
        "/registrieren", data=b"x" * (3 * 1024 * 1024), content_type="application/octet-stream"
    )
    assert response.status_code == 413
    assert "Anfrage zu groß" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", FORMS)
def test_invalid_utf8_in_form_data(client, url):
    response = client.post(
        url,
        data=b"email=%FF%FE%FD&password=%C3%28&name=%80",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 400)


@pytest.mark.parametrize(
    "url", ["/anmelden?next=%FF%FE", "/registrieren?x=%C3%28", "/passwort-vergessen?email=%80"]
)
def test_invalid_utf8_in_query_string(client, url):
    response = client.get(url)
    assert response.status_code in (200, 400)


def test_invalid_utf8_next_after_login(client, factory):
    factory.user(email="erika@example.org")
    response = client.post(
        "/anmelden?next=/%FF%FE", data={"email": "erika@example.org", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code in (302, 400)


@pytest.mark.parametrize("token", ["x" * 5000, "%FF%FE", "a.b.c", "..", "eyJ9.AAAA.BBBB"])
def test_garbage_tokens(client, token):
    for prefix in ("/konto/bestaetigen/", "/passwort-zuruecksetzen/", "/konto/email-bestaetigen/"):
        assert client.get(prefix + token).status_code in (400, 404)
        assert client.post(prefix + token).status_code in (400, 404)
