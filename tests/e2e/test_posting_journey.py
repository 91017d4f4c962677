"""Browser journey: an employer posts a vacancy, the promoter of Kamenz rejects it with a
reason, the employer edits and resubmits, the promoter approves, the listing is public.
axe-core finds no WCAG A/AA violation on the form, the queue and the job page."""

import json
import re

from sqlalchemy import select

from jobportal.core.extensions import db
from jobportal.models import Job
from tests.conftest import Factory
from tests.e2e.conftest import assert_no_axe_violations, login, new_tab


def fill_vacancy(page) -> None:
    """Fill the vacancy form the way an employer would."""
    page.get_by_label("Titel der Stelle").fill("Industriemechaniker (m/w/d)")
    page.get_by_label("Einleitung").fill("Wir suchen Sie für unsere Fertigung.")
    page.get_by_label("Ihre Aufgaben").fill("Maschinen warten\nTeile prüfen")  # one per line
    page.get_by_label("Postleitzahl des Arbeitsorts").fill("01917")
    page.get_by_label("Ort", exact=True).fill("Kamenz")
    page.get_by_label("Vollzeit", exact=True).check()
    page.get_by_label("Branche").select_option("industrie")
    page.get_by_label("E-Mail-Adresse für Bewerbungen").fill("jobs@metallbau.example")


def job_id_of(app) -> int:
    with app.app_context():
        return db.session.execute(select(Job.id)).scalar_one()


def test_post_reject_resubmit_approve_publish(browser, page, live_server):
    factory = Factory(live_server.app)
    company = factory.company(name="Kamenzer Metallbau GmbH", member="kamenz", verified=False)
    factory.user(role="employer", company_id=company, email="chefin@metallbau.example")
    factory.user(role="promoter", members=["kamenz"], email="foerderer@kamenz.example")

    # The employer writes the vacancy, previews it and submits it.
    login(page, "chefin@metallbau.example")
    page.goto("/arbeitgeber/stellen/neu")
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Vorschau anzeigen").click()  # empty: errors shown
    assert page.locator(".error-summary").count() == 1
    assert_no_axe_violations(page)
    fill_vacancy(page)
    page.get_by_role("button", name="Vorschau anzeigen").click()
    assert page.locator(".preview li", has_text="Maschinen warten").count() == 1
    assert page.locator(".preview .prose li").count() == 2
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Speichern und zur Prüfung einreichen").click()
    assert page.get_by_text("zur Prüfung eingereicht").count() >= 1
    assert page.get_by_role("heading", name="In Prüfung (1)").count() == 1
    assert_no_axe_violations(page)
    job_id = job_id_of(live_server.app)
    assert page.request.get(f"/stellen/{job_id}").status == 404

    # The promoter of Kamenz rejects it with a reason.
    promoter = new_tab(browser, live_server)
    login(promoter, "foerderer@kamenz.example")
    promoter.goto("/moderation/")
    assert promoter.get_by_text("Industriemechaniker (m/w/d)").count() >= 1
    assert_no_axe_violations(promoter)
    promoter.goto(f"/moderation/stellen/{job_id}")
    promoter.get_by_label("Ablehnungsgrund").select_option("incomplete")
    promoter.get_by_label("Erläuterung für den Arbeitgeber").fill("Bitte nennen Sie ein Gehalt.")
    promoter.get_by_role("button", name="Ablehnen").click()
    promoter.wait_for_load_state()

    # The employer sees the reason, edits and resubmits.
    page.goto("/arbeitgeber/")
    assert page.get_by_text("Bitte nennen Sie ein Gehalt.").count() >= 1
    page.get_by_role("link", name=re.compile("Bearbeiten")).first.click()
    assert page.get_by_text("Bitte nennen Sie ein Gehalt.").count() >= 1
    page.get_by_label("Gehalt von (Euro, optional)").fill("3.200")
    page.get_by_label("Gehalt bis (Euro, optional)").fill("3.800")
    page.get_by_role("button", name="Vorschau anzeigen").click()
    assert page.get_by_text("3.200 € – 3.800 €").count() == 1
    page.get_by_role("button", name="Speichern und zur Prüfung einreichen").click()
    assert page.get_by_role("heading", name="In Prüfung (1)").count() == 1

    # The promoter approves; the listing is public.
    promoter.goto(f"/moderation/stellen/{job_id}")
    promoter.get_by_role("button", name="Freigeben").click()
    promoter.wait_for_load_state()
    public = new_tab(browser, live_server)
    response = public.goto(f"/stellen/{job_id}")
    assert response.status == 200
    assert public.locator("h1").inner_text() == "Industriemechaniker (m/w/d)"
    posting = json.loads(public.locator('script[type="application/ld+json"]').text_content())
    assert posting["@type"] == "JobPosting" and posting["baseSalary"]["value"]["minValue"] == 3200
    assert_no_axe_violations(public)
    public.goto("/")
    assert public.get_by_role("link", name="Industriemechaniker (m/w/d)").count() == 1
    for tab in (promoter, public):
        tab.context.close()
