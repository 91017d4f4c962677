"""Abuse reports: the public form, rate limit, honeypot, the promoters' queue, closing."""

from types import SimpleNamespace

import pytest

from jobportal.moderation import REPORT_LIMIT
from tests.conftest import login_as
from tests.support.moderation import audit_actions, email_of, job_row, mails_to, reports_of


@pytest.fixture
def world(factory):
    """A published listing in Kamenz and one in Radeberg, with their promoters."""
    kamenz_company = factory.company(name="Kamenzer Metallbau GmbH", member="kamenz")
    radeberg_company = factory.company(name="Radeberger Brauhaus AG", member="radeberg")
    return SimpleNamespace(
        kamenz=factory.user(role="promoter", members=["kamenz"]),
        radeberg=factory.user(role="promoter", members=["radeberg"]),
        employer=factory.user(role="employer", company_id=kamenz_company),
        job=factory.job(company_id=kamenz_company, title="Schweißer"),
        radeberg_job=factory.job(company_id=radeberg_company, title="Brauer"),
    )


def report(client, job_id, ip="203.0.113.7", **fields):
    """Post the public report form as a visitor from ``ip``."""
    data = {"reason": "fraud", "text": "Verlangt Vorkasse für Arbeitsmaterial."}
    data.update(fields)
    return client.post(f"/stellen/{job_id}/melden", data=data, environ_base={"REMOTE_ADDR": ip})


def test_visitor_reports_a_listing_without_login(client, app, world):
    page = client.get(f"/stellen/{world.job}/melden")
    assert page.status_code == 200
    assert "Anzeige melden" in page.get_data(as_text=True)
    response = report(client, world.job)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/stellen/{world.job}/melden/danke")
    assert "Vielen Dank" in client.get(response.headers["Location"]).get_data(as_text=True)
    (row,) = reports_of(app, world.job)
    assert (row.reason, row.status) == ("fraud", "open")
    assert "203.0.113.7" not in row.reporter_hash
    assert "reported" in audit_actions(app, "job", world.job)
    subject, body = mails_to(app, email_of(app, world.kamenz))[-1]
    assert "Neue Meldung" in subject and "Vorkasse" in body
    assert mails_to(app, email_of(app, world.radeberg)) == []


def test_report_lands_only_in_the_queue_of_the_listings_promoters(client, app, world):
    report(client, world.job, text="Unseriös wirkendes Angebot XYZ")
    login_as(client, app, world.kamenz)
    assert "Unseriös wirkendes Angebot XYZ" in client.get("/moderation/").get_data(as_text=True)
    login_as(client, app, world.radeberg)
    page = client.get("/moderation/").get_data(as_text=True)
    assert "Unseriös wirkendes Angebot XYZ" not in page
    assert "Keine offenen Meldungen." in page


def test_only_public_listings_can_be_reported(client, factory, world):
    pending = factory.job(state="pending")
    assert client.get(f"/stellen/{pending}/melden").status_code == 404
    assert report(client, pending).status_code == 404
    assert client.get("/stellen/999999/melden").status_code == 404


def test_honeypot_pretends_success_but_stores_nothing(client, app, world):
    response = report(client, world.job, website="http://spam.example")
    assert response.status_code == 302
    assert reports_of(app, world.job) == []
    assert mails_to(app, email_of(app, world.kamenz)) == []


def test_reports_are_rate_limited_per_ip(client, app, world):
    for _ in range(REPORT_LIMIT):
        assert report(client, world.job).status_code == 302
    response = report(client, world.job)
    assert response.status_code == 429
    assert "zu viele Meldungen" in response.get_data(as_text=True)
    assert len(reports_of(app, world.job)) == REPORT_LIMIT
    assert report(client, world.job, ip="198.51.100.1").status_code == 302


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"reason": ""}, "Bitte wählen Sie einen Grund."),
        ({"reason": "not-a-reason"}, "Bitte wählen Sie einen Eintrag aus der Liste."),
        ({"text": "x" * 2001}, "Bitte höchstens 2000 Zeichen eingeben."),
    ],
)
def test_bad_report_input_rerenders_the_form(client, app, world, fields, message):
    response = report(client, world.job, **fields)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert reports_of(app, world.job) == []


def test_promoter_closes_a_report_without_unpublishing(client, app, world):
    report(client, world.job)
    (row,) = reports_of(app, world.job)
    login_as(client, app, world.kamenz)
    response = client.post(
        f"/moderation/meldungen/{row.id}/schliessen",
        data={f"report{row.id}-resolution": "Rücksprache gehalten, alles in Ordnung."},
        follow_redirects=True,
    )
    assert "Die Meldung wurde geschlossen." in response.get_data(as_text=True)
    (row,) = reports_of(app, world.job)
    assert row.status == "closed" and row.handled_by_id == world.kamenz
    assert job_row(app, world.job).state == "published"
    assert "Keine offenen Meldungen." in client.get("/moderation/").get_data(as_text=True)
    response = client.post(f"/moderation/meldungen/{row.id}/schliessen", follow_redirects=True)
    assert "bereits geschlossen" in response.get_data(as_text=True)


def test_promoter_closes_a_report_and_unpublishes(client, app, world):
    report(client, world.job)
    (row,) = reports_of(app, world.job)
    prefix = f"report{row.id}"
    login_as(client, app, world.kamenz)
    response = client.post(
        f"/moderation/meldungen/{row.id}/schliessen", data={f"{prefix}-unpublish": "y"}
    )
    assert response.status_code == 400
    assert "Bitte begründen Sie die Rücknahme" in response.get_data(as_text=True)
    client.post(
        f"/moderation/meldungen/{row.id}/schliessen",
        data={f"{prefix}-unpublish": "y", f"{prefix}-unpublish_reason": "Vorkasse-Betrug"},
    )
    assert job_row(app, world.job).state == "withdrawn"
    assert reports_of(app, world.job)[0].status == "closed"
    assert audit_actions(app, "job", world.job)[-2:] == ["unpublish", "report_closed"]
    assert client.get(f"/stellen/{world.job}/melden").status_code == 404


def test_other_municipality_promoter_cannot_close_the_report(client, app, world):
    report(client, world.job)
    (row,) = reports_of(app, world.job)
    login_as(client, app, world.radeberg)
    assert client.post(f"/moderation/meldungen/{row.id}/schliessen").status_code == 404
    assert reports_of(app, world.job)[0].status == "open"


def test_report_form_works_with_csrf_on(tmp_path, db_template):
    import re

    from jobportal.core.extensions import db
    from tests.conftest import Factory, make_app

    app = make_app(tmp_path, db_template, WTF_CSRF_ENABLED=True)
    try:
        job = Factory(app).job()
        client = app.test_client()
        assert report(client, job).status_code == 400
        page = client.get(f"/stellen/{job}/melden").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        assert report(client, job, csrf_token=token).status_code == 302
        assert len(reports_of(app, job)) == 1
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
