"""The watch list: bookmark from list, detail page and matches; ended jobs stay, marked."""

from datetime import timedelta

from jobportal.core.clock import berlin_today
from jobportal.core.extensions import db
from jobportal.models import Job
from tests.conftest import login_as
from tests.support.returnees import index_jobs, make_profile


def test_bookmark_button_on_the_job_page_for_jobseekers_only(app, client, factory):
    job = factory.job(title="Elektriker (m/w/d)")
    assert "Merken" not in client.get(f"/stellen/{job}").get_data(as_text=True)
    login_as(client, app, factory.user())
    html = client.get(f"/stellen/{job}").get_data(as_text=True)
    assert f'action="/rueckkehr/merkliste/{job}"' in html
    assert 'name="csrf_token"' in html


def test_bookmark_and_unbookmark(app, client, factory):
    job = factory.job(title="Elektriker (m/w/d)")
    login_as(client, app, factory.user())
    response = client.post(f"/rueckkehr/merkliste/{job}", data={"next": f"/stellen/{job}"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/stellen/{job}"
    client.post(f"/rueckkehr/merkliste/{job}")  # twice is fine
    html = client.get("/rueckkehr/merkliste").get_data(as_text=True)
    assert html.count('<li class="job-card">') == 1
    assert "Von der Merkliste entfernen" in client.get(f"/stellen/{job}").get_data(as_text=True)
    client.post(f"/rueckkehr/merkliste/{job}/entfernen")
    assert "Ihre Merkliste ist leer" in client.get("/rueckkehr/merkliste").get_data(as_text=True)


def test_unsafe_next_is_ignored(app, client, factory):
    job = factory.job()
    login_as(client, app, factory.user())
    response = client.post(f"/rueckkehr/merkliste/{job}", data={"next": "//evil.example"})
    assert response.headers["Location"] == "/rueckkehr/merkliste"


def test_ended_jobs_stay_on_the_list_with_their_status(app, client, factory):
    company = factory.company()
    expired = factory.job(company, title="Tischler (m/w/d)")
    filled = factory.job(company, title="Maler (m/w/d)")
    withdrawn = factory.job(company, title="Dachdecker (m/w/d)")
    open_job = factory.job(company, title="Elektriker (m/w/d)")
    login_as(client, app, factory.user())
    for job in (expired, filled, withdrawn, open_job):
        client.post(f"/rueckkehr/merkliste/{job}")
    with app.app_context():
        db.session.get(Job, expired).ends_on = berlin_today() - timedelta(days=1)
        db.session.get(Job, filled).state = "filled"
        db.session.get(Job, withdrawn).state = "withdrawn"
        db.session.commit()
    html = client.get("/rueckkehr/merkliste").get_data(as_text=True)
    for title in ("Tischler", "Maler", "Dachdecker", "Elektriker"):
        assert title in html
    assert "abgelaufen" in html
    assert "besetzt" in html
    assert "nicht mehr verfügbar" in html


def test_unpublished_job_cannot_be_bookmarked(app, client, factory):
    draft = factory.job(state="draft")
    login_as(client, app, factory.user())
    client.post(f"/rueckkehr/merkliste/{draft}")
    html = client.get("/rueckkehr/merkliste").get_data(as_text=True)
    assert "nicht mehr ausgeschrieben" in html
    assert client.post("/rueckkehr/merkliste/999999").status_code == 404


def test_bookmark_from_the_matches(app, client, factory):
    job = factory.job(title="Elektriker (m/w/d)", postal_code="01917")
    index_jobs(app, job)
    user_id = factory.user()
    make_profile(app, user_id, homes=["Kamenz"], commute=20, work="Elektriker")
    login_as(client, app, user_id)
    html = client.get("/rueckkehr/passende-stellen").get_data(as_text=True)
    assert "Warum passend:" in html
    assert f'action="/rueckkehr/merkliste/{job}"' in html
    assert 'value="/rueckkehr/passende-stellen"' in html


def test_only_jobseekers_bookmark(app, client, factory):
    job = factory.job()
    employer_id, _company = factory.employer()
    login_as(client, app, employer_id)
    assert client.post(f"/rueckkehr/merkliste/{job}").status_code == 403


def test_bookmark_from_the_search_results(app, client, factory):
    job = factory.job(title="Elektriker (m/w/d)", postal_code="01917")
    index_jobs(app, job)
    assert "Merken" not in client.get("/jobs?q=Elektriker").get_data(as_text=True)
    login_as(client, app, factory.user())
    html = client.get("/jobs?q=Elektriker").get_data(as_text=True)
    assert f'action="/rueckkehr/merkliste/{job}"' in html
    assert 'value="/jobs?q=Elektriker"' in html  # back to the same results
    response = client.post(f"/rueckkehr/merkliste/{job}", data={"next": "/jobs?q=Elektriker"})
    assert response.headers["Location"] == "/jobs?q=Elektriker"
    html = client.get("/jobs?q=Elektriker").get_data(as_text=True)
    assert "Von der Merkliste entfernen" in html
