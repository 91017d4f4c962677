"""Rate limits stored in the database, and the login throttling built on them."""

from datetime import timedelta

from sqlalchemy import select, update

from jobportal.core.extensions import db
from jobportal.models import ThrottleEvent
from jobportal.models.base import utcnow
from jobportal.platform import throttle
from tests.conftest import DEFAULT_PASSWORD

THROTTLED = "Zu viele fehlgeschlagene Anmeldeversuche"


def test_record_count_limit_clear(ctx):
    for _ in range(3):
        throttle.record("test", "k1")
    throttle.record("test", "k2")
    throttle.record("other", "k1")
    assert throttle.count_recent("test", "k1", 60) == 3
    assert throttle.is_limited("test", "k1", 3, 60)
    assert not throttle.is_limited("test", "k1", 4, 60)
    assert not throttle.is_limited("test", "k2", 2, 60)
    assert throttle.clear("test", "k1") == 3
    assert throttle.count_recent("test", "k1", 60) == 0
    assert throttle.count_recent("other", "k1", 60) == 1


def test_window_and_pruning(ctx):
    now = utcnow()
    throttle.record("test", "k", now=now - timedelta(hours=2))
    throttle.record("test", "k", now=now - timedelta(minutes=5))
    assert throttle.count_recent("test", "k", 600, now=now) == 1
    assert throttle.count_recent("test", "k", 3 * 3600, now=now) == 2
    assert throttle.prune(3600, now=now) == 1
    throttle.record("test", "k", now=now + timedelta(days=2))  # recording prunes old rows
    assert db.session.execute(select(ThrottleEvent)).scalars().all()[0].created_at > now


def test_hash_key_hides_the_value(ctx):
    key = throttle.hash_key("192.0.2.1")
    assert "192.0.2.1" not in key and len(key) == 64
    assert key == throttle.hash_key("192.0.2.1") != throttle.hash_key("192.0.2.2")


def login(client, email, password=DEFAULT_PASSWORD, ip="192.0.2.10"):
    """Post the login form from a given client IP."""
    return client.post(
        "/anmelden", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": ip}
    )


def test_login_throttled_per_account(app, client, factory):
    app.config["LOGIN_FAILURES_PER_ACCOUNT"] = 3
    factory.user(email="erika@example.org")
    statuses = [
        login(client, "erika@example.org", "falsch", ip=f"192.0.2.{n}").status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]
    response = login(client, "Erika@example.org", ip="192.0.2.99")  # right password, new IP
    assert response.status_code == 429 and THROTTLED in response.get_data(as_text=True)
    assert client.get("/konto").status_code == 302
    # once the window has passed, the right password works again
    with app.app_context():
        db.session.execute(update(ThrottleEvent).values(created_at=utcnow() - timedelta(hours=1)))
        db.session.commit()
    assert login(client, "erika@example.org").status_code == 302


def test_successful_login_clears_account_counter(app, factory):
    app.config["LOGIN_FAILURES_PER_ACCOUNT"] = 3
    factory.user(email="erika@example.org")
    client = app.test_client()
    for _ in range(2):
        login(client, "erika@example.org", "falsch")
    assert login(client, "erika@example.org").status_code == 302
    client = app.test_client()
    for _ in range(2):
        assert login(client, "erika@example.org", "falsch").status_code == 200
    assert login(client, "erika@example.org").status_code == 302


def test_login_throttled_per_ip(app, client, factory):
    app.config["LOGIN_FAILURES_PER_IP"] = 3
    factory.user(email="erika@example.org")
    for n in range(3):
        login(client, f"probe{n}@example.org", "falsch", ip="198.51.100.7")
    response = login(client, "erika@example.org", ip="198.51.100.7")
    assert response.status_code == 429 and THROTTLED in response.get_data(as_text=True)
    assert login(client, "erika@example.org", ip="198.51.100.8").status_code == 302
    with app.app_context():
        keys = db.session.execute(select(ThrottleEvent.key)).scalars().all()
    assert keys and not any("198.51.100" in k or "@" in k for k in keys)


def test_lockout_is_logged_without_secrets(app, client, factory, caplog):
    app.config["LOGIN_FAILURES_PER_ACCOUNT"] = 2
    factory.user(email="erika@example.org")
    caplog.set_level("INFO", logger="jobportal.auth")
    for _ in range(2):
        login(client, "erika@example.org", "geheim-falsch")
    assert "login lock-out" in caplog.text
    assert "geheim-falsch" not in caplog.text and "erika@example.org" not in caplog.text
