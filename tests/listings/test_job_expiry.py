"""End of publication: `flask jobs expire`, reminder mails, the signed renew link."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from jobportal import listings
from jobportal.core.clock import berlin_today
from jobportal.core.extensions import db
from jobportal.models import AuditEntry, Job, OutboxMail, User

TODAY = berlin_today()  # the app's day (Europe/Berlin), not the machine's


pytestmark = pytest.mark.usefixtures("cheap_password_hashes")


def state_of(app, job_id):
    with app.app_context():
        job = db.session.get(Job, job_id)
        return job.state, job.ends_on


def reminders(app):
    with app.app_context():
        query = select(OutboxMail).where(OutboxMail.subject.like("Ihre Anzeige%endet am%"))
        return [(m.recipient, m.body_text) for m in db.session.execute(query).scalars()]


def test_expire_command_ends_due_listings_and_sends_reminders(app, runner, factory):
    employer, company = factory.employer(email="chefin@example.org")
    due = factory.job(company_id=company, days_left=-1)
    last_day = factory.job(company_id=company, days_left=0)
    expiring = factory.job(company_id=company, days_left=7)
    later = factory.job(company_id=company, days_left=8)
    result = runner.invoke(args=["jobs", "expire"])
    assert result.exit_code == 0, result.output
    assert "abgelaufen: 1, erinnert: 2" in result.output
    assert state_of(app, due)[0] == "expired"
    assert state_of(app, last_day)[0] == "published"
    with app.app_context():
        entry = db.session.execute(
            select(AuditEntry).filter_by(subject_id=due, action="expire")
        ).scalar_one()
        assert (entry.actor_id, entry.from_state, entry.to_state) == (None, "published", "expired")
    sent = reminders(app)
    assert len(sent) == 2 and {r for r, _b in sent} == {"chefin@example.org"}
    assert all("/verlaengern/" in body for _r, body in sent)
    result = runner.invoke(args=["jobs", "expire"])
    assert "abgelaufen: 0, erinnert: 0" in result.output  # reminders go out once
    assert later and expiring


def test_expired_listings_leave_the_public_site(app, client, factory):
    job_id = factory.job(days_left=-1)
    with app.app_context():
        listings.expire_due()
        db.session.commit()
    assert client.get(f"/stellen/{job_id}").status_code == 410


def renew_link(app, job_id):
    with app.app_context():
        mail = db.session.execute(select(OutboxMail)).scalars().first()
    return re.search(
        rf"http://localhost(/arbeitgeber/stellen/{job_id}/verlaengern/\S+)", mail.body_text
    ).group(1)


def test_renew_link_confirms_then_renews_once_without_login(app, client, factory):
    _employer, company = factory.employer()
    job_id = factory.job(company_id=company, days_left=5)
    with app.app_context():
        assert listings.send_expiry_reminders() == 1
        db.session.commit()
    link = renew_link(app, job_id)
    page = client.get(link)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "um 60 Tage verlängern" in html and 'method="post"' in html
    assert state_of(app, job_id)[1] == TODAY + timedelta(days=5)  # GET changes nothing
    response = client.post(link)
    assert response.status_code == 200
    assert "jetzt bis zum" in response.get_data(as_text=True)
    assert state_of(app, job_id) == ("published", TODAY + timedelta(days=60))
    again = client.post(link)
    assert again.status_code == 400 and "schon benutzt" in again.get_data(as_text=True)


def test_renew_link_after_long_expiry_goes_to_review(app, client, factory):
    _employer, company = factory.employer()
    job_id = factory.job(company_id=company, days_left=3)
    with app.app_context():
        listings.send_expiry_reminders()
        db.session.commit()
    link = renew_link(app, job_id)
    with app.app_context():
        job = db.session.get(Job, job_id)
        job.state, job.ends_on = "expired", TODAY - timedelta(days=31)
        db.session.commit()
    # the end date changed, so this link is spent; a fresh token for the same state works
    assert client.post(link).status_code == 400
    with app.app_context():
        job = db.session.get(Job, job_id)
        token = listings.renew_token(job, job.company.users[0])
    response = client.post(f"/arbeitgeber/stellen/{job_id}/verlaengern/{token}")
    assert "erneut geprüft" in response.get_data(as_text=True)
    assert state_of(app, job_id)[0] == "pending"


def test_tampered_or_foreign_renew_links_are_refused(app, client, factory):
    _employer, company = factory.employer()
    job_id = factory.job(company_id=company, days_left=5)
    other_id = factory.job(company_id=company, days_left=5)
    with app.app_context():
        job = db.session.get(Job, job_id)
        token = listings.renew_token(job, job.company.users[0])
    assert client.get(f"/arbeitgeber/stellen/{job_id}/verlaengern/x{token}").status_code == 404
    assert client.get(f"/arbeitgeber/stellen/{other_id}/verlaengern/{token}").status_code == 404
    assert client.post(f"/arbeitgeber/stellen/{other_id}/verlaengern/{token}").status_code == 400
    assert state_of(app, other_id)[1] == TODAY + timedelta(days=5)


# --- renew by the employer (domain) ------------------------------------------------------


def employer_and_rival(factory):
    employer, company = factory.employer()
    rival, _rival_company = factory.employer(factory.company(member="radeberg"))
    return employer, rival, company


def test_renew_only_when_expiring_or_expired(factory, ctx):
    employer, rival, company = employer_and_rival(factory)
    fresh = db.session.get(Job, factory.job(company_id=company, days_left=30))
    with pytest.raises(listings.JobError, match="nicht möglich"):
        listings.renew(fresh, db.session.get(User, employer))
    expiring = db.session.get(Job, factory.job(company_id=company, days_left=5))
    with pytest.raises(listings.JobError, match="nicht berechtigt"):
        listings.renew(expiring, db.session.get(User, rival))
    listings.renew(expiring, db.session.get(User, employer))
    assert expiring.state == "published"
    assert expiring.ends_on == TODAY + timedelta(days=60)
    assert expiring.reminder_sent is False


def test_renew_expired_recently_publishes_long_ago_goes_to_review(factory, ctx):
    employer, _rival, company = employer_and_rival(factory)
    promoter = factory.user(role="promoter", members=["kamenz"])
    recent = db.session.get(Job, factory.job(company_id=company, state="expired", days_left=-10))
    old = db.session.get(Job, factory.job(company_id=company, state="expired", days_left=-40))
    listings.renew(recent, db.session.get(User, employer))
    listings.renew(old, db.session.get(User, employer))
    assert recent.state == "published"
    assert old.state == "pending"
    assert old in listings.moderation_queue_jobs(db.session.get(User, promoter))
    entry = db.session.execute(
        select(AuditEntry).filter_by(subject_id=old.id, action="renew")
    ).scalar_one()
    assert (entry.from_state, entry.to_state, entry.actor_id) == ("expired", "pending", employer)


def test_renew_refused_when_place_left_the_network(factory, ctx):
    employer, _rival, company = employer_and_rival(factory)
    job = db.session.get(Job, factory.job(company_id=company, state="expired", days_left=-3))
    for member in job.place.members:  # the town and its district
        member.left_on = TODAY - timedelta(days=1)
    with pytest.raises(listings.JobError, match="Netzwerk"):
        listings.renew(job, db.session.get(User, employer))


def test_expire_command_feeds_the_index_when_a_leave_date_comes(app, runner, factory):
    """A leave date set ahead of time takes the member's listings out of search that day."""
    from jobportal.models import Member
    from jobportal.search import SearchParams, search_jobs
    from tests.support.returnees import index_jobs

    company = factory.company(member="grossenhain")
    job = factory.job(company, title="Elektriker")
    with app.app_context():
        member = db.session.execute(select(Member).filter_by(slug="grossenhain")).scalar_one()
        member.left_on = TODAY + timedelta(days=1)
        db.session.commit()
    index_jobs(app, job)

    def found():
        with app.app_context():
            result = search_jobs(SearchParams(q="Elektriker"))
            return [hit.job_id for hit in result.hits], result.total

    assert found() == ([job], 1)
    with app.app_context():  # the day has come: nothing was edited, only time passed
        db.session.execute(select(Member).filter_by(slug="grossenhain")).scalar_one().left_on = (
            TODAY - timedelta(days=2)
        )
        db.session.commit()
    assert found() == ([job], 1)  # the index does not know yet
    result = runner.invoke(args=["jobs", "expire"])
    assert result.exit_code == 0, result.output
    assert found() == ([], 0)
