"""Moderation by business promoters: scoping, companies, abuse reports, internal notes.

Listing transitions (approve, reject, unpublish) live in jobportal.jobs; this module
only combines reasons and calls them. Nothing here commits: the caller owns the
transaction.
"""

from sqlalchemy import select

from .. import listings, search
from ..core.extensions import db
from ..core.translation import gettext as _
from ..core.translation import lazy_gettext as _l
from ..listings import FIELD_LABELS, SNAPSHOT_FIELDS, display_value
from ..models import AbuseReport, Company, Job, JobState, ModerationNote, Role, User
from ..models.base import utcnow
from ..platform import audit, throttle
from ..platform.mail import queue_mail

REJECT_REASONS = {
    "incomplete": _l("Unvollständige Angaben"),
    "discrimination": _l("Diskriminierende Formulierung (AGG)"),
    "outside_region": _l("Keine Stelle in der Region"),
    "duplicate": _l("Doppelte Anzeige"),
    "dubious": _l("Unseriöses Angebot"),
    "other": _l("Sonstiges"),
}

REPORT_REASONS = {
    "fraud": _l("Betrug oder unseriöses Angebot"),
    "discrimination": _l("Diskriminierende Inhalte"),
    "misleading": _l("Falsche oder irreführende Angaben"),
    "filled": _l("Stelle ist nicht mehr verfügbar"),
    "offensive": _l("Beleidigende oder anstößige Inhalte"),
    "other": _l("Sonstiges"),
}

REASON_MAX = 2000
NOTE_MAX = 5000
REPORT_TEXT_MAX = 2000
REPORT_BUCKET = "abuse-report"
REPORT_LIMIT = 5
REPORT_WINDOW_SECONDS = 3600

NOTE_KINDS = {"job", "company"}

# Actions recorded here; listing transitions have their labels in jobs.ACTION_LABELS.
ACTION_LABELS = {
    "verify": _l("Verifiziert"),
    "ban": _l("Gesperrt"),
    "unban": _l("Sperre aufgehoben"),
    "move": _l("Kommune gewechselt"),
    "lock": _l("Konto gesperrt"),
    "unlock": _l("Konto entsperrt"),
    "create_promoter": _l("Konto der Wirtschaftsförderung angelegt"),
    "promoter_members": _l("Gemeinden geändert"),
    "add_member": _l("Mitglied aufgenommen"),
    "end_membership": _l("Austritt eingetragen"),
    "reported": _l("Gemeldet"),
    "report_closed": _l("Meldung geschlossen"),
    "feature": _l("Auf der Startseite empfohlen"),
    "unfeature": _l("Nicht mehr empfohlen"),
}


class ModerationError(Exception):
    """A moderation action that is not possible; the message is German and user-facing."""


# --- scoping -------------------------------------------------------------------------


def scope_member_ids(user) -> set[int] | None:
    """Member ids a user may moderate; None means all (admins)."""
    if user.has_role(Role.ADMIN):
        return None
    if user.has_role(Role.PROMOTER):
        return {member.id for member in user.members}
    return set()


def may_moderate_member(user, member_id: int | None) -> bool:
    """Whether the user moderates the given member municipality."""
    ids = scope_member_ids(user)
    return ids is None or (member_id is not None and member_id in ids)


def may_moderate_job(user, job: Job) -> bool:
    """Whether the user may see the listing in moderation (acting is checked per action by
    the lifecycle: approving a move needs a promoter of the target member)."""
    ids = scope_member_ids(user)
    return ids is None or bool(listings.moderating_member_ids(job) & ids)


def may_moderate_company(user, company: Company) -> bool:
    """Whether the user may see and act on the company in moderation."""
    return may_moderate_member(user, company.member_id)


def _scoped(query, column, user):
    """Restrict a query to the user's members (admins: unrestricted)."""
    ids = scope_member_ids(user)
    return query if ids is None else query.where(column.in_(ids or {-1}))


def state_label(value: str) -> str:
    """German label of a listing state (other states are already German)."""
    try:
        return JobState(value).label
    except ValueError:
        return value


def action_label(action: str) -> str:
    """German label of an audit action (unknown actions as they are)."""
    return ACTION_LABELS.get(action) or listings.ACTION_LABELS.get(action, action)


# --- queue ---------------------------------------------------------------------------


def queue_jobs(user) -> list[Job]:
    """Listings waiting for review in the user's members, oldest first."""
    return listings.moderation_queue_jobs(user)


def queue_companies(user) -> list[Company]:
    """Unverified, not banned companies in the user's members, oldest first."""
    query = select(Company).where(Company.verified_at.is_(None), Company.banned_at.is_(None))
    query = _scoped(query, Company.member_id, user).order_by(Company.created_at, Company.id)
    return list(db.session.execute(query).scalars())


def scoped_companies(user, search: str = "") -> list[Company]:
    """All companies in the user's members, by name, optionally filtered by name."""
    query = _scoped(select(Company), Company.member_id, user)
    if search:
        query = query.where(Company.name.icontains(search, autoescape=True))
    return list(db.session.execute(query.order_by(Company.name, Company.id)).scalars())


def open_reports(user, job: Job | None = None) -> list[AbuseReport]:
    """Open abuse reports on listings in the user's members, oldest first."""
    query = select(AbuseReport).join(AbuseReport.job).where(AbuseReport.status == AbuseReport.OPEN)
    if job is not None:
        query = query.where(AbuseReport.job_id == job.id)
    query = _scoped(query, Job.member_id, user)
    query = query.order_by(AbuseReport.created_at, AbuseReport.id)
    return list(db.session.execute(query).scalars())


# --- listings ------------------------------------------------------------------------


def rejection_text(reason_key: str, text: str = "") -> str:
    """The reason mailed to the employer: the chosen label plus the free text."""
    if reason_key not in REJECT_REASONS:
        raise ModerationError(_("Bitte wählen Sie einen gültigen Ablehnungsgrund."))
    text = (text or "").strip()
    if len(text) > REASON_MAX:
        raise ModerationError(
            _("Die Begründung darf höchstens %(n)s Zeichen lang sein.", n=REASON_MAX)
        )
    if reason_key == "other" and not text:
        raise ModerationError(_("Bitte erläutern Sie den Grund „Sonstiges“."))
    label = str(REJECT_REASONS[reason_key])
    return f"{label}: {text}" if text else label


def reject_job(job: Job, actor, reason_key: str, text: str = "") -> None:
    """Reject a listing with a reason from the list plus free text (jobs.reject mails it)."""
    listings.reject(job, actor, rejection_text(reason_key, text))


def review_content(job: Job) -> tuple[list[tuple[str, str]], str]:
    """The version under review: (label, value) facts and the Markdown description."""

    snap = listings.effective_snapshot(job)
    facts = [
        (FIELD_LABELS[key], display_value(key, snap.get(key)))
        for key in SNAPSHOT_FIELDS
        if key not in ("title", "description")
    ]
    return facts, snap.get("description") or ""


# --- companies -----------------------------------------------------------------------


def company_state(company: Company) -> str:
    """Short German state of a company for lists and audit entries."""
    if company.is_banned:
        return "gesperrt"
    return "verifiziert" if company.is_verified else "unverifiziert"


def _require_reason(reason: str, required: bool = True) -> str:
    """A stripped reason of acceptable length."""
    reason = (reason or "").strip()
    if required and not reason:
        raise ModerationError(_("Bitte geben Sie eine Begründung an."))
    if len(reason) > REASON_MAX:
        raise ModerationError(
            _("Die Begründung darf höchstens %(n)s Zeichen lang sein.", n=REASON_MAX)
        )
    return reason


def _mail_company(company: Company, subject: str, template: str, **context) -> None:
    """Queue a mail to every user of the company."""
    for user in company.users:
        queue_mail(
            user.email, subject, template, lang=user.language, company=company, user=user, **context
        )


def verify_company(company: Company, actor) -> None:
    """Mark a company as verified by a promoter."""
    if company.is_banned:
        raise ModerationError(_("Ein gesperrtes Unternehmen kann nicht verifiziert werden."))
    if company.is_verified:
        raise ModerationError(_("Das Unternehmen ist bereits verifiziert."))
    before = company_state(company)
    company.verified_at = utcnow()
    audit.record(actor, "company", company.id, "verify", before, company_state(company))
    _mail_company(company, _l("Ihr Unternehmen wurde verifiziert"), "moderation_company_verified")


def ban_company(company: Company, actor, reason: str) -> None:
    """Ban a company: all its listings leave the site (jobs.public_jobs_query excludes them)."""
    reason = _require_reason(reason)
    if company.is_banned:
        raise ModerationError(_("Das Unternehmen ist bereits gesperrt."))
    before = company_state(company)
    company.banned_at = utcnow()
    audit.record(actor, "company", company.id, "ban", before, company_state(company), reason)
    _mail_company(
        company, _l("Ihr Unternehmen wurde gesperrt"), "moderation_company_banned", reason=reason
    )
    _touch_company_jobs(company)


def unban_company(company: Company, actor, reason: str = "") -> None:
    """Lift a ban; published, unexpired listings are public again."""
    reason = _require_reason(reason, required=False)
    if not company.is_banned:
        raise ModerationError(_("Das Unternehmen ist nicht gesperrt."))
    company.banned_at = None
    audit.record(actor, "company", company.id, "unban", "gesperrt", company_state(company), reason)
    _touch_company_jobs(company)


def _touch_company_jobs(company: Company) -> None:
    """Tell the search feed that all the company's listings changed (same transaction)."""
    search.note_company_changed(company.id)


def company_jobs(company: Company) -> list[Job]:
    """All listings of a company, newest first."""
    query = select(Job).filter_by(company_id=company.id).order_by(Job.created_at.desc(), Job.id)
    return list(db.session.execute(query).scalars())


# --- notes ---------------------------------------------------------------------------


def add_note(actor, subject_kind: str, subject_id: int, text: str) -> ModerationNote:
    """Add an internal note to a listing or a company."""
    if subject_kind not in NOTE_KINDS:
        raise ModerationError(_("Notizen gibt es nur zu Stellen und Unternehmen."))
    text = (text or "").strip()
    if not text:
        raise ModerationError(_("Die Notiz ist leer."))
    if len(text) > NOTE_MAX:
        raise ModerationError(_("Die Notiz darf höchstens %(n)s Zeichen lang sein.", n=NOTE_MAX))
    note = ModerationNote(
        subject_kind=subject_kind, subject_id=subject_id, author_id=actor.id, text=text
    )
    db.session.add(note)
    return note


def notes_for(subject_kind: str, subject_id: int) -> list[ModerationNote]:
    """Internal notes of one object, newest first."""
    query = (
        select(ModerationNote)
        .filter_by(subject_kind=subject_kind, subject_id=subject_id)
        .order_by(ModerationNote.created_at.desc(), ModerationNote.id.desc())
    )
    return list(db.session.execute(query).scalars())


# --- abuse reports -------------------------------------------------------------------


def report_limited(reporter_hash: str) -> bool:
    """Whether this reporter (hashed IP) has used up the reports of the hour."""
    return throttle.is_limited(REPORT_BUCKET, reporter_hash, REPORT_LIMIT, REPORT_WINDOW_SECONDS)


def count_report_attempt(reporter_hash: str) -> None:
    """Count one report attempt for the rate limit (also for honeypot hits)."""
    throttle.record(REPORT_BUCKET, reporter_hash)


def create_report(job: Job, reason_key: str, text: str, reporter_hash: str) -> AbuseReport:
    """File a visitor's report on a public listing and notify that member's promoters."""
    if reason_key not in REPORT_REASONS:
        raise ModerationError(_("Bitte wählen Sie einen gültigen Grund."))
    text = (text or "").strip()
    if len(text) > REPORT_TEXT_MAX:
        raise ModerationError(
            _("Der Text darf höchstens %(n)s Zeichen lang sein.", n=REPORT_TEXT_MAX)
        )
    report = AbuseReport(job=job, reason=reason_key, text=text, reporter_hash=reporter_hash)
    db.session.add(report)
    count_report_attempt(reporter_hash)
    db.session.flush()
    audit.record(None, "job", job.id, "reported", reason=str(REPORT_REASONS[reason_key]))
    for promoter in promoters_of_member(job.member_id):
        queue_mail(
            promoter.email,
            _l("Neue Meldung zu einer Stellenanzeige"),
            "moderation_report",
            lang=promoter.language,
            report=report,
            job=job,
            reason=REPORT_REASONS[reason_key],
        )
    return report


def promoters_of_member(member_id: int | None) -> list[User]:
    """Active promoter accounts responsible for a member municipality."""
    if member_id is None:
        return []
    query = select(User).where(
        User.role == Role.PROMOTER.value,
        User.locked_at.is_(None),
        User.members.any(id=member_id),
    )
    return list(db.session.execute(query.order_by(User.id)).scalars())


def close_report(
    report: AbuseReport, actor, resolution: str = "", unpublish_reason: str | None = None
) -> None:
    """Close a report, optionally unpublishing the listing through jobs.unpublish."""
    if not report.is_open:
        raise ModerationError(_("Diese Meldung ist bereits geschlossen."))
    resolution = _require_reason(resolution, required=False)
    if unpublish_reason is not None:
        listings.unpublish(report.job, actor, _require_reason(unpublish_reason))
    report.status = AbuseReport.CLOSED
    report.closed_at = utcnow()
    report.handled_by_id = actor.id
    report.resolution = resolution
    label = REPORT_REASONS.get(report.reason, report.reason)
    audit.record(
        actor,
        "job",
        report.job_id,
        "report_closed",
        reason=f"Meldung „{label}“ geschlossen" + (f": {resolution}" if resolution else ""),
    )
