"""Helpers of the alert tests: alerts, jobs, mails (fixtures: tests/alerts_fixtures.py)."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import select

from jobportal import alerts
from jobportal.alerts import send_alerts
from jobportal.core.extensions import db
from jobportal.models import Job, SavedSearch
from jobportal.models.base import utcnow
from jobportal.platform import mail as mailer
from tests.conftest import Factory

PFLEGE = {"q": "Pflege", "where": "Hoyerswerda", "radius_km": 25}


def deliver(app, now=None) -> dict:
    """Run the outbox sender once."""
    with app.app_context():
        return mailer.send_pending(now=now)


def received(smtp, to: str | None = None) -> list:
    """Messages the SMTP server got (for one recipient)."""
    return [msg for rcpts, msg in smtp.handler.messages if to is None or to in rcpts]


def digests(smtp, to: str | None = None) -> list:
    """The alert digests the SMTP server got (confirmation mails left out)."""
    return [m for m in received(smtp, to) if "neue Stelle" in m["Subject"]]


def text_of(msg) -> str:
    return msg.get_body(("plain",)).get_content().replace("\r\n", "\n")


def link_in(msg, path_part: str) -> str:
    """The first link in the plain text containing ``path_part``, as a local path."""
    url = next(u for u in re.findall(r"https?://\S+", text_of(msg)) if path_part in u)
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def make_job(app, title="Pflegefachkraft (m/w/d)", postal_code="02977", ago=None, **fields):
    """A published listing; ``ago`` moves its publication into the past."""
    factory = Factory(app)
    company = fields.pop("company_id", None) or factory.company(name="Pflegedienst Lausitz GmbH")
    job_id = factory.job(company, title=title, postal_code=postal_code, **fields)
    if ago is not None:
        with app.app_context():
            db.session.get(Job, job_id).published_at = utcnow() - ago
            db.session.commit()
    return job_id


def active_alert(app, email="erika@example.org", frequency="daily", **params) -> int:
    """An alert created and confirmed through the domain functions."""
    with app.app_context():
        alert = alerts.create_alert(params or PFLEGE, "", frequency, email=email)
        alerts.confirm(alerts.token_for(alert, "confirm"))
        db.session.commit()
        return alert.id


def backdate(app, days: float) -> None:
    """Move every alert's timestamps ``days`` into the past (as if time had passed)."""
    delta = timedelta(days=days)
    with app.app_context():
        for alert in db.session.execute(select(SavedSearch)).scalars():
            alert.created_at -= delta
            alert.confirmed_at = alert.confirmed_at and alert.confirmed_at - delta
            alert.last_run_at = alert.last_run_at and alert.last_run_at - delta
        db.session.commit()


def run(app, days: float = 1, frequency="daily"):
    """`alerts send` after ``days`` have passed."""
    backdate(app, days)
    with app.app_context():
        return send_alerts(frequency)


def digest_titles(msg) -> list[str]:
    text = text_of(msg)
    return re.findall(r"^\* (.+)$", text, flags=re.MULTILINE)


def save_as_visitor(client, email="erika@example.org", query="q=Pflege&where=Hoyerswerda"):
    return client.post(
        "/suchauftrag/neu",
        data={
            "params": query + "&radius_km=25",
            "name": "",
            "frequency": "daily",
            "email": email,
            "consent": "y",
        },
    )
