"""Public region and municipality pages; promoters edit their own members' pages."""

from sqlalchemy import func, select

from jobportal.core.extensions import db
from jobportal.models import AuditEntry, Member
from tests.conftest import login_as

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
    assert '<a href="/region/kamenz">Kamenz</a></td>\n          <td>2</td>' in html
    assert "<h1>" in html


def test_member_page_shows_jobs_companies_and_texts(app, client, factory):
    company = factory.company(name="Elektro Lessing GmbH", member="kamenz")
    factory.job(company, title="Elektriker (m/w/d)")
    factory.company(name="Noch Ungeprüft GmbH", member="kamenz", verified=False)
    html = client.get("/region/kamenz").get_data(as_text=True)
    assert "Leben und Arbeiten in Kamenz" in html
    assert "1 offene Stellen" in html
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
    assert "Pulsnitz" not in client.get("/region").get_data(as_text=True)
