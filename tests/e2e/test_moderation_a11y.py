"""Moderation and admin pages in a real browser: one h1, axe-core finds no WCAG A/AA violation."""

from sqlalchemy import select

from jobportal.core.extensions import db
from jobportal.models import Job
from tests.conftest import Factory
from tests.e2e.conftest import assert_no_axe_violations, login


def check(page, path: str, status: int = 200) -> None:
    """Open a page and check its structure and accessibility."""
    response = page.goto(path)
    assert response.status == status, path
    assert page.locator("h1").count() == 1, path
    assert_no_axe_violations(page)


def seed(app):
    """A promoter of Kamenz, an admin, a pending and a published listing with a report."""
    factory = Factory(app)
    company = factory.company(name="Kamenzer Metallbau GmbH", member="kamenz")
    factory.company(name="Neue Firma Kamenz", member="kamenz", verified=False)
    factory.user(role="employer", company_id=company)
    pending = factory.job(company_id=company, state="pending", title="Schweißer (m/w/d)")
    published = factory.job(company_id=company, title="Elektriker (m/w/d)")
    with app.app_context():
        from jobportal import listings, moderation

        job = db.session.get(Job, published)
        job.approved_snapshot = listings.snapshot(job)
        job.pending_changes = {"title": "Elektroniker (m/w/d)"}
        moderation.create_report(job, "fraud", "Verlangt Vorkasse.", "hash")
        db.session.commit()
        assert db.session.execute(select(Job.id)).first()
    factory.user(role="promoter", members=["kamenz"], email="foerderer@example.org")
    admin = factory.user(role="admin", email="admin@example.org")
    return company, pending, published, admin


def test_moderation_pages_have_no_axe_violations(page, live_server):
    company, pending, published, _admin = seed(live_server.app)
    check(page, f"/stellen/{published}/melden")
    page.locator("main form button[type=submit]").click()  # empty: the form shows errors
    assert page.locator(".error-summary").count() == 1
    assert_no_axe_violations(page)

    login(page, "foerderer@example.org")
    for path in (
        "/moderation/",
        f"/moderation/stellen/{pending}",
        f"/moderation/stellen/{published}",
        f"/moderation/stellen/{pending}/verlauf",
        "/moderation/unternehmen/",
        f"/moderation/unternehmen/{company}",
        f"/moderation/unternehmen/{company}/verlauf",
        "/moderation/import",
    ):
        check(page, path)
    page.goto(f"/moderation/stellen/{pending}")
    page.get_by_role("button", name="Ablehnen").click()  # no reason: errors on the page
    assert page.get_by_text("Bitte wählen Sie einen Grund.").count() >= 1
    assert_no_axe_violations(page)


def test_admin_pages_have_no_axe_violations(page, live_server):
    _company, _pending, _published, admin = seed(live_server.app)
    login(page, "admin@example.org")
    for path in (
        "/admin/",
        "/admin/mitglieder/neu",
        "/admin/mitglieder/1/austritt",
        "/admin/foerderer/",
        "/admin/nutzer/",
        f"/admin/nutzer/{admin - 1}",
    ):
        check(page, path)
    page.goto("/admin/mitglieder/neu")
    page.get_by_role("button", name="Mitglied aufnehmen").click()
    assert page.locator(".error-summary").count() == 1
    assert_no_axe_violations(page)
