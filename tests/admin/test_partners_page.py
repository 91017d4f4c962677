"""The admin's page of partner networks and failing employer feeds."""

from sqlalchemy import select

from jobportal.core.extensions import db
from jobportal.models import AuditEntry, Job, ListingFeed
from jobportal.models.base import utcnow
from tests.conftest import login_as


def partners(app):
    with app.app_context():
        rows = db.session.execute(select(ListingFeed).filter_by(kind="partner")).scalars()
        return [(f.name, f.url, f.members) for f in rows]


def test_admin_subscribes_to_a_partner_network(app, client, factory):
    login_as(client, app, factory.user("admin"))
    page = client.get("/admin/partnernetzwerke").get_data(as_text=True)
    assert "Noch kein Partnernetzwerk eingetragen." in page
    response = client.post(
        "/admin/partnernetzwerke",
        data={
            "name": "Regionalmanagement Erzgebirge",
            "url": "https://jobs.erzgebirge.example/api/v1/jobs",
            "members": "freiberg, annaberg-buchholz",
        },
        follow_redirects=True,
    )
    text = response.get_data(as_text=True)
    assert "Das Partnernetzwerk Regionalmanagement Erzgebirge ist eingetragen." in text
    assert "Nur die Mitglieder: freiberg, annaberg-buchholz" in text
    assert partners(app) == [
        (
            "Regionalmanagement Erzgebirge",
            "https://jobs.erzgebirge.example",
            ["freiberg", "annaberg-buchholz"],
        )
    ]


def test_bad_partner_input_is_a_form_error(app, client, factory):
    login_as(client, app, factory.user("admin"))
    for data, message in [
        ({"name": "X", "url": "http://10.0.0.1/"}, "keine IP-Adresse"),
        ({"name": "X", "url": "https://a.example", "members": "Frei berg!"}, "Ungültige Kennung"),
        ({"name": "", "url": "https://a.example"}, "Bitte nennen Sie das Netzwerk."),
    ]:
        response = client.post("/admin/partnernetzwerke", data=data)
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
    assert partners(app) == []


def test_removing_a_partner_ends_its_listings(app, client, factory):
    login_as(client, app, factory.user("admin"))
    job_id = factory.job(title="Koch (m/w/d)")
    with app.app_context():
        from jobportal.models import FeedListing

        feed = ListingFeed(kind="partner", name="Partner", url="https://p.example")
        job = db.session.get(Job, job_id)
        job.company_id, job.source, job.employer_name = None, "partner", "Gasthof"
        db.session.add_all([feed, FeedListing(feed=feed, ref="7", job=job)])
        db.session.commit()
        feed_id = feed.id
    response = client.post(f"/admin/partnernetzwerke/{feed_id}/entfernen", follow_redirects=True)
    assert "seine Stellen sind beendet" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Job, job_id).state == "expired"
        reasons = db.session.execute(select(AuditEntry.reason)).scalars().all()
        assert "Partnernetzwerk Partner abbestellt" in reasons
    assert partners(app) == []


def test_failing_employer_feeds_are_listed(app, client, factory):
    company = factory.company(name="Holzbau GmbH", member="kamenz")
    with app.app_context():
        db.session.add(
            ListingFeed(
                company_id=company,
                url="https://holzbau.jobs.personio.de/xml",
                last_run_at=utcnow(),
                last_status="drift",
                last_error="https://holzbau.jobs.personio.de/xml: unbekanntes XML-Format <html>",
            )
        )
        db.session.commit()
    login_as(client, app, factory.user("admin"))
    text = client.get("/admin/partnernetzwerke").get_data(as_text=True)
    assert "Holzbau GmbH" in text and "unbekanntes XML-Format &lt;html&gt;" in text
    assert "Feed entfernen" not in text.split("Karriere-Feeds mit Fehlern")[1]
