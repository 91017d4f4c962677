"""Moderation by business promoters: access, scoping, queue, listing and company actions."""

from types import SimpleNamespace

import pytest

from jobportal.core.extensions import db
from jobportal.models import Job
from tests.conftest import login_as
from tests.support.moderation import (
    audit_actions,
    company_row,
    email_of,
    job_row,
    mails_to,
    search_feed,
)


@pytest.fixture
def world(factory):
    """Promoters of Kamenz and Radeberg, an admin, and a pending listing in each town."""
    kamenz_company = factory.company(name="Kamenzer Metallbau GmbH", member="kamenz")
    radeberg_company = factory.company(name="Radeberger Brauhaus AG", member="radeberg")
    employer = factory.user(role="employer", company_id=kamenz_company, name="Eva Employer")
    return SimpleNamespace(
        kamenz=factory.user(role="promoter", members=["kamenz"], name="Karl Kamenz"),
        radeberg=factory.user(role="promoter", members=["radeberg"], name="Rita Radeberg"),
        admin=factory.user(role="admin", name="Anna Admin"),
        employer=employer,
        kamenz_company=kamenz_company,
        radeberg_company=radeberg_company,
        kamenz_job=factory.job(company_id=kamenz_company, state="pending", title="Schweißer"),
        radeberg_job=factory.job(company_id=radeberg_company, state="pending", title="Brauer"),
    )


# --- access -------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/moderation/", "/moderation/unternehmen/", "/moderation/import"])
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/anmelden" in response.headers["Location"]


@pytest.mark.parametrize("role", ["employer", "jobseeker"])
def test_employers_and_jobseekers_are_refused(client, app, factory, world, role):
    user = world.employer if role == "employer" else factory.user(role="jobseeker")
    login_as(client, app, user)
    assert client.get("/moderation/").status_code == 403
    assert client.get(f"/moderation/stellen/{world.kamenz_job}").status_code == 403
    response = client.post(f"/moderation/stellen/{world.kamenz_job}/freigeben")
    assert response.status_code == 403
    assert job_row(app, world.kamenz_job).state == "pending"


# --- queue --------------------------------------------------------------------------------


def test_queue_shows_only_the_promoters_municipalities(client, app, world):
    login_as(client, app, world.kamenz)
    page = client.get("/moderation/").get_data(as_text=True)
    assert "Schweißer" in page
    assert "Brauer" not in page

    login_as(client, app, world.radeberg)
    page = client.get("/moderation/").get_data(as_text=True)
    assert "Brauer" in page
    assert "Schweißer" not in page


def test_admin_sees_every_municipality(client, app, world):
    login_as(client, app, world.admin)
    page = client.get("/moderation/").get_data(as_text=True)
    assert "Schweißer" in page and "Brauer" in page


def test_queue_is_oldest_first(client, app, factory, world):
    newer = factory.job(company_id=world.kamenz_company, state="pending", title="Zerspaner")
    with app.app_context():
        from datetime import UTC, datetime, timedelta

        db.session.get(Job, world.kamenz_job).submitted_at = datetime.now(UTC) - timedelta(days=3)
        db.session.get(Job, newer).submitted_at = datetime.now(UTC) - timedelta(days=1)
        db.session.commit()
    login_as(client, app, world.kamenz)
    page = client.get("/moderation/").get_data(as_text=True)
    assert page.index("Schweißer") < page.index("Zerspaner")


def test_queue_shows_the_diff_since_the_last_approval(client, app, factory, world):
    from jobportal import listings

    job_id = factory.job(company_id=world.kamenz_company, title="Elektriker (m/w/d)")
    with app.app_context():
        job = db.session.get(Job, job_id)
        job.approved_snapshot = listings.snapshot(job)
        job.pending_changes = {"title": "Elektroniker für Betriebstechnik"}
        db.session.commit()
    login_as(client, app, world.kamenz)
    page = client.get("/moderation/").get_data(as_text=True)
    assert "Änderungen seit der letzten Freigabe" in page
    assert "Elektroniker für Betriebstechnik" in page
    review = client.get(f"/moderation/stellen/{job_id}").get_data(as_text=True)
    assert "Elektriker (m/w/d)" in review and "Elektroniker für Betriebstechnik" in review


def test_queue_lists_unverified_companies_in_scope(client, app, factory, world):
    factory.company(name="Neue Firma Kamenz", member="kamenz", verified=False)
    factory.company(name="Neue Firma Radeberg", member="radeberg", verified=False)
    login_as(client, app, world.kamenz)
    page = client.get("/moderation/").get_data(as_text=True)
    assert "Neue Firma Kamenz" in page
    assert "Neue Firma Radeberg" not in page


# --- scoping: another municipality's objects are 404 ----------------------------------------


def test_promoter_cannot_see_or_act_on_other_municipality_listing(client, app, world):
    login_as(client, app, world.kamenz)
    job = world.radeberg_job
    assert client.get(f"/moderation/stellen/{job}").status_code == 404
    assert client.get(f"/moderation/stellen/{job}/verlauf").status_code == 404
    posts = {
        "freigeben": {},
        "ablehnen": {"reject-reason": "incomplete"},
        "zuruecknehmen": {"unpublish-reason": "Test"},
        "notizen": {"note-text": "geheim"},
    }
    for action, data in posts.items():
        assert client.post(f"/moderation/stellen/{job}/{action}", data=data).status_code == 404
    assert job_row(app, job).state == "pending"
    assert audit_actions(app, "job", job) == []


def test_promoter_cannot_see_or_act_on_other_municipality_company(client, app, world):
    login_as(client, app, world.kamenz)
    company = world.radeberg_company
    assert client.get(f"/moderation/unternehmen/{company}").status_code == 404
    assert client.get(f"/moderation/unternehmen/{company}/verlauf").status_code == 404
    for action, data in {
        "verifizieren": {},
        "sperren": {"ban-reason": "Test"},
        "entsperren": {},
        "notizen": {"note-text": "geheim"},
    }.items():
        response = client.post(f"/moderation/unternehmen/{company}/{action}", data=data)
        assert response.status_code == 404
    assert company_row(app, company).banned_at is None
    page = client.get("/moderation/unternehmen/").get_data(as_text=True)
    assert "Kamenzer Metallbau" in page and "Radeberger Brauhaus" not in page


def test_unknown_ids_are_404(client, app, world):
    login_as(client, app, world.admin)
    assert client.get("/moderation/stellen/999999").status_code == 404
    assert client.get("/moderation/unternehmen/999999").status_code == 404
    assert client.post("/moderation/meldungen/999999/schliessen").status_code == 404


# --- listing actions ------------------------------------------------------------------------


def test_approve_publishes_and_mails_the_employer(client, app, world):
    login_as(client, app, world.kamenz)
    response = client.post(
        f"/moderation/stellen/{world.kamenz_job}/freigeben", follow_redirects=True
    )
    assert "Die Anzeige wurde freigegeben." in response.get_data(as_text=True)
    assert job_row(app, world.kamenz_job).state == "published"
    assert "approve" in audit_actions(app, "job", world.kamenz_job)
    assert mails_to(app, email_of(app, world.employer))


def test_reject_combines_reason_and_text_in_the_mail(client, app, world):
    login_as(client, app, world.kamenz)
    response = client.post(
        f"/moderation/stellen/{world.kamenz_job}/ablehnen",
        data={"reject-reason": "discrimination", "reject-text": "Bitte „(m/w/d)“ ergänzen."},
        follow_redirects=True,
    )
    assert "abgelehnt" in response.get_data(as_text=True)
    job = job_row(app, world.kamenz_job)
    assert job.state == "rejected"
    assert job.rejection_reason == "Diskriminierende Formulierung (AGG): Bitte „(m/w/d)“ ergänzen."
    bodies = " ".join(body for _s, body in mails_to(app, email_of(app, world.employer)))
    assert "Diskriminierende Formulierung (AGG)" in bodies
    assert "(m/w/d)“ ergänzen" in bodies


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Bitte wählen Sie einen Grund."),
        ({"reject-reason": "nonsense"}, "Bitte wählen Sie einen Eintrag aus der Liste."),
        ({"reject-reason": "other"}, "Bitte erläutern Sie den Grund „Sonstiges“."),
        ({"reject-reason": "incomplete", "reject-text": "x" * 2001}, "höchstens 2000 Zeichen"),
    ],
)
def test_reject_bad_input_rerenders_the_form(client, app, world, data, message):
    login_as(client, app, world.kamenz)
    response = client.post(f"/moderation/stellen/{world.kamenz_job}/ablehnen", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert job_row(app, world.kamenz_job).state == "pending"


def test_unpublish_takes_a_listing_offline_with_a_reason(client, app, factory, world):
    job = factory.job(company_id=world.kamenz_company, state="published", title="Maurer")
    login_as(client, app, world.kamenz)
    response = client.post(f"/moderation/stellen/{job}/zuruecknehmen", data={})
    assert response.status_code == 400
    assert "Bitte geben Sie eine Begründung an." in response.get_data(as_text=True)
    response = client.post(
        f"/moderation/stellen/{job}/zuruecknehmen",
        data={"unpublish-reason": "Die Stelle ist laut Firma besetzt."},
        follow_redirects=True,
    )
    assert "zurückgenommen" in response.get_data(as_text=True)
    assert job_row(app, job).state == "withdrawn"
    bodies = " ".join(body for _s, body in mails_to(app, email_of(app, world.employer)))
    assert "laut Firma besetzt" in bodies


def test_unpublishing_a_pending_listing_is_refused_with_a_message(client, app, world):
    login_as(client, app, world.kamenz)
    response = client.post(
        f"/moderation/stellen/{world.kamenz_job}/zuruecknehmen",
        data={"unpublish-reason": "Test"},
        follow_redirects=True,
    )
    assert "nicht möglich" in response.get_data(as_text=True)
    assert job_row(app, world.kamenz_job).state == "pending"


def test_listing_audit_log_page(client, app, world):
    login_as(client, app, world.kamenz)
    client.post(
        f"/moderation/stellen/{world.kamenz_job}/ablehnen", data={"reject-reason": "duplicate"}
    )
    page = client.get(f"/moderation/stellen/{world.kamenz_job}/verlauf").get_data(as_text=True)
    assert "Abgelehnt" in page and "Doppelte Anzeige" in page and "Karl Kamenz" in page


# --- notes ----------------------------------------------------------------------------------


def test_notes_are_shown_to_promoters_only(client, app, world):
    note = "Firma hat telefonisch bestätigt"
    login_as(client, app, world.kamenz)
    client.post(f"/moderation/stellen/{world.kamenz_job}/notizen", data={"note-text": note})
    assert note in client.get(f"/moderation/stellen/{world.kamenz_job}").get_data(as_text=True)
    client.post(
        f"/moderation/stellen/{world.kamenz_job}/ablehnen", data={"reject-reason": "incomplete"}
    )

    login_as(client, app, world.employer)
    assert client.get(f"/moderation/stellen/{world.kamenz_job}").status_code == 403
    for url in (
        "/arbeitgeber/",
        f"/arbeitgeber/stellen/{world.kamenz_job}",
        f"/stellen/{world.kamenz_job}",
    ):
        assert note not in client.get(url).get_data(as_text=True)
    assert all(note not in body for _s, body in mails_to(app, email_of(app, world.employer)))


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Bitte geben Sie einen Text ein."), ("x" * 5001, "höchstens 5000 Zeichen")],
)
def test_bad_notes_are_refused(client, app, world, text, message):
    login_as(client, app, world.kamenz)
    for url in (
        f"/moderation/stellen/{world.kamenz_job}/notizen",
        f"/moderation/unternehmen/{world.kamenz_company}/notizen",
    ):
        response = client.post(url, data={"note-text": text})
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)


# --- companies ------------------------------------------------------------------------------


def test_verify_company_writes_audit_and_mails(client, app, factory, world):
    company = factory.company(name="Neue Firma Kamenz", member="kamenz", verified=False)
    user = factory.user(role="employer", company_id=company)
    login_as(client, app, world.kamenz)
    response = client.post(f"/moderation/unternehmen/{company}/verifizieren", follow_redirects=True)
    assert "Das Unternehmen wurde verifiziert." in response.get_data(as_text=True)
    assert company_row(app, company).verified_at is not None
    assert audit_actions(app, "company", company) == ["verify"]
    assert mails_to(app, email_of(app, user))[0][0] == "Ihr Unternehmen wurde verifiziert"
    response = client.post(f"/moderation/unternehmen/{company}/verifizieren", follow_redirects=True)
    assert "bereits verifiziert" in response.get_data(as_text=True)


def test_ban_hides_all_listings_and_unban_restores_them(client, app, factory, world):
    from jobportal import listings

    job = factory.job(company_id=world.kamenz_company, state="published")
    login_as(client, app, world.kamenz)
    response = client.post(f"/moderation/unternehmen/{world.kamenz_company}/sperren", data={})
    assert response.status_code == 400
    response = client.post(
        f"/moderation/unternehmen/{world.kamenz_company}/sperren",
        data={"ban-reason": "Wiederholt unseriöse Angebote"},
        follow_redirects=True,
    )
    assert "gesperrt" in response.get_data(as_text=True)
    client.get("/")  # a fresh request: the public sees nothing of the banned company
    assert client.get(f"/stellen/{job}").status_code == 404
    assert client.get(f"/stellen/{job}/melden").status_code == 404
    with app.app_context():
        assert not listings.is_public(db.session.get(Job, job))
    assert "unseriöse Angebote" in mails_to(app, email_of(app, world.employer))[-1][1]

    client.post(f"/moderation/unternehmen/{world.kamenz_company}/entsperren", data={})
    assert company_row(app, world.kamenz_company).banned_at is None
    assert client.get(f"/stellen/{job}/melden").status_code == 200
    assert audit_actions(app, "company", world.kamenz_company) == ["ban", "unban"]
    assert search_feed(app, "company") == [world.kamenz_company] * 2
    page = client.get(f"/moderation/unternehmen/{world.kamenz_company}/verlauf").get_data(
        as_text=True
    )
    assert "Wiederholt unseriöse Angebote" in page and "Sperre aufgehoben" in page


def test_company_forms_refuse_overlong_reasons(client, app, world):
    login_as(client, app, world.kamenz)
    url = f"/moderation/unternehmen/{world.kamenz_company}"
    response = client.post(f"{url}/sperren", data={"ban-reason": "x" * 2001})
    assert response.status_code == 400
    assert "höchstens 2000 Zeichen" in response.get_data(as_text=True)
    assert company_row(app, world.kamenz_company).banned_at is None

    client.post(f"{url}/sperren", data={"ban-reason": "Test"})
    response = client.post(f"{url}/entsperren", data={"unban-reason": "x" * 2001})
    assert response.status_code == 400
    assert "höchstens 2000 Zeichen" in response.get_data(as_text=True)
    assert company_row(app, world.kamenz_company).banned_at is not None
