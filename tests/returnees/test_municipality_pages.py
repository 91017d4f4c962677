"""Public region and municipality pages; promoters edit their own members' pages;
visitors write to a member's contact person."""

import re

from sqlalchemy import func, select

from jobportal.core.extensions import db
from jobportal.models import AuditEntry, Member, OutboxMail, User
from jobportal.platform.mail import send_pending
from tests.conftest import login_as
from tests.support.search import index

PAGE = {
    "intro": "Die **Lessingstadt** in der Oberlausitz.",
    "living": "Ruhig und grün.",
    "housing": "Bauplätze am Hutberg.",
    "childcare": "Zwölf Kitas, drei Grundschulen.",
    "leisure": "Forstfest im August.",
    "support": "Wir helfen bei der Wohnungssuche. <script>alert(1)</script>",
}


def test_region_page_lists_members_with_job_counts(app, client, factory):
    company = factory.company(member="kamenz")
    factory.job(company)
    factory.job(company)
    factory.job(company, state="draft")
    html = client.get("/region").get_data(as_text=True)
    assert "Kamenz" in html and "Großenhain" in html
    assert re.search(r'<a href="/region/kamenz">Kamenz</a>\s*</td>\s*<td><a [^>]*>2</a>', html)
    assert "<h1>" in html


def _search_total(client, **args) -> int:
    return client.get("/api/v1/jobs", query_string=args).get_json()["total"]


def test_region_totals_equal_the_search_totals(app, client, factory):
    # listings in member towns of the Landkreis Bautzen count at the town, never twice
    kamenz = factory.company(member="kamenz")
    hoyerswerda = factory.company(member="hoyerswerda")
    bautzen = factory.company(member="landkreis-bautzen")  # Bautzen itself: the district
    for company, n in ((kamenz, 3), (hoyerswerda, 2), (bautzen, 4)):
        for _ in range(n):
            factory.job(company)
    factory.job(bautzen, state="draft")
    index(app)
    html = client.get("/region").get_data(as_text=True)
    total = _search_total(client)
    assert total == 9
    assert "9 offene Stellen in 9 Mitgliedern" in html
    with app.app_context():
        from jobportal.returnees import members_with_counts, public_job_total

        rows = members_with_counts()
        assert public_job_total() == total == sum(count for _member, count in rows)
        for member, count in rows:
            assert count == _search_total(client, member=member.slug), member.slug
    assert dict((m.slug, c) for m, c in rows)["landkreis-bautzen"] == 4


def test_districts_list_their_towns(client):
    html = client.get("/region").get_data(as_text=True)
    assert "57 Städte und Gemeinden" in html and "Wittichenau" in html
    page = client.get("/region/landkreis-bautzen").get_data(as_text=True)
    assert "Leben und Arbeiten im Landkreis Bautzen" in page
    assert "in Landkreis" not in page
    assert '<a href="/region/hoyerswerda">Hoyerswerda</a>' in page


def test_member_page_shows_jobs_companies_and_texts(app, client, factory):
    company = factory.company(name="Elektro Lessing GmbH", member="kamenz")
    factory.job(company, title="Elektriker (m/w/d)")
    factory.company(name="Noch Ungeprüft GmbH", member="kamenz", verified=False)
    html = client.get("/region/kamenz").get_data(as_text=True)
    assert "Leben und Arbeiten in Kamenz" in html
    assert "1 offene Stelle" in html
    assert 'href="/jobs?member=kamenz"' in html  # all jobs: the search with the member filter
    assert 'id="veranstaltungen"' in html
    assert "Elektriker (m/w/d)" in html
    assert "Elektro Lessing GmbH" in html
    assert "Noch Ungeprüft GmbH" not in html
    assert client.get("/region/gibt-es-nicht").status_code == 404


def test_promoter_edits_own_member_page_markdown_sanitised(app, client, factory):
    promoter = factory.user(role="promoter", members=["kamenz"], name="Paula Förder")
    login_as(client, app, promoter)
    assert client.get("/region/kamenz/bearbeiten").status_code == 200
    response = client.post("/region/kamenz/bearbeiten", data={**PAGE, "show_me": "y"})
    assert response.status_code == 302
    html = client.get("/region/kamenz").get_data(as_text=True)
    assert "<strong>Lessingstadt</strong>" in html
    assert "Kita und Schule" in html and "Zwölf Kitas" in html
    assert "<script>alert(1)</script>" not in html
    assert "Paula Förder" in html  # consented contact person
    with app.app_context():
        member = db.session.execute(select(Member).filter_by(slug="kamenz")).scalar_one()
        assert member.description.startswith("Die **Lessingstadt**")
        query = select(func.count(AuditEntry.id)).filter_by(action="edit_page")
        assert db.session.execute(query).scalar_one() == 1


def test_contact_person_only_with_consent(app, client, factory):
    promoter = factory.user(role="promoter", members=["kamenz"], name="Otto Still")
    login_as(client, app, promoter)
    client.post("/region/kamenz/bearbeiten", data=PAGE)
    assert "Otto Still" not in client.get("/region/kamenz").get_data(as_text=True)
    client.post("/region/kamenz/bearbeiten", data={**PAGE, "show_me": "y", "phone": "03578 123"})
    html = client.get("/region/kamenz").get_data(as_text=True)
    assert "Otto Still" in html and "03578 123" in html
    client.post("/region/kamenz/bearbeiten", data=PAGE)  # consent withdrawn
    assert "Otto Still" not in client.get("/region/kamenz").get_data(as_text=True)


def test_promoter_cannot_edit_other_members(app, client, factory):
    promoter = factory.user(role="promoter", members=["kamenz"])
    login_as(client, app, promoter)
    assert client.get("/region/radeberg/bearbeiten").status_code == 404
    assert client.post("/region/radeberg/bearbeiten", data=PAGE).status_code == 404
    employer, _company = factory.employer()
    login_as(client, app, employer)
    assert client.get("/region/kamenz/bearbeiten").status_code == 403


def test_too_long_text_is_a_form_error(app, client, factory):
    login_as(client, app, factory.user(role="promoter", members=["kamenz"]))
    response = client.post("/region/kamenz/bearbeiten", data={**PAGE, "living": "x" * 10_001})
    assert response.status_code == 400
    assert "höchstens 10000 Zeichen" in response.get_data(as_text=True)


def test_member_that_left_has_no_page(app, client, factory):
    from datetime import timedelta

    from jobportal.core.clock import berlin_today

    with app.app_context():
        member = db.session.execute(select(Member).filter_by(slug="pulsnitz")).scalar_one()
        member.left_on = berlin_today() - timedelta(days=1)
        db.session.commit()
    assert client.get("/region/pulsnitz").status_code == 404
    html = client.get("/region").get_data(as_text=True)
    assert "/region/pulsnitz" not in html
    assert "Pulsnitz" in html  # still a town of the Landkreis Bautzen


def test_all_jobs_are_counted_and_linked(app, client, factory):
    company = factory.company(member="kamenz")
    for n in range(7):
        factory.job(company, title=f"Stelle {n} (m/w/d)")
    index(app)
    html = client.get("/region/kamenz").get_data(as_text=True)
    assert "7 offene Stellen" in html
    assert html.count('class="job-card"') == 5
    assert _search_total(client, member="kamenz") == 7


FULL = {
    **PAGE,
    "transport": "Die S-Bahn fährt stündlich.",
    "transport_en": "The suburban train runs every hour.",
    "housing_company": "Wohnungsgesellschaft Kamenz mbH",
    "housing_url": "https://wohnen-kamenz.example",
    "transit_city": "Dresden",
    "transit_mode": "S-Bahn S8",
    "transit_minutes": "40",
}


def test_page_shows_housing_company_transport_and_english_versions(app, client, factory):
    login_as(client, app, factory.user(role="promoter", members=["kamenz"], name="Paula"))
    assert client.post("/region/kamenz/bearbeiten", data=FULL).status_code == 302
    html = client.get("/region/kamenz").get_data(as_text=True)
    assert '<a href="https://wohnen-kamenz.example" rel="noopener">Wohnungsgesellschaft' in html
    assert "Nach Dresden:</strong>" in html and "S-Bahn S8, 40 Minuten" in html
    assert "Die S-Bahn fährt stündlich." in html
    assert "The suburban train" not in html  # German page
    edit = client.get("/region/kamenz/bearbeiten").get_data(as_text=True)
    assert "The suburban train runs every hour." in edit
    english = client.get("/region/kamenz?lang=en").get_data(as_text=True)
    assert "The suburban train runs every hour." in english
    assert '<div class="prose" lang="de"><p>Ruhig und grün.</p>' in english


def test_bad_housing_url_and_travel_time_are_form_errors(app, client, factory):
    login_as(client, app, factory.user(role="promoter", members=["kamenz"]))
    data = {**FULL, "housing_url": "javascript:alert(1)", "transit_minutes": "0"}
    response = client.post("/region/kamenz/bearbeiten", data=data)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "https://" in text and "1 bis 300 Minuten" in text


def _with_contact(app, client, factory):
    promoter = factory.user(role="promoter", members=["kamenz"], name="Rita Rückkehr")
    login_as(client, app, promoter)
    client.post("/region/kamenz/bearbeiten", data={**PAGE, "show_me": "y"})
    client.post("/logout")
    with app.app_context():
        return db.session.execute(select(User).filter_by(id=promoter)).scalar_one()


def test_visitor_writes_to_the_contact_person(app, client, factory):
    promoter = _with_contact(app, client, factory)
    page = client.get("/region/kamenz").get_data(as_text=True)
    assert "Rita Rückkehr" in page and "Rückkehrberatung Kamenz" in page
    data = {
        "contact": promoter.id,
        "name": "Jana Heim",
        "email": "jana@example.org",
        "message": "Ich ziehe im Sommer zurück und suche eine Kita.",
    }
    response = client.post("/region/kamenz/kontakt", data=data)
    assert response.status_code == 302 and response.location.endswith("/region/kamenz#kontakt")
    with app.app_context():
        mail = db.session.execute(select(OutboxMail)).scalars().one()
        assert mail.recipient == promoter.email and mail.headers["Reply-To"] == "jana@example.org"
        assert "suche eine Kita" in mail.body_text and mail.erase_after_send
        send_pending()
        db.session.expire_all()
        mail = db.session.get(OutboxMail, mail.id)
        assert mail.status == "sent"
        assert "jana@example.org" not in f"{mail.body_text}{mail.body_html}{mail.headers}"


def test_contact_form_errors_and_throttle(app, client, factory):
    _with_contact(app, client, factory)
    bad = client.post("/region/kamenz/kontakt", data={"name": "", "email": "kein", "message": ""})
    assert bad.status_code == 400
    text = bad.get_data(as_text=True)
    assert "Bitte geben Sie Ihren Namen an." in text and "Leben und Arbeiten in Kamenz" in text
    for _ in range(4):
        client.post("/region/kamenz/kontakt", data={"name": "x"})
    assert client.post("/region/kamenz/kontakt", data={"name": "x"}).status_code == 429
    with app.app_context():
        assert not db.session.execute(select(OutboxMail)).scalars().all()
