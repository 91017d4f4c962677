"""Password rules: length 10..128 (64 accepted), common passwords rejected case-insensitively."""

import pytest

from jobportal.accounts import (
    PasswordPolicyError,
    common_passwords,
    is_common_password,
    validate_new_password,
)

GOOD = "Lange-Reise-nach-Kamenz-2026"  # noqa: S105


@pytest.mark.parametrize(
    "password",
    [
        "passwort123",
        "Passwort123",
        "PASSWORT123!",
        "hallo12345",
        "schalke04!!",
        "qwertzuiop",
        "1234567890",
        "fussball1990",
        "iloveyou123",
        "Sommer2024!",
    ],
)
def test_common_passwords_rejected(ctx, password):
    assert is_common_password(password)
    with pytest.raises(PasswordPolicyError) as exc:
        validate_new_password(password)
    assert "verbreitet" in exc.value.message


def test_list_is_shipped_and_large():
    words = common_passwords()
    assert len(words) >= 3000
    assert all(word == word.lower() for word in words)


@pytest.mark.parametrize("length", [10, 64, 128])
def test_lengths_accepted(ctx, length):
    validate_new_password(("Kz7-" * 40)[:length])


@pytest.mark.parametrize("length", [0, 9, 129])
def test_lengths_rejected(ctx, length):
    with pytest.raises(PasswordPolicyError):
        validate_new_password(("Kz7-" * 40)[:length])


def test_registration_refuses_common_password(client):
    data = {
        "name": "Erika",
        "email": "neu@example.org",
        "password": "Passwort123",
        "password_repeat": "Passwort123",
        "consent": "y",
    }
    response = client.post("/registrieren", data=data)
    assert response.status_code == 200
    assert "verbreitet" in response.get_data(as_text=True)


def test_registration_accepts_64_characters(client):
    password = ("Heimkehr-Erzgebirge-" * 4)[:64]
    data = {
        "name": "Erika",
        "email": "lang@example.org",
        "password": password,
        "password_repeat": password,
        "consent": "y",
    }
    response = client.post("/registrieren", data=data)
    assert response.status_code == 302


def test_password_change_refuses_common_password(app, client, factory, auth):
    from tests.conftest import DEFAULT_PASSWORD

    factory.user(email="wechsel@example.org")
    auth.login("wechsel@example.org")
    response = client.post(
        "/konto/passwort",
        data={
            "current_password": DEFAULT_PASSWORD,
            "password": "hallo12345",
            "password_repeat": "hallo12345",
        },
    )
    assert "verbreitet" in response.get_data(as_text=True)
