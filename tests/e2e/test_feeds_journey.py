"""An employer registers a career feed in the browser and sees its last run; a listing
with several work places lists them all. axe-core finds no WCAG A/AA violation at 390
and 1280 px."""

import os
from pathlib import Path

from jobportal.core.clock import berlin_today
from jobportal.core.extensions import db
from jobportal.listings import set_other_places
from jobportal.models import Job, ListingFeed, Place
from jobportal.models.base import utcnow
from tests.conftest import Factory
from tests.e2e.conftest import assert_no_axe_violations, login

SHOTS = os.environ.get("E2E_SCREENSHOTS")  # a directory: keep screenshots there


def shoot(page, name: str) -> None:
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert_no_axe_violations(page)
        if SHOTS:
            page.screenshot(path=str(Path(SHOTS) / f"{name}-{width}.png"), full_page=True)


def test_employer_registers_a_feed_and_reads_its_status(page, live_server):
    factory = Factory(live_server.app)
    company = factory.company(name="Lausitzer Holzbau GmbH", member="kamenz")
    factory.user(role="employer", company_id=company, email="holz@example.org")
    with live_server.app.app_context():
        db.session.add(
            ListingFeed(
                company_id=company,
                url="https://karriere.example.org/jobs.atom",
                last_run_at=utcnow(),
                last_status="drift",
                last_format="atom",
                last_counts={"new": 2, "updated": 0, "unchanged": 3, "ended": 1, "skipped": 1},
                last_error="https://karriere.example.org/jobs.atom: unbekanntes XML-Format <jobs>",
                last_skips="„Vertrieb“: Arbeitsort außerhalb des Netzwerks (04103 Leipzig)",
            )
        )
        db.session.commit()
    login(page, "holz@example.org")
    page.goto("/arbeitgeber/unternehmen")
    page.get_by_role("link", name="Karriere-Feeds verwalten").click()
    assert page.locator("h1").inner_text() == "Karriere-Feeds von Lausitzer Holzbau GmbH"
    page.get_by_label("Adresse des Feeds oder der Karriereseite").fill(
        "lausitzer-holzbau.jobs.personio.de"
    )
    page.get_by_role("button", name="Feed eintragen").click()
    page.wait_for_load_state()
    main = page.locator("main")
    assert "https://lausitzer-holzbau.jobs.personio.de/xml" in main.inner_text()
    assert "noch nicht abgerufen" in main.inner_text()
    assert "Format nicht mehr lesbar" in main.inner_text()
    page.get_by_text("Übersprungene Einträge").click()
    assert "04103 Leipzig" in main.inner_text()
    shoot(page, "feeds")


def test_job_page_lists_every_work_place(page, live_server):
    app = live_server.app
    job_id = Factory(app).job(title="Zimmerer (m/w/d)", postal_code="01917")
    with app.app_context():
        job = db.session.get(Job, job_id)
        other = db.session.query(Place).filter_by(postal_code="01558", name="Großenhain").one()
        set_other_places(job, [other], berlin_today())
        db.session.commit()
    page.goto(f"/stellen/{job_id}")
    facts = page.locator(".key-facts").inner_text()
    assert "Arbeitsorte" in facts and "01917 Kamenz" in facts and "01558 Großenhain" in facts
    shoot(page, "job-places")


def test_admin_page_of_partners_and_failing_feeds(page, live_server):
    factory = Factory(live_server.app)
    company = factory.company(name="Lausitzer Holzbau GmbH", member="kamenz")
    factory.user(role="admin", email="admin@example.org")
    with live_server.app.app_context():
        db.session.add_all(
            [
                ListingFeed(
                    kind="partner",
                    name="Regionalmanagement Erzgebirge",
                    url="https://jobs.erzgebirge.example",
                    members=["freiberg"],
                    last_run_at=utcnow(),
                    last_status="succeeded",
                    last_format="api",
                    last_counts={"new": 4, "updated": 1, "unchanged": 9, "ended": 0, "skipped": 2},
                    last_skips="„Maurer“: Arbeitsort außerhalb des Netzwerks (09599 Freiberg)",
                ),
                ListingFeed(
                    company_id=company,
                    url="https://holzbau.jobs.personio.de/xml",
                    last_run_at=utcnow(),
                    last_status="failed",
                    last_error="https://holzbau.jobs.personio.de/xml: Status 404.",
                ),
            ]
        )
        db.session.commit()
    login(page, "admin@example.org")
    page.goto("/admin/partnernetzwerke")
    main = page.locator("main").inner_text()
    assert "Regionalmanagement Erzgebirge" in main and "Nur die Mitglieder: freiberg" in main
    assert "Lausitzer Holzbau GmbH" in main and "Status 404" in main
    shoot(page, "admin-partners")
