"""Alert digests against a real SMTP server (aiosmtpd): exactly the new matching jobs,
never twice, one mail per recipient, unsubscribe headers and one click, SMTP outage."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import select

from jobportal.core.extensions import db
from jobportal.models import AlertDelivery, ConsentRecord, Job, OutboxMail, SavedSearch
from jobportal.models.base import utcnow
from tests.conftest import Factory
from tests.support.alerts import (
    PFLEGE,
    active_alert,
    deliver,
    digest_titles,
    digests,
    make_job,
    run,
    text_of,
)

pytest_plugins = ["tests.support.alerts_fixtures"]  # smtp, mapp, mclient


def test_digest_has_exactly_the_new_matching_jobs_and_never_repeats(mapp, smtp):
    alert_id = active_alert(mapp, **PFLEGE, employment_type=["teilzeit"])
    teil = {"employment_types": ["teilzeit"]}
    near = make_job(mapp, "Pflegefachkraft Hoyerswerda", **teil)
    wittichenau = make_job(mapp, "Altenpflege Wittichenau", postal_code="02997", **teil)
    make_job(mapp, "Pflegekraft Dresden", postal_code="01067", **teil)  # ~50 km away
    make_job(mapp, "Pflegehelfer Vollzeit", employment_types=["vollzeit"])  # filter
    make_job(mapp, "Elektriker Hoyerswerda", **teil)  # text
    make_job(mapp, "Pflege alt", ago=timedelta(days=3), **teil)  # before the alert
    for state in ("filled", "withdrawn", "expired"):
        make_job(mapp, f"Pflege {state}", state=state, **teil)
    make_job(mapp, "Pflege abgelaufen", days_left=-1, **teil)

    stats = run(mapp)
    assert (stats.checked, stats.mails, stats.jobs_sent) == (1, 1, 2)
    deliver(mapp)
    [msg] = digests(smtp)
    assert sorted(digest_titles(msg)) == ["Altenpflege Wittichenau", "Pflegefachkraft Hoyerswerda"]
    assert "2 neue Stellen" in msg["Subject"]
    html = msg.get_body(("html",)).get_content()
    assert "Altenpflege Wittichenau" in html and "abbestellen" in html
    with mapp.app_context():
        sent = db.session.execute(select(AlertDelivery.job_id)).scalars().all()
        assert sorted(sent) == sorted([near, wittichenau])

    assert run(mapp, days=0.5).checked == 0  # not due yet
    later = make_job(mapp, "Pflegeassistenz Lauta", postal_code="02991", **teil)
    with mapp.app_context():  # even if an old job were re-published, it is not sent again
        db.session.get(Job, near).published_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    stats = run(mapp, days=0.6)
    assert (stats.mails, stats.jobs_sent) == (1, 1)
    deliver(mapp)
    assert digest_titles(digests(smtp)[-1]) == ["Pflegeassistenz Lauta"]
    stats = run(mapp)
    assert (stats.checked, stats.mails) == (1, 0)  # nothing new: no mail
    with mapp.app_context():
        assert db.session.get(SavedSearch, alert_id).last_run_at is not None
        assert later in db.session.execute(select(AlertDelivery.job_id)).scalars().all()


def test_one_digest_per_recipient_at_most_20_jobs(mapp, smtp):
    active_alert(mapp, email="erika@example.org")
    active_alert(mapp, email="ERIKA@example.org", q="Koch")
    active_alert(mapp, email="max@example.org", q="Koch")
    company = Factory(mapp).company(name="Lausitzer Küche GmbH")
    for n in range(22):
        make_job(mapp, f"Pflegekraft {n}", company_id=company)
    make_job(mapp, "Koch (m/w/d)", company_id=company)
    stats = run(mapp)
    assert (stats.checked, stats.mails) == (3, 2)
    deliver(mapp)
    [erika] = digests(smtp, "erika@example.org")
    [max_] = digests(smtp, "max@example.org")
    assert len(digest_titles(erika)) == 20
    text = text_of(erika)
    assert "23 neue Stellen" in erika["Subject"] and "Koch (m/w/d)" in text
    assert "Alle Stellen zu dieser Suche: https://jobs.example/jobs?q=Pflege" in text
    assert "weitere Stellen" in text
    assert digest_titles(max_) == ["Koch (m/w/d)"]


def test_headers_and_one_click_unsubscribe_without_login_or_csrf(mapp, smtp):
    alert_id = active_alert(mapp)
    make_job(mapp)
    run(mapp)
    deliver(mapp)
    [msg] = digests(smtp)
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.fullmatch(
        r"<(https://jobs\.example/suchauftrag/abbestellen/[^>]+)>", msg["List-Unsubscribe"]
    )
    assert url
    assert (
        "Diesen Suchauftrag abbestellen: https://jobs.example/suchauftrag/abbestellen/"
        in text_of(msg)
    )

    mapp.config["WTF_CSRF_ENABLED"] = True
    client = mapp.test_client()
    path = urlsplit(url.group(1)).path
    assert client.post("/suchauftraege/1/pausieren?t=x").status_code == 400  # CSRF elsewhere
    response = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "Sie sind abgemeldet" in response.get_data(as_text=True)
    with mapp.app_context():
        assert db.session.get(SavedSearch, alert_id) is None
        assert db.session.execute(select(ConsentRecord)).scalar_one().revoked_at is not None
    assert client.post(path, data={"List-Unsubscribe": "One-Click"}).status_code == 400


def test_smtp_outage_mid_run_every_mail_delivered_exactly_once(mapp, smtp, monkeypatch):
    from jobportal.platform import mail_backends

    emails = [f"person{n}@example.org" for n in range(5)]
    for email in emails:
        active_alert(mapp, email=email)
    deliver(mapp)  # the confirmation mails
    smtp.handler.messages.clear()
    make_job(mapp)
    assert run(mapp).mails == 5
    original = mail_backends.SmtpBackend.send
    sent = []

    def send_then_fail(self, msg):
        original(self, msg)
        sent.append(msg["To"])
        if len(sent) == 2:
            smtp.stop()  # the server goes away mid-run

    monkeypatch.setattr(mail_backends.SmtpBackend, "send", send_then_fail)
    start = utcnow()
    first = deliver(mapp, now=start)
    assert first["sent"] == 2 and first["retry"] == 3
    smtp.start()
    assert deliver(mapp, now=start + timedelta(seconds=10))["sent"] == 0  # backoff
    assert deliver(mapp, now=start + timedelta(minutes=2))["sent"] == 3
    assert deliver(mapp, now=start + timedelta(hours=3))["sent"] == 0
    got = sorted(rcpt for rcpts, _ in smtp.handler.messages for rcpt in rcpts)
    assert got == sorted(emails)  # each digest exactly once, across the outage
    assert all("neue Stelle" in msg["Subject"] for _, msg in smtp.handler.messages)
    with mapp.app_context():
        statuses = db.session.execute(select(OutboxMail.status)).scalars().all()
        assert statuses == ["sent"] * 10  # 5 confirmations, 5 digests


def test_a_concurrent_second_run_sends_nothing_twice(mapp, smtp, monkeypatch):
    from jobportal.alerts import digest as alert_digest

    active_alert(mapp)
    make_job(mapp)
    assert run(mapp).mails == 1
    # a second run that read the deliveries before the first one committed them
    monkeypatch.setattr(alert_digest, "already_sent", lambda matches: set())
    stats = run(mapp)
    assert (stats.mails, stats.skipped) == (0, 1)
    deliver(mapp)
    assert len(digests(smtp)) == 1
    with mapp.app_context():
        assert len(db.session.execute(select(AlertDelivery)).all()) == 1
