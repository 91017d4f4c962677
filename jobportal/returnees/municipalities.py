"""Public pages of the member municipalities: texts, contact person, jobs, companies.

Promoters edit the pages of their own members (Markdown, sanitised when shown).
A promoter appears as contact person only with their consent (PromoterContact);
visitors write to them through the portal (the mail is the only place their address
is kept, and it is emptied once sent). Jobs count by the listing's member, the key
the search's member filter uses, so every listing counts once. Nothing here commits.
"""

import re

from sqlalchemy import func, select

from ..core.extensions import db
from ..core.translation import gettext as _
from ..core.translation import lazy_gettext as _l
from ..listings import public_jobs_query
from ..models import (
    Company,
    Job,
    Member,
    MemberPage,
    PromoterContact,
    User,
    promoter_members,
)
from ..places import active_members
from ..platform import audit, throttle
from ..platform.mail import queue_mail

SECTIONS = {
    "living": _l("Leben"),
    "housing": _l("Wohnen"),
    "childcare": _l("Kita und Schule"),
    "transport": _l("Bus und Bahn"),
    "leisure": _l("Freizeit"),
    "support": _l("Rückkehrberatung"),
}
SECTION_MAX = 10_000
INTRO_MAX = 5_000
PHONE_MAX = 60
LINE_MAX = 200
URL_MAX = 500
MINUTES_MAX = 300
NAME_MAX = 120
EMAIL_MAX = 254
MESSAGE_MAX = 3_000
MESSAGE_LIMIT = 5  # contact form messages per hashed address and hour
MESSAGE_WINDOW = 3600
MESSAGE_BUCKET = "member_contact"
_URL = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


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


def _job_counts() -> dict[int, int]:
    """{member id: number of public jobs} by the listing's member (the search's filter)."""
    jobs = public_jobs_query().with_only_columns(Job.member_id, func.count(Job.id))
    return dict(db.session.execute(jobs.group_by(Job.member_id)).all())


def public_job_total() -> int:
    """Number of public jobs in the network: the search's total without filters."""
    query = public_jobs_query().with_only_columns(func.count(Job.id))
    return db.session.execute(query).scalar_one()


def members_with_counts() -> list[tuple[Member, int]]:
    """Every active member with the number of its open jobs, by name (each job once)."""
    counts = _job_counts()
    return [(member, counts.get(member.id, 0)) for member in active_members()]


def open_job_count(member: Member) -> int:
    """Number of public jobs of the member: what the search with its member filter finds."""
    query = public_jobs_query().with_only_columns(func.count(Job.id))
    return db.session.execute(query.where(Job.member_id == member.id)).scalar_one()


def newest_jobs(member: Member, limit: int = 5) -> list[Job]:
    """The member's newest public jobs."""
    query = (
        public_jobs_query()
        .where(Job.member_id == member.id)
        .order_by(Job.published_at.desc(), Job.id.desc())
        .limit(limit)
    )
    return list(db.session.execute(query).scalars())


def district_towns(member: Member) -> list[tuple[str, Member | None]]:
    """A district's towns by name, each with the active member that is the town itself."""
    if member.kind != "district":
        return []
    own = {m.name: m for m in active_members() if m.kind == "municipality"}
    names = sorted({p.name for p in member.places}, key=lambda n: n.casefold())
    return [(name, own.get(name) or own.get(name.split("/")[0])) for name in names]


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


def _check_page(intro: str, fields: dict) -> dict:
    """German messages by field for page input that does not fit; empty if all is well."""
    errors = {}
    if len(intro or "") > INTRO_MAX:
        errors["intro"] = _("Bitte höchstens %(n)s Zeichen eingeben.", n=INTRO_MAX)
    for key in SECTIONS:
        for name in (key, f"{key}_en"):
            if len(fields.get(name) or "") > SECTION_MAX:
                errors[name] = _("Bitte höchstens %(n)s Zeichen eingeben.", n=SECTION_MAX)
    for name in ("housing_company", "transit_city", "transit_mode"):
        if len(fields.get(name) or "") > LINE_MAX:
            errors[name] = _("Bitte höchstens %(n)s Zeichen eingeben.", n=LINE_MAX)
    url = (fields.get("housing_url") or "").strip()
    if url and (len(url) > URL_MAX or not _URL.fullmatch(url)):
        errors["housing_url"] = _("Bitte eine Webadresse mit https:// angeben.")
    minutes = fields.get("transit_minutes")
    if minutes is not None and not (isinstance(minutes, int) and 1 <= minutes <= MINUTES_MAX):
        errors["transit_minutes"] = _(
            "Bitte eine Fahrzeit von 1 bis %(n)s Minuten angeben.", n=MINUTES_MAX
        )
    return errors


def save_page(member: Member, actor, intro: str, sections: dict, intro_en: str = "") -> MemberPage:
    """Store a member's page: intro, section texts (Markdown) and their English versions,
    the housing company and the trip to the nearest city. Raises PageError."""
    errors = _check_page(intro, sections)
    if len(intro_en or "") > INTRO_MAX:
        errors["intro_en"] = _("Bitte höchstens %(n)s Zeichen eingeben.", n=INTRO_MAX)
    if errors:
        raise PageError(errors)
    page = page_of(member)
    member.description = (intro or "").strip()
    member.description_en = (intro_en or "").strip()
    for key in SECTIONS:
        for name in (key, f"{key}_en"):
            setattr(page, name, (sections.get(name) or "").strip())
    for name in ("housing_company", "housing_url", "transit_city", "transit_mode"):
        setattr(page, name, (sections.get(name) or "").strip())
    page.transit_minutes = sections.get("transit_minutes")
    page.updated_by_id = actor.id
    db.session.add(page)
    audit.record(actor, "member", member.id, "edit_page")
    db.session.flush()
    return page


def contact_limited(sender_key: str) -> bool:
    """Whether this sender (hashed address) has used up the messages of the hour;
    otherwise the attempt is counted (also failed and honeypot ones)."""
    if throttle.is_limited(MESSAGE_BUCKET, sender_key, MESSAGE_LIMIT, MESSAGE_WINDOW):
        return True
    throttle.record(MESSAGE_BUCKET, sender_key)
    return False


def send_contact_message(
    member: Member, contact_id: int | None, name: str, email: str, message: str
):
    """Pass a visitor's message to the member's contact person as a mail (Reply-To: the
    visitor). Nothing else keeps the address, and the mail is emptied once sent.
    Raises PageError for bad input."""
    people = {user.id: user for user, _contact in contact_people(member)}
    name, email, message = (name or "").strip(), (email or "").strip(), (message or "").strip()
    errors = {}
    recipient = people.get(contact_id) if contact_id else next(iter(people.values()), None)
    if recipient is None:
        errors["contact"] = _("Bitte wählen Sie eine Ansprechperson.")
    if not name or len(name) > NAME_MAX:
        errors["name"] = _("Bitte geben Sie Ihren Namen an (höchstens %(n)s Zeichen).", n=NAME_MAX)
    if len(email) > EMAIL_MAX or not _EMAIL.fullmatch(email):
        errors["email"] = _("Bitte geben Sie eine gültige E-Mail-Adresse an.")
    if not message or len(message) > MESSAGE_MAX:
        errors["message"] = _(
            "Bitte schreiben Sie eine Nachricht (höchstens %(n)s Zeichen).", n=MESSAGE_MAX
        )
    if errors:
        raise PageError(errors)
    return queue_mail(
        recipient.email,
        _l("Rückkehrberatung %(member)s: Nachricht von %(name)s", member=member.name, name=name),
        "member_contact_message",
        lang=recipient.language,
        headers={"Reply-To": email},
        erase_after_send=True,
        member=member,
        contact=recipient,
        sender_name=name,
        sender_email=email,
        message=message,
    )


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
