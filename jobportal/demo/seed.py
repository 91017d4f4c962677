"""Seeding the demo data into the database (idempotent) and the demo logins."""

import random
from collections import Counter
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import select

from ..accounts import hash_password, new_session_token
from ..core.clock import berlin_today
from ..core.extensions import db
from ..listings import listing_changed, snapshot
from ..models import Company, Job, JobState, Role, User
from ..models.base import utcnow
from ..places import load_places, region_definition, sync_region
from ..platform import audit
from .events import seed_events
from .figures import feature_demo_listings, seed_listing_months
from .listing import BAN_DAYS, BAN_REASON, build_jobs
from .pages import seed_member_pages
from .plan import (
    ADMIN_EMAIL,
    DEMO_PASSWORD,
    REF_PREFIX,
    SEED,
    demo_data,
    employer_email,
    jobseeker_email,
    person_name,
    plan_companies,
    plan_jobs,
    promoter_email,
)
from .returnees import seed_returnees

ROLE_LABELS = {
    Role.ADMIN: "Admin",
    Role.PROMOTER: "Wirtschaftsförderung",
    Role.EMPLOYER: "Arbeitgeber",
    Role.JOBSEEKER: "Rückkehrer/in",
}


def _town(member) -> str:
    """The town a member's companies are named after (a district's main town)."""
    if member.kind == "district" and member.center_place is not None:
        return member.center_place.name
    return member.name


def _active_members(region, today: date) -> list:
    """Active members of the region in the order of the region definition."""

    order = [spec["slug"] for spec in region_definition(region.slug)["members"]]
    active = [m for m in region.members if m.is_active(today)]
    return sorted(active, key=lambda m: (order.index(m.slug) if m.slug in order else 999, m.name))


def _ensure_user(email: str, name: str, role: Role, password_hash: str, **extra) -> tuple:
    """The user with this e-mail, created (verified) if missing; returns (user, created)."""

    user = db.session.execute(select(User).filter_by(email=email)).scalar_one_or_none()
    if user is not None:
        return user, False
    user = User(
        email=email,
        name=name,
        role=role.value,
        password_hash=password_hash,
        session_token=new_session_token(),
        email_verified_at=utcnow(),
        **extra,
    )
    db.session.add(user)
    return user, True


def _ensure_people(members: list, password_hash: str) -> tuple[dict, int]:
    """Admin, one promoter per member and the returnees; returns (promoters by slug, created)."""
    created = _ensure_user(ADMIN_EMAIL, "Birgit Hoffmann", Role.ADMIN, password_hash)[1]
    promoters = {}
    for index, member in enumerate(members):
        user, new = _ensure_user(
            promoter_email(member.slug), person_name(index), Role.PROMOTER, password_hash
        )
        if new:
            user.members = [member]
        promoters[member.slug], created = user, created + new
    for number, name in enumerate(demo_data("blocks")["jobseekers"], 1):
        created += _ensure_user(jobseeker_email(number), name, Role.JOBSEEKER, password_hash)[1]
    return promoters, created


def _new_company(spec: dict, member, now: datetime) -> Company:
    """A company row from its spec, with plausible dates of verification or ban."""
    rng = random.Random(f"{SEED}:{spec['slug']}")
    created = now - timedelta(days=rng.randint(120, 900))
    slug, status = spec["slug"], spec.get("status")
    return Company(
        name=spec["name"],
        slug=slug,
        member=member,
        street=spec["street"],
        place=member.center_place,
        website=f"https://{slug}.example.org",
        description=spec["description"],
        sector=spec["sector"],
        size=spec["size"],
        contact_name=spec["contact"],
        contact_email=f"personal@{slug}.example.org",
        contact_phone=spec["phone"],
        created_at=created,
        verified_at=None if status == "unverified" else created + timedelta(days=rng.randint(1, 6)),
        banned_at=now - timedelta(days=BAN_DAYS) if status == "banned" else None,
    )


def _company_audit(company: Company, promoter: User) -> None:
    """Audit entries of a new company's verification and ban, dated in the past."""
    steps = [("verify", "unverifiziert", "verifiziert", company.verified_at, "")]
    steps.append(("ban", "verifiziert", "gesperrt", company.banned_at, BAN_REASON))
    for action, before, after, when, reason in steps:
        if when is not None:
            entry = audit.record(promoter, "company", company.id, action, before, after, reason)
            entry.created_at = when


def _ensure_companies(
    plans: list, members: list, promoters: dict, password_hash: str, now: datetime
) -> tuple[dict, int]:
    """Companies and their employers by slug, created if missing; returns (by slug, created)."""
    by_slug, result, new = {m.slug: m for m in members}, {}, []
    for spec in plans:
        query = select(Company).filter_by(slug=spec["slug"])
        company = db.session.execute(query).scalar_one_or_none()
        if company is None:
            company = _new_company(spec, by_slug[spec["member"]], now)
            db.session.add(company)
            new.append((company, promoters[spec["member"]]))
        employer = _ensure_user(
            employer_email(spec["slug"]),
            spec["contact"],
            Role.EMPLOYER,
            password_hash,
            company=company,
        )[0]
        result[spec["slug"]] = (company, employer)
    db.session.flush()
    for company, promoter in new:
        _company_audit(company, promoter)
    return result, len(new)


def _job_audit(job: dict, row: Job, employer: User, promoter: User) -> None:
    """The audit history of a new listing along its planned path, dated in the past."""
    actors = {"employer": employer, "promoter": promoter}  # "system" (expiry): no actor
    for action, before, after, kind, when, reason in job["steps"]:
        entry = audit.record(actors.get(kind), "job", row.id, action, before, after, reason)
        entry.created_at = when


def _insert_jobs(jobs: list[dict], companies: dict, promoters: dict) -> int:
    """Insert the listings not seeded yet, with audit history and search feed; returns how many."""

    query = select(Job.external_ref).where(Job.external_ref.startswith(REF_PREFIX))
    existing = set(db.session.execute(query).scalars())
    new = []
    for job in (j for j in jobs if j["ref"] not in existing):
        company, employer = companies[job["company"]["slug"]]
        owner = {"company_id": company.id, "member_id": company.member_id}
        new.append((job, employer, Job(**job["fields"], **owner, created_by_id=employer.id)))
    db.session.add_all(row for _, _, row in new)
    db.session.flush()
    for job, employer, row in new:
        if row.published_at is not None:
            row.approved_snapshot = snapshot(row)
        _job_audit(job, row, employer, promoters[job["member"]])
        listing_changed(row)
    return len(new)


def _state_summary() -> str:
    """How many demo listings are in each state, in German."""
    query = select(Job.state).where(Job.external_ref.startswith(REF_PREFIX))
    counts = Counter(db.session.execute(query).scalars())
    return ", ".join(f"{JobState(s).label}: {counts[s]}" for s in JobState if counts[s])


def seed_demo():
    """Load places and the region, then seed users, companies and listings (idempotent).

    Yields the lines to print, ending with the demo logins.
    """

    loaded = load_places()
    yield f"Orte: {loaded} geladen." if loaded else "Orte: bereits geladen."
    region, count = sync_region(current_app.config["REGION"])
    db.session.commit()
    today, now = berlin_today(), utcnow()
    members = _active_members(region, today)
    yield f"Region {region.name}: {count} Mitglieder, davon {len(members)} aktiv."
    password_hash = hash_password(DEMO_PASSWORD)
    promoters, new_users = _ensure_people(members, password_hash)
    plans = plan_companies([(m.slug, _town(m)) for m in members], region.name)
    companies, new_companies = _ensure_companies(plans, members, promoters, password_hash, now)
    yield f"Unternehmen: {len(plans)} ({new_companies} neu), Benutzer: {new_users} neu."
    pages = seed_member_pages(members, promoters)
    yield f"Seiten der Mitglieder: {len(members)} ({pages} neu), je mit Ansprechperson."
    rng = random.Random(SEED)
    jobs = plan_jobs(plans, members, region.name, rng)
    build_jobs(jobs, rng, now, today)
    new_jobs = _insert_jobs(jobs, companies, promoters)
    db.session.commit()
    yield f"Stellen: {len(jobs)} ({new_jobs} neu) – {_state_summary()}."
    yield seed_returnees([jobseeker_email(n) for n in range(1, 6)])
    yield seed_listing_months()
    yield feature_demo_listings()
    returnees = [
        db.session.execute(select(User).filter_by(email=jobseeker_email(n))).scalar_one()
        for n in (1, 2)
    ]
    yield seed_events(members, promoters, returnees, today)
    db.session.commit()
    yield ""
    yield "Demo-Zugänge:"
    logins = demo_logins()
    width = max(len(email) for _, email, _ in logins)
    for role, email, password in logins:
        yield f"  {ROLE_LABELS[role]:<22} {email:<{width}}  {password}"


def demo_logins(region_slug: str | None = None) -> list[tuple[str, str, str]]:
    """(role, e-mail, password) of demo accounts to try: admin, promoters, employers, returnee."""

    data = region_definition(region_slug or current_app.config["REGION"])
    today = berlin_today()
    members = [
        (m["slug"], m["name"])
        for m in data["members"]
        if date.fromisoformat(m["joined_on"]) <= today
        and (not m.get("left_on") or today < date.fromisoformat(m["left_on"]))
    ]
    employers = {}
    for company in plan_companies(members, data["name"]):
        if not company.get("status") and len(employers) < 2:
            employers.setdefault(company["member"], employer_email(company["slug"]))
    logins = [(Role.ADMIN, ADMIN_EMAIL)]
    logins += [(Role.PROMOTER, promoter_email(slug)) for slug, _ in members[:2]]
    logins += [(Role.EMPLOYER, email) for email in employers.values()]
    logins.append((Role.JOBSEEKER, jobseeker_email(1)))
    return [(role.value, email, DEMO_PASSWORD) for role, email in logins]
