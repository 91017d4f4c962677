"""The career-feed page of a company: employers and promoters register feeds and see
each feed's last run; others get 404."""

from jobportal.core.extensions import db
from jobportal.models import ListingFeed
from jobportal.models.base import utcnow
from tests.conftest import login_as


def feeds_of(app, company_id):
    with app.app_context():
        rows = db.session.query(ListingFeed).filter_by(company_id=company_id).all()
        return [feed.url for feed in rows]


def test_employer_registers_a_personio_feed_and_sees_its_status(app, client, factory):
    company = factory.company(member="kamenz")
    login_as(client, app, factory.user("employer", company_id=company))
    profile = client.get("/arbeitgeber/unternehmen").get_data(as_text=True)
    assert f"/karriere-feeds/unternehmen/{company}" in profile
    page = client.get(f"/karriere-feeds/unternehmen/{company}").get_data(as_text=True)
    assert "Noch kein Feed eingetragen." in page
    response = client.post(
        f"/karriere-feeds/unternehmen/{company}",
        data={"url": "lausitzer-holzbau.jobs.personio.de"},
        follow_redirects=True,
    )
    text = response.get_data(as_text=True)
    assert "https://lausitzer-holzbau.jobs.personio.de/xml" in text
    assert "noch nicht abgerufen" in text
    assert feeds_of(app, company) == ["https://lausitzer-holzbau.jobs.personio.de/xml"]


def test_status_of_the_last_run_is_shown(app, client, factory):
    company = factory.company(member="kamenz")
    with app.app_context():
        feed = ListingFeed(
            company_id=company,
            url="https://karriere.example.org/jobs.atom",
            last_run_at=utcnow(),
            last_status="drift",
            last_format="atom",
            last_counts={"new": 2, "updated": 1, "unchanged": 0, "ended": 0, "skipped": 1},
            last_error="https://karriere.example.org/jobs.atom: unbekanntes XML-Format <jobs>",
            last_skips="„Vertrieb“: Arbeitsort außerhalb des Netzwerks (04103 Leipzig)",
        )
        db.session.add(feed)
        db.session.commit()
    login_as(client, app, factory.user("employer", company_id=company))
    text = client.get(f"/karriere-feeds/unternehmen/{company}").get_data(as_text=True)
    assert "Format nicht mehr lesbar" in text
    assert "2 neu, 1 aktualisiert, 0 unverändert, 0 beendet, 1 übersprungen" in text
    assert "unbekanntes XML-Format &lt;jobs&gt;" in text
    assert "außerhalb des Netzwerks (04103 Leipzig)" in text


def test_bad_addresses_are_form_errors(app, client, factory):
    company = factory.company(member="kamenz")
    login_as(client, app, factory.user("employer", company_id=company))
    for url, message in [
        ("http://127.0.0.1/feed.xml", "keine IP-Adresse"),
        ("http://localhost/feed.xml", "keine IP-Adresse"),
        ("ftp://example.org/feed.xml", "vollständige http(s)-Adresse"),
        ("", "Bitte geben Sie eine Adresse an."),
    ]:
        response = client.post(f"/karriere-feeds/unternehmen/{company}", data={"url": url})
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
    assert feeds_of(app, company) == []


def test_promoter_of_the_member_manages_removal_keeps_listings(app, client, factory):
    company = factory.company(member="kamenz")
    login_as(client, app, factory.user("promoter", members=("kamenz",)))
    client.post(
        f"/karriere-feeds/unternehmen/{company}", data={"url": "https://example.org/karriere"}
    )
    with app.app_context():
        feed_id = db.session.query(ListingFeed).filter_by(company_id=company).one().id
    moderation = client.get(f"/moderation/unternehmen/{company}").get_data(as_text=True)
    assert f"/karriere-feeds/unternehmen/{company}" in moderation
    response = client.post(f"/karriere-feeds/{feed_id}/entfernen", follow_redirects=True)
    assert "Der Feed wurde entfernt" in response.get_data(as_text=True)
    assert feeds_of(app, company) == []


def test_others_get_404(app, client, factory):
    company = factory.company(member="kamenz")
    other = factory.company(member="radeberg")
    assert client.get(f"/karriere-feeds/unternehmen/{company}").status_code == 302  # login
    login_as(client, app, factory.user("employer", company_id=other))
    assert client.get(f"/karriere-feeds/unternehmen/{company}").status_code == 404
    assert (
        client.post(
            f"/karriere-feeds/unternehmen/{company}", data={"url": "https://x.org/"}
        ).status_code
        == 404
    )
    login_as(client, app, factory.user("promoter", members=("radeberg",)))
    assert client.get(f"/karriere-feeds/unternehmen/{company}").status_code == 404
    login_as(client, app, factory.user())
    assert client.get(f"/karriere-feeds/unternehmen/{company}").status_code == 404
    assert client.get("/karriere-feeds/unternehmen/99999").status_code == 404
