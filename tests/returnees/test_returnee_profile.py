"""The returnee profile: form, place lookup, commute estimate, visibility choice."""

import math
import re

import pytest
from sqlalchemy import func, select

from jobportal.core.extensions import db
from jobportal.core.geometry import haversine_km
from jobportal.models import ReturneeProfile, User
from jobportal.places import (
    AVERAGE_SPEED_KMH,
    DETOUR_FACTOR,
    car_minutes,
    car_time_label,
    lookup_place,
)
from jobportal.returnees import ProfileError, ProfileInput, profile_for, save_profile
from tests.conftest import login_as
from tests.support.returnees import make_profile

FORM = {
    "home_1": "Kamenz",
    "commute_km": "30",
    "current_place": "München",
    "work_text": "Elektriker",
    "visibility": "private",
}


def test_commute_time_follows_the_documented_formula():
    for km in (5, 12.5, 28, 30, 47, 100):
        expected = km * DETOUR_FACTOR / AVERAGE_SPEED_KMH * 60
        assert abs(car_minutes(km) - expected) <= 2.5
        assert car_minutes(km) % 5 == 0
    assert car_time_label(30) == "ca. 40 Min."  # 30 km * 1.3 = 39 road km at 60 km/h
    assert car_time_label(100) == "ca. 2 Std. 10 Min."
    assert car_minutes(0) == 0 and car_minutes(math.inf) == 0


def test_commute_distance_between_real_towns_matches_haversine(ctx):
    kamenz, radeberg = lookup_place("Kamenz").point, lookup_place("Radeberg").point
    km = haversine_km(*kamenz, *radeberg)
    assert 20 < km < 30  # about 24 km as the crow flies
    assert car_time_label(km).startswith("ca. ")


def test_jobseeker_saves_profile_and_sees_the_car_time(app, client, factory):
    user_id = factory.user()
    login_as(client, app, user_id)
    page = client.get("/rueckkehr/profil")
    assert page.status_code == 200
    assert re.search(r'<input checked[^>]*value="private"', page.get_data(as_text=True))
    response = client.post("/rueckkehr/profil", data=FORM)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/rueckkehr/passende-stellen")
    html = client.get("/rueckkehr/profil").get_data(as_text=True)
    assert "Kamenz (01917, Sachsen)" in html
    assert "ca. 40 Min." in html
    with app.app_context():
        profile = profile_for(user_id)
        assert profile.visibility == "private"
        assert profile.current_place.name == "München"
        assert [h.name for h in profile.homes] == ["Kamenz"]


def test_desired_home_and_commute_are_required(app, client, factory):
    login_as(client, app, factory.user())
    response = client.post("/rueckkehr/profil", data={"commute_km": "", "visibility": "private"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "mindestens einen Ort" in html
    assert "wie weit Sie pendeln" in html
    response = client.post("/rueckkehr/profil", data={**FORM, "commute_km": "150"})
    assert response.status_code == 400
    assert "von 5 bis 100" in response.get_data(as_text=True)


def test_ambiguous_home_offers_candidates_to_choose(app, client, factory):
    login_as(client, app, factory.user())
    response = client.post("/rueckkehr/profil", data={**FORM, "home_1": "Freiberg"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Mehrere Orte heißen so" in html
    assert 'name="home_1_choice"' in html
    with app.app_context():
        choice = lookup_place("Freiberg").candidates[0].query
    response = client.post(
        "/rueckkehr/profil", data={**FORM, "home_1": "Freiberg", "home_1_choice": choice}
    )
    assert response.status_code == 302


def test_unknown_place_and_contact_data_are_refused(ctx, app, factory):
    user = db.session.get(User, factory.user())
    with pytest.raises(ProfileError) as caught:
        save_profile(user, ProfileInput(homes=["Nirgendwohausen"], commute_km=30))
    assert "kennen wir nicht" in caught.value.errors["home_1"]
    with pytest.raises(ProfileError) as caught:
        data = ProfileInput(homes=["Kamenz"], commute_km=30, work_text="mail: a@b.de")
        save_profile(user, data)
    assert "work_text" in caught.value.errors


def test_postal_code_home_measures_from_the_code(ctx, app, factory):
    user = db.session.get(User, factory.user())
    profile = save_profile(user, ProfileInput(homes=["01917", "Radeberg"], commute_km=20))
    kamenz = lookup_place("01917")
    assert profile.homes[0].name == "Kamenz"
    assert (profile.homes[0].lat, profile.homes[0].lon) == kamenz.point
    assert [h.position for h in profile.homes] == [0, 1]


def test_abroad_returnee_and_all_optional_fields(app, client, factory):
    user_id = factory.user()
    login_as(client, app, user_id)
    data = {
        **FORM,
        "current_place": "",
        "abroad_country": "Norwegen",
        "employment_types": ["vollzeit", "teilzeit"],
        "working_models": ["hybrid"],
        "return_month": "2027-04",
        "needs": ["kita", "partner_job"],
        "sector": "handwerk",
        "visibility": "promoters_employers",
    }
    assert client.post("/rueckkehr/profil", data=data).status_code == 302
    with app.app_context():
        profile = profile_for(user_id)
        assert profile.lives_abroad and profile.current_place_id is None
        assert profile.return_month.isoformat() == "2027-04-01"
        assert profile.needs == ["kita", "partner_job"]
        assert profile.visibility == "promoters_employers"


def test_profile_pages_need_a_jobseeker(app, client, factory):
    assert client.get("/rueckkehr/profil").status_code == 302  # to the login
    employer_id, _company = factory.employer()
    login_as(client, app, employer_id)
    assert client.get("/rueckkehr/profil").status_code == 403


def test_delete_profile(app, client, factory):
    user_id = factory.user()
    make_profile(app, user_id)
    login_as(client, app, user_id)
    assert client.post("/rueckkehr/profil/loeschen").status_code == 302
    with app.app_context():
        assert db.session.execute(select(func.count(ReturneeProfile.id))).scalar_one() == 0
    assert client.get("/rueckkehr/passende-stellen").status_code == 302
