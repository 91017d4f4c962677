"""Session idle and absolute timeouts; sessions end on password change and logout-everywhere."""

import pytest

from jobportal.web import security
from tests.conftest import DEFAULT_PASSWORD

EMAIL = "timeout@example.org"
NEW_PASSWORD = "Ein-ganz-neues-Kennwort-77"  # noqa: S105


@pytest.fixture
def clock(monkeypatch):
    """A settable clock for security._now (seconds)."""
    state = {"now": 1_800_000_000}
    monkeypatch.setattr(security, "_now", lambda: state["now"])
    return state


@pytest.fixture
def seeker(factory):
    return factory.user(email=EMAIL)


def logged_in(client) -> bool:
    """Whether the client sees its account page."""
    return client.get("/konto").status_code == 200


def test_idle_timeout_ends_the_session(app, client, auth, clock, seeker):
    auth.login(EMAIL)
    idle = app.config["SESSION_IDLE_TIMEOUT"]
    clock["now"] += idle - 120
    assert logged_in(client)  # activity refreshes last-seen
    clock["now"] += idle - 120
    assert logged_in(client)
    clock["now"] += idle + 1
    assert not logged_in(client)
    response = client.get("/konto")
    assert response.status_code == 302 and "/anmelden" in response.location


def test_absolute_timeout_ends_an_active_session(app, client, auth, clock, seeker):
    auth.login(EMAIL)
    step = app.config["SESSION_IDLE_TIMEOUT"] // 2
    elapsed = 0
    while elapsed + step <= app.config["SESSION_ABSOLUTE_TIMEOUT"]:
        clock["now"] += step
        elapsed += step
        assert logged_in(client)
    clock["now"] += step
    assert not logged_in(client)


def test_remember_cookie_starts_a_new_window(app, client, auth, clock, seeker):
    auth.login(EMAIL, remember=True)
    clock["now"] += app.config["SESSION_ABSOLUTE_TIMEOUT"] + 10
    assert logged_in(client)  # session ended, the remember cookie logged in again
    with client.session_transaction() as session:
        assert session[security.LOGIN_AT] == clock["now"]
    clock["now"] += app.config["SESSION_IDLE_TIMEOUT"] - 10
    assert logged_in(client)


def test_timeouts_are_settings(tmp_path, db_template, clock):
    from tests.conftest import Factory, make_app

    app = make_app(tmp_path, db_template, SESSION_IDLE_TIMEOUT=60, SESSION_ABSOLUTE_TIMEOUT=300)
    Factory(app).user(email=EMAIL)
    client = app.test_client()
    client.post("/anmelden", data={"email": EMAIL, "password": DEFAULT_PASSWORD})
    clock["now"] += 61
    assert not logged_in(client)


def test_password_change_ends_other_sessions(app, client, auth, seeker):
    auth.login(EMAIL)
    other = app.test_client()
    other.post("/anmelden", data={"email": EMAIL, "password": DEFAULT_PASSWORD})
    assert logged_in(other)
    client.post(
        "/konto/passwort",
        data={
            "current_password": DEFAULT_PASSWORD,
            "password": NEW_PASSWORD,
            "password_repeat": NEW_PASSWORD,
        },
    )
    assert logged_in(client)
    assert not logged_in(other)


def test_logout_everywhere_button(app, client, auth, seeker):
    auth.login(EMAIL)
    other = app.test_client()
    other.post("/anmelden", data={"email": EMAIL, "password": DEFAULT_PASSWORD})
    page = client.get("/konto").get_data(as_text=True)
    assert "Überall abmelden" in page and "/konto/ueberall-abmelden" in page
    client.post("/konto/ueberall-abmelden")
    assert not logged_in(client)
    assert not logged_in(other)


def test_auth_events_logged_without_secrets(app, client, auth, seeker, caplog):
    caplog.set_level("INFO", logger="jobportal.auth")
    auth.login(EMAIL, password="Falsches-Passwort-123")
    auth.login(EMAIL)
    client.post("/passwort-vergessen", data={"email": EMAIL})
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "login failed" in logged and "login user_id=" in logged
    for secret in (DEFAULT_PASSWORD, "Falsches-Passwort-123", EMAIL):
        assert secret not in logged
    from tests.accounts.test_auth import link_in_last_mail

    token = link_in_last_mail(app, EMAIL, "/passwort-zuruecksetzen/").rsplit("/", 1)[-1]
    assert token not in logged
