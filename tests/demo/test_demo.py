"""Demo data: `flask demo` seeds a believable, idempotent portal."""

from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from jobportal.core.clock import berlin_today
from jobportal.core.extensions import db
from jobportal.core.text import plain_text
from jobportal.models import AuditEntry, Company, Job, JobState, Member, Role, User
from jobportal.models.jobs import EMPLOYMENT_TYPES, SECTORS


def _seed(app) -> list[str]:
    from jobportal.demo import seed_demo

    with app.app_context():
        return list(seed_demo())


def _counts() -> dict:
    return {
        model.__name__: db.session.execute(select(func.count()).select_from(model)).scalar_one()
        for model in (User, Company, Job, AuditEntry)
    }


@pytest.fixture
def seeded(app):
    """The test app after one demo seeding run (yields the printed lines)."""
    lines = _seed(app)
    with app.app_context():
        yield lines


def _active_members():
    return [m for m in db.session.execute(select(Member)).scalars() if m.is_active(berlin_today())]


def test_seed_prints_progress_and_logins(seeded):
    text = "\n".join(seeded)
    assert "Unternehmen:" in text and "Stellen:" in text
    assert "admin@jobportal.example" in text
    assert "Demo-Passwort-2026" in text


def test_seed_is_idempotent(app):
    _seed(app)
    with app.app_context():
        before = _counts()
    lines = _seed(app)
    with app.app_context():
        assert _counts() == before
    assert any("(0 neu)" in line for line in lines if line.startswith("Stellen"))


def test_companies_cover_every_active_member(seeded):
    companies = db.session.execute(select(Company)).scalars().all()
    assert len(companies) >= 20
    assert {c.member_id for c in companies} >= {m.id for m in _active_members()}
    assert sum(1 for c in companies if c.is_banned) == 1
    assert sum(1 for c in companies if not c.is_verified and not c.is_banned) == 2
    for company in companies:
        assert company.sector in SECTORS
        assert company.place in company.member.places
        assert company.website.startswith("https://") and company.website.endswith(".example.org")
        assert [u.email for u in company.users] == [f"arbeitgeber@{company.slug}.example"]


def test_about_300_jobs_in_every_state(seeded):
    jobs = db.session.execute(select(Job)).scalars().all()
    assert 280 <= len(jobs) <= 320
    states = Counter(job.state for job in jobs)
    assert set(states) == {state.value for state in JobState}
    assert 210 <= states["published"] <= 250
    titles = {job.title.split(" – ")[0] for job in jobs}
    assert len(titles) >= 60
    assert all("(m/w/d)" in job.title for job in jobs)


def test_job_fields_are_plausible(seeded):
    today = berlin_today()
    jobs = db.session.execute(select(Job)).scalars().all()
    for job in jobs:
        assert job.employment_types and set(job.employment_types) <= set(EMPLOYMENT_TYPES)
        assert job.sector in SECTORS and job.sector == job.company.sector
        assert job.member_id == job.company.member_id
        assert job.place in job.member.places
        assert job.apply_url or job.apply_email or job.apply_phone
        if job.title.startswith("Ausbildung"):
            assert job.employment_types == ["ausbildung"]
        if job.salary_min is not None and job.salary_unit == "hour":
            assert job.salary_min >= 1390
        if job.state == "published":
            assert job.ends_on > today and job.published_at is not None
            assert job.approved_snapshot["title"] == job.title
        if job.state == "expired":
            assert job.ends_on < today
        if job.state == "rejected":
            assert job.rejection_reason
        if job.state == "pending":
            assert job.submitted_at is not None
    published = [job for job in jobs if job.state == "published"]
    assert any(job.ends_on <= today + timedelta(days=7) for job in published)
    assert {job.working_model for job in jobs} == {"vor_ort", "hybrid", "remote"}
    assert any(job.salary_min is None for job in jobs)
    assert any(job.start_date is None for job in jobs)


def test_descriptions_have_100_to_300_words(seeded):
    for job in db.session.execute(select(Job)).scalars():
        words = len(plain_text(job.description).split())
        assert 100 <= words <= 300, (job.title, words)
        assert "## Ihre Aufgaben" in job.description and "## Wir bieten" in job.description


def test_published_titles_unique_per_company_and_place(seeded):
    query = select(Job.company_id, Job.title, Job.place_id).filter_by(state="published")
    rows = db.session.execute(query).all()
    assert len(rows) == len(set(rows))


def test_every_promoter_has_pending_items(seeded):
    promoters = db.session.execute(select(User).filter_by(role=Role.PROMOTER.value)).scalars().all()
    assert {p.members[0].id for p in promoters} == {m.id for m in _active_members()}
    for promoter in promoters:
        member_ids = [m.id for m in promoter.members]
        query = select(func.count(Job.id)).where(
            Job.state == "pending", Job.member_id.in_(member_ids)
        )
        assert db.session.execute(query).scalar_one() >= 1, promoter.email


def test_audit_history_follows_each_path(seeded):
    job = db.session.execute(select(Job).filter_by(state="rejected")).scalars().first()
    entries = (
        db.session.execute(
            select(AuditEntry)
            .filter_by(subject_kind="job", subject_id=job.id)
            .order_by(AuditEntry.created_at)
        )
        .scalars()
        .all()
    )
    assert [e.action for e in entries] == ["create", "submit", "reject"]
    assert entries[-1].actor.role == "promoter" and entries[-1].reason == job.rejection_reason
    expired = db.session.execute(select(Job).filter_by(state="expired")).scalars().first()
    actions = db.session.execute(
        select(AuditEntry.action, AuditEntry.to_state)
        .filter_by(subject_kind="job", subject_id=expired.id)
        .order_by(AuditEntry.created_at)
    ).all()
    assert actions[-2:] == [("approve", "published"), ("expire", "expired")]


def test_demo_logins_work(seeded):
    from jobportal.accounts import password_matches
    from jobportal.demo import demo_logins

    logins = demo_logins()
    assert {role for role, _, _ in logins} == {"admin", "promoter", "employer", "jobseeker"}
    for role, email, password in logins:
        user = db.session.execute(select(User).filter_by(email=email)).scalar_one()
        assert user.role == role and user.email_verified
        assert password_matches(user, password)
    seekers = db.session.execute(select(User).filter_by(role="jobseeker")).scalars().all()
    assert 4 <= len(seekers) <= 6 and all(s.name for s in seekers)


def test_generic_companies_for_other_regions():
    from jobportal.demo import plan_companies

    members = [(f"ort-{i}", f"Ort {i}") for i in range(5)]
    plans = plan_companies(members, "Beispielregion")
    assert len(plans) >= 20 and len({p["slug"] for p in plans}) == len(plans)
    assert {p["member"] for p in plans} == {slug for slug, _ in members}
    assert [p.get("status") for p in plans].count("banned") == 1
    many = [(f"gemeinde-{i}", f"Gemeinde {i}") for i in range(40)]
    assert {p["member"] for p in plan_companies(many, "Groß")} == {s for s, _ in many}


@pytest.mark.parametrize(
    "region", ["nordthueringen", "regionalmanagement-erzgebirge", "masterplan-suedwestsachsen"]
)
def test_seed_works_for_other_regions(app, region):
    from jobportal.places import available_regions

    if region not in available_regions():
        pytest.skip(f"region {region} is not shipped")
    app.config["REGION"] = region
    _seed(app)
    with app.app_context():
        members = {m.id for m in _active_members() if m.region.slug == region}
        companies = db.session.execute(select(Company)).scalars().all()
        assert len(companies) >= 20 and {c.member_id for c in companies} == members
        pending = select(Job.member_id).filter_by(state="pending")
        assert set(db.session.execute(pending).scalars()) == members
        for job in db.session.execute(select(Job)).scalars():
            assert job.place in job.member.places


def test_companies_hire_for_their_sector(seeded):
    # no Kita operator or care service hiring a Bilanzbuchhalter
    accounting = ("Bilanzbuchhalter", "Lohnbuchhalter")
    for job in db.session.execute(select(Job)).scalars():
        if job.title.startswith(accounting):
            assert job.company.sector == "finanzen", (job.company.name, job.title)
        if job.company.sector == "soziales" and "Kita" in job.company.name:
            assert "buchhalter" not in job.title.lower()


def test_every_member_has_a_page_and_a_contact_person(seeded, client):
    from jobportal.models import MemberPage
    from jobportal.returnees import contact_people

    for member in _active_members():
        page = db.session.get(MemberPage, member.id)
        assert page is not None and member.description, member.slug
        for field in ("living", "housing", "childcare", "transport", "leisure", "support"):
            assert getattr(page, field).strip(), (member.slug, field)
        assert page.housing_url.startswith("https://") and page.transit_minutes
        people = contact_people(member)
        assert len(people) == 1 and "(Demo)" in people[0][1].phone
    html = client.get("/region/kamenz").get_data(as_text=True)
    assert "Kita und Schule" in html and "Nach Dresden:" in html and "Nachricht senden" in html


def test_every_member_of_every_region_has_demo_content():
    from jobportal.demo.plan import demo_data
    from jobportal.places import available_regions, region_definition

    pages = demo_data("member_pages")["pages"]
    slugs = {m["slug"] for r in available_regions() for m in region_definition(r)["members"]}
    assert slugs <= set(pages)
    assert "written for this project" in demo_data("member_pages")["_note"]


def test_small_companies_have_no_office_specialists(seeded):
    for job in db.session.execute(select(Job)).scalars():
        if job.title.startswith(("Buchhalter", "Personalreferent")):
            assert job.company.size in ("50-249", "250+"), (job.company.name, job.title)
