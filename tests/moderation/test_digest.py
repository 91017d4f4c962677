"""The promoters' digest: one mail per promoter and run, each submission once, opt-out."""

from datetime import UTC, datetime, timedelta

from jobportal.core.extensions import db
from jobportal.models import Job, OutboxMail, User
from jobportal.moderation import send_digests
from tests.conftest import login_as


def mails(app):
    with app.app_context():
        return [(m.recipient, m.subject, m.body_text) for m in db.session.query(OutboxMail).all()]


def run(app, now=None):
    with app.app_context():
        result = send_digests(now)
        db.session.commit()
        return result


def test_one_digest_per_promoter_with_the_listings_of_their_members(app, factory):
    kamenz = factory.company(member="kamenz")
    radeberg = factory.company(member="radeberg")
    factory.user(role="promoter", members=("kamenz",), email="k@example.org", name="Kira")
    factory.user(role="promoter", members=("radeberg",), email="r@example.org")
    factory.job(kamenz, state="pending", title="Elektriker")
    factory.job(kamenz, state="pending", title="Bäcker")
    factory.job(radeberg, state="pending", title="Gärtner")
    factory.job(kamenz, state="published", title="Schon online")

    assert run(app) == {"mails": 2, "listings": 3}
    sent = {recipient: (subject, body) for recipient, subject, body in mails(app)}
    subject, body = sent["k@example.org"]
    assert subject == "2 Stellenanzeigen warten auf Ihre Prüfung"
    assert "Guten Tag Kira," in body and "Elektriker" in body and "Bäcker" in body
    assert "Gärtner" not in body and "Schon online" not in body
    assert sent["r@example.org"][0] == "1 Stellenanzeige wartet auf Ihre Prüfung"

    assert run(app) == {"mails": 0, "listings": 0}  # nothing new: no second mail
    later = datetime.now(UTC) + timedelta(minutes=5)
    new = factory.job(kamenz, state="pending", title="Koch")
    with app.app_context():
        db.session.get(Job, new).submitted_at = later - timedelta(minutes=1)
        db.session.commit()
    assert run(app, later) == {"mails": 1, "listings": 1}
    assert "Koch" in mails(app)[-1][2] and "Elektriker" not in mails(app)[-1][2]


def test_opt_out_in_the_account(client, app, factory):
    company = factory.company(member="kamenz")
    promoter = factory.user(role="promoter", members=("kamenz",), email="k@example.org")
    login_as(client, app, promoter)
    html = client.get("/konto").get_data(as_text=True)
    assert "Neue Anzeigen zur Prüfung per E-Mail melden" in html
    response = client.post("/moderation/benachrichtigungen", data={})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, promoter).moderation_mails is False
    factory.job(company, state="pending")
    assert run(app) == {"mails": 0, "listings": 0}
    client.post("/moderation/benachrichtigungen", data={"moderation_mails": "1"})
    with app.app_context():
        assert db.session.get(User, promoter).moderation_mails is True
    assert run(app) == {"mails": 0, "listings": 0}  # what waited meanwhile is not mailed later


def test_only_promoters_switch_it(client, app, factory):
    seeker = factory.user(email="s@example.org")
    login_as(client, app, seeker)
    assert client.post("/moderation/benachrichtigungen", data={}).status_code == 403
    assert "Neue Anzeigen zur Prüfung" not in client.get("/konto").get_data(as_text=True)


def test_command_runs_once(runner, app, factory):
    company = factory.company(member="kamenz")
    factory.user(role="promoter", members=("kamenz",), email="k@example.org")
    factory.job(company, state="pending")
    result = runner.invoke(args=["moderation", "notify"])
    assert result.exit_code == 0 and "1 Mails eingereiht (1 Anzeigen)." in result.output
