"""Matching: commute reach of any desired home, text fit then distance, the hard cases."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import event, select

from jobportal.core.clock import berlin_today
from jobportal.core.extensions import db
from jobportal.core.geometry import haversine_km
from jobportal.models import Job, Member, ReturneeProfile
from jobportal.places import car_time_label, end_membership, lookup_place
from jobportal.returnees import match_jobs, work_query, work_terms
from jobportal.search import note_member_changed
from tests.conftest import login_as
from tests.support.returnees import index_jobs, make_profile


def matches(app, profile_id, **kwargs):
    """(job titles with place, reasons, result) of match_jobs inside an app context."""
    with app.app_context():
        result = match_jobs(db.session.get(ReturneeProfile, profile_id), **kwargs)
        rows = [(m.job.id, m.reason, m.distance_km) for m in result.matches]
        return rows, result


def ids(rows):
    return [row[0] for row in rows]


def test_work_text_becomes_an_or_query():
    assert work_terms("Elektriker, Mechatroniker / Tischler und Maler") == [
        "Elektriker",
        "Mechatroniker",
        "Tischler",
        "Maler",
    ]
    assert work_query('-Elektriker, "Kfz-Mechatroniker"') == "Elektriker OR Kfz-Mechatroniker"
    assert work_query("") == ""


def test_text_fit_first_then_distance(app, factory):
    company = factory.company(member="kamenz")
    title_far = factory.job(company, title="Elektriker (m/w/d)", postal_code="01454")  # Radeberg
    title_near = factory.job(company, title="Elektriker (m/w/d)", postal_code="01917")  # Kamenz
    text_near = factory.job(
        company,
        title="Monteur (m/w/d)",
        description="Auch Elektriker sind bei uns willkommen.",
        postal_code="01917",
    )
    other_work = factory.job(company, title="Bürokauffrau (m/w/d)", postal_code="01917")
    too_far = factory.job(company, title="Elektriker (m/w/d)", postal_code="01067")  # Dresden
    index_jobs(app, title_far, title_near, text_near, other_work, too_far)
    profile = make_profile(app, factory.user(), homes=["Kamenz"], commute=30, work="Elektriker")

    rows, result = matches(app, profile)
    assert ids(rows) == [title_near, title_far, text_near]
    assert result.total == 3
    scores = {m.job.id: m.score for m in result.matches}
    assert scores[title_near] == scores[title_far] > scores[text_near]
    with app.app_context():
        kamenz = lookup_place("Kamenz").point
        radeberg = db.session.get(Job, title_far).place
        expected = haversine_km(*kamenz, radeberg.lat, radeberg.lon)
    _id, reason, km = rows[1]
    assert abs(km - expected) < 1e-6 and 15 < km < 30
    assert reason == f"{km:.0f} km von Kamenz ({car_time_label(km)}), passt zu „Elektriker“"


def test_any_desired_home_counts_and_the_nearest_is_named(app, factory):
    company = factory.company(member="kamenz")
    in_dresden = factory.job(company, title="Elektriker", postal_code="01067")
    in_kamenz = factory.job(company, title="Elektriker", postal_code="01917")
    index_jobs(app, in_dresden, in_kamenz)
    profile = make_profile(
        app, factory.user(), homes=["Kamenz", "Dresden"], commute=10, work="Elektriker"
    )
    rows, _result = matches(app, profile)
    assert set(ids(rows)) == {in_dresden, in_kamenz}
    reasons = dict((r[0], r[1]) for r in rows)
    assert reasons[in_dresden].startswith("in Dresden") or "von Dresden" in reasons[in_dresden]
    assert reasons[in_kamenz].startswith("in Kamenz")


def test_remote_jobs_always_qualify(app, factory):
    company = factory.company(member="grossenhain")
    remote = factory.job(company, title="Elektriker Planung", working_model="remote")
    onsite = factory.job(company, title="Elektriker Montage")
    index_jobs(app, remote, onsite)
    profile = make_profile(app, factory.user(), homes=["Kamenz"], commute=10, work="Elektriker")
    rows, result = matches(app, profile)
    assert ids(rows) == [remote]
    assert result.total == 1
    assert "remote" in rows[0][1]


def test_empty_work_text_lists_newest_first_within_reach(app, factory):
    company = factory.company(member="kamenz")
    made = [factory.job(company, title=f"Stelle {n}", postal_code="01917") for n in range(3)]
    with app.app_context():
        for age, job_id in enumerate(made):
            db.session.get(Job, job_id).published_at = datetime.now(UTC) - timedelta(days=age)
        db.session.commit()
    far = factory.job(company, title="Stelle weit weg", postal_code="01067")
    index_jobs(app, *made, far)
    profile = make_profile(app, factory.user(), homes=["Kamenz"], commute=15)
    rows, _result = matches(app, profile)
    assert ids(rows) == made
    assert all("neu in Ihrer Wunschregion" in reason for _id, reason, _km in rows)


def test_home_outside_every_members_reach_suggests_nearest_members(app, client, factory):
    factory.job(title="Elektriker", postal_code="01917")
    user_id = factory.user()
    profile = make_profile(app, user_id, homes=["München"], commute=30, work="Elektriker")
    rows, result = matches(app, profile)
    assert rows == [] and result.total == 0
    assert [home.name for home in result.unreachable] == ["München"]
    assert len(result.unreachable[0].suggestions) == 3
    login_as(client, app, user_id)
    html = client.get("/rueckkehr/passende-stellen").get_data(as_text=True)
    assert "München liegt außerhalb unserer Region" in html
    assert "Am nächsten liegen" in html


def test_postal_code_home_matches_like_the_town(app, factory):
    job = factory.job(title="Elektriker", postal_code="01917")
    index_jobs(app, job)
    by_code = make_profile(app, factory.user(), homes=["01917"], commute=5, work="Elektriker")
    rows, _result = matches(app, by_code)
    assert ids(rows) == [job]
    assert rows[0][1].startswith("in Kamenz, passt zu")


def test_job_of_a_member_that_left_is_never_shown(app, factory):
    company = factory.company(member="grossenhain")  # not inside a member district
    job = factory.job(company, title="Elektriker")
    index_jobs(app, job)
    profile = make_profile(app, factory.user(), homes=["Großenhain"], commute=10, work="Elektriker")
    assert ids(matches(app, profile)[0]) == [job]
    with app.app_context():
        member = db.session.execute(select(Member).filter_by(slug="grossenhain")).scalar_one()
        end_membership(member, berlin_today())
        db.session.commit()
        member_id = member.id
    rows, result = matches(app, profile)
    assert rows == [] and result.total == 0  # the database decides before the index knows
    with app.app_context():
        note_member_changed(member_id)
        db.session.commit()
    index_jobs(app)
    rows, result = matches(app, profile)
    assert rows == [] and result.total == 0


def test_wide_commute_around_dresden_needs_few_queries(app, factory):
    from bench.corpus import fill_database

    with app.app_context():
        fill_database(300, seed=3)
        job_ids = list(db.session.execute(select(Job.id)).scalars())
    index_jobs(app, *job_ids)
    profile = make_profile(app, factory.user(), homes=["Dresden"], commute=100)
    statements = []
    with app.app_context():
        engine = db.engine
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            result = match_jobs(db.session.get(ReturneeProfile, profile), limit=20, page=2)
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        assert result.total == 300
        assert len(result.matches) == 20
    assert len(statements) < 25  # independent of the number of jobs


def test_matches_page_counts_in_german(app, client, factory):
    job = factory.job(title="Elektriker", postal_code="01917")
    index_jobs(app, job)
    user_id = factory.user()
    make_profile(app, user_id, homes=["Kamenz"], commute=10, work="Elektriker")
    login_as(client, app, user_id)
    html = client.get("/rueckkehr/passende-stellen").get_data(as_text=True)
    assert "1 passende Stelle<" in html
