"""The outbox sender: real SMTP delivery (aiosmtpd), retries, claims, backends."""

import logging
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from jobportal.core.extensions import db
from jobportal.models import OutboxMail
from jobportal.models.base import utcnow
from jobportal.platform import mail as mailer
from tests.conftest import make_app
from tests.support.smtp import smtp_settings


@pytest.fixture
def smtp_app(tmp_path, db_template, smtp_server):
    """A testing app whose MAIL_BACKEND is SMTP to the test server's port."""
    sender = "Jobportal Dresden <noreply@jobportal.example>"
    app = make_app(tmp_path, db_template, **smtp_settings(smtp_server, MAIL_SENDER=sender))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def add_mail(recipient="erika@example.org", subject="Willkommen", **fields) -> int:
    """Put one mail into the outbox and commit; return its id."""
    mail = OutboxMail(
        recipient=recipient,
        subject=subject,
        body_text=fields.pop("body_text", "Hallo Erika,\nwillkommen!"),
        body_html=fields.pop("body_html", "<p>Hallo Erika, willkommen!</p>"),
        headers=fields.pop("headers", {}),
        **fields,
    )
    db.session.add(mail)
    db.session.commit()
    return mail.id


def reload(mail_id: int) -> OutboxMail:
    """The mail as the database has it now."""
    db.session.expire_all()
    return db.session.get(OutboxMail, mail_id)


def test_smtp_delivers_text_and_html_with_umlauts(smtp_app, smtp_server):
    smtp_server.start()
    mail_id = add_mail(
        recipient="juergen@example.org",
        subject="Ihre Bewerbung für „Bäckerin (m/w/d)“ in Görlitz",
        body_text="Grüße aus Dresden – Straße, Größe, Ärger, Öl, Übung. 💼",
        body_html="<p>Grüße aus <strong>Dresden</strong> – Straße</p>",
        headers={"List-Unsubscribe": "<https://jobportal.example/abmelden/x>"},
    )

    assert mailer.send_pending() == {"sent": 1, "retry": 0, "failed": 0}

    [(rcpt_tos, msg)] = smtp_server.handler.messages
    assert rcpt_tos == ["juergen@example.org"]
    assert msg["Subject"] == "Ihre Bewerbung für „Bäckerin (m/w/d)“ in Görlitz"
    assert msg["From"] == "Jobportal Dresden <noreply@jobportal.example>"
    assert msg["To"] == "juergen@example.org"
    assert msg["Message-ID"].endswith("@jobportal.example>")
    assert msg["Date"]
    assert msg["List-Unsubscribe"] == "<https://jobportal.example/abmelden/x>"
    assert msg.get_content_type() == "multipart/alternative"
    text = msg.get_body(("plain",))
    html = msg.get_body(("html",))
    assert text.get_content_charset() == "utf-8"
    assert text.get_content().strip() == "Grüße aus Dresden – Straße, Größe, Ärger, Öl, Übung. 💼"
    assert "Grüße aus <strong>Dresden</strong> – Straße" in html.get_content()

    sent = reload(mail_id)
    assert sent.status == OutboxMail.SENT
    assert sent.sent_at is not None
    assert sent.attempts == 1


def test_server_down_schedules_retry_then_delivers_exactly_once(smtp_app, smtp_server):
    first, second = add_mail(subject="Eins"), add_mail(subject="Zwei")
    start = utcnow()

    assert mailer.send_pending(now=start) == {"sent": 0, "retry": 2, "failed": 0}
    for mail_id in (first, second):
        mail = reload(mail_id)
        assert mail.status == OutboxMail.PENDING
        assert mail.attempts == 1
        assert mail.next_attempt_at == start + timedelta(minutes=1)
        assert "nicht erreichbar" in mail.last_error
    # Not due yet: a second run right away does not touch them.
    assert mailer.send_pending(now=start + timedelta(seconds=30)) == {
        "sent": 0,
        "retry": 0,
        "failed": 0,
    }

    # Still down a minute later: the backoff doubles.
    assert mailer.send_pending(now=start + timedelta(minutes=1))["retry"] == 2
    assert reload(first).next_attempt_at == start + timedelta(minutes=3)

    smtp_server.start()
    later = start + timedelta(minutes=3)
    assert mailer.send_pending(now=later) == {"sent": 2, "retry": 0, "failed": 0}
    assert mailer.send_pending(now=later + timedelta(hours=5)) == {
        "sent": 0,
        "retry": 0,
        "failed": 0,
    }
    subjects = sorted(msg["Subject"] for _, msg in smtp_server.handler.messages)
    assert subjects == ["Eins", "Zwei"]
    assert reload(first).status == reload(second).status == OutboxMail.SENT
    assert reload(first).last_error == ""


def test_recipient_refused_with_5xx_fails_with_error(smtp_app, smtp_server):
    smtp_server.start()
    refused = add_mail(recipient="niemand@abgelehnt.example")
    fine = add_mail(recipient="erika@example.org")

    assert mailer.send_pending() == {"sent": 1, "retry": 0, "failed": 1}

    mail = reload(refused)
    assert mail.status == OutboxMail.FAILED
    assert "550" in mail.last_error
    assert "Empfänger unbekannt" in mail.last_error
    assert reload(fine).status == OutboxMail.SENT
    assert [rcpt for rcpt, _ in smtp_server.handler.messages] == [["erika@example.org"]]
    # A failed mail is never retried.
    assert mailer.send_pending(now=utcnow() + timedelta(days=1))["failed"] == 0


def test_recipient_deferred_with_4xx_is_retried(smtp_app, smtp_server):
    smtp_server.start()
    deferred = add_mail(recipient="voll@spaeter.example")
    fine = add_mail(recipient="erika@example.org")
    now = utcnow()

    assert mailer.send_pending(now=now) == {"sent": 1, "retry": 1, "failed": 0}

    mail = reload(deferred)
    assert mail.status == OutboxMail.PENDING
    assert mail.next_attempt_at == now + timedelta(minutes=1)
    assert "451" in mail.last_error
    assert reload(fine).status == OutboxMail.SENT


def test_gives_up_after_max_attempts(smtp_app):
    smtp_app.config["MAIL_MAX_ATTEMPTS"] = 3
    mail_id = add_mail()
    now = utcnow()
    outcomes = []
    for _ in range(3):
        stats = mailer.send_pending(now=now)
        outcomes.append(stats)
        now += timedelta(hours=1)
    assert [s["retry"] for s in outcomes] == [1, 1, 0]
    assert outcomes[-1]["failed"] == 1
    mail = reload(mail_id)
    assert mail.status == OutboxMail.FAILED
    assert mail.attempts == 3


def test_backoff_doubles_and_is_capped():
    assert [mailer.backoff(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert mailer.backoff(30) == mailer.BACKOFF_CAP


@pytest.fixture
def memory_app(tmp_path, db_template):
    """A testing app with the memory backend, inside an app context."""
    app = make_app(tmp_path, db_template)
    assert app.config["MAIL_BACKEND"] == "memory"
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def test_concurrent_senders_never_send_twice(memory_app):
    ids = [add_mail(subject=f"Mail {n}") for n in range(12)]
    barrier = threading.Barrier(2)
    results, errors = [], []

    def sender():
        with memory_app.app_context():
            try:
                barrier.wait()
                results.append(mailer.send_pending())
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(r["sent"] for r in results) == 12
    subjects = [msg["Subject"] for msg in mailer.sent_messages(memory_app)]
    assert sorted(subjects) == sorted(f"Mail {n}" for n in range(12))
    assert all(reload(i).status == OutboxMail.SENT for i in ids)


def test_claim_is_taken_by_one_sender_only(memory_app):
    mail_id = add_mail()
    now = utcnow()
    with Session(db.engine) as session:
        assert mailer._claim(session, mail_id, "sender-a", now) is True
        assert mailer._claim(session, mail_id, "sender-b", now) is False
    # The second sender's run sees the claimed row and leaves it alone.
    assert mailer.send_pending(now=now) == {"sent": 0, "retry": 0, "failed": 0}
    assert reload(mail_id).claimed_by == "sender-a"
    assert mailer.sent_messages(memory_app) == []


def test_stuck_sending_row_is_reclaimed_only_after_the_lease(memory_app):
    mail_id = add_mail()
    now = utcnow()
    with Session(db.engine) as session:
        assert mailer._claim(session, mail_id, "killed-sender", now)

    assert mailer.send_pending(now=now + timedelta(minutes=59))["sent"] == 0
    assert reload(mail_id).status == OutboxMail.SENDING

    assert mailer.send_pending(now=now + mailer.SENDING_LEASE)["sent"] == 1
    mail = reload(mail_id)
    assert mail.status == OutboxMail.SENT
    assert mail.attempts == 2
    assert len(mailer.sent_messages(memory_app)) == 1


def test_limit_sends_the_oldest_first(memory_app):
    add_mail(subject="Alt")
    add_mail(subject="Neu")
    assert mailer.send_pending(limit=1)["sent"] == 1
    assert [m["Subject"] for m in mailer.sent_messages(memory_app)] == ["Alt"]
    assert db.session.execute(
        select(OutboxMail.subject).where(OutboxMail.status == OutboxMail.PENDING)
    ).scalars().all() == ["Neu"]


def test_header_injection_and_reserved_headers_are_dropped(memory_app):
    add_mail(
        headers={
            "X-Evil": "a\r\nBcc: opfer@example.org",
            "From": "boss@example.org",
            "Reply-To": "personal@firma.example",
        }
    )
    assert mailer.send_pending()["sent"] == 1
    [msg] = mailer.sent_messages(memory_app)
    assert msg["Bcc"] is None and msg["X-Evil"] is None
    assert msg["From"] == memory_app.config["MAIL_SENDER"]
    assert msg["Reply-To"] == "personal@firma.example"


def test_console_backend_logs_the_mail(memory_app, caplog):
    memory_app.config["MAIL_BACKEND"] = "console"
    add_mail(subject="Bitte bestätigen", body_text="Ihr Link: https://x.example/bestätigen")
    with caplog.at_level(logging.INFO, logger="jobportal"):
        assert mailer.send_pending()["sent"] == 1
    assert "Bitte bestätigen" in caplog.text
    assert "https://x.example/bestätigen" in caplog.text
    assert mailer.sent_messages(memory_app) == []


def test_unknown_backend_is_refused(memory_app):
    memory_app.config["MAIL_BACKEND"] = "brieftaube"
    with pytest.raises(RuntimeError, match="MAIL_BACKEND"):
        mailer.send_pending()


@pytest.mark.parametrize("enabled", [True, False])
def test_after_commit_hook_sends_when_enabled(tmp_path, db_template, enabled):
    app = make_app(tmp_path, db_template, MAIL_SEND_AFTER_COMMIT=enabled)

    @app.post("/_test/mail")
    def queue_one():
        db.session.add(
            OutboxMail(
                recipient="erika@example.org",
                subject="Nach Commit",
                body_text="Hallo",
                body_html="",
                headers={},
            )
        )
        db.session.commit()
        return "ok"

    assert app.test_client().post("/_test/mail").status_code == 200
    assert len(mailer.sent_messages(app)) == (1 if enabled else 0)
    with app.app_context():
        status = db.session.execute(select(OutboxMail.status)).scalar_one()
        assert status == (OutboxMail.SENT if enabled else OutboxMail.PENDING)
        db.engine.dispose()


def test_queue_mail_makes_every_header_value_one_line(memory_app):
    """Finding 5: CR, LF and other control characters never reach a header."""
    with memory_app.test_request_context():
        mailer.queue_mail(
            "erika@example.org\r\n",
            "Hallo\r\nBcc: opfer@example.org",
            "auth_reset",
            headers={"Reply-To": "a@b.example\nBcc: c@d.example", "List-Unsubscribe": "<x>\x85"},
            name="Erika",
            link="https://x.example",
            minutes=5,
        )
        db.session.commit()
    assert mailer.send_pending() == {"sent": 1, "retry": 0, "failed": 0}
    [msg] = mailer.sent_messages(memory_app)
    assert msg["Subject"] == "Hallo Bcc: opfer@example.org" and msg["Bcc"] is None
    assert msg["To"] == "erika@example.org"
    assert str(msg["Reply-To"]).startswith("a@b.example") and msg["List-Unsubscribe"] == "<x>"
    lines = msg.as_string().splitlines()
    assert not [line for line in lines if line.lower().startswith("bcc")]
