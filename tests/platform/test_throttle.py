"""Rate limits stored in the database, and the login throttling built on them."""

import re
from datetime import timedelta

from sqlalchemy import select

from jobportal.core.extensions import db
from jobportal.models import OutboxMail, ThrottleEvent
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


def age(app, seconds: int) -> None:
    """Let ``seconds`` pass for every counted event."""
    with app.app_context():
        for event in db.session.execute(select(ThrottleEvent)).scalars():
            event.created_at -= timedelta(seconds=seconds)
        db.session.commit()


def wait_seconds(response) -> int:
    """The wait a 429 answer asks for."""
    assert response.status_code == 429
    return int(re.search(r"warten Sie (\d+) Sekunden", response.get_data(as_text=True)).group(1))


def test_pair_waits_grow_with_each_failure(app, client, factory):
    factory.user(email="erika@example.org")
    statuses = [login(client, "erika@example.org", "falsch").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert 0 < wait_seconds(login(client, "erika@example.org")) <= 30  # even the right one
    age(app, 31)
    assert 30 < wait_seconds(login(client, "erika@example.org", "falsch")) <= 60
    age(app, 61)
    assert login(client, "erika@example.org").status_code == 302


def test_someone_elses_failures_do_not_lock_out_the_owner(app, client, factory):
    """Finding 8: an attacker's failures from one IP never block the owner on another."""
    factory.user(email="erika@example.org")
    attacker = app.test_client()
    for _ in range(12):  # waits out every delay: far more than the old limit of five
        login(attacker, "erika@example.org", "falsch", ip="203.0.113.66")
        age(app, app.config["LOGIN_DELAY_CAP"])
    assert login(attacker, "erika@example.org", "falsch", ip="203.0.113.66").status_code == 429
    assert login(client, "Erika@example.org", ip="192.0.2.99").status_code == 302
    assert client.get("/konto").status_code == 200


def test_account_ceiling_is_lifted_by_the_mailed_link(app, client, factory):
    app.config["LOGIN_FAILURES_PER_ACCOUNT"] = 6
    factory.user(email="erika@example.org")
    for n in range(6):  # a botnet: one failure per IP
        login(app.test_client(), "erika@example.org", "falsch", ip=f"203.0.113.{n}")
    response = login(client, "erika@example.org", ip="192.0.2.99")
    assert response.status_code == 429 and THROTTLED in response.get_data(as_text=True)
    assert "Link zum Entsperren" in response.get_data(as_text=True)
    login(client, "erika@example.org", ip="192.0.2.99")
    with app.app_context():
        [mail] = db.session.execute(select(OutboxMail)).scalars().all()  # one mail only
    assert mail.recipient == "erika@example.org" and "gesperrt" in mail.subject
    link = re.search(r"http://localhost(/anmelden/entsperren/\S+)", mail.body_text).group(1)
    assert "Anmeldung entsperren" in client.get(link).get_data(as_text=True)
    done = client.post(link, environ_base={"REMOTE_ADDR": "192.0.2.99"})
    assert "Anmeldung entsperrt" in done.get_data(as_text=True)
    assert login(client, "erika@example.org", ip="192.0.2.99").status_code == 302
    assert client.post(link[:-2] + "xx").status_code == 400


def test_successful_login_clears_the_pair_counter(app, factory):
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
    app.config["LOGIN_FREE_FAILURES_PER_PAIR"] = 2
    factory.user(email="erika@example.org")
    caplog.set_level("INFO", logger="jobportal.auth")
    for _ in range(2):
        login(client, "erika@example.org", "geheim-falsch")
    assert "login lock-out" in caplog.text
    assert "geheim-falsch" not in caplog.text and "erika@example.org" not in caplog.text
