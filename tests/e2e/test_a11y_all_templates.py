"""axe-core on every page template: one visit per template, logged in as the right role.

The server records which templates each visit rendered (Flask's template_rendered
signal); the test fails if a template file under templates/ (except partials "_*.html",
mail/ and base.html) was rendered by no visit, so a new template needs a visit here.
"""

from pathlib import Path

import pytest
from flask import template_rendered

from jobportal.core.clock import berlin_today
from jobportal.core.extensions import db
from tests.conftest import Factory
from tests.e2e.conftest import assert_no_axe_violations, login

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
NOT_PAGES = {"base.html"}


def page_templates() -> set[str]:
    """Every page template: not a partial, not a mail, not the base layout."""
    return {
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if not path.name.startswith("_") and "mail" not in path.parts and path.name not in NOT_PAGES
    }


def _seed(app) -> dict:
    """Users of every role and the objects their pages show; link tokens for anonymous pages."""
    from tests.support.returnees import make_profile

    f = Factory(app)
    ids = {"company": f.company(name="Kamenzer Metallbau GmbH", member="kamenz")}
    ids["seeker"] = f.user(email="seeker@example.org")
    ids["employer"] = f.user(role="employer", company_id=ids["company"], email="emp@example.org")
    ids["promoter"] = f.user(role="promoter", members=("kamenz",), email="prom@example.org")
    ids["admin"] = f.user(role="admin", email="admin@example.org")
    ids["unverified"] = f.user(email="neu@example.org", verified=False)
    ids["job"] = f.job(company_id=ids["company"], title="Elektriker (m/w/d)")
    ids["pending"] = f.job(company_id=ids["company"], state="pending", title="Schweißer (m/w/d)")
    ids["expired"] = f.job(company_id=ids["company"], state="expired", title="Maurer (m/w/d)")
    ids["profile"] = make_profile(
        app, ids["seeker"], homes=("Kamenz",), work="Elektriker", visibility="promoters_employers"
    )
    _seed_rows(app, ids)
    ids.update(_event_ids(app, ids["company"]))
    return ids


def _event_ids(app, company: int) -> dict:
    """An event with an exhibitor and a guest's pending registration (its confirm token)."""
    from jobportal import events
    from jobportal.models import Event
    from tests.support.events import make_event

    event_id = make_event(app, capacity=20, exhibitors=(company,))
    with app.app_context():
        guest = events.register_guest(db.session.get(Event, event_id), "Gast", "g3@example.org")
        db.session.commit()
        return {"event": event_id, "event_confirm": events.token_for(guest, "confirm")}


def _seed_rows(app, ids: dict) -> None:
    """Alerts, a report, a contact request and the tokens (added to ``ids``)."""
    from jobportal import alerts
    from jobportal.models import AbuseReport, ContactRequest, Member, User

    with app.app_context():
        from jobportal.models import Company

        seeker = db.session.get(User, ids["seeker"])
        employer = db.session.get(User, ids["employer"])
        own = alerts.create_alert({"q": "Elektriker"}, "Elektriker", "daily", user=seeker)
        anon = alerts.create_alert({"q": "Pflege"}, "Pflege", "weekly", email="gast@example.org")
        anon.status = anon.ACTIVE
        pending = alerts.create_alert({"q": "Bau"}, "Bau", "daily", email="gast2@example.org")
        db.session.add_all(
            [
                AbuseReport(job_id=ids["job"], reason="spam", text="Test"),
                ContactRequest(
                    profile_id=ids["profile"],
                    sender_id=ids["employer"],
                    sender_name="E",
                    sender_org="Kamenzer Metallbau GmbH",
                    sender_email="emp@example.org",
                    message="Hallo, passt unsere Stelle?",
                ),
            ]
        )
        ids["alert"] = own.id
        ids["member"] = db.session.execute(
            db.select(Member.id).filter_by(slug="kamenz")
        ).scalar_one()
        ids["slug"] = db.session.get(Company, ids["company"]).slug
        ids.update(_tokens(ids, seeker, employer, anon, pending))
        db.session.commit()


def _tokens(ids, seeker, employer, anon, pending) -> dict:
    """Valid link tokens for the pages reached from mails."""
    from jobportal import accounts, alerts, employers, listings
    from jobportal.models import Job

    return {
        "confirm": alerts.token_for(pending, "confirm"),
        "manage": alerts.token_for(anon, "manage"),
        "unsubscribe": alerts.token_for(anon, "unsubscribe"),
        "keep": alerts.token_for(anon, "keep"),
        "verify": accounts.dump_token("verify", [ids["unverified"], "neu@example.org"]),
        "reset": accounts.dump_token(
            "reset", [ids["seeker"], accounts.password_fingerprint(seeker)]
        ),
        "invite": employers.invite_colleague(employer.company, employer, "kollegin@example.org"),
        "renew": listings.renew_token(db.session.get(Job, ids["job"]), employer),
    }


# Paths to open per role ("anon" or the login address); {placeholders} from _seed().
VISITS = {
    "anon": [
        "/",
        "/impressum",
        "/stellen/{job}",
        "/stellen/{expired}",
        "/unternehmen/{slug}",
        "/jobs?q=Elektriker",
        "/region",
        "/region/kamenz",
        "/anmelden",
        "/registrieren",
        "/passwort-vergessen",
        "/gibt-es-nicht",
        "/stellen/{job}/melden",
        "/stellen/{job}/melden/danke",
        "/suchauftrag/neu?q=Pflege",
        "/suchauftrag/angefordert",
        "/suchauftrag/bestaetigen/ungueltig",
        "/konto/bestaetigen/ungueltig",
        "/suchauftrag/bestaetigen/{confirm}",
        "/suchauftraege/verwalten/{manage}",
        "/suchauftrag/abbestellen/{unsubscribe}",
        "/suchauftrag/behalten/{keep}",
        "/konto/bestaetigen/{verify}",
        "/passwort-zuruecksetzen/{reset}",
        "/arbeitgeber/einladung/{invite}",
        "/arbeitgeber/stellen/{job}/verlaengern/{renew}",
        "/veranstaltungen",
        "/veranstaltungen/{event}",
        "/veranstaltungen/{event}/angefordert",
        "/veranstaltungen/anmeldung/bestaetigen/{event_confirm}",
    ],
    "seeker@example.org": [
        "/konto",
        "/konto/passwort",
        "/konto/email",
        "/konto/meine-daten",
        "/konto/passwort-bestaetigen",
        "/rueckkehr/profil",
        "/rueckkehr/passende-stellen",
        "/rueckkehr/haushalt",
        "/rueckkehr/merkliste",
        "/rueckkehr/anfragen",
        "/suchauftraege",
        "/suchauftraege/{alert}/bearbeiten",
    ],
    "emp@example.org": [
        "/arbeitgeber/",
        "/arbeitgeber/unternehmen",
        "/arbeitgeber/stellen/neu",
        "/arbeitgeber/stellen/{job}",
        "/arbeitgeber/stellen/{job}/bearbeiten",
        "/talentpool",
        "/talentpool/profil/{profile}/kontakt",
    ],
    "prom@example.org": [
        "/moderation/",
        "/moderation/stellen/{pending}",
        "/moderation/stellen/{job}/verlauf",
        "/moderation/unternehmen/",
        "/moderation/unternehmen/{company}",
        "/moderation/import",
        "/karriere-feeds/unternehmen/{company}",
        "/region/kamenz/bearbeiten",
        "/talentpool/zahlen",
        "/berichte/",
        "/berichte/" + str(berlin_today().year) + "/druck",
        "/moderation/stellen/{job}",
        "/veranstaltungen/verwalten/",
        "/veranstaltungen/verwalten/neu",
        "/veranstaltungen/verwalten/{event}",
    ],
    "admin@example.org": [
        "/admin/",
        "/admin/foerderer/",
        "/admin/foerderer/{promoter}",
        "/admin/nutzer/",
        "/admin/nutzer/{seeker}",
        "/admin/mitglieder/neu",
        "/admin/mitglieder/{member}/austritt",
        "/admin/ba-import",
        "/admin/partnernetzwerke",
        "/admin/mails",
    ],
}
# Result pages reached only by submitting the form of a token page (anonymous).
SUBMITS = ["/suchauftrag/bestaetigen/{confirm}", "/suchauftrag/abbestellen/{unsubscribe}"]


def _check(page, path: str, failures: list) -> None:
    response = page.goto(path)
    if response.status >= 500:
        failures.append(f"{path}: {response.status}")
        return
    if page.locator("h1").count() != 1:
        failures.append(f"{path}: {page.locator('h1').count()} h1")
    _axe(page, failures)


def _axe(page, failures: list) -> None:
    """Run axe-core; collect its report instead of stopping at the first page."""
    try:
        assert_no_axe_violations(page)
    except pytest.fail.Exception as exc:
        failures.append(str(exc))


@pytest.mark.timeout(900)
def test_every_template_has_no_axe_violations(browser, live_server):
    app = live_server.app
    ids = _seed(app)
    rendered: set[str] = set()

    def _record(sender, template, context, **extra):
        rendered.add(template.name)

    template_rendered.connect(_record, app)
    failures: list[str] = []
    for role, paths in VISITS.items():
        context = browser.new_context(base_url=live_server.url, locale="de-DE")
        page = context.new_page()
        if role != "anon":
            login(page, role)
        for path in paths:
            _check(page, path.format(**ids), failures)
        if role == "anon":
            for path in SUBMITS:
                page.goto(path.format(**ids))
                page.locator("main form button[type=submit]").first.click()
                page.wait_for_load_state()
                _axe(page, failures)
        context.close()
    template_rendered.disconnect(_record, app)
    missing = sorted(page_templates() - rendered)
    assert missing == [], f"templates no visit rendered (add a visit): {missing}"
    assert failures == [], "\n\n".join(failures)
