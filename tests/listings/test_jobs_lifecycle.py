"""The listing state machine: every transition for every role, audit entries, mails."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from jobportal import listings
from jobportal.core.clock import berlin_today
from jobportal.core.extensions import db
from jobportal.models import AuditEntry, Company, Job, OutboxMail, User
from tests.support.listings import vacancy_data

TODAY = berlin_today()  # the app's day (Europe/Berlin), not the machine's


pytestmark = pytest.mark.usefixtures("cheap_password_hashes")


valid_data = vacancy_data


@pytest.fixture
def people(factory):
    """An employer of a Kamenz company, a rival employer, promoters, an admin, a job seeker."""
    employer, company = factory.employer(verified=True)
    rival, rival_company = factory.employer(factory.company(member="radeberg"))
    return {
        "company": company,
        "employer": employer,
        "rival": rival,
        "rival_company": rival_company,
        "kamenz": factory.user(role="promoter", members=["kamenz"]),
        "radeberg": factory.user(role="promoter", members=["radeberg"]),
        "admin": factory.user(role="admin"),
        "seeker": factory.user(role="jobseeker"),
    }


def user(user_id):
    return db.session.get(User, user_id)


def job_of(job_id):
    return db.session.get(Job, job_id)


def audit_actions(job_id):
    entries = db.session.execute(
        select(AuditEntry).filter_by(subject_kind="job", subject_id=job_id).order_by(AuditEntry.id)
    ).scalars()
    return [(e.action, e.from_state, e.to_state, e.actor_id) for e in entries]


def mails_to(address):
    return list(db.session.execute(select(OutboxMail).filter_by(recipient=address)).scalars())


def make_job(factory, people, state="published", **fields):
    return factory.job(company_id=people["company"], state=state, **fields)


# --- create and submit -------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("employer", True),
        ("kamenz", True),
        ("admin", True),
        ("rival", False),
        ("radeberg", False),
        ("seeker", False),
    ],
)
def test_create_draft_by_role(app, ctx, people, who, allowed):
    company = db.session.get(Company, people["company"])
    if not allowed:
        with pytest.raises(listings.JobError):
            listings.create_draft(company, user(people[who]), valid_data())
        return
    job = listings.create_draft(company, user(people[who]), valid_data())
    db.session.commit()
    assert job.state == "draft"
    assert job.member.slug == "kamenz"
    assert audit_actions(job.id) == [("create", "", "draft", people[who])]


def test_create_draft_refuses_invalid_data(app, ctx, people):
    company = db.session.get(Company, people["company"])
    with pytest.raises(listings.InvalidListing) as info:
        listings.create_draft(company, user(people["employer"]), valid_data(title="", sector="x"))
    assert set(info.value.errors) == {"title", "sector"}


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("employer", True),
        ("kamenz", True),
        ("admin", True),
        ("rival", False),
        ("radeberg", False),
        ("seeker", False),
    ],
)
def test_submit_by_role(factory, ctx, people, who, allowed):
    job = job_of(make_job(factory, people, state="draft"))
    if not allowed:
        with pytest.raises(listings.JobError, match="nicht berechtigt"):
            listings.submit(job, user(people[who]))
        return
    listings.submit(job, user(people[who]))
    assert job.state == "pending"
    assert job.submitted_at is not None
    assert audit_actions(job.id)[-1] == ("submit", "draft", "pending", people[who])


@pytest.mark.parametrize("state", ["pending", "published", "expired", "filled", "withdrawn"])
def test_submit_refused_from_other_states(factory, ctx, people, state):
    job = job_of(make_job(factory, people, state=state))
    with pytest.raises(listings.JobError, match="nicht möglich"):
        listings.submit(job, user(people["employer"]))


def test_verified_company_publishes_directly_only_when_configured(app, factory, ctx, people):
    unverified = factory.company(verified=False)
    employer2 = factory.user(role="employer", company_id=unverified)
    verified_job = job_of(make_job(factory, people, state="draft"))
    other_job = job_of(factory.job(company_id=unverified, state="draft"))
    listings.submit(verified_job, user(people["employer"]))
    assert verified_job.state == "pending"  # default: everything is reviewed
    app.config["AUTO_PUBLISH_VERIFIED"] = True
    second = job_of(make_job(factory, people, state="draft"))
    listings.submit(second, user(people["employer"]))
    listings.submit(other_job, user(employer2))
    assert second.state == "published" and second.published_at is not None
    assert other_job.state == "pending"  # unverified companies always go to review


def test_submit_refused_when_end_date_passed(factory, ctx, people):
    job = job_of(make_job(factory, people, state="draft", days_left=-1))
    with pytest.raises(listings.JobError, match="Vergangenheit"):
        listings.submit(job, user(people["employer"]))


# --- approve and reject ------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("kamenz", True),
        ("admin", True),
        ("employer", False),
        ("radeberg", False),
        ("rival", False),
        ("seeker", False),
    ],
)
def test_approve_by_role(factory, ctx, people, who, allowed):
    job = job_of(make_job(factory, people, state="pending"))
    if not allowed:
        with pytest.raises(listings.JobError, match="nicht berechtigt"):
            listings.approve(job, user(people[who]))
        assert job.state == "pending"
        return
    listings.approve(job, user(people[who]))
    db.session.commit()
    assert job.state == "published"
    assert job.published_at is not None
    assert job.approved_snapshot["title"] == job.title
    assert audit_actions(job.id)[-1] == ("approve", "pending", "published", people[who])
    employer_mail = mails_to(user(people["employer"]).email)
    assert [m.subject for m in employer_mail] == ["Ihre Anzeige ist online"]
    assert f"/stellen/{job.id}" in employer_mail[0].body_text


@pytest.mark.parametrize("state", ["draft", "rejected", "published", "expired", "withdrawn"])
def test_approve_refused_from_other_states(factory, ctx, people, state):
    job = job_of(make_job(factory, people, state=state))
    with pytest.raises(listings.JobError, match="nicht möglich"):
        listings.approve(job, user(people["kamenz"]))


def test_reject_mails_reason_and_employer_can_resubmit(factory, ctx, people):
    job = job_of(make_job(factory, people, state="pending"))
    with pytest.raises(listings.JobError, match="Begründung"):
        listings.reject(job, user(people["kamenz"]), "  ")
    for who in ("employer", "radeberg", "seeker"):
        with pytest.raises(listings.JobError, match="nicht berechtigt"):
            listings.reject(job, user(people[who]), "Grund")
    listings.reject(job, user(people["kamenz"]), "Bitte Gehalt angeben.")
    db.session.commit()
    assert job.state == "rejected"
    assert job.rejection_reason == "Bitte Gehalt angeben."
    assert audit_actions(job.id)[-1] == ("reject", "pending", "rejected", people["kamenz"])
    [mail] = mails_to(user(people["employer"]).email)
    assert mail.subject == "Ihre Anzeige wurde abgelehnt"
    assert "Bitte Gehalt angeben." in mail.body_text and "Bitte Gehalt angeben." in mail.body_html
    listings.update(job, user(people["employer"]), valid_data(salary_min="3000"))
    assert job.state == "rejected"
    listings.submit(job, user(people["employer"]))
    assert job.state == "pending" and job.rejection_reason == ""


# --- editing a published listing ---------------------------------------------------------


def test_substantive_edit_of_published_goes_to_review_old_stays_online(factory, ctx, people):
    job = job_of(make_job(factory, people, state="pending", title="Mechatroniker (m/w/d)"))
    listings.approve(job, user(people["kamenz"]))
    listings.update(job, user(people["employer"]), valid_data(title="Mechatronikerin (m/w/d)"))
    db.session.commit()
    assert job.state == "published"
    assert job.title == "Mechatroniker (m/w/d)"  # the approved version stays online
    assert job.pending_changes["title"] == "Mechatronikerin (m/w/d)"
    assert listings.is_public(job)
    assert job in listings.moderation_queue_jobs(user(people["kamenz"]))
    assert job not in listings.moderation_queue_jobs(user(people["radeberg"]))
    diff = listings.diff_since_approval(job)
    assert ("Titel", "Mechatroniker (m/w/d)", "Mechatronikerin (m/w/d)") in diff
    assert listings.allowed_actions(job, user(people["kamenz"])) == [
        "edit",
        "approve",
        "reject",
        "unpublish",
    ]
    listings.approve(job, user(people["kamenz"]))
    assert job.title == "Mechatronikerin (m/w/d)" and job.pending_changes is None
    assert audit_actions(job.id)[-1][0] == "approve_changes"
    assert listings.diff_since_approval(job) == []


def test_rejected_edit_keeps_the_published_version(factory, ctx, people):
    job = job_of(make_job(factory, people, state="published"))
    listings.update(job, user(people["employer"]), valid_data(description="Ganz neu."))
    listings.reject(job, user(people["kamenz"]), "Bitte sachlich bleiben.")
    db.session.commit()
    assert job.state == "published" and job.pending_changes is None
    assert job.description == "Wir suchen Verstärkung für unser Team."
    [mail] = mails_to(user(people["employer"]).email)
    assert "Änderungen" in mail.subject and "bisherige Fassung bleibt online" in mail.body_text


def test_end_date_change_of_published_applies_without_review(factory, ctx, people):
    job = job_of(
        make_job(
            factory,
            people,
            state="published",
            title="Mechatroniker (m/w/d)",
            description=valid_data()["description"],
        )
    )
    new_end = (TODAY + timedelta(days=90)).isoformat()
    listings.update(job, user(people["employer"]), valid_data(ends_on=new_end))
    assert job.pending_changes is None
    assert job.ends_on.isoformat() == new_end


@pytest.mark.parametrize("state", ["expired", "filled", "withdrawn"])
def test_ended_listings_cannot_be_edited(factory, ctx, people, state):
    job = job_of(make_job(factory, people, state=state))
    with pytest.raises(listings.JobError):
        listings.update(job, user(people["employer"]), valid_data())


def test_rival_employer_cannot_edit(factory, ctx, people):
    job = job_of(make_job(factory, people, state="draft"))
    with pytest.raises(listings.JobError, match="nicht berechtigt"):
        listings.update(job, user(people["rival"]), valid_data())


# --- ending a listing --------------------------------------------------------------------


def test_unpublish_by_promoter_with_reason(factory, ctx, people):
    job = job_of(make_job(factory, people, state="published"))
    for who in ("employer", "radeberg", "rival"):
        with pytest.raises(listings.JobError, match="nicht berechtigt"):
            listings.unpublish(job, user(people[who]), "Grund")
    with pytest.raises(listings.JobError, match="Begründung"):
        listings.unpublish(job, user(people["kamenz"]), "")
    listings.unpublish(job, user(people["kamenz"]), "Meldung bestätigt.")
    db.session.commit()
    assert job.state == "withdrawn" and job.ended_at is not None
    assert audit_actions(job.id)[-1] == ("unpublish", "published", "withdrawn", people["kamenz"])
    [mail] = mails_to(user(people["employer"]).email)
    assert "Meldung bestätigt." in mail.body_text


@pytest.mark.parametrize(
    "transition, state, to_state",
    [
        ("withdraw", "published", "withdrawn"),
        ("withdraw", "pending", "withdrawn"),
        ("mark_filled", "published", "filled"),
        ("mark_filled", "expired", "filled"),
    ],
)
def test_employer_ends_listing(factory, ctx, people, transition, state, to_state):
    job = job_of(make_job(factory, people, state=state))
    for who in ("rival", "kamenz", "seeker"):
        with pytest.raises(listings.JobError, match="nicht berechtigt"):
            getattr(listings, transition)(job, user(people[who]))
    getattr(listings, transition)(job, user(people["employer"]))
    assert job.state == to_state
    assert audit_actions(job.id)[-1][1:] == (state, to_state, people["employer"])


@pytest.mark.parametrize("transition", ["withdraw", "mark_filled"])
def test_ending_refused_from_draft(factory, ctx, people, transition):
    job = job_of(make_job(factory, people, state="draft"))
    with pytest.raises(listings.JobError, match="nicht möglich"):
        getattr(listings, transition)(job, user(people["employer"]))


# --- duplicate (renewal: see test_job_expiry.py) -------------------------------------


def test_duplicate_creates_a_new_draft(factory, ctx, people):
    job = job_of(make_job(factory, people, state="filled"))
    with pytest.raises(listings.JobError, match="nicht berechtigt"):
        listings.duplicate(job, user(people["rival"]))
    copy = listings.duplicate(job, user(people["employer"]))
    db.session.commit()
    assert copy.id != job.id and copy.state == "draft"
    assert copy.title == job.title and copy.company_id == job.company_id
    assert copy.ends_on == TODAY + timedelta(days=60)
    assert copy.views == 0 and copy.external_ref is None
    assert audit_actions(copy.id)[0][0] == "duplicate"


# --- allowed actions and the queue -------------------------------------------------------


def test_allowed_actions_per_role(factory, ctx, people):
    draft = job_of(make_job(factory, people, state="draft"))
    pending = job_of(make_job(factory, people, state="pending"))
    assert listings.allowed_actions(draft, user(people["employer"])) == [
        "edit",
        "submit",
        "duplicate",
    ]
    assert listings.allowed_actions(draft, user(people["rival"])) == []
    assert listings.allowed_actions(pending, user(people["kamenz"])) == [
        "edit",
        "approve",
        "reject",
    ]
    assert listings.allowed_actions(pending, user(people["radeberg"])) == []
    assert "withdraw" in listings.allowed_actions(pending, user(people["employer"]))


def test_moderation_queue_scoped_and_oldest_first(factory, ctx, people):
    first = job_of(make_job(factory, people, state="draft"))
    second = job_of(make_job(factory, people, state="draft"))
    radeberg_job = job_of(factory.job(company_id=people["rival_company"], state="draft"))
    for job in (second, first):  # second is submitted first
        listings.submit(job, user(people["employer"]))
    listings.submit(radeberg_job, user(people["rival"]))
    db.session.commit()
    assert listings.moderation_queue_jobs(user(people["kamenz"])) == [second, first]
    assert listings.moderation_queue_jobs(user(people["radeberg"])) == [radeberg_job]
    assert listings.moderation_queue_jobs(user(people["admin"])) == [second, first, radeberg_job]
    assert listings.moderation_queue_jobs(user(people["employer"])) == []


def test_transitions_write_the_search_feed(factory, ctx, people):
    from jobportal.models import SearchChange

    job = job_of(make_job(factory, people, state="pending"))
    listings.approve(job, user(people["kamenz"]))
    listings.withdraw(job, user(people["employer"]))
    feed = db.session.execute(select(SearchChange).filter_by(entity_id=job.id)).scalars().all()
    assert len(feed) == 2
