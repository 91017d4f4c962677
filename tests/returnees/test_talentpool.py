"""Talent pool: visibility rules, pseudonymous cards, contact requests, aggregated figures."""

from sqlalchemy import func, select

from jobportal.core.clock import berlin_today
from jobportal.core.extensions import db
from jobportal.models import ContactRequest
from jobportal.returnees import CONTACT_LIMIT
from tests.conftest import login_as
from tests.support.returnees import mails_to, make_profile, month

PSEUDO = "promoters_employers"


def returnee(app, factory, name, email, visibility=PSEUDO, homes=("Kamenz",), **fields):
    """A job seeker with a profile; returns (user id, profile id)."""
    user_id = factory.user(name=name, email=email)
    fields.setdefault("work", "Elektriker")
    profile_id = make_profile(app, user_id, homes=homes, visibility=visibility, **fields)
    return user_id, profile_id


def pool_html(client, **params) -> str:
    response = client.get("/talentpool", query_string=params)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_employer_sees_only_pseudonymous_profiles_without_names(app, client, factory):
    _u, open_id = returnee(app, factory, "Anna Offen", "anna@example.org")
    _u, private_id = returnee(app, factory, "Bernd Privat", "bernd@example.org", "private")
    _u, promo_id = returnee(app, factory, "Clara Förder", "clara@example.org", "promoters")
    employer, _company = factory.employer()
    login_as(client, app, employer)
    html = pool_html(client)
    assert f"Profil R-{open_id}" in html
    assert f"Profil R-{private_id}" not in html and f"Profil R-{promo_id}" not in html
    for secret in ("Anna", "Offen", "anna@example.org", "Bernd", "Clara", "München"):
        assert secret not in html
    assert client.get(f"/talentpool/profil/{private_id}/kontakt").status_code == 404
    assert client.get(f"/talentpool/profil/{promo_id}/kontakt").status_code == 404


def test_current_place_is_shown_coarsely(app, client, factory):
    _u, pid = returnee(app, factory, "Dora", "dora@example.org", current_place="München")
    employer, _company = factory.employer()
    login_as(client, app, employer)
    html = pool_html(client)
    assert f"Profil R-{pid}" in html and "Bayern" in html and "München" not in html


def test_unverified_employers_and_jobseekers_have_no_pool(app, client, factory):
    company = factory.company(verified=False)
    employer, _company = factory.employer(company_id=company)
    login_as(client, app, employer)
    assert client.get("/talentpool").status_code == 403
    login_as(client, app, factory.user())
    assert client.get("/talentpool").status_code == 403


def test_promoter_sees_only_profiles_for_their_municipalities(app, client, factory):
    _u, lives = returnee(app, factory, "A", "a@example.org", "promoters", homes=["Kamenz"])
    _u, commutes = returnee(
        app, factory, "B", "b@example.org", "promoters", homes=["Radeberg"], commute=30
    )
    _u, far = returnee(app, factory, "C", "c@example.org", "promoters", homes=["München"])
    _u, private = returnee(app, factory, "D", "d@example.org", "private", homes=["Kamenz"])
    login_as(client, app, factory.user(role="promoter", members=["kamenz"]))
    html = pool_html(client)
    assert f"Profil R-{lives}<" in html and f"Profil R-{commutes}<" in html
    assert f"Profil R-{far}<" not in html and f"Profil R-{private}<" not in html
    assert client.get(f"/talentpool/profil/{far}/kontakt").status_code == 404


def test_search_by_work_text_and_commute_target(app, client, factory):
    _u, electrician = returnee(app, factory, "A", "a@example.org", homes=["Kamenz"], commute=10)
    _u, nurse = returnee(
        app, factory, "B", "b@example.org", homes=["Dresden"], commute=40, work="Pflegefachkraft"
    )
    employer, _company = factory.employer()
    login_as(client, app, employer)
    html = pool_html(client, q="elektr")
    assert f"Profil R-{electrician}<" in html and f"Profil R-{nurse}<" not in html
    html = pool_html(client, member="radeberg")  # Dresden + 40 km reaches Radeberg
    assert f"Profil R-{nurse}<" in html and f"Profil R-{electrician}<" not in html


def test_contact_request_goes_by_mail_and_reply_reveals_address(app, client, factory):
    user_id, pid = returnee(app, factory, "Erik Elektro", "erik@example.org")
    promoter = factory.user(
        role="promoter", members=["kamenz"], name="Paula Förder", email="paula@kamenz.example"
    )
    login_as(client, app, promoter)
    response = client.post(
        f"/talentpool/profil/{pid}/kontakt", data={"message": "Kamenz sucht Elektriker!"}
    )
    assert response.status_code == 302
    [mail] = mails_to(app, "erik@example.org")
    assert "Paula Förder" in mail.body_text and "Wirtschaftsförderung Kamenz" in mail.body_text
    assert "Kamenz sucht Elektriker!" in mail.body_text
    assert mails_to(app, "paula@kamenz.example") == []

    login_as(client, app, user_id)
    html = client.get("/rueckkehr/anfragen").get_data(as_text=True)
    assert "Kamenz sucht Elektriker!" in html
    with app.app_context():
        request_id = db.session.execute(select(ContactRequest.id)).scalar_one()
    response = client.post(
        f"/rueckkehr/anfragen/{request_id}/antworten", data={"reply": "Gern, rufen Sie an."}
    )
    assert response.status_code == 302
    [answer] = mails_to(app, "paula@kamenz.example")
    assert "erik@example.org" in answer.body_text and "Gern, rufen Sie an." in answer.body_text
    assert answer.headers["Reply-To"] == "erik@example.org"


def test_declining_sends_nothing(app, client, factory):
    user_id, pid = returnee(app, factory, "Erik", "erik@example.org")
    employer, _company = factory.employer(email="chef@firma.example")
    login_as(client, app, employer)
    client.post(f"/talentpool/profil/{pid}/kontakt", data={"message": "Hallo"})
    login_as(client, app, user_id)
    with app.app_context():
        request_id = db.session.execute(select(ContactRequest.id)).scalar_one()
    client.post(f"/rueckkehr/anfragen/{request_id}/ablehnen")
    assert mails_to(app, "chef@firma.example") == []
    assert "abgelehnt" in client.get("/rueckkehr/anfragen").get_data(as_text=True)
    other = factory.user()
    login_as(client, app, other)
    assert client.post(f"/rueckkehr/anfragen/{request_id}/antworten").status_code == 404


def test_contact_requests_are_rate_limited_per_sender(app, client, factory):
    _u, pid = returnee(app, factory, "Erik", "erik@example.org")
    employer, _company = factory.employer()
    login_as(client, app, employer)
    for n in range(CONTACT_LIMIT):
        response = client.post(f"/talentpool/profil/{pid}/kontakt", data={"message": f"Nr. {n}"})
        assert response.status_code == 302
    response = client.post(f"/talentpool/profil/{pid}/kontakt", data={"message": "zu viel"})
    assert response.status_code == 400
    assert "höchstens 10 Kontaktanfragen pro Tag" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(func.count(ContactRequest.id))).scalar_one() == 10
    other, _company = factory.employer()
    login_as(client, app, other)
    response = client.post(f"/talentpool/profil/{pid}/kontakt", data={"message": "Hallo"})
    assert response.status_code == 302


def test_figures_hide_groups_smaller_than_five(app, client, factory):
    today = berlin_today()
    for n in range(5):
        returnee(app, factory, "X", f"e{n}@example.org", "promoters", return_month=month(2, today))
    returnee(app, factory, "Y", "it@example.org", "promoters", work="Softwareentwickler")
    returnee(app, factory, "Z", "p@example.org", "private")  # not counted
    login_as(client, app, factory.user(role="promoter", members=["kamenz"]))
    html = client.get("/talentpool/zahlen").get_data(as_text=True)
    assert "Kamenz: 6 Personen" in html
    assert "<td>Handwerk</td><td>5</td>" in html
    assert "<td>IT und Software</td><td>&lt; 5</td>" in html
    assert "<td>innerhalb von 6 Monaten</td><td>5</td>" in html
    assert "<td>noch offen</td><td>&lt; 5</td>" in html
    for secret in ("e0@example.org", "Softwareentwickler", "Elektriker"):
        assert secret not in html
