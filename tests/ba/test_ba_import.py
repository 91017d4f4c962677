"""The BA import against a fake BA server: upsert, dedupe, paging, ending, resuming."""

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from jobportal.core.extensions import db
from jobportal.models.base import utcnow
from tests.support import ba as ba_support
from tests.support.ba import KAMENZ_REF, LEIPZIG_REF, PULSNITZ_REF, ba_jobs, count, run
from tests.support.fake_ba import refnr_of

app = ba_support.app  # the app talking to the fake BA server
fake_ba = ba_support.fake_ba


def _job(app, refnr):
    from jobportal.models import Job

    job = db.session.execute(select(Job).filter_by(source="ba", external_ref=refnr)).scalar_one()
    return job


def test_first_run_imports_the_network_listings_once(app, fake_ba):
    result = run(app)
    assert result["status"] == "succeeded"
    assert (result["new"], result["outside"], result["skipped"]) == (2, 1, 0)
    # nine members search overlapping areas; every listing is fetched and stored once
    assert len(fake_ba.searches()) >= 7
    assert sorted(fake_ba.detail_requests()) == [KAMENZ_REF, PULSNITZ_REF]
    assert set(ba_jobs(app)) == {KAMENZ_REF, PULSNITZ_REF}
    assert result["requests"] == len(fake_ba.log)


def test_imported_listing_fields_and_lifecycle(app, fake_ba):
    from jobportal import listings
    from jobportal.models import AuditEntry, SearchChange

    run(app)
    with app.app_context():
        job = _job(app, KAMENZ_REF)
        assert job.company_id is None and job.source == "ba"
        assert job.source_label == "Bundesagentur für Arbeit"
        assert job.employer_name == "Elektro Lessing GmbH & Co. KG"
        assert job.display_employer == "Elektro Lessing GmbH & Co. KG"
        assert (job.place.postal_code, job.place.name, job.member.slug) == (
            "01917",
            "Kamenz",
            "kamenz",
        )
        assert job.street == "Macherstraße 12"
        assert job.employment_types == ["vollzeit"] and job.sector == "handwerk"
        assert job.source_url.endswith("/jobdetail/" + KAMENZ_REF)
        assert job.apply_url == job.source_url  # no external link: apply via the BA
        assert "<script>" not in job.description and "30 Tage Urlaub" in job.description
        assert "Befristung: unbefristet" in job.description
        assert utcnow() - job.published_at < timedelta(minutes=5)  # public here since now
        assert job.state == "published" and listings.is_public(job)
        pulsnitz = _job(app, PULSNITZ_REF)
        assert pulsnitz.apply_url == "https://karriere.pflegedienst-pulsnitz.example/stellen/42"
        assert pulsnitz.sector == "gesundheit"
        public = db.session.execute(listings.public_jobs_query()).scalars().all()
        assert {j.external_ref for j in public} == {KAMENZ_REF, PULSNITZ_REF}
        fed = db.session.execute(select(SearchChange.entity_id)).scalars().all()
        assert job.id in fed and pulsnitz.id in fed
        actions = db.session.execute(
            select(AuditEntry.action).filter_by(subject_kind="job", subject_id=job.id)
        ).scalars()
        assert list(actions) == ["create", "submit", "approve"]


def test_moderation_setting_puts_listings_into_the_queue(app, fake_ba, factory):
    from jobportal import listings
    from jobportal.models import User

    promoter = factory.user(role="promoter", members=("kamenz",))
    result = run(app, BA_PUBLISH_DIRECTLY=False)
    assert result["new"] == 2
    with app.app_context():
        job = _job(app, KAMENZ_REF)
        assert job.state == "pending" and not listings.is_public(job)
        queue = listings.moderation_queue_jobs(db.session.get(User, promoter))
        assert [j.external_ref for j in queue] == [KAMENZ_REF]
        listings.approve(job, db.session.get(User, promoter))
        assert job.state == "published"


def test_changed_timestamp_updates_and_unchanged_is_not_fetched(app, fake_ba):
    from jobportal.models import AuditEntry

    run(app)
    offer = fake_ba.offer(KAMENZ_REF)
    offer.update(stellenangebotsTitel="Elektroniker (m/w/d) – Photovoltaik", eintrittszeitraum={})
    offer.update(aenderungsdatum="2026-11-20T10:00:00.000", vertragsdauer="KEINE_ANGABE")
    fake_ba.details[KAMENZ_REF] = {
        "stellenangebotsTitel": "Elektroniker (m/w/d) – Photovoltaik",
        "stellenangebotsBeschreibung": "Neue Beschreibung.",
        "arbeitszeitVollzeit": True,
        "arbeitszeitTeilzeitFlexibel": True,
    }
    fake_ba.log.clear()
    result = run(app)
    assert (result["new"], result["updated"], result["unchanged"]) == (0, 1, 1)
    assert fake_ba.detail_requests() == [KAMENZ_REF]
    with app.app_context():
        job = _job(app, KAMENZ_REF)
        assert job.title == "Elektroniker (m/w/d) – Photovoltaik"
        assert job.description == "Neue Beschreibung."  # no term, no salary given
        assert job.employment_types == ["vollzeit", "teilzeit"]
        reasons = db.session.execute(
            select(AuditEntry.reason).filter_by(subject_id=job.id, action="update")
        ).scalars()
        assert any("Änderung übernommen" in r for r in reasons)
    fake_ba.log.clear()
    assert run(app)["unchanged"] == 2 and fake_ba.detail_requests() == []
    assert len(ba_jobs(app)) == 2


def test_vanished_listings_end_after_n_days(app, fake_ba):
    from jobportal import listings
    from jobportal.models import AuditEntry, BaListing

    run(app)
    fake_ba.offers = [o for o in fake_ba.offers if refnr_of(o) != KAMENZ_REF]
    assert run(app)["ended"] == 0  # seen a moment ago: not yet
    with app.app_context():
        link = db.session.execute(select(BaListing).filter_by(refnr=KAMENZ_REF)).scalar_one()
        link.last_seen_at -= timedelta(days=4)
        db.session.commit()
    result = run(app)
    assert result["ended"] == 1
    with app.app_context():
        job = _job(app, KAMENZ_REF)
        assert job.state == "expired" and not listings.is_public(job)
        entry = db.session.execute(
            select(AuditEntry).filter_by(subject_id=job.id, action="expire")
        ).scalar_one()
        assert "Seit 3 Tagen nicht mehr" in entry.reason
        assert _job(app, PULSNITZ_REF).state == "published"
    # the BA offers it again (even unchanged): it comes back
    fake_ba.offers.insert(0, ba_support.load_offer(KAMENZ_REF))
    assert run(app)["updated"] == 1
    assert ba_jobs(app)[KAMENZ_REF][1] == "published"


def test_place_outside_the_network_is_ignored_whatever_the_ba_says(app, fake_ba):
    # The BA calls it Kamenz with Kamenz coordinates, but the postal code is Leipzig's.
    fake_ba.add_offer(
        "10001-1000000009-S",
        stellenlokationen=[
            {"adresse": {"plz": "04109", "ort": "Kamenz"}, "breite": 51.27, "laenge": 14.09}
        ],
    )
    result = run(app)
    assert result["outside"] == 2 and result["new"] == 2
    assert "10001-1000000009-S" not in ba_jobs(app)
    assert LEIPZIG_REF not in fake_ba.detail_requests()


def test_paging_stops_on_a_short_page(app, fake_ba):
    for n in range(4, 7):
        fake_ba.add_offer(f"10001-100000000{n}-S")
    result = run(app, BA_PAGE_SIZE=2)
    assert result["new"] == 5
    by_area = {}
    for params in fake_ba.searches():
        by_area.setdefault(params["wo"], []).append((params["page"], params["size"]))
    for pages in by_area.values():
        assert pages == [("1", "2"), ("2", "2"), ("3", "2")]  # 6 offers: page 3 ends it


def test_paging_respects_the_caps(app, fake_ba):
    from jobportal.ba import page_limit

    assert page_limit(500, 1000) == (100, 100)
    assert page_limit(30, 1000) == (30, 333)
    assert page_limit(100, 3) == (100, 3)
    fake_ba.offers = [fake_ba.offer(LEIPZIG_REF)]
    fake_ba.max_results = 25_000
    result = run(app, BA_PAGE_SIZE=500, BA_MAX_PAGES=2)
    assert result["status"] == "succeeded" and result["new"] == 0
    searches = fake_ba.searches()
    assert {p["size"] for p in searches} == {"100"}
    assert {p["page"] for p in searches} == {"1", "2"}
    assert all(int(p["page"]) * int(p["size"]) <= 10_000 for p in searches)
    assert "nur 200 abrufbar" in result["errors"]


def test_capped_run_does_not_end_listings(app, fake_ba):
    from jobportal.models import BaListing

    run(app)
    with app.app_context():
        for link in db.session.execute(select(BaListing)).scalars():
            link.last_seen_at -= timedelta(days=10)
        db.session.commit()
    fake_ba.offers = [fake_ba.offer(LEIPZIG_REF)]
    fake_ba.max_results = 25_000
    assert run(app, BA_MAX_PAGES=1)["ended"] == 0
    assert {state for _id, state, _t in ba_jobs(app).values()} == {"published"}


def test_bad_records_are_logged_and_skipped(app, fake_ba, caplog):
    fake_ba.add_offer("10001-1000000011-S", firma=None)
    fake_ba.details["10001-1000000011-S"] = {"stellenangebotsBeschreibung": "Ohne Firma."}
    fake_ba.add_offer("10001-1000000012-S", stellenlokationen="Kamenz")
    fake_ba.offers.append(["kein", "Objekt"])
    fake_ba.add_offer("10001-1000000013-S")
    fake_ba.details["10001-1000000013-S"] = '{"stellenangebotsTitel": "kaputt'
    fake_ba.add_offer("10001-1000000014-S", stellenangebotsTitel="Stelle 14 (m/w/d)")
    fake_ba.details["10001-1000000014-S"] = {"stellenangebotsBeschreibung": ["keine", "Zeichen"]}
    with caplog.at_level(logging.WARNING, logger="jobportal.ba"):
        result = run(app)
    assert result["status"] == "succeeded"
    assert result["new"] == 3 and result["skipped"] == 4
    log = caplog.text
    assert "10001-1000000011-S: Feld firma fehlt" in log
    assert "10001-1000000012-S: Feld stellenlokationen fehlt" in log
    assert "Eintrag ist kein JSON-Objekt" in log
    assert "10001-1000000013-S" in log and "kein gültiges JSON" in log
    assert "10001-1000000011-S: Feld firma fehlt" in result["errors"]
    assert set(ba_jobs(app)) == {KAMENZ_REF, PULSNITZ_REF, "10001-1000000014-S"}


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        ("<html><body>Wartungsarbeiten</body></html>", "text/html", "kein JSON"),
        ('{"ergebnisse": []}', "application/json", "es fehlt maxErgebnisse"),
        ('{"maxErgebnisse": 5, "page": 1}', "application/json", "aber keine Ergebnisliste"),
        ('{"maxErgebnisse": 5, "ergebnisliste": {}}', "application/json", "keine Liste"),
        ("[1, 2]", "application/json", "kein JSON-Objekt"),
    ],
)
def test_unexpected_answer_fails_loudly_and_keeps_the_db_consistent(
    app, fake_ba, body, content_type, message
):
    from jobportal.models import BaListing, Job

    fake_ba.force("jobs", body=body, content_type=content_type, after=1)
    result = run(app)
    assert result["status"] == "failed"
    assert message in result["errors"] and "Abbruch" in result["errors"]
    # the first search's page was committed completely, nothing of the failed one
    assert result["new"] == 2
    assert count(app, Job) == 2 and count(app, BaListing) == 2
    again = run(app)
    assert again["status"] == "succeeded" and again["new"] == 0
    assert count(app, Job) == 2


def test_killed_run_resumes_without_duplicates(app, fake_ba, monkeypatch):
    from jobportal import ba
    from jobportal.models import BaImportRun, BaListing, Job

    for n in range(4, 7):
        fake_ba.add_offer(f"10001-100000000{n}-S")
    original = ba.Run.checkpoint
    calls = []

    def killed_after_two_pages(self):
        original(self)
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(ba.Run, "checkpoint", killed_after_two_pages)
    with pytest.raises(KeyboardInterrupt):
        run(app, BA_PAGE_SIZE=2)
    assert count(app, Job) == 3  # pages 1 and 2 (Kamenz, Pulsnitz | Leipzig, 4) committed
    monkeypatch.setattr(ba.Run, "checkpoint", original)
    result = run(app, BA_PAGE_SIZE=2)
    assert result["status"] == "succeeded" and result["new"] == 2
    assert count(app, Job) == 5 and count(app, BaListing) == 5
    with app.app_context():
        statuses = db.session.execute(select(BaImportRun.status).order_by(BaImportRun.id))
        assert list(statuses.scalars()) == ["aborted", "succeeded"]


def test_stale_running_run_is_marked_aborted(app, fake_ba):
    from jobportal.models import BaImportRun

    with app.app_context():
        db.session.add(BaImportRun(status="running"))
        db.session.commit()
    run(app)
    with app.app_context():
        stale = db.session.get(BaImportRun, 1)
        assert stale.status == "aborted" and "unterbrochen" in stale.errors


def test_cli_prints_a_summary(app, fake_ba, runner):
    app.config["BA_VEROEFFENTLICHT_SEIT"] = 7
    result = runner.invoke(args=["import", "ba"])
    assert result.exit_code == 0, result.output
    assert "BA-Import erfolgreich" in result.output
    assert "neu: 2" in result.output and "außerhalb des Netzwerks: 1" in result.output
    assert "Zeit:" in result.output and "Suchindex:" in result.output
    assert {p["veroeffentlichtseit"] for p in fake_ba.searches()} == {"7"}


def test_listing_still_offered_is_extended_before_it_runs_out(app, fake_ba):
    from jobportal.core.clock import berlin_today
    from jobportal.models import AuditEntry

    run(app)
    with app.app_context():
        job = _job(app, KAMENZ_REF)
        job.ends_on = berlin_today() + timedelta(days=5)
        db.session.commit()
    assert run(app)["unchanged"] == 2
    with app.app_context():
        job = _job(app, KAMENZ_REF)
        assert job.ends_on == berlin_today() + timedelta(days=60)
        renewed = db.session.execute(
            select(AuditEntry.reason).filter_by(subject_id=job.id, action="renew")
        ).scalar_one()
        assert "weiter angeboten" in renewed


def test_imported_listings_are_matched_and_sent_in_alerts(app, fake_ba, factory):
    from jobportal.alerts import send_alerts
    from jobportal.models import ReturneeProfile
    from jobportal.returnees import match_jobs
    from jobportal.search import drain, reset_pools
    from tests.support.alerts import active_alert, backdate
    from tests.support.returnees import make_profile

    active_alert(app, q="Elektroniker", where="Kamenz", radius_km=10)
    backdate(app, 1)  # the alert last ran yesterday, before the import
    seeker = factory.user(role="jobseeker")
    profile_id = make_profile(app, seeker, homes=("Kamenz",), commute=10, work="Elektroniker")
    run(app)
    with app.app_context():
        drain()  # what `flask import ba` does after the run
    reset_pools()
    with app.app_context():
        stats = send_alerts("daily")
        assert (stats.mails, stats.jobs_sent) == (1, 1)
        matched = match_jobs(db.session.get(ReturneeProfile, profile_id)).matches
        assert [m.job.external_ref for m in matched] == [KAMENZ_REF]
        assert "Kamenz" in matched[0].reason
    with app.app_context():
        stats = send_alerts("daily")
        assert stats.jobs_sent == 0  # never twice
