"""E-mail alerts against a real SMTP server (aiosmtpd): double opt-in and consent,
management, clean-up, the admin's view of failed mails."""

import re
import time
from datetime import timedelta

import itsdangerous
from sqlalchemy import select

from jobportal import alerts
from jobportal.core.extensions import db
from jobportal.models import ConsentRecord, OutboxMail, SavedSearch
from jobportal.models.base import utcnow
from tests.conftest import Factory
from tests.support.alerts import (
    PFLEGE,
    active_alert,
    backdate,
    deliver,
    digest_titles,
    digests,
    link_in,
    make_job,
    received,
    run,
    save_as_visitor,
)

pytest_plugins = ["tests.support.alerts_fixtures"]  # smtp, mapp, mclient


# --- double opt-in ---------------------------------------------------------------------------


def test_no_alert_mail_before_confirmation_then_confirm(mapp, mclient, smtp):
    page = mclient.get("/jobs?q=Pflege&where=Hoyerswerda&radius_km=25").get_data(as_text=True)
    assert "Suche speichern" in page
    form = mclient.get("/suchauftrag/neu?q=Pflege&where=Hoyerswerda&radius_km=25")
    assert "Ja, ich möchte neue Stellenangebote" in form.get_data(as_text=True)
    response = save_as_visitor(mclient)
    assert response.status_code == 302
    assert "bestätigen" in mclient.get(response.location).get_data(as_text=True)
    make_job(mapp)
    stats = run(mapp)
    assert stats.checked == 0 and stats.mails == 0
    deliver(mapp)
    [confirm_mail] = received(smtp)
    assert confirm_mail["Subject"] == "Bitte bestätigen Sie Ihren Suchauftrag"

    path = link_in(confirm_mail, "/bestaetigen/")
    assert "Ja, Suchauftrag aktivieren" in mclient.get(path).get_data(as_text=True)
    with mapp.app_context():
        assert db.session.execute(select(SavedSearch)).scalar_one().status == "pending_confirmation"
    assert "ist aktiv" in mclient.post(path).get_data(as_text=True)
    with mapp.app_context():
        assert db.session.execute(select(SavedSearch)).scalar_one().status == "active"


def test_consent_record_is_proof_without_clear_ip(mapp, mclient, smtp):
    save_as_visitor(mclient)
    deliver(mapp)
    path = link_in(received(smtp)[0], "/bestaetigen/")
    mclient.post(path, environ_base={"REMOTE_ADDR": "203.0.113.77"})
    with mapp.app_context():
        record = db.session.execute(select(ConsentRecord)).scalar_one()
        assert record.email == "erika@example.org"
        assert record.requested_at <= record.confirmed_at
        assert "Ja, ich möchte neue Stellenangebote" in record.consent_text
        assert record.params == {"q": "Pflege", "where": "Hoyerswerda", "radius_km": 25}
        assert len(record.ip_hash) == 64 and len(record.confirm_ip_hash) == 64
        stored = " ".join(str(getattr(record, c.key)) for c in ConsentRecord.__table__.columns)
        assert "127.0.0.1" not in stored and "203.0.113.77" not in stored


def test_expired_token_is_refused_with_a_clear_page(mapp, mclient, monkeypatch):
    with mapp.app_context():
        alert = alerts.create_alert(PFLEGE, "", "daily", email="erika@example.org")
        db.session.commit()
        old = int(time.time()) - 49 * 3600
        monkeypatch.setattr(itsdangerous.timed.TimestampSigner, "get_timestamp", lambda s: old)
        token = alerts.token_for(alert, "confirm")
        monkeypatch.undo()
    for response in (
        mclient.get(f"/suchauftrag/bestaetigen/{token}"),
        mclient.post(f"/suchauftrag/bestaetigen/{token}"),
    ):
        assert response.status_code == 400
        assert "Dieser Link ist abgelaufen" in response.get_data(as_text=True)
    with mapp.app_context():
        assert db.session.get(SavedSearch, alert.id).status == "pending_confirmation"


def test_reused_or_forged_token_is_refused(mapp, mclient):
    with mapp.app_context():
        alert = alerts.create_alert(PFLEGE, "", "daily", email="erika@example.org")
        db.session.commit()
        token = alerts.token_for(alert, "confirm")
    assert mclient.post(f"/suchauftrag/bestaetigen/{token}").status_code == 200
    again = mclient.post(f"/suchauftrag/bestaetigen/{token}")
    assert again.status_code == 400
    assert "bereits verwendet" in again.get_data(as_text=True)
    forged = mclient.get(f"/suchauftrag/bestaetigen/{token[:-3]}xyz")
    assert forged.status_code == 400 and "ungültig" in forged.get_data(as_text=True)


def test_verified_account_alert_is_active_at_once(mapp, mclient):
    from tests.conftest import login_as

    user_id = Factory(mapp).user(email="konto@example.org")
    login_as(mclient, mapp, user_id)
    response = mclient.post(
        "/suchauftrag/neu", data={"params": "q=Elektriker", "frequency": "weekly", "name": "Strom"}
    )
    assert response.status_code == 302
    page = mclient.get("/suchauftraege").get_data(as_text=True)
    assert "Strom" in page and "wöchentlich" in page and "aktiv" in page
    with mapp.app_context():
        assert db.session.execute(select(OutboxMail)).first() is None
        record = db.session.execute(select(ConsentRecord)).scalar_one()
        assert record.email == "konto@example.org" and record.confirmed_at is not None


def test_unknown_place_or_missing_consent_is_a_form_error(mapp, mclient):
    bad = save_as_visitor(mclient, query="q=Pflege&where=Nirgendwohausen")
    assert bad.status_code == 400 and "Ort kennen wir nicht" in bad.get_data(as_text=True)
    response = mclient.post(
        "/suchauftrag/neu", data={"params": "q=Pflege", "frequency": "daily", "email": "a@b.de"}
    )
    assert response.status_code == 400
    assert "Bitte bestätigen Sie" in response.get_data(as_text=True)


# --- management and clean-up -----------------------------------------------------------------


def test_manage_by_link_edit_pause_resume_delete(mapp, mclient):
    first = active_alert(mapp)
    second = active_alert(mapp, q="Koch")
    with mapp.app_context():
        token = alerts.token_for(db.session.get(SavedSearch, first), "manage")
    page = mclient.get(f"/suchauftraege/verwalten/{token}").get_data(as_text=True)
    assert "Pflege in Hoyerswerda, 25 km" in page and "Koch" in page
    response = mclient.post(
        f"/suchauftraege/{first}/bearbeiten?t={token}",
        data={
            "name": "Pflege Lausitz",
            "frequency": "weekly",
            "q": "Altenpflege",
            "where": "Kamenz",
            "radius_km": "50",
        },
    )
    assert response.status_code == 302
    mclient.post(f"/suchauftraege/{second}/pausieren?t={token}")
    with mapp.app_context():
        edited = db.session.get(SavedSearch, first)
        assert (edited.name, edited.frequency) == ("Pflege Lausitz", "weekly")
        assert edited.params == {"q": "Altenpflege", "where": "Kamenz", "radius_km": 50}
        assert db.session.get(SavedSearch, second).status == "paused"
    assert run(mapp).checked == 0  # weekly one not due, daily one paused
    mclient.post(f"/suchauftraege/{second}/fortsetzen?t={token}")
    mclient.post(f"/suchauftraege/{second}/loeschen?t={token}")
    with mapp.app_context():
        assert db.session.get(SavedSearch, second) is None
    assert mclient.get(f"/suchauftraege/{second}/bearbeiten?t={token}").status_code == 404
    assert mclient.get(f"/suchauftraege/{first}/bearbeiten").status_code == 404


def test_cleanup_unconfirmed_and_12_month_still_wanted(mapp, smtp):
    with mapp.app_context():
        alerts.create_alert(PFLEGE, "", "daily", email="vergessen@example.org")
        db.session.commit()
    keep_id = active_alert(mapp, email="keep@example.org")
    drop_id = active_alert(mapp, email="drop@example.org")
    deliver(mapp)
    smtp.handler.messages.clear()
    with mapp.app_context():
        assert alerts.cleanup(utcnow() + timedelta(days=6))["unconfirmed_deleted"] == 0
        year = utcnow() + timedelta(days=366)
        result = alerts.cleanup(year)
        db.session.commit()
        assert result == {"unconfirmed_deleted": 1, "asked": 2, "deleted": 0}
        emails = db.session.execute(select(ConsentRecord.email)).scalars().all()
        assert "vergessen@example.org" not in emails and len(emails) == 2
    deliver(mapp)
    keep_mail = received(smtp, "keep@example.org")[0]
    assert "behalten" in keep_mail["Subject"] and keep_mail["List-Unsubscribe"]
    assert len(received(smtp, "drop@example.org")) == 1
    client = mapp.test_client()
    client.post(link_in(keep_mail, "/behalten/"))
    with mapp.app_context():
        assert alerts.cleanup(year + timedelta(days=10))["deleted"] == 0
        result = alerts.cleanup(year + timedelta(days=31))
        db.session.commit()
        assert result["deleted"] == 1 and result["asked"] == 0
        assert db.session.get(SavedSearch, drop_id) is None
        assert db.session.get(SavedSearch, keep_id).status == "active"
        revoked = db.session.execute(
            select(ConsentRecord).filter_by(email="drop@example.org")
        ).scalar_one()
        assert revoked.revoked_at is not None and revoked.alert_id is None


def test_cli_send_and_cleanup_print_a_summary(mapp, smtp):
    active_alert(mapp)
    backdate(mapp, 1)
    make_job(mapp)
    runner = mapp.test_cli_runner()
    result = runner.invoke(args=["alerts", "send", "--frequency", "daily", "--deliver"])
    assert result.exit_code == 0, result.output
    assert "1 Suchaufträge geprüft" in result.output and "1 Mails eingereiht" in result.output
    assert "Versand: 2 gesendet" in result.output  # confirmation and digest
    assert digest_titles(digests(smtp, "erika@example.org")[-1]) == ["Pflegefachkraft (m/w/d)"]
    result = runner.invoke(args=["alerts", "cleanup"])
    assert result.exit_code == 0 and "unbestätigte gelöscht" in result.output


def test_matches_page_offers_saving_the_profile_search(app, client, factory):
    from tests.conftest import login_as
    from tests.support.returnees import make_profile

    user_id = factory.user(email="rueck@example.org")
    make_profile(app, user_id, homes=("Kamenz",), commute=30, work="Pflege, Altenpflege")
    login_as(client, app, user_id)
    page = client.get("/rueckkehr/passende-stellen").get_data(as_text=True)
    url = re.search(r'href="(/suchauftrag/neu\?[^"]+)"', page).group(1).replace("&amp;", "&")
    assert "q=Pflege+OR+Altenpflege" in url and "radius_km=50" in url
    form = client.get(url).get_data(as_text=True)
    assert "Pflege OR Altenpflege" in form and "Umkreis 50 km" in form
    response = client.post(
        "/suchauftrag/neu", data={"params": url.split("?", 1)[1], "frequency": "weekly"}
    )
    assert response.status_code == 302
    with app.app_context():
        alert = db.session.execute(select(SavedSearch)).scalar_one()
        assert alert.status == "active" and alert.params["q"] == "Pflege OR Altenpflege"
        assert alert.params["where"].endswith("Kamenz") and alert.params["radius_km"] == 50


def test_permanent_failures_are_shown_to_the_admin(mapp, mclient, smtp):
    from tests.conftest import login_as

    save_as_visitor(mclient, email="niemand@abgelehnt.example")
    assert deliver(mapp)["failed"] == 1
    factory = Factory(mapp)
    login_as(mclient, mapp, factory.user(role="jobseeker"))
    assert mclient.get("/admin/mails").status_code == 403
    login_as(mclient, mapp, factory.user(role="admin"))
    page = mclient.get("/admin/mails").get_data(as_text=True)
    assert "niemand@abgelehnt.example" in page and "550" in page
    assert "Fehlgeschlagen: 1" in page


def test_line_break_in_alert_name_never_reaches_a_header(mapp, smtp):
    """Finding 5: an alert name with CR/LF gives one clean subject line, no injected header."""
    with mapp.app_context():
        alert = alerts.create_alert(
            PFLEGE, "Pflege\r\nBcc: opfer@example.org", "daily", email="e@x.org"
        )
        alerts.confirm(alerts.token_for(alert, "confirm"))
        db.session.commit()
        assert alert.name == "Pflege Bcc: opfer@example.org"
    make_job(mapp)
    assert run(mapp).mails == 1
    assert deliver(mapp) == {"sent": 2, "retry": 0, "failed": 0}
    [digest] = digests(smtp, "e@x.org")
    assert digest["Subject"] == "1 neue Stelle zu „Pflege Bcc: opfer@example.org“"
    assert digest["Bcc"] is None and not received(smtp, "opfer@example.org")


def test_a_mail_that_cannot_be_built_fails_once_and_the_admin_sees_it(mapp, mclient, smtp):
    """Finding 5: an unbuildable row (queued before the fix) fails at once, not eight times."""
    from tests.conftest import login_as

    with mapp.app_context():
        db.session.add(
            OutboxMail(recipient="e@x.org", subject="Alt\nBcc: a@b.c", body_text="x", headers={})
        )
        db.session.commit()
    assert deliver(mapp) == {"sent": 0, "retry": 0, "failed": 1}
    assert deliver(mapp, now=utcnow() + timedelta(days=1)) == {"sent": 0, "retry": 0, "failed": 0}
    with mapp.app_context():
        mail = db.session.execute(select(OutboxMail)).scalar_one()
        assert mail.status == "failed" and mail.attempts == 1
        assert "Mail kann nicht erstellt werden" in mail.last_error
    login_as(mclient, mapp, Factory(mapp).user(role="admin"))
    page = mclient.get("/admin/mails").get_data(as_text=True)
    assert "e@x.org" in page and "Mail kann nicht erstellt werden" in page
