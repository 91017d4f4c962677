"""Drift of the BA's interface is loud: the run fails with a message naming endpoint, keys
seen and what was expected, the admin page shows it, admins get one mail a day; and
`flask import ba --probe` shows the shape of one small answer without writing."""

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from jobportal.core.extensions import db
from tests.conftest import login_as
from tests.support import ba as ba_support
from tests.support.ba import ba_jobs, count, run

app = ba_support.app  # the app talking to the fake BA server
fake_ba = ba_support.fake_ba


def _mails(app) -> list:
    from jobportal.models import OutboxMail

    with app.app_context():
        rows = db.session.execute(select(OutboxMail).order_by(OutboxMail.id)).scalars()
        return [(m.recipient, m.subject, m.body_text) for m in rows]


def _drift_run(app, today):
    from jobportal.ba import run_import

    with app.app_context():
        record = run_import(today=today)
        return record.status, record.drift, record.drift_mailed_on


@pytest.mark.parametrize(
    ("setup", "parts"),
    [
        (  # the retired v4 search (config never updated): 404
            {"BA_SEARCH_PATH": "/pc/v4/jobs"},
            ["/pc/v4/jobs: HTTP 404", "Erwartet: HTTP 200 mit JSON-Objekt mit maxErgebnisse"],
        ),
        (  # results under a list key we do not know
            {"body": {"maxErgebnisse": 3, "treffer": [{"id": 1}]}},
            ["/pc/v6/jobs: maxErgebnisse = 3, aber keine Ergebnisliste", "treffer"],
        ),
        (  # a list of records none of which maps
            {"body": {"maxErgebnisse": 3, "ergebnisliste": [{"id": n, "job": "x"} for n in "abc"]}},
            ["keiner der 3 Einträge", "Schlüssel eines Eintrags: id, job", "referenznummer"],
        ),
    ],
    ids=["search-404", "unknown-list-key", "nothing-maps"],
)
def test_drift_fails_the_run_with_a_message_and_mails_admins_once_a_day(
    app, fake_ba, factory, setup, parts
):
    from jobportal.models import BaListing

    admins = [factory.user(role="admin", email=f"admin{n}@netz.example") for n in (1, 2)]
    factory.user(role="promoter", email="wf@netz.example", members=("kamenz",))
    app.config.update({k: v for k, v in setup.items() if k != "body"})
    if "body" in setup:
        fake_ba.force("jobs", body=json.dumps(setup["body"]), times=10)
    today = date(2026, 11, 23)
    status, drift, mailed = _drift_run(app, today)
    assert status == "failed" and mailed == today
    assert drift.startswith("Schnittstelle der BA geändert?")
    for part in parts:
        assert part in drift
    mails = _mails(app)
    assert sorted(m[0] for m in mails) == ["admin1@netz.example", "admin2@netz.example"]
    for _recipient, subject, body in mails:
        assert "Schnittstelle der Bundesagentur hat sich geändert" in subject
        assert "Endpunkt: /pc/" in body and parts[-1] in body and "/admin/ba-import" in body
    _drift_run(app, today)  # same day, still broken: no second mail
    assert len(_mails(app)) == len(admins)
    _drift_run(app, today + timedelta(days=1))  # the next day: reminded once more
    assert len(_mails(app)) == 2 * len(admins)
    assert count(app, BaListing) == 0


def test_drift_shows_on_the_admin_page_until_a_run_succeeds(app, fake_ba, factory, client):
    admin = factory.user(role="admin")
    run(app, BA_SEARCH_PATH="/pc/v4/jobs")
    login_as(client, app, admin)
    html = client.get("/admin/ba-import").get_data(as_text=True)
    assert 'id="ba-drift"' in html and "Schnittstelle der BA hat sich geändert" in html
    assert "/pc/v4/jobs: HTTP 404" in html
    assert run(app, BA_SEARCH_PATH="/pc/v6/jobs")["status"] == "succeeded"
    assert 'id="ba-drift"' not in client.get("/admin/ba-import").get_data(as_text=True)


def test_ordinary_failures_are_not_drift(app, fake_ba, factory):
    factory.user(role="admin")
    fake_ba.force("jobs", status=503, body="{}", times=5)
    result = run(app)
    assert result["status"] == "failed" and "HTTP 503" in result["errors"]
    assert _mails(app) == []


def test_no_match_answer_without_a_list_is_no_drift(app, fake_ba):
    fake_ba.offers = []  # v6 answers {"maxErgebnisse": 0, ...} without ergebnisliste
    result = run(app)
    assert result["status"] == "succeeded" and result["new"] == 0


def test_details_that_never_answer_are_drift(app, fake_ba):
    fake_ba.details_status = {"v6": 403, "v4": 404}  # details retired like the v4 search
    for n in range(4, 7):
        fake_ba.add_offer(f"10001-100000000{n}-S")
    result = run(app)
    assert (
        result["status"] == "failed" and "Details: 5 Abrufe, alle mit HTTP 404" in result["errors"]
    )
    fake_ba.details_status = {"v6": 403, "v4": 403}
    result = run(app)
    assert result["status"] == "failed"
    assert "Details: kein Pfad antwortet" in result["errors"] and "HTTP 403" in result["errors"]


def test_probe_prints_the_shape_and_what_it_would_import(app, fake_ba, runner):
    from jobportal.models import BaImportRun, Job

    result = runner.invoke(args=["import", "ba", "--probe"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "GET " in out and "/pc/v6/jobs?" in out and "size=5" in out
    assert "Liste: „ergebnisliste“ (v6-Form), 3 Einträge" in out
    assert "Schlüssel des ersten Eintrags:" in out and "referenznummer" in out
    assert "[neu] 10001-1000000001-S" in out and "01917 Kamenz" in out
    assert "[außerhalb] 10001-1000000003-S" in out
    assert "neu: 2, außerhalb: 1" in out
    assert len(fake_ba.searches()) == 1 and fake_ba.detail_requests(None) == []
    assert count(app, Job) == 0 and count(app, BaImportRun) == 0
    run(app)
    out = runner.invoke(args=["import", "ba", "--probe"]).output
    assert "unverändert: 2, außerhalb: 1" in out and len(ba_jobs(app)) == 2


def test_probe_of_a_drifted_interface_fails(app, fake_ba, runner):
    app.config["BA_SEARCH_PATH"] = "/pc/v4/jobs"
    result = runner.invoke(args=["import", "ba", "--probe"])
    assert result.exit_code != 0
    assert "FEHLER: Schnittstelle der BA geändert? /pc/v4/jobs: HTTP 404" in result.output
