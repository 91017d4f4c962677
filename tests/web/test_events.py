"""The event pages as people use them: the list, an event page, registering as a guest
(double opt-in) or with one click, and the organiser's form, list, CSV and cancelling."""

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from jobportal.core.clock import BERLIN
from jobportal.core.extensions import db
from jobportal.models import Event
from tests.conftest import app_with, login_as
from tests.support.events import make_event, outbox, registrations


def _path(text: str, part: str) -> str:
    url = next(u for u in re.findall(r"https?://\S+", text) if part in u)
    return "/" + url.split("/", 3)[3]


def test_list_upcoming_first_with_member_filter(app, client):
    make_event(app, starts_in=timedelta(days=20), title="Jobmesse Kamenz")
    make_event(app, member="radeberg", starts_in=timedelta(days=4), title="Pendlertag Radeberg")
    make_event(app, starts_in=timedelta(days=-5), title="Vergangen")
    html = client.get("/veranstaltungen").get_data(as_text=True)
    assert html.index("Pendlertag Radeberg") < html.index("Jobmesse Kamenz")
    assert "Vergangen" not in html
    only = client.get("/veranstaltungen?gemeinde=kamenz").get_data(as_text=True)
    assert "Jobmesse Kamenz" in only and "Pendlertag Radeberg" not in only
    assert client.get("/veranstaltungen?gemeinde=gibt-es-nicht").status_code == 404


def test_event_page_facts_exhibitors_and_listings(app, client, factory):
    company = factory.company(name="Kamenzer Metallbau GmbH")
    factory.job(company_id=company, title="Schweißer (m/w/d)")
    event_id = make_event(app, capacity=50, exhibitors=(company,), title="Jobmesse Kamenz")
    html = client.get(f"/veranstaltungen/{event_id}").get_data(as_text=True)
    assert "<h1>Jobmesse Kamenz</h1>" in html
    assert "Rathaus, Ratssaal, Markt 1, 01917 Kamenz" in html
    assert "50 von 50 frei" in html
    assert "Kamenzer Metallbau GmbH" in html and "Schweißer (m/w/d)" in html
    assert f'href="/veranstaltungen/{event_id}.ics"' in html
    assert " Uhr" in html


def test_english_page_shows_english_title(tmp_path, db_template):
    for app in app_with(tmp_path, db_template):
        event_id = make_event(app, title="Rückkehrertag", title_en="Returnee day")
        html = app.test_client().get(f"/veranstaltungen/{event_id}?lang=en").get_data(as_text=True)
        assert "<h1>Returnee day</h1>" in html
        assert 'lang="de"' in html  # the German description, marked


def test_guest_registers_and_confirms_by_mail(app, client):
    event_id = make_event(app, capacity=10)
    bad = client.post(f"/veranstaltungen/{event_id}/anmelden", data={"name": "", "email": "x"})
    assert bad.status_code == 400
    assert "Bitte füllen Sie „Ihr Name“ aus." in bad.get_data(as_text=True)
    response = client.post(
        f"/veranstaltungen/{event_id}/anmelden",
        data={"name": "Gerda Gast", "email": "gerda@example.org"},
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Bitte bestätigen Sie Ihre Anmeldung" in page
    (mail,) = outbox(app, "gerda@example.org")
    link = _path(mail.body_text, "/bestaetigen/")
    confirm = client.get(link)
    assert "Ja, Anmeldung bestätigen" in confirm.get_data(as_text=True)
    assert registrations(app, event_id) == [("gerda@example.org", "pending")]  # GET changes none
    done = client.post(link)
    assert "Ihre Anmeldung ist bestätigt" in done.get_data(as_text=True)
    assert registrations(app, event_id) == [("gerda@example.org", "confirmed")]
    assert client.post(link).status_code == 400  # used
    cancel = _path(outbox(app, "gerda@example.org")[-1].body_text, "/abmelden/")
    assert "Ja, abmelden" in client.get(cancel).get_data(as_text=True)
    assert "Sie sind abgemeldet" in client.post(cancel).get_data(as_text=True)
    assert registrations(app, event_id) == []


def test_full_event_says_so_clearly(app, client, factory):
    event_id = make_event(app, capacity=1)
    client.post(f"/veranstaltungen/{event_id}/anmelden", data={"name": "A", "email": "a@ex.org"})
    link = _path(outbox(app, "a@ex.org")[0].body_text, "/bestaetigen/")
    seeker = factory.user(email="schnell@example.org")
    other = app.test_client()
    login_as(other, app, seeker)
    other.post(f"/veranstaltungen/{event_id}/anmelden")
    late = client.post(link)
    assert late.status_code == 409
    assert "ausgebucht" in late.get_data(as_text=True)
    page = client.get(f"/veranstaltungen/{event_id}").get_data(as_text=True)
    assert "ausgebucht" in page and 'name="email"' not in page


def test_account_one_click_and_unregister(app, client, factory):
    seeker = factory.user(email="paula@example.org")
    event_id = make_event(app)
    login_as(client, app, seeker)
    page = client.get(f"/veranstaltungen/{event_id}").get_data(as_text=True)
    assert "Jetzt anmelden" in page and 'name="email"' not in page
    response = client.post(f"/veranstaltungen/{event_id}/anmelden", follow_redirects=True)
    assert "Sie sind angemeldet." in response.get_data(as_text=True)
    assert registrations(app, event_id) == [("paula@example.org", "confirmed")]
    client.post(f"/veranstaltungen/{event_id}/abmelden")
    assert registrations(app, event_id) == []


def _form(member_id: int, **changes) -> dict:
    day = (datetime.now(BERLIN) + timedelta(days=21)).date().isoformat()
    data = {
        "kind": "rueckkehrertag",
        "title": "Rückkehrertag zwischen den Jahren",
        "starts": f"{day}T10:00",
        "ends": f"{day}T15:30",
        "member_id": str(member_id),
        "venue": "Stadttheater, Foyer",
        "street": "Garnisonsplatz 1",
        "postal_code": "01917",
        "locality": "Kamenz",
        "description": "Kommen Sie vorbei!",
        "capacity": "80",
    }
    data.update(changes)
    return data


def _kamenz_id(app) -> int:
    from jobportal.models import Member

    with app.app_context():
        return db.session.execute(select(Member.id).filter_by(slug="kamenz")).scalar_one()


def test_promoter_creates_edits_exports_and_cancels(app, client, factory):
    promoter = factory.user(role="promoter", members=("kamenz",))
    company = factory.company(name="Lessing-Apotheke Kamenz")
    login_as(client, app, promoter)
    form = client.get("/veranstaltungen/verwalten/neu").get_data(as_text=True)
    assert "Lessing-Apotheke Kamenz (Kamenz)" in form
    data = _form(_kamenz_id(app), exhibitors=str(company))
    bad = client.post("/veranstaltungen/verwalten/neu", data={**data, "postal_code": "01454"})
    assert bad.status_code == 400 and "gehört nicht zu Kamenz" in bad.get_data(as_text=True)
    response = client.post("/veranstaltungen/verwalten/neu", data=data)
    assert response.status_code == 302
    with app.app_context():
        event = db.session.execute(select(Event)).scalar_one()
        event_id = event.id
        assert event.starts_at.astimezone(BERLIN).strftime("%H:%M") == "10:00"
        assert [c.name for c in event.exhibitors] == ["Lessing-Apotheke Kamenz"]
    edit = client.get(f"/veranstaltungen/verwalten/{event_id}/bearbeiten").get_data(as_text=True)
    assert 'value="Rückkehrertag zwischen den Jahren"' in edit and "T10:00" in edit
    client.post(f"/veranstaltungen/verwalten/{event_id}/bearbeiten", data={**data, "title": "Neu"})
    guest = app.test_client()
    guest.post(f"/veranstaltungen/{event_id}/anmelden", data={"name": "G", "email": "g@ex.org"})
    guest.post(_path(outbox(app, "g@ex.org")[0].body_text, "/bestaetigen/"))
    overview = client.get(f"/veranstaltungen/verwalten/{event_id}").get_data(as_text=True)
    assert "<h1>Neu</h1>" in overview and "g@ex.org" in overview
    csv_response = client.get(f"/veranstaltungen/verwalten/{event_id}/anmeldungen.csv")
    assert csv_response.mimetype == "text/csv"
    assert csv_response.data.decode("utf-8-sig").splitlines()[1].startswith("G;g@ex.org;")
    client.post(f"/veranstaltungen/verwalten/{event_id}/absagen", data={"reason": "Hochwasser"})
    page = client.get(f"/veranstaltungen/{event_id}").get_data(as_text=True)
    assert "Diese Veranstaltung ist abgesagt." in page
    assert outbox(app, "g@ex.org")[-1].subject == "Abgesagt: Neu"


@pytest.mark.parametrize("path", ["", "/bearbeiten", "/anmeldungen.csv"])
def test_other_members_promoter_gets_404(app, client, factory, path):
    promoter = factory.user(role="promoter", members=("radeberg",))
    event_id = make_event(app, member="kamenz")
    login_as(client, app, promoter)
    assert client.get(f"/veranstaltungen/verwalten/{event_id}{path}").status_code == 404
    listing = client.get("/veranstaltungen/verwalten/").get_data(as_text=True)
    assert "Noch keine Veranstaltungen" in listing


def test_municipality_partial_lists_the_members_events(app):
    from flask import render_template_string

    from jobportal.models import Member

    make_event(app, title="Jobmesse Kamenz")
    make_event(app, member="radeberg", title="Pendlertag Radeberg")
    with app.test_request_context():
        member = db.session.execute(select(Member).filter_by(slug="kamenz")).scalar_one()
        html = render_template_string('{% include "events/_upcoming.html" %}', member=member)
    assert "Veranstaltungen in Kamenz" in html
    assert "Jobmesse Kamenz" in html and "Pendlertag Radeberg" not in html


def test_member_page_shows_its_next_events(app, client):
    make_event(app, title="Jobmesse Kamenz")
    make_event(app, member="radeberg", title="Pendlertag Radeberg")
    html = client.get("/region/kamenz").get_data(as_text=True)
    assert "Veranstaltungen in Kamenz" in html and "Jobmesse Kamenz" in html
    assert "Pendlertag Radeberg" not in html
