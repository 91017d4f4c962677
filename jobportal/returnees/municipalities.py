"""Public pages of the member municipalities: texts, contact person, jobs, companies.

Promoters edit the pages of their own members (Markdown, sanitised when shown).
A promoter appears as contact person only with their consent (PromoterContact).
Nothing here commits.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..core.extensions import db
from ..listings import public_jobs_query
from ..models import (
    Company,
    Job,
    Member,
    MemberPage,
    PromoterContact,
    User,
    member_places,
    promoter_members,
)
from ..places import active_members
from ..platform import audit

SECTIONS = {
    "living": _l("Leben und Wohnen"),
    "housing": _l("Wohnungen und Bauland"),
    "childcare": _l("Kita und Schule"),
    "leisure": _l("Freizeit"),
    "support": _l("Unterstützung für Rückkehrer"),
}
SECTION_MAX = 10_000
INTRO_MAX = 5_000
PHONE_MAX = 60


class PageError(Exception):
    """Invalid page input: German messages by field."""

    def __init__(self, errors: dict):
        super().__init__(_("Bitte korrigieren Sie die markierten Angaben."))
        self.errors = errors


def active_member_by_slug(slug: str) -> Member | None:
    """The active member with this slug (members that left have no public page)."""
    return next((m for m in active_members() if m.slug == slug), None)


def page_of(member: Member) -> MemberPage:
    """The member's page sections (an empty, unsaved one if never edited)."""
    return db.session.get(MemberPage, member.id) or MemberPage(member_id=member.id)


def _public_in(member_ids=None):
    """(member id, job count) rows of public jobs by the members covering their places."""
    jobs = public_jobs_query().with_only_columns(Job.id, Job.place_id).subquery()
    query = (
        select(member_places.c.member_id, func.count(jobs.c.id))
        .join(jobs, jobs.c.place_id == member_places.c.place_id)
        .group_by(member_places.c.member_id)
    )
    if member_ids is not None:
        query = query.where(member_places.c.member_id.in_(member_ids))
    return dict(db.session.execute(query).all())


def members_with_counts() -> list[tuple[Member, int]]:
    """Every active member with the number of its open jobs, by name."""
    counts = _public_in()
    return [(member, counts.get(member.id, 0)) for member in active_members()]


def open_job_count(member: Member) -> int:
    """Number of public jobs in the member's places."""
    return _public_in([member.id]).get(member.id, 0)


def newest_jobs(member: Member, limit: int = 5) -> list[Job]:
    """The member's newest public jobs."""
    places = select(member_places.c.place_id).where(member_places.c.member_id == member.id)
    query = (
        public_jobs_query()
        .where(Job.place_id.in_(places))
        .order_by(Job.published_at.desc(), Job.id.desc())
        .limit(limit)
    )
    return list(db.session.execute(query).scalars())


def companies_of(member: Member) -> list[Company]:
    """Verified, unbanned companies of the member, by name."""
    query = (
        select(Company)
        .where(
            Company.member_id == member.id,
            Company.verified_at.is_not(None),
            Company.banned_at.is_(None),
        )
        .order_by(Company.name)
    )
    return list(db.session.execute(query).scalars())


def contact_people(member: Member) -> list[tuple[User, PromoterContact]]:
    """Promoters of the member who agreed to be shown as contact person."""
    query = (
        select(User, PromoterContact)
        .join(PromoterContact, PromoterContact.user_id == User.id)
        .join(promoter_members, promoter_members.c.user_id == User.id)
        .where(
            promoter_members.c.member_id == member.id,
            PromoterContact.shown.is_(True),
            User.locked_at.is_(None),
        )
        .order_by(User.name)
    )
    return [tuple(row) for row in db.session.execute(query).all()]


def may_edit(user, member: Member) -> bool:
    """Promoters edit the pages of their own members; admins every page."""
    if user.has_role("admin"):
        return True
    return user.has_role("promoter") and any(m.id == member.id for m in user.members)


def save_page(member: Member, actor, intro: str, sections: dict) -> MemberPage:
    """Store the intro and section texts (Markdown) of a member's page."""
    errors = {}
    if len(intro or "") > INTRO_MAX:
        errors["intro"] = _("Bitte höchstens %(n)s Zeichen eingeben.", n=INTRO_MAX)
    for key in SECTIONS:
        if len(sections.get(key) or "") > SECTION_MAX:
            errors[key] = _("Bitte höchstens %(n)s Zeichen eingeben.", n=SECTION_MAX)
    if errors:
        raise PageError(errors)
    page = page_of(member)
    member.description = (intro or "").strip()
    for key in SECTIONS:
        setattr(page, key, (sections.get(key) or "").strip())
    page.updated_by_id = actor.id
    db.session.add(page)
    audit.record(actor, "member", member.id, "edit_page")
    db.session.flush()
    return page


def set_contact_consent(user, shown: bool, phone: str = "") -> PromoterContact | None:
    """Record (or withdraw) a promoter's consent to be shown as contact person."""
    if len(phone or "") > PHONE_MAX:
        raise PageError({"phone": _("Bitte höchstens %(n)s Zeichen eingeben.", n=PHONE_MAX)})
    contact = db.session.get(PromoterContact, user.id)
    if not shown:
        if contact is not None:
            db.session.delete(contact)
        db.session.flush()
        return None
    contact = contact or PromoterContact(user_id=user.id)
    contact.shown, contact.phone = True, (phone or "").strip()
    db.session.add(contact)
    db.session.flush()
    return contact
