"""Two app nodes on one database: login throttling, rate limits and sessions hold across
them, because they live in the database (not in a process). Node B is a second app with
its own data directory and the same SECRET_KEY (docs/operations.md); SQLite file, or
PostgreSQL when JOBPORTAL_TEST_DATABASE_URL is set."""

import pytest

from jobportal import create_app
from jobportal.core.extensions import db
from tests.conftest import DEFAULT_PASSWORD, _settings

EMAIL = "erika@example.org"
THROTTLED = "Zu viele fehlgeschlagene Anmeldeversuche"


def second_node(app, tmp_path, **extra):
    """Another app on the same database, with its own DATA_DIR (its own index)."""
    settings = _settings(tmp_path / "node-b", SEARCH_NODE_NAME="node-b", **extra)
    settings["SQLALCHEMY_DATABASE_URI"] = app.config["SQLALCHEMY_DATABASE_URI"]
    return create_app(settings)


@pytest.fixture
def node_b(app, tmp_path):
    other = second_node(app, tmp_path)
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def login(client, password=DEFAULT_PASSWORD, ip="192.0.2.10"):
    return client.post(
        "/anmelden", data={"email": EMAIL, "password": password}, environ_base={"REMOTE_ADDR": ip}
    )


def logged_in(client) -> bool:
    return client.get("/konto").status_code == 200


def carry_session(source, target) -> None:
    """What the balancer does: the browser's next request with its cookies goes to B."""
    for name in ("session", "remember_token"):
        cookie = source.get_cookie(name)
        if cookie is not None:
            target.set_cookie(name, cookie.value, domain=cookie.domain)


def test_failed_logins_on_node_a_throttle_node_b(app, node_b, factory):
    factory.user(email=EMAIL)
    on_a, on_b = app.test_client(), node_b.test_client()
    assert [login(on_a, "falsch").status_code for _ in range(3)] == [200, 200, 429]
    response = login(on_b)  # the right password, through the other node: still waiting
    assert response.status_code == 429 and THROTTLED in response.get_data(as_text=True)


def test_the_registration_limit_counts_on_every_node(app, node_b):
    app.config["REGISTRATIONS_PER_IP_PER_HOUR"] = 2
    node_b.config["REGISTRATIONS_PER_IP_PER_HOUR"] = 2
    data = {
        "name": "Anna Rückkehr",
        "password": DEFAULT_PASSWORD,
        "password_repeat": DEFAULT_PASSWORD,
        "consent": "y",
    }
    ip = {"REMOTE_ADDR": "198.51.100.7"}
    for n in range(2):
        response = app.test_client().post(
            "/registrieren", data={**data, "email": f"anna{n}@example.org"}, environ_base=ip
        )
        assert response.status_code == 302
    response = node_b.test_client().post(
        "/registrieren", data={**data, "email": "anna9@example.org"}, environ_base=ip
    )
    assert response.status_code == 429
    assert "zu viele Registrierungen" in response.get_data(as_text=True)


def test_a_session_from_node_a_is_accepted_by_node_b(app, node_b, factory):
    factory.user(email=EMAIL)
    on_a, on_b = app.test_client(), node_b.test_client()
    assert login(on_a).status_code == 302
    carry_session(on_a, on_b)
    page = on_b.get("/konto")
    assert page.status_code == 200 and EMAIL in page.get_data(as_text=True)


def test_logging_out_everywhere_on_node_a_ends_the_session_on_node_b(app, node_b, factory):
    factory.user(email=EMAIL)
    on_a, on_b = app.test_client(), node_b.test_client()
    login(on_a)
    other_browser = app.test_client()
    login(other_browser)
    carry_session(other_browser, on_b)
    assert logged_in(on_b)
    on_a.post("/konto/ueberall-abmelden")
    assert not logged_in(on_a) and not logged_in(on_b)


def test_a_node_with_another_secret_key_refuses_the_session(app, tmp_path, factory):
    other = second_node(app, tmp_path, SECRET_KEY="a-different-secret")
    factory.user(email=EMAIL)
    on_a, on_b = app.test_client(), other.test_client()
    login(on_a)
    carry_session(on_a, on_b)
    assert not logged_in(on_b)  # so every node must share JOBPORTAL_SECRET_KEY
    with other.app_context():
        db.engine.dispose()
