"""The employer area: dashboard, vacancy form with preview and bad input, actions,
company profile, colleague invitations, the signed renew link."""

import re
from datetime import UTC, timedelta

import pytest
from sqlalchemy import select

from jobportal.core import clock
from jobportal.core.clock import berlin_today
from jobportal.core.extensions import db
from jobportal.models import Company, Job, OutboxMail, User
from tests.conftest import login_as
from tests.support.listings import vacancy_data

TODAY = berlin_today()  # the app's day (Europe/Berlin), not the machine's


pytestmark = pytest.mark.usefixtures("cheap_password_hashes")


def form_data(**overrides) -> dict:
    """The vacancy form as an employer fills it in completely."""
    complete = {
        "title": "Bäckerin (m/w/d)",
        "description": "Frische Brötchen ab 4 Uhr. **Wir freuen uns auf Sie!**",
        "street": "Markt 3",
        "employment_types": ["vollzeit", "teilzeit"],
        "salary_min": "2.800",
        "salary_max": "3.100,50",
        "salary_unit": "month",
        "start_mode": "sofort",
        "start_date": "",
        "apply_url": "",
        "apply_email": "bewerbung@baeckerei.example",
        "apply_contact": "",
        "apply_phone": "",
        "ends_on": (TODAY + timedelta(days=60)).isoformat(),
    }
    return vacancy_data(**{**complete, **overrides})


@pytest.fixture
def employer(factory, client, app):
    """A logged-in employer of a Kamenz company: (user id, company id)."""
    user_id, company_id = factory.employer()
    login_as(client, app, user_id)
    return user_id, company_id


def jobs_of(app, company_id):
    with app.app_context():
        found = db.session.execute(select(Job).filter_by(company_id=company_id)).scalars().all()
        return [(j.id, j.state, j.title) for j in found]


def html_of(response) -> str:
    return response.get_data(as_text=True)


# --- access ------------------------------------------------------------------------------


def test_anonymous_goes_to_login_jobseeker_is_refused(client, factory, app):
    assert "/anmelden" in client.get("/arbeitgeber/").headers["Location"]
    login_as(client, app, factory.user(role="jobseeker"))
    assert client.get("/arbeitgeber/").status_code == 403
    assert client.get("/arbeitgeber/stellen/neu").status_code == 403


def test_other_companies_listings_are_404(client, factory, employer):
    foreign = factory.job(company_id=factory.company(member="radeberg"), state="draft")
    assert client.get(f"/arbeitgeber/stellen/{foreign}").status_code == 404
    assert client.get(f"/arbeitgeber/stellen/{foreign}/bearbeiten").status_code == 404
    assert (
        client.post(f"/arbeitgeber/stellen/{foreign}/bearbeiten", data=form_data()).status_code
        == 404
    )
    assert client.post(f"/arbeitgeber/stellen/{foreign}/einreichen").status_code == 404
    assert client.post(f"/arbeitgeber/stellen/{foreign}/kopieren").status_code == 404


def test_dashboard_groups_by_state_with_counters(client, factory, employer, app):
    _user_id, company_id = employer
    factory.job(company_id=company_id, title="Veröffentlichte Stelle", views=17, apply_clicks=4)
    factory.job(company_id=company_id, title="Entwurfsstelle", state="draft")
    factory.job(company_id=factory.company(), title="Fremde Stelle")
    html = html_of(client.get("/arbeitgeber/"))
    assert "Veröffentlicht (1)" in html and "Entwurf (1)" in html
    assert "Veröffentlichte Stelle" in html and "Entwurfsstelle" in html
    assert "Fremde Stelle" not in html
    assert '<td data-label="Aufrufe">17</td>' in html
    assert '<td data-label="Klicks auf „Bewerben“">4</td>' in html
    assert "Zur Prüfung einreichen" in html and "Als besetzt markieren" in html


# --- the vacancy form --------------------------------------------------------------------


def test_new_vacancy_preview_then_submit(client, employer, app):
    _user_id, company_id = employer
    html = html_of(client.get("/arbeitgeber/stellen/neu"))
    assert "Vorschau anzeigen" in html and "zur Prüfung einreichen" in html  # no forced preview
    response = client.post("/arbeitgeber/stellen/neu", data=form_data(action="preview"))
    html = html_of(response)
    assert response.status_code == 200
    assert "Vorschau" in html and "<strong>Wir freuen uns auf Sie!</strong>" in html
    assert "2.800 € – 3.100,50 €" in html
    assert "Speichern und zur Prüfung einreichen" in html
    assert jobs_of(app, company_id) == []  # a preview saves nothing
    response = client.post("/arbeitgeber/stellen/neu", data=form_data(action="submit"))
    assert response.status_code == 302
    [(job_id, state, title)] = jobs_of(app, company_id)
    assert (state, title) == ("pending", "Bäckerin (m/w/d)")
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert job.salary_min == 280000 and job.salary_max == 310050
        assert job.employment_types == ["vollzeit", "teilzeit"]
        assert job.member.slug == "kamenz" and job.start_date is None
    assert "zur Prüfung eingereicht" in html_of(client.get("/arbeitgeber/"))


def test_default_end_date_counts_from_the_day_in_berlin(client, employer, monkeypatch):
    class AfterMidnightInBerlin(clock.datetime):
        @classmethod
        def now(cls, tz=None):  # 00:30 on 7 December in Berlin, still the 6th in UTC
            return clock.datetime(2026, 12, 6, 23, 30, tzinfo=UTC).astimezone(tz)

    monkeypatch.setattr(clock, "datetime", AfterMidnightInBerlin)
    html = html_of(client.get("/arbeitgeber/stellen/neu"))
    assert 'value="2027-02-05"' in html  # 7 December + 60 days


def test_save_as_draft(client, employer, app):
    _user_id, company_id = employer
    client.post("/arbeitgeber/stellen/neu", data=form_data(action="draft"))
    assert [s for _i, s, _t in jobs_of(app, company_id)] == ["draft"]


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"title": ""}, "Bitte geben Sie einen Titel an."),
        ({"title": "Abc"}, "mindestens 5 Zeichen"),
        ({"description": ""}, "Bitte beschreiben Sie die Stelle."),
        ({"description": "x" * 100_000}, "höchstens 20.000 Zeichen"),
        ({"employment_types": []}, "mindestens eine Anstellungsart"),
        ({"sector": ""}, "Branche"),
        ({"working_model": "mond"}, "Arbeitsmodell"),
        ({"salary_min": "4000", "salary_max": "3000"}, "nicht kleiner als das Mindestgehalt"),
        ({"salary_min": "-5"}, "positiven Betrag"),
        ({"salary_min": "viel"}, "Betrag in Euro"),
        ({"ends_on": (TODAY - timedelta(days=1)).isoformat()}, "in der Zukunft"),
        ({"ends_on": (TODAY + timedelta(days=181)).isoformat()}, "höchstens 180 Tage"),
        ({"ends_on": "31.02.2027"}, "gültiges Datum"),
        ({"postal_code": "04109", "locality": "Leipzig"}, "nicht im Gebiet"),
        ({"postal_code": "99999", "locality": ""}, "kennen wir nicht"),
        ({"postal_code": "abc"}, "fünfstellige Postleitzahl"),
        ({"apply_email": ""}, "wie man sich bewirbt"),
        ({"apply_email": "", "apply_contact": "Frau Muster"}, "wie man sich bewirbt"),
        ({"apply_email": "kein-at"}, "gültige E-Mail-Adresse"),
        ({"apply_url": "javascript:alert(1)"}, "vollständige Adresse"),
        ({"start_mode": "datum", "start_date": ""}, "ab sofort"),
    ],
)
def test_bad_input_is_shown_on_the_form(client, employer, app, overrides, message):
    _user_id, company_id = employer
    for action in ("preview", "submit"):
        response = client.post(
            "/arbeitgeber/stellen/neu", data=form_data(action=action, **overrides)
        )
        assert response.status_code == 400
        assert message in html_of(response)
    assert jobs_of(app, company_id) == []


def test_completely_empty_form_lists_all_problems(client, employer):
    response = client.post("/arbeitgeber/stellen/neu", data={"action": "submit"})
    html = html_of(response)
    assert response.status_code == 400
    for text in ("Titel", "beschreiben", "Postleitzahl", "Anstellungsart", "Branche", "bewirbt"):
        assert text in html


def test_contact_person_with_phone_is_enough_to_apply(client, employer, app):
    _user_id, company_id = employer
    data = form_data(
        apply_email="",
        apply_contact="Frau Muster",
        apply_phone="03578 1234-5",
        start_mode="datum",
        start_date=(TODAY + timedelta(days=20)).isoformat(),
    )
    assert (
        client.post("/arbeitgeber/stellen/neu", data={**data, "action": "draft"}).status_code == 302
    )
    assert len(jobs_of(app, company_id)) == 1


def test_script_tags_in_preview_are_inert(client, employer):
    data = form_data(action="preview", description="<script>alert(1)</script> *ok*")
    html = html_of(client.post("/arbeitgeber/stellen/neu", data=data))
    assert "<script>alert(1)</script>" not in html
    assert "<em>ok</em>" in html


def test_edit_published_listing_waits_for_review(client, factory, employer, app):
    _user_id, company_id = employer
    job_id = factory.job(company_id=company_id, title="Elektriker (m/w/d)")
    html = html_of(client.get(f"/arbeitgeber/stellen/{job_id}/bearbeiten"))
    assert 'value="Elektriker (m/w/d)"' in html and "bisherige Fassung" in html
    response = client.post(
        f"/arbeitgeber/stellen/{job_id}/bearbeiten",
        data=form_data(action="draft", title="Elektrikerin (m/w/d)"),
        follow_redirects=True,
    )
    assert "Ihre Änderungen werden geprüft" in html_of(response)
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert job.state == "published" and job.title == "Elektriker (m/w/d)"
        assert job.pending_changes["title"] == "Elektrikerin (m/w/d)"
    assert "Elektriker (m/w/d)" in html_of(client.get(f"/stellen/{job_id}"))


def test_rejected_listing_shows_reason_and_can_be_resubmitted(client, factory, employer, app):
    _user_id, company_id = employer
    job_id = factory.job(company_id=company_id, state="rejected", rejection_reason="Gehalt fehlt")
    html = html_of(client.get(f"/arbeitgeber/stellen/{job_id}/bearbeiten"))
    assert "Gehalt fehlt" in html
    client.post(f"/arbeitgeber/stellen/{job_id}/bearbeiten", data=form_data(action="submit"))
    assert jobs_of(app, company_id)[0][1] == "pending"


def test_ended_listing_cannot_be_edited(client, factory, employer):
    job_id = factory.job(company_id=employer[1], state="filled")
    response = client.get(f"/arbeitgeber/stellen/{job_id}/bearbeiten", follow_redirects=True)
    assert "nicht mehr bearbeitet" in html_of(response)


# --- actions -----------------------------------------------------------------------------


def test_action_buttons(client, factory, employer, app):
    _user_id, company_id = employer
    published = factory.job(company_id=company_id, title="Aktive Stelle")
    response = client.post(f"/arbeitgeber/stellen/{published}/verlaengern", follow_redirects=True)
    assert "nicht möglich" in html_of(response)  # 30 days left: not yet renewable
    response = client.post(f"/arbeitgeber/stellen/{published}/kopieren")
    copy_id = int(re.search(r"/stellen/(\d+)/bearbeiten", response.headers["Location"]).group(1))
    client.post(f"/arbeitgeber/stellen/{published}/besetzt")
    states = {i: s for i, s, _t in jobs_of(app, company_id)}
    assert states == {published: "filled", copy_id: "draft"}
    client.post(f"/arbeitgeber/stellen/{copy_id}/einreichen")
    client.post(f"/arbeitgeber/stellen/{copy_id}/zurueckziehen")
    assert {i: s for i, s, _t in jobs_of(app, company_id)}[copy_id] == "withdrawn"


def test_job_detail_shows_history(client, factory, employer):
    job_id = factory.job(company_id=employer[1], state="draft")
    client.post(f"/arbeitgeber/stellen/{job_id}/einreichen")
    html = html_of(client.get(f"/arbeitgeber/stellen/{job_id}"))
    assert "Zur Prüfung eingereicht" in html and "In Prüfung" in html


def test_csrf_is_required(client, employer, app):
    app.config["WTF_CSRF_ENABLED"] = True
    assert (
        client.post("/arbeitgeber/stellen/neu", data=form_data(action="submit")).status_code == 400
    )
    assert jobs_of(app, employer[1]) == []


# --- company profile and invitations -----------------------------------------------------


def test_company_profile_edit(client, employer, app):
    _user_id, company_id = employer
    data = {
        "name": "Bäckerei Korn",
        "street": "Markt 3",
        "postal_code": "01917",
        "locality": "Kamenz",
        "sector": "handwerk",
        "size": "10-49",
        "description": "Seit 1890 <script>x</script>",
        "website": "https://korn.example",
        "contact_name": "Frau Korn",
        "contact_email": "info@korn.example",
        "contact_phone": "03578 123",
    }
    response = client.post("/arbeitgeber/unternehmen", data=data)
    assert response.status_code == 302
    with app.app_context():
        company = db.session.get(Company, company_id)
        assert (company.name, company.size, company.member.slug) == (
            "Bäckerei Korn",
            "10-49",
            "kamenz",
        )
        slug = company.slug
    html = html_of(client.get(f"/unternehmen/{slug}"))
    assert "Bäckerei Korn" in html and "10 bis 49 Beschäftigte" in html and "<script>x" not in html
    bad = {
        **data,
        "website": "korn",
        "postal_code": "04109",
        "locality": "Leipzig",
        "size": "riesig",
    }
    html = html_of(client.post("/arbeitgeber/unternehmen", data=bad))
    assert "vollständige Adresse" in html and "Mitgliedskommunen" in html and "Größe" in html


def test_invite_colleague_who_joins(client, factory, employer, app):
    _user_id, company_id = employer
    colleague = factory.user(role="jobseeker", email="kollegin@example.org")
    stranger = factory.user(role="jobseeker", email="fremd@example.org")
    response = client.post(
        "/arbeitgeber/unternehmen/einladen", data={"email": "kollegin@example.org"}
    )
    assert response.status_code == 302
    with app.app_context():
        mail = db.session.execute(
            select(OutboxMail).filter_by(recipient="kollegin@example.org")
        ).scalar_one()
    link = re.search(r"http://localhost(/arbeitgeber/einladung/\S+)", mail.body_text).group(1)
    client.post("/abmelden")
    anonymous = app.test_client()
    assert "Anmelden" in html_of(anonymous.get(link))
    login_as(anonymous, app, stranger)
    html = html_of(anonymous.post(link, follow_redirects=True))
    assert "gilt für kollegin@example.org" in html
    login_as(anonymous, app, colleague)
    anonymous.post(link)
    with app.app_context():
        joined = db.session.get(User, colleague)
        assert (joined.role, joined.company_id) == ("employer", company_id)
    assert anonymous.get("/arbeitgeber/").status_code == 200
    assert anonymous.get("/arbeitgeber/einladung/kaputt").status_code == 404


def test_invalid_invite_address(client, employer):
    response = client.post("/arbeitgeber/unternehmen/einladen", data={"email": "nicht-gültig"})
    assert response.status_code == 400
    assert "gültige E-Mail-Adresse" in html_of(response)
