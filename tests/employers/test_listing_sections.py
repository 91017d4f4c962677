"""Employers write listings in sections (no Markdown), saved without a preview; older
Markdown descriptions are kept and still shown."""

import pytest

from jobportal.core.extensions import db
from jobportal.listings import compose_description, split_description
from jobportal.models import Job
from tests.conftest import login_as
from tests.employers.test_employer import form_data, html_of, jobs_of

pytestmark = pytest.mark.usefixtures("cheap_password_hashes")

SECTIONS = {
    "intro": "Wir sind eine Bäckerei in Kamenz.\nSeit 1990 *familiengeführt*.",
    "tasks": "- Brötchen backen\n• Kundschaft beraten\n\nTeig_vorbereiten",
    "profile": "Ausbildung als Bäcker/in",
    "benefits": "30 Tage Urlaub\n# Jobrad",
    "how_to_apply": "Bitte mit Lebenslauf <kurz>.",
}


@pytest.fixture
def employer(factory, client, app):
    user_id, company_id = factory.employer()
    login_as(client, app, user_id)
    return user_id, company_id


def test_sections_round_trip():
    text = compose_description(SECTIONS)
    assert (
        "### Ihre Aufgaben\n\n- Brötchen backen\n- Kundschaft beraten\n- Teig\\_vorbereiten" in text
    )
    back = split_description(text)
    assert back["tasks"] == "Brötchen backen\nKundschaft beraten\nTeig_vorbereiten"
    assert back["intro"] == SECTIONS["intro"] and back["benefits"] == "30 Tage Urlaub\n# Jobrad"
    assert split_description("Frei **geschrieben**\n\n## Aufgaben\n\n- x") is None
    assert split_description("") == dict.fromkeys(back, "")


def test_submit_sections_without_preview_and_see_them_on_the_job_page(client, employer, app):
    _user, company_id = employer
    data = form_data(action="submit", description="", **SECTIONS)
    response = client.post("/arbeitgeber/stellen/neu", data=data)
    assert response.status_code == 302
    [(job_id, state, _title)] = jobs_of(app, company_id)
    assert state == "pending"
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert job.description == compose_description(SECTIONS)
        job.state = "published"
        db.session.commit()
    html = html_of(client.get(f"/stellen/{job_id}"))
    assert "<h3>Ihre Aufgaben</h3>" in html and "<li>Kundschaft beraten</li>" in html
    assert "Seit 1990 *familiengeführt*." in html  # plain text, not emphasis
    assert "<li># Jobrad</li>" in html and "Bitte mit Lebenslauf &lt;kurz&gt;." in html
    form = html_of(client.get(f"/arbeitgeber/stellen/{job_id}/bearbeiten"))
    assert "Kundschaft beraten\nTeig_vorbereiten</textarea>" in form
    assert "Bisherige Beschreibung" not in form


def test_markdown_of_older_listings_is_kept_and_shown(client, employer, app, factory):
    _user, company_id = employer
    job_id = factory.job(company_id, state="draft", description="Alt mit **Markdown**.")
    form = html_of(client.get(f"/arbeitgeber/stellen/{job_id}/bearbeiten"))
    assert "Bisherige Beschreibung (Markdown)" in form and "Alt mit **Markdown**." in form
    data = form_data(action="draft", description="Alt mit **Markdown**, ergänzt.")
    assert client.post(f"/arbeitgeber/stellen/{job_id}/bearbeiten", data=data).status_code == 302
    with app.app_context():
        assert db.session.get(Job, job_id).description == "Alt mit **Markdown**, ergänzt."


def test_empty_sections_ask_for_a_description_on_the_intro(client, employer, app):
    _user, company_id = employer
    response = client.post(
        "/arbeitgeber/stellen/neu", data=form_data(action="submit", description="")
    )
    assert response.status_code == 400
    html = html_of(response)
    assert 'id="intro-error"' in html and "Bitte beschreiben Sie die Stelle." in html
    assert jobs_of(app, company_id) == []
