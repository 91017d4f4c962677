"""The promoters' upload form for the bulk import of listings (/moderation/import)."""

import io
import json
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from jobportal.core.extensions import db
from jobportal.models import Job
from tests.conftest import login_as

RECORD = {
    "ref": "A-1",
    "title": "Schweißer (m/w/d)",
    "description": "Wir suchen Verstärkung für unsere Fertigung.",
    "postal_code": "01917",
    "locality": "Kamenz",
    "employment_types": ["vollzeit"],
    "working_model": "vor_ort",
    "sector": "handwerk",
    "apply_email": "jobs@example.org",
}


@pytest.fixture
def world(client, app, factory):
    """A logged-in Kamenz promoter, a Kamenz and a Radeberg company."""
    promoter = factory.user(role="promoter", members=["kamenz"])
    login_as(client, app, promoter)
    return SimpleNamespace(
        promoter=promoter,
        kamenz=factory.company(name="Kamenzer Metallbau GmbH", member="kamenz"),
        radeberg=factory.company(name="Radeberger Brauhaus AG", member="radeberg"),
    )


def upload(client, company_id, content: bytes, publish=False):
    """Post the import form with a file."""
    data = {"company": str(company_id), "file": (io.BytesIO(content), "stellen.json")}
    if publish:
        data["publish"] = "y"
    return client.post("/moderation/import", data=data, content_type="multipart/form-data")


def jobs_of(app, company_id):
    """(title, state) of a company's listings."""
    with app.app_context():
        rows = db.session.execute(select(Job).filter_by(company_id=company_id)).scalars()
        return sorted((job.title, job.state) for job in rows)


def test_form_offers_only_companies_in_scope(client, world):
    page = client.get("/moderation/import").get_data(as_text=True)
    assert "Kamenzer Metallbau" in page and "Radeberger Brauhaus" not in page


def test_import_reports_each_record_and_publishes_on_request(client, app, world):
    bad = {**RECORD, "ref": "A-2", "title": ""}
    response = upload(client, world.kamenz, json.dumps([RECORD, bad]).encode(), publish=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "1 neu, 0 aktualisiert, 1 abgelehnt" in page
    assert "A-2" in page and "Titel" in page
    assert jobs_of(app, world.kamenz) == [("Schweißer (m/w/d)", "published")]

    changed = {**RECORD, "title": "Schweißer/in (m/w/d)"}
    page = upload(client, world.kamenz, json.dumps({"jobs": [changed]}).encode()).get_data(
        as_text=True
    )
    assert "0 neu, 1 aktualisiert, 0 abgelehnt" in page
    assert len(jobs_of(app, world.kamenz)) == 1


def test_import_without_publish_goes_to_review(client, app, world):
    upload(client, world.kamenz, json.dumps([RECORD]).encode())
    assert jobs_of(app, world.kamenz) == [("Schweißer (m/w/d)", "pending")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{kein json", "keine gültige JSON-Datei"),
        (b"\xff\xfe\x00garbage", "keine gültige JSON-Datei"),
        (b'"/etc/passwd"', "Erwartet wird eine Liste"),
        (b'{"stellen": 1}', "Erwartet wird eine Liste"),
        (b"[" + b" " * (1024 * 1024) + b"]", "zu groß"),
    ],
)
def test_bad_files_are_refused(client, app, world, content, message):
    response = upload(client, world.kamenz, content)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert jobs_of(app, world.kamenz) == []


@pytest.mark.parametrize("company", ["", "abc", "999999"])
def test_bad_company_choices_are_refused(client, app, world, company):
    response = upload(client, company, json.dumps([RECORD]).encode())
    assert response.status_code == 400


def test_other_municipality_company_is_refused(client, app, world):
    response = upload(client, world.radeberg, json.dumps([RECORD]).encode())
    assert response.status_code == 400
    assert "Bitte wählen Sie einen Eintrag aus der Liste." in response.get_data(as_text=True)
    assert jobs_of(app, world.radeberg) == []


def test_missing_file_is_refused(client, world):
    response = client.post("/moderation/import", data={"company": str(world.kamenz)})
    assert response.status_code == 400
    assert "Bitte wählen Sie eine Datei aus." in response.get_data(as_text=True)


def test_record_placed_outside_the_promoters_towns_leaves_nothing_behind(client, app, world):
    elsewhere = {**RECORD, "ref": "R-1", "postal_code": "01454", "locality": "Radeberg"}
    for _ in range(2):
        response = upload(client, world.kamenz, json.dumps([elsewhere, RECORD]).encode(), True)
        page = response.get_data(as_text=True)
        assert "R-1" in page and "nicht in Ihren Kommunen" in page
    assert "0 neu, 1 aktualisiert, 1 abgelehnt" in page
    assert jobs_of(app, world.kamenz) == [("Schweißer (m/w/d)", "published")]
