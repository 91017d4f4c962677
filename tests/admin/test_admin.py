"""Network admin: members, promoter accounts, locking users; access to /admin."""

import re
from datetime import date

import pytest
from sqlalchemy import select

from jobportal.core.extensions import db
from jobportal.models import Member, User
from tests.conftest import DEFAULT_PASSWORD, login_as
from tests.support.moderation import audit_actions, mails_to, search_feed, user_row


@pytest.fixture
def admin_id(factory):
    """A logged-out admin account."""
    return factory.user(role="admin", name="Anna Admin")


@pytest.fixture
def as_admin(client, app, admin_id):
    """The test client logged in as the admin."""
    login_as(client, app, admin_id)
    return client


def member_by(app, **filters) -> Member:
    """A detached member."""
    with app.app_context():
        member = db.session.execute(select(Member).filter_by(**filters)).scalar_one()
        member.places  # noqa: B018 - load before detaching
        db.session.expunge(member)
        return member


# --- access -------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/admin/", "/admin/foerderer/", "/admin/nutzer/"])
def test_admin_area_is_for_admins_only(client, app, factory, url):
    assert "/anmelden" in client.get(url).headers["Location"]
    for role in ("jobseeker", "employer", "promoter"):
        login_as(client, app, factory.user(role=role, members=["kamenz"]))
        assert client.get(url).status_code == 403


# --- members ------------------------------------------------------------------------------


def test_members_list_shows_join_dates(as_admin):
    page = as_admin.get("/admin/").get_data(as_text=True)
    assert "Hoyerswerda" in page and "03.06.2021" in page and "Kamenz" in page


def test_admin_adds_a_member_with_places(as_admin, app):
    response = as_admin.post(
        "/admin/mitglieder/neu",
        data={
            "name": "Bautzen",
            "kind": "municipality",
            "ags": "14625020",
            "joined_on": "2026-09-01",
            "state": "SN",
            "places": "Bautzen",
        },
        follow_redirects=True,
    )
    assert "Bautzen wurde als Mitglied eingetragen." in response.get_data(as_text=True)
    member = member_by(app, ags="14625020")
    assert member.joined_on == date(2026, 9, 1) and member.places
    assert audit_actions(app, "member", member.id) == ["add_member"]
    assert "01.09.2026" in as_admin.get("/admin/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Bitte geben Sie den Namen an."),
        ({"name": "x" * 201}, "Bitte höchstens 200 Zeichen eingeben."),
        ({"kind": "galaxy"}, "Bitte wählen Sie einen Eintrag aus der Liste."),
        ({"ags": "123"}, "Der AGS hat 8 Ziffern"),
        ({"ags": "14625240"}, "Ein Mitglied mit diesem Schlüssel gibt es schon."),
        ({"joined_on": "31.02.2026"}, "Bitte geben Sie ein gültiges Datum an"),
        ({"joined_on": ""}, "Bitte geben Sie ein gültiges Datum an"),
        ({"places": ""}, "Bitte geben Sie mindestens einen Ort an."),
        ({"places": "Atlantis an der Spree"}, "Atlantis an der Spree"),
        ({"places": "99999"}, "Die Postleitzahl 99999 gibt es nicht."),
        ({"state": "XX"}, "Bitte wählen Sie ein Bundesland."),
    ],
)
def test_bad_member_input_is_refused(as_admin, app, changes, message):
    data = {
        "name": "Bautzen",
        "kind": "municipality",
        "ags": "14625020",
        "joined_on": "2026-09-01",
        "state": "SN",
        "places": "Bautzen",
    }
    data.update(changes)
    response = as_admin.post("/admin/mitglieder/neu", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(Member).filter_by(name="Bautzen")).first() is None


def test_admin_records_a_leave_date(as_admin, app):
    member = member_by(app, slug="radeburg")
    url = f"/admin/mitglieder/{member.id}/austritt"
    assert as_admin.get(url).status_code == 200
    response = as_admin.post(url, data={"left_on": "30.06.2026"}, follow_redirects=True)
    assert "Der Austritt von Radeburg wurde eingetragen." in response.get_data(as_text=True)
    assert member_by(app, slug="radeburg").left_on == date(2026, 6, 30)
    assert audit_actions(app, "member", member.id) == ["end_membership"]
    assert search_feed(app, "member") == [member.id]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("kein Datum", "Bitte geben Sie ein gültiges Datum an"),
        ("2015-12-31", "Das Austrittsdatum muss nach dem Beitrittsdatum liegen."),
    ],
)
def test_bad_leave_dates_are_refused(as_admin, app, value, message):
    member = member_by(app, slug="radeburg")
    response = as_admin.post(f"/admin/mitglieder/{member.id}/austritt", data={"left_on": value})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert member_by(app, slug="radeburg").left_on is None
    assert as_admin.get("/admin/mitglieder/999999/austritt").status_code == 404


# --- promoters ----------------------------------------------------------------------------


def test_admin_creates_a_promoter_who_sets_a_password(as_admin, app, client):
    kamenz = member_by(app, slug="kamenz")
    response = as_admin.post(
        "/admin/foerderer/",
        data={
            "email": "Foerderin@Kamenz.example",
            "name": "Frida Förderin",
            "members": [str(kamenz.id)],
        },
        follow_redirects=True,
    )
    assert "foerderin@kamenz.example" in response.get_data(as_text=True)
    with app.app_context():
        user = db.session.execute(
            select(User).filter_by(email="foerderin@kamenz.example")
        ).scalar_one()
        assert user.role == "promoter" and [m.slug for m in user.members] == ["kamenz"]
        user_id = user.id
    subject, body = mails_to(app, "foerderin@kamenz.example")[-1]
    assert "Zugang" in subject and "Kamenz" in body
    path = re.search(r"http://localhost(/passwort-zuruecksetzen/\S+)", body).group(1)

    client.post("/abmelden")
    new_password = "Foerderin-Passwort-2026"
    client.post(path, data={"password": new_password, "password_repeat": new_password})
    client.post("/anmelden", data={"email": "foerderin@kamenz.example", "password": new_password})
    assert client.get("/moderation/").status_code == 200
    assert "create_promoter" in audit_actions(app, "user", user_id)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": ""}, "Bitte geben Sie die E-Mail-Adresse an."),
        ({"email": "keine-adresse"}, "Bitte geben Sie eine gültige E-Mail-Adresse an."),
        ({"email": "a@example.org", "name": "x" * 121}, "Bitte höchstens 120 Zeichen eingeben."),
        ({"email": "a@example.org", "members": ["999999"]}, "nur Einträge aus der Liste"),
        ({"email": "a@example.org", "members": ["abc"]}, "nur Einträge aus der Liste"),
    ],
)
def test_bad_promoter_input_is_refused(as_admin, app, data, message):
    response = as_admin.post("/admin/foerderer/", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(User).filter_by(email="a@example.org")).first() is None


def test_existing_address_cannot_become_a_second_account(as_admin, factory):
    factory.user(email="schon@example.org")
    response = as_admin.post("/admin/foerderer/", data={"email": "schon@example.org"})
    assert response.status_code == 400
    assert "gibt es bereits ein Konto" in response.get_data(as_text=True)


def test_admin_changes_a_promoters_municipalities(as_admin, app, factory):
    promoter = factory.user(role="promoter", members=["kamenz"])
    radeberg = member_by(app, slug="radeberg")
    url = f"/admin/foerderer/{promoter}"
    assert "Kamenz" in as_admin.get(url).get_data(as_text=True)
    as_admin.post(url, data={"members": [str(radeberg.id)]})
    with app.app_context():
        assert [m.slug for m in db.session.get(User, promoter).members] == ["radeberg"]
    assert audit_actions(app, "user", promoter) == ["promoter_members"]
    assert as_admin.post(url, data={"members": ["999999"]}).status_code == 400
    as_admin.post(f"{url}/einladung")
    assert mails_to(app, user_row(app, promoter).email)
    assert as_admin.get(f"/admin/foerderer/{factory.user()}").status_code == 404


# --- users --------------------------------------------------------------------------------


def test_user_search_by_email(as_admin, factory):
    factory.user(email="gesucht@example.org")
    factory.user(email="anders@example.org")
    page = as_admin.get("/admin/nutzer/?q=GESUCHT").get_data(as_text=True)
    assert "gesucht@example.org" in page and "anders@example.org" not in page
    assert "Keine Konten gefunden." in as_admin.get("/admin/nutzer/?q=%25_").get_data(as_text=True)


def test_lock_ends_sessions_and_refuses_login_unlock_restores(app, factory, admin_id):
    victim = factory.user(email="gesperrt@example.org")
    victim_client, admin_client = app.test_client(), app.test_client()
    login_as(victim_client, app, victim)
    assert victim_client.get("/konto").status_code == 200
    login_as(admin_client, app, admin_id)

    response = admin_client.post(
        f"/admin/nutzer/{victim}/sperren", data={"reason": "Spam"}, follow_redirects=True
    )
    assert "Das Konto wurde gesperrt." in response.get_data(as_text=True)
    assert "/anmelden" in victim_client.get("/konto").headers["Location"]
    page = victim_client.post(
        "/anmelden", data={"email": "gesperrt@example.org", "password": DEFAULT_PASSWORD}
    ).get_data(as_text=True)
    assert "gesperrt" in page
    assert victim_client.get("/konto").status_code == 302

    admin_client.post(f"/admin/nutzer/{victim}/entsperren", data={})
    victim_client.post(
        "/anmelden", data={"email": "gesperrt@example.org", "password": DEFAULT_PASSWORD}
    )
    assert victim_client.get("/konto").status_code == 200
    assert audit_actions(app, "user", victim) == ["lock", "unlock"]
    page = admin_client.get(f"/admin/nutzer/{victim}").get_data(as_text=True)
    assert "Konto gesperrt" in page and "Spam" in page


def test_lock_refusals(as_admin, app, admin_id, factory):
    response = as_admin.post(f"/admin/nutzer/{admin_id}/sperren", follow_redirects=True)
    assert "nicht sperren" in response.get_data(as_text=True)
    assert user_row(app, admin_id).locked_at is None
    other = factory.user()
    response = as_admin.post(f"/admin/nutzer/{other}/sperren", data={"reason": "x" * 2001})
    assert response.status_code == 400
    assert user_row(app, other).locked_at is None
    response = as_admin.post(f"/admin/nutzer/{other}/entsperren", follow_redirects=True)
    assert "nicht gesperrt" in response.get_data(as_text=True)
    assert as_admin.post("/admin/nutzer/999999/sperren").status_code == 404
    assert as_admin.post(f"/admin/nutzer/{other}/loeschen").status_code == 404
