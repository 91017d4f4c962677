"""Two careers, one home: places where both partners find work within their commutes."""

import pytest

from jobportal.core.extensions import db
from jobportal.core.geometry import haversine_km
from jobportal.models import Member, MemberPage, ReturneeProfile, User
from jobportal.returnees import ProfileError, ProfileInput, household_places, save_profile
from tests.conftest import login_as
from tests.support.returnees import index_jobs, make_profile


def _household(app, profile_id):
    """(both, one_sided) as plain tuples, computed inside an app context."""
    with app.app_context():
        result = household_places(db.session.get(ReturneeProfile, profile_id))

        def side(data):
            return data.total, [(job.id, job.place.lat, job.place.lon) for job, _km in data.jobs]

        def rows(places):
            return [
                (
                    p.member.slug,
                    p.member.center_place.lat,
                    p.member.center_place.lon,
                    side(p.you),
                    side(p.partner),
                    p.childcare,
                )
                for p in places
            ]

        return rows(result.both), rows(result.one_sided), result.partner_commute_km


@pytest.fixture
def couple(app, factory):
    """Electricians in Kamenz and Radeberg, a nurse's job only in Kamenz, one in Dresden."""
    company = factory.company(member="kamenz")
    jobs = {
        "sparky_kamenz": factory.job(company, title="Elektriker (m/w/d)", postal_code="01917"),
        "sparky_radeberg": factory.job(company, title="Elektriker (m/w/d)", postal_code="01454"),
        "nurse_kamenz": factory.job(company, title="Pflegefachkraft (m/w/d)", postal_code="01917"),
        "nurse_dresden": factory.job(company, title="Pflegefachkraft (m/w/d)", postal_code="01067"),
    }
    index_jobs(app, *jobs.values())
    profile = make_profile(
        app,
        factory.user(),
        homes=["Kamenz"],
        commute=12,
        work="Elektriker",
        partner_work_text="Pflegefachkraft",
        partner_commute_km=10,
    )
    return profile, jobs


def test_every_suggested_place_holds_both_commutes(app, couple):
    profile, jobs = couple
    both, one_sided, partner_km = _household(app, profile)
    assert partner_km == 10
    assert both, "Kamenz has work for both"
    for _slug, lat, lon, (you_total, you_jobs), (partner_total, partner_jobs), _kita in both:
        assert you_total > 0 and partner_total > 0
        assert you_jobs and partner_jobs
        for _id, jlat, jlon in you_jobs:
            assert haversine_km(lat, lon, jlat, jlon) <= 12
        for _id, jlat, jlon in partner_jobs:
            assert haversine_km(lat, lon, jlat, jlon) <= 10
    assert [row[0] for row in both][0] == "kamenz"


def test_a_place_where_only_one_finds_work_is_not_both(app, couple):
    profile, jobs = couple
    both, one_sided, _km = _household(app, profile)
    both_slugs = {row[0] for row in both}
    one_slugs = {row[0] for row in one_sided}
    assert "radeberg" not in both_slugs  # the electrician's job only: no nurse within 10 km
    assert "radeberg" in one_slugs
    radeberg = next(row for row in one_sided if row[0] == "radeberg")
    assert radeberg[3][0] >= 1 and radeberg[4][0] == 0
    assert not both_slugs & one_slugs


def test_places_rank_by_the_scarcer_side(app, factory):
    company = factory.company(member="kamenz")
    ids = [factory.job(company, title="Elektriker", postal_code="01917") for _ in range(3)]
    ids += [factory.job(company, title="Pflegefachkraft", postal_code="01917")]
    ids += [factory.job(company, title="Elektriker", postal_code="01454") for _ in range(2)]
    ids += [factory.job(company, title="Pflegefachkraft", postal_code="01454") for _ in range(2)]
    index_jobs(app, *ids)
    profile = make_profile(
        app, factory.user(), commute=5, work="Elektriker", partner_work_text="Pflegefachkraft"
    )
    both, _one, partner_km = _household(app, profile)
    assert partner_km == 5  # the returnee's radius when the partner gives none
    # Radeberg: 2 and 2 (the scarcer side 2) before Kamenz: 3 and 1.
    assert [row[0] for row in both] == ["radeberg", "kamenz"]


def test_kita_need_brings_the_childcare_information(app, couple, factory):
    profile, _jobs = couple
    with app.app_context():
        kamenz = db.session.execute(db.select(Member).filter_by(slug="kamenz")).scalar_one()
        db.session.add(MemberPage(member_id=kamenz.id, childcare="12 Kitas, Hort an jeder Schule."))
        db.session.commit()
    both, _one, _km = _household(app, profile)
    assert all(row[5] == "" for row in both)  # no Kita need: not shown first
    with app.app_context():
        row = db.session.get(ReturneeProfile, profile)
        row.needs = ["kita"]
        db.session.commit()
    both, _one, _km = _household(app, profile)
    assert dict((row[0], row[5]) for row in both)["kamenz"] == "12 Kitas, Hort an jeder Schule."


def test_partner_fields_are_checked(app, factory):
    user_id = factory.user()
    with app.app_context():
        user = db.session.get(User, user_id)
        bad = ProfileInput(
            homes=["Kamenz"],
            commute_km=30,
            partner_work_text="Pflege, ruf an: 0351 1234567",
            partner_commute_km=500,
        )
        with pytest.raises(ProfileError) as raised:
            save_profile(user, bad)
        db.session.rollback()
    assert set(raised.value.errors) == {"partner_work_text", "partner_commute_km"}


def test_household_page_asks_for_the_partner_first(app, client, factory):
    user_id = factory.user()
    make_profile(app, user_id, work="Elektriker")
    login_as(client, app, user_id)
    page = client.get("/rueckkehr/haushalt")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Wo finden wir beide Arbeit?" in text
    assert "Profil ergänzen" in text


def test_household_page_lists_places_for_both(app, client, couple):
    profile, jobs = couple
    with app.app_context():
        user_id = db.session.get(ReturneeProfile, profile).user_id
    login_as(client, app, user_id)
    text = client.get("/rueckkehr/haushalt").get_data(as_text=True)
    assert "Orte, an denen Sie beide Arbeit finden" in text or "Ort, an dem Sie beide" in text
    assert "Kamenz" in text
    assert "Pflegefachkraft (m/w/d)" in text and "Elektriker (m/w/d)" in text
    assert "Orte, an denen nur eine Person Arbeit findet" in text
    assert "/suchauftrag/neu?q=Pflegefachkraft" in text


def test_matches_page_offers_alerts_for_the_partner(app, client, couple):
    profile, _jobs = couple
    with app.app_context():
        user_id = db.session.get(ReturneeProfile, profile).user_id
    login_as(client, app, user_id)
    text = client.get("/rueckkehr/passende-stellen").get_data(as_text=True)
    assert "Für Ihre Partnerin oder Ihren Partner" in text
    assert "/suchauftrag/neu?q=Pflegefachkraft" in text
    assert "/suchauftrag/neu?q=Elektriker" in text


def test_household_page_needs_a_login(client):
    response = client.get("/rueckkehr/haushalt")
    assert response.status_code in (302, 303)
    assert "/anmelden" in response.headers["Location"] or "login" in response.headers["Location"]
