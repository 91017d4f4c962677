"""DSGVO: export of a person's data ("Meine Daten") and account erasure.

Choices (SECURITY.md, "Datenschutz"):

- The export holds every column of every row about the person (generic serialisation,
  so new columns appear automatically) except secrets: the password hash, the session
  token and the link secrets of alerts (NOT_EXPORTED).
- Erasure deletes the account and everything that is only theirs. Rows others rely on
  lose the person's link: contact requests they sent stay as rows for the recipient,
  the sender becomes "Gelöschtes Konto" and the message (their words) is blanked; audit
  entries and moderation notes they wrote keep the action without the actor. The mail
  outbox loses every mail to them, written by them (author_id) or naming them.
  Consent records of e-mail alerts are kept as proof of the opt-in (Art. 7 (1) DSGVO)
  but pseudonymised: the address is replaced by a keyed hash (HMAC with SECRET_KEY),
  so the portal can still answer "did this address consent?" when asked with the
  address, but no longer knows it.
- An employer who is the last one of their company: the company's open listings are
  withdrawn (and so leave the search index) and contact fields with their name or
  address are cleared. With colleagues left, listings stay and are handed over: the
  contact fields naming the person are set to the first colleague.
- Retention (retention.py) erases with erase_user.

Nothing here commits: the caller owns the transaction.
"""

import logging
from datetime import date, datetime

from sqlalchemy import String, delete, func, or_, select, update

from ..core.extensions import db
from ..listings import SYSTEM, S, move
from ..models import (
    AbuseReport,
    AlertDelivery,
    AuditEntry,
    Bookmark,
    ConsentRecord,
    ContactRequest,
    Event,
    EventRegistration,
    Job,
    ListingFeed,
    MemberPage,
    ModerationNote,
    OutboxMail,
    PromoterContact,
    ReturneeProfile,
    SavedSearch,
    ThrottleEvent,
    User,
)
from ..models.base import utcnow
from ..platform import audit
from ..platform.throttle import hash_key

log = logging.getLogger("jobportal.auth")

NOT_EXPORTED = {
    "users": {"password_hash", "session_token"},
    "saved_searches": {"secret"},
    "event_registrations": {"secret"},
}
# Export section -> table of its rows (tests check that every column appears).
SECTION_TABLES = {
    "account": "users",
    "company": "companies",
    "promoter_contact": "promoter_contacts",
    "returnee_profile": "returnee_profiles",
    "desired_homes": "desired_homes",
    "contact_requests_received": "contact_requests",
    "bookmarks": "bookmarks",
    "contact_requests_sent": "contact_requests",
    "saved_searches": "saved_searches",
    "event_registrations": "event_registrations",
    "events_created": "events",
    "alert_deliveries": "alert_deliveries",
    "consent_records": "alert_consents",
    "audit_entries_about_me": "audit_entries",
    "audit_entries_by_me": "audit_entries",
    "moderation_notes_written": "moderation_notes",
    "reports_handled": "abuse_reports",
    "member_pages_edited": "member_pages",
    "listings_created": "jobs",
    "feeds_registered": "listing_feeds",
    "mails": "outbox_mails",
    "mails_written": "outbox_mails",
}
COMPANY_CONTACT = ("contact_name", "contact_email", "contact_phone")
JOB_CONTACT = ("apply_contact", "apply_email", "apply_phone")
SNAPSHOTS = ("approved_snapshot", "pending_changes")
ERASED_SENDER = "Gelöschtes Konto"
OPEN_STATES = {S.DRAFT.value, S.PENDING.value, S.PUBLISHED.value, S.REJECTED.value}


# --- export -----------------------------------------------------------------------------


def _value(value):
    """A JSON-ready column value."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def row(obj) -> dict:
    """All columns of a model row except the secrets in NOT_EXPORTED."""
    table = obj.__table__
    hidden = NOT_EXPORTED.get(table.name, set())
    return {c.key: _value(getattr(obj, c.key)) for c in table.columns if c.key not in hidden}


def _rows(query) -> list[dict]:
    """Serialise every row of a select()."""
    return [row(obj) for obj in db.session.execute(query).scalars()]


def _email_match(column, email: str):
    """Case-insensitive equality with an e-mail address."""
    return func.lower(column) == email.lower()


def _alerts_query(user: User):
    """The user's alerts: by account or by their address (alerts without an account)."""
    return select(SavedSearch).where(
        or_(SavedSearch.user_id == user.id, _email_match(SavedSearch.email, user.email))
    )


def _registrations_query(user: User, columns=(EventRegistration,)):
    """The user's event registrations: by account or by their address (as a guest)."""
    return select(*columns).where(
        or_(
            EventRegistration.user_id == user.id,
            _email_match(EventRegistration.email, user.email),
        )
    )


def _profile_part(profile: ReturneeProfile | None) -> dict:
    """The returnee profile with desired homes and received contact requests."""
    if profile is None:
        return {"returnee_profile": None, "desired_homes": [], "contact_requests_received": []}
    received = select(ContactRequest).where(ContactRequest.profile_id == profile.id)
    return {
        "returnee_profile": row(profile),
        "desired_homes": [row(home) for home in profile.homes],
        "contact_requests_received": _rows(received),
    }


def export_data(user: User) -> dict:
    """Everything the portal holds about the user, as a JSON-ready dict."""
    alert_ids = select(SavedSearch.id).where(
        or_(SavedSearch.user_id == user.id, _email_match(SavedSearch.email, user.email))
    )
    contact = db.session.get(PromoterContact, user.id)
    profile = db.session.execute(
        select(ReturneeProfile).where(ReturneeProfile.user_id == user.id)
    ).scalar_one_or_none()
    about_me = (AuditEntry.subject_kind == "user") & (AuditEntry.subject_id == user.id)
    return {
        "exported_at": utcnow().isoformat(),
        "account": row(user),
        "company": row(user.company) if user.company else None,
        "promoter_members": [{"id": m.id, "name": m.name} for m in user.members],
        "promoter_contact": row(contact) if contact else None,
        **_profile_part(profile),
        "bookmarks": _rows(select(Bookmark).where(Bookmark.user_id == user.id)),
        "contact_requests_sent": _rows(
            select(ContactRequest).where(ContactRequest.sender_id == user.id)
        ),
        "saved_searches": _rows(_alerts_query(user)),
        "event_registrations": _rows(_registrations_query(user)),
        "events_created": _rows(select(Event).where(Event.created_by_id == user.id)),
        "alert_deliveries": _rows(
            select(AlertDelivery).where(AlertDelivery.alert_id.in_(alert_ids))
        ),
        "consent_records": _rows(
            select(ConsentRecord).where(_email_match(ConsentRecord.email, user.email))
        ),
        "audit_entries_about_me": _rows(select(AuditEntry).where(about_me)),
        "audit_entries_by_me": _rows(select(AuditEntry).where(AuditEntry.actor_id == user.id)),
        "moderation_notes_written": _rows(
            select(ModerationNote).where(ModerationNote.author_id == user.id)
        ),
        "reports_handled": _rows(select(AbuseReport).where(AbuseReport.handled_by_id == user.id)),
        "member_pages_edited": _rows(select(MemberPage).where(MemberPage.updated_by_id == user.id)),
        "listings_created": _rows(select(Job).where(Job.created_by_id == user.id)),
        "feeds_registered": _rows(select(ListingFeed).where(ListingFeed.created_by_id == user.id)),
        "mails": _rows(select(OutboxMail).where(_email_match(OutboxMail.recipient, user.email))),
        "mails_written": _rows(select(OutboxMail).where(OutboxMail.author_id == user.id)),
    }


# --- erasure ----------------------------------------------------------------------------


def _colleagues(user: User) -> list[User]:
    """Other accounts of the user's company, oldest first."""
    if user.company_id is None:
        return []
    query = (
        select(User).where(User.company_id == user.company_id, User.id != user.id).order_by(User.id)
    )
    return list(db.session.execute(query).scalars())


def _names_person(value: str, user: User) -> bool:
    """Whether a contact field holds the user's name or address."""
    value = (value or "").strip().lower()
    return bool(value) and value in {user.email.lower(), (user.name or "").strip().lower()}


def _swap_contact(values: dict, keys: tuple[str, str, str], user: User, heir) -> bool:
    """Contact (name, address, phone) naming the person: the heir's, or cleared; changed?"""
    name, email, phone = keys
    if not (_names_person(values.get(name), user) or _names_person(values.get(email), user)):
        return False
    values[name], values[email] = (heir.name, heir.email) if heir else ("", "")
    if phone in values:
        values[phone] = ""  # the person's number; the heir has none on record
    return True


def _swap_on(obj, keys: tuple[str, str, str], user: User, heir) -> None:
    """_swap_contact on the columns of a row."""
    values = {key: getattr(obj, key) for key in keys}
    if _swap_contact(values, keys, user, heir):
        for key, value in values.items():
            setattr(obj, key, value)


def _swap_in_job(job: Job, user: User, heir) -> None:
    """The listing's contact columns and the copies in its review snapshots."""
    _swap_on(job, JOB_CONTACT, user, heir)
    for attr in SNAPSHOTS:
        snap = dict(getattr(job, attr) or {})
        if snap and _swap_contact(snap, JOB_CONTACT, user, heir):
            setattr(job, attr, snap)


def _hand_over(user: User) -> int:
    """Listings and company contacts of an employer: hand over or withdraw; count withdrawn."""
    company = user.company
    if company is None:
        return 0
    heir = next(iter(_colleagues(user)), None)
    _swap_on(company, COMPANY_CONTACT, user, heir)
    withdrawn = 0
    jobs = db.session.execute(select(Job).where(Job.company_id == company.id)).scalars()
    for job in jobs:
        _swap_in_job(job, user, heir)
        if heir is None and job.state in OPEN_STATES:
            move(job, SYSTEM, "withdraw", S.WITHDRAWN, "Konto des letzten Arbeitgebers gelöscht")
            withdrawn += 1
    return withdrawn


def pseudonym(email: str) -> str:
    """The keyed hash that replaces an address in kept consent records."""
    return "hmac:" + hash_key((email or "").strip().lower())[:56]


def _erase_alerts(user: User) -> None:
    """Delete the user's alerts and deliveries; pseudonymise the consent records."""
    alert_ids = [a.id for a in db.session.execute(_alerts_query(user)).scalars()]
    consents = select(ConsentRecord).where(
        or_(_email_match(ConsentRecord.email, user.email), ConsentRecord.alert_id.in_(alert_ids))
    )
    now = utcnow()
    for record in db.session.execute(consents).scalars():
        record.email = pseudonym(record.email)
        record.alert_id = None
        record.revoked_at = record.revoked_at or now
    db.session.execute(delete(AlertDelivery).where(AlertDelivery.alert_id.in_(alert_ids)))
    db.session.execute(delete(SavedSearch).where(SavedSearch.id.in_(alert_ids)))


def _erase_profile(user: User) -> None:
    """Delete the returnee profile, its homes and the contact requests it received."""
    profile = db.session.execute(
        select(ReturneeProfile).where(ReturneeProfile.user_id == user.id)
    ).scalar_one_or_none()
    if profile is not None:
        db.session.execute(delete(ContactRequest).where(ContactRequest.profile_id == profile.id))
        db.session.delete(profile)


def _unlink(user: User) -> None:
    """Rows others rely on keep their content but lose the link to the person."""
    db.session.execute(
        update(ContactRequest)
        .where(ContactRequest.sender_id == user.id)
        .values(
            sender_id=None, sender_name=ERASED_SENDER, sender_email="", sender_org="", message=""
        )
    )
    db.session.execute(
        update(AuditEntry).where(AuditEntry.actor_id == user.id).values(actor_id=None)
    )
    db.session.execute(
        delete(AuditEntry).where(
            AuditEntry.subject_kind == "user", AuditEntry.subject_id == user.id
        )
    )
    for model, column in (
        (ModerationNote, ModerationNote.author_id),
        (AbuseReport, AbuseReport.handled_by_id),
        (MemberPage, MemberPage.updated_by_id),
        (Job, Job.created_by_id),
        (ListingFeed, ListingFeed.created_by_id),
    ):
        db.session.execute(update(model).where(column == user.id).values({column.key: None}))


def _mentions(text: str):
    """SQL condition: an outbox mail's subject, body or headers contain the text."""
    pattern = f"%{text.lower()}%"
    columns = (OutboxMail.subject, OutboxMail.body_text, OutboxMail.body_html)
    headers = func.lower(func.cast(OutboxMail.headers, String)).like(pattern)
    return or_(headers, *(func.lower(column).like(pattern) for column in columns))


def _erase_mails(user: User) -> None:
    """Delete outbox mails to the person, written by them, or naming them (address or full
    name of two words or more), pending and sent."""
    conditions = [
        _email_match(OutboxMail.recipient, user.email),
        OutboxMail.author_id == user.id,
        _mentions(user.email),
    ]
    name = " ".join((user.name or "").split())
    if " " in name:
        conditions.append(_mentions(name))
    db.session.execute(
        delete(OutboxMail).where(or_(*conditions)),
        execution_options={"synchronize_session": False},
    )


def erase_user(user: User, why: str) -> dict:
    """Erase the account and the person's data everywhere; returns what was done."""
    user_id, email = user.id, user.email
    withdrawn = _hand_over(user)
    _erase_alerts(user)
    _erase_profile(user)
    db.session.execute(delete(Bookmark).where(Bookmark.user_id == user_id))
    registrations = _registrations_query(user, (EventRegistration.id,))
    db.session.execute(delete(EventRegistration).where(EventRegistration.id.in_(registrations)))
    db.session.execute(delete(PromoterContact).where(PromoterContact.user_id == user_id))
    user.members = []
    _unlink(user)
    _erase_mails(user)
    db.session.execute(delete(ThrottleEvent).where(ThrottleEvent.key == hash_key(email.lower())))
    db.session.delete(user)
    db.session.flush()
    audit.record(None, "user", user_id, "erase", reason=why)
    log.info("account erased user_id=%s (%s)", user_id, why)
    return {"user_id": user_id, "withdrawn_listings": withdrawn}
