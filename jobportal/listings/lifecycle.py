"""The listing lifecycle: an explicit state machine with checked, audited transitions.

States (models.jobs.JobState): draft -> pending -> published / rejected -> expired /
filled / withdrawn. Every transition checks who may do it (the employer of the
listing's company, a promoter of the listing's member municipality, an admin) and
from which state, writes an audit entry and raises `JobError` (German message)
otherwise. Nothing here commits: the caller owns the transaction.

A substantive edit of a published listing is kept in `pending_changes`; the listing
stays published with its approved content until a promoter approves (the changes are
applied) or rejects (the changes are dropped). Such listings are in the moderation
queue next to the pending ones.
"""

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select

from ..core.clock import berlin_today
from ..core.extensions import db
from ..core.translation import gettext as _
from ..core.translation import lazy_gettext as _l
from ..models import Job, Place, Role, User
from ..models.base import utcnow
from ..platform import audit
from ..platform.mail import queue_mail
from ..search import note_job_changed
from .data import DEFAULT_DAYS, MAX_DAYS, clean, member_of_place
from .queries import (
    effective_snapshot,
)
from .rules import (
    SYSTEM,
    InvalidListing,
    JobError,
    S,
    may_create,
)
from .rules import guard as _guard
from .snapshots import (
    SNAPSHOT_FIELDS,
    SUBSTANTIVE_FIELDS,
    apply_snapshot,
    snapshot,
    values_snapshot,
)

REVIEW_AFTER_EXPIRED_DAYS = 30
REASON_MAX = 2000


def listing_changed(job: Job) -> None:
    """Write the search feed entry for a listing whose content or state changed
    (DESIGN.md decision 1: in the caller's transaction)."""

    note_job_changed(job.id)


def move(job: Job, actor, action: str, to_state: S, reason: str = "") -> None:
    """Set the new state and record the transition."""
    from_state = job.state
    job.state = to_state.value
    if to_state in (S.EXPIRED, S.FILLED, S.WITHDRAWN):
        job.ended_at = utcnow()
        job.pending_changes = None
    audit.record(actor, "job", job.id, action, from_state, to_state.value, reason)
    listing_changed(job)


def _reason(reason: str) -> str:
    """A required, stripped reason of acceptable length."""
    reason = (reason or "").strip()
    if not reason:
        raise JobError(_("Bitte geben Sie eine Begründung an."))
    if len(reason) > REASON_MAX:
        raise JobError(_("Die Begründung darf höchstens %(n)s Zeichen lang sein.", n=REASON_MAX))
    return reason


def _check_publishable(job: Job, today: date, place=None) -> None:
    """A listing goes online only unexpired, in the network and for an unbanned company."""
    if job.company is not None and job.company.is_banned:
        raise JobError(_("Das Unternehmen ist gesperrt; die Anzeige kann nicht online gehen."))
    if job.ends_on < today:
        raise JobError(
            _(
                "Das Ende der Veröffentlichung liegt in der Vergangenheit. "
                "Bitte passen Sie das Datum an."
            )
        )
    if member_of_place(place or job.place, today) is None:
        raise JobError(_("Der Arbeitsort liegt nicht (mehr) im Gebiet des Netzwerks."))


def _auto_publish(job: Job, member_id: int | None = None) -> bool:
    """Verified companies skip review when AUTO_PUBLISH_VERIFIED is on, but only in the
    member that verified them: a listing in (or moving to) another member is reviewed
    by that member's promoters."""
    return bool(
        current_app.config.get("AUTO_PUBLISH_VERIFIED")
        and job.company is not None
        and job.company.is_verified
        and (member_id or job.member_id) == job.company.member_id
        and (member_id is None or member_id == job.member_id)
    )


def site_url(path: str) -> str:
    """An absolute URL of the portal (works without a request, e.g. in CLI commands)."""
    return current_app.config["SITE_URL"].rstrip("/") + path


def company_employers(job: Job) -> list[User]:
    """Active employer accounts of the listing's company (the recipients of its mails)."""
    if job.company_id is None:
        return []
    query = select(User).where(
        User.company_id == job.company_id,
        User.role == Role.EMPLOYER.value,
        User.locked_at.is_(None),
    )
    return list(db.session.execute(query.order_by(User.id)).scalars())


def _mail_employers(job: Job, subject: str, template: str, **context) -> int:
    """Queue one mail per employer of the listing's company; returns the number."""
    users = company_employers(job)
    for user in users:
        queue_mail(
            user.email,
            subject,
            template,
            lang=user.language,
            job=job,
            user=user,
            job_url=site_url(f"/stellen/{job.id}"),
            dashboard_url=site_url("/arbeitgeber/"),
            **context,
        )
    return len(users)


def _assign(job: Job, values: dict) -> None:
    """Write cleaned form/import values onto the listing."""
    for key in SNAPSHOT_FIELDS:
        if key != "place_id":
            setattr(job, key, values[key])
    job.place = values["place"]
    job.member = values["member"]


def validated(data, today: date | None = None) -> dict:
    """Cleaned values of raw vacancy data, or InvalidListing with the messages."""
    values, errors = clean(data, today)
    if errors:
        raise InvalidListing(errors)
    return values


def create_draft(
    company,
    actor,
    data,
    today: date | None = None,
    source: str = "portal",
    external_ref: str | None = None,
) -> Job:
    """A new draft listing of the company from raw vacancy data."""
    if not may_create(company, actor):
        raise JobError(_("Dazu sind Sie nicht berechtigt."))
    if company.is_banned:
        raise JobError(_("Das Unternehmen ist gesperrt und kann keine Anzeigen anlegen."))
    values = validated(data, today)
    job = Job(
        company=company,
        state=S.DRAFT.value,
        created_by_id=getattr(actor, "id", None),
        source=source,
        external_ref=external_ref,
    )
    _assign(job, values)
    db.session.add(job)
    db.session.flush()
    audit.record(actor, "job", job.id, "create", "", S.DRAFT.value)
    listing_changed(job)
    return job


def update(job: Job, actor, data, today: date | None = None) -> None:
    """Edit a listing. Drafts, pending and rejected listings change in place; a substantive
    edit of a published one waits in pending_changes (review) while the old stays online."""
    today = today or berlin_today()
    _guard(job, actor, "edit", today)
    values = validated(data, today)
    if job.job_state != S.PUBLISHED:
        _assign(job, values)
        audit.record(actor, "job", job.id, "update", job.state, job.state)
        listing_changed(job)
        return
    new, current = values_snapshot(values), snapshot(job)
    changes = {key: new[key] for key in SUBSTANTIVE_FIELDS if new[key] != current[key]}
    job.ends_on = values["ends_on"]
    reason = ""
    if changes and _auto_publish(job, values["member"].id):
        apply_snapshot(job, changes, today)
        job.pending_changes = None
        job.approved_snapshot = snapshot(job)
        reason = "Änderungen direkt veröffentlicht (verifiziertes Unternehmen)"
    elif changes:
        job.pending_changes = changes
        job.submitted_at = utcnow()
        reason = "Änderungen zur Prüfung eingereicht; die bisherige Fassung bleibt online"
    else:
        job.pending_changes = None
    audit.record(actor, "job", job.id, "update", job.state, job.state, reason)
    listing_changed(job)


def _publish(job: Job, actor, action: str, reason: str = "") -> None:
    """Put the listing online as it is now."""
    job.published_at = utcnow()
    job.pending_changes = None
    job.reminder_sent = False
    job.rejection_reason = ""
    job.approved_snapshot = snapshot(job)
    move(job, actor, action, S.PUBLISHED, reason)


def submit(job: Job, actor, today: date | None = None) -> None:
    """Draft or rejected -> pending review (verified companies may publish directly)."""
    today = today or berlin_today()
    _guard(job, actor, "submit", today)
    _check_publishable(job, today)
    job.submitted_at = utcnow()
    if _auto_publish(job):
        _publish(job, actor, "submit", "Automatisch veröffentlicht (verifiziertes Unternehmen)")
        return
    job.rejection_reason = ""
    move(job, actor, "submit", S.PENDING)


def approve(job: Job, actor, notify: bool = True, today: date | None = None) -> None:
    """Pending -> published, or apply the pending changes of a published listing."""
    today = today or berlin_today()
    _guard(job, actor, "approve", today)
    changes_only = job.job_state == S.PUBLISHED
    if changes_only:
        changes = job.pending_changes
        place = db.session.get(Place, changes.get("place_id", job.place_id))
        _check_publishable(job, today, place)
        apply_snapshot(job, changes, today)
        job.pending_changes = None
        job.approved_snapshot = snapshot(job)
        audit.record(actor, "job", job.id, "approve_changes", job.state, job.state)
        listing_changed(job)
        subject = _l("Ihre Änderungen an der Anzeige wurden freigegeben")
    else:
        _check_publishable(job, today)
        _publish(job, actor, "approve")
        subject = _l("Ihre Anzeige ist online")
    if notify:
        _mail_employers(job, subject, "job_approved", changes_only=changes_only)


def reject(job: Job, actor, reason: str, today: date | None = None) -> None:
    """Pending -> rejected with the reason (mailed); for a published listing with pending
    changes, the changes are dropped and the approved version stays online."""
    today = today or berlin_today()
    _guard(job, actor, "reject", today)
    reason = _reason(reason)
    changes_only = job.job_state == S.PUBLISHED
    if changes_only:
        job.pending_changes = None
        audit.record(actor, "job", job.id, "reject_changes", job.state, job.state, reason)
        subject = _l("Ihre Änderungen an der Anzeige wurden abgelehnt")
    else:
        job.rejection_reason = reason
        move(job, actor, "reject", S.REJECTED, reason)
        subject = _l("Ihre Anzeige wurde abgelehnt")
    _mail_employers(job, subject, "job_rejected", reason=reason, changes_only=changes_only)


def unpublish(job: Job, actor, reason: str, today: date | None = None) -> None:
    """A promoter takes a published listing off the site (withdrawn); the reason is mailed."""
    today = today or berlin_today()
    _guard(job, actor, "unpublish", today)
    reason = _reason(reason)
    move(job, actor, "unpublish", S.WITHDRAWN, reason)
    _mail_employers(
        job, _l("Ihre Anzeige wurde offline genommen"), "job_unpublished", reason=reason
    )


def withdraw(job: Job, actor, today: date | None = None) -> None:
    """The employer withdraws a pending, published or rejected listing."""
    _guard(job, actor, "withdraw", today or berlin_today())
    move(job, actor, "withdraw", S.WITHDRAWN)


def end_imported(job: Job, reason: str) -> None:
    """The system ends an imported listing its source no longer offers: a published one
    expires, a draft, pending or rejected one is withdrawn; ended ones stay as they are."""
    if job.company_id is not None:
        raise JobError(_("Nur importierte Anzeigen werden so beendet."))
    if job.job_state in (S.EXPIRED, S.FILLED, S.WITHDRAWN):
        return
    if job.job_state == S.PUBLISHED:
        move(job, SYSTEM, "expire", S.EXPIRED, reason)
    else:
        move(job, SYSTEM, "withdraw", S.WITHDRAWN, reason)


def mark_filled(job: Job, actor, today: date | None = None, via_portal: bool | None = None) -> None:
    """The employer marks a published or expired listing as filled; ``via_portal``: their
    answer to "filled through the portal?" (None: not answered), for the figures."""
    _guard(job, actor, "mark_filled", today or berlin_today())
    job.filled_via_portal = via_portal
    move(job, actor, "fill", S.FILLED)


def renew(job: Job, actor, days: int = DEFAULT_DAYS, today: date | None = None) -> None:
    """Extend an expiring (<= 7 days left) or expired listing by ``days`` from today.

    Expired for more than 30 days: it goes to review again. Refused when the place
    is no longer in the network or the company is banned.
    """
    today = today or berlin_today()
    _guard(job, actor, "renew", today)
    if not 1 <= days <= MAX_DAYS:
        raise JobError(_("Eine Anzeige kann um 1 bis %(n)s Tage verlängert werden.", n=MAX_DAYS))
    expired_for = (today - job.ends_on).days
    job.ends_on = today + timedelta(days=days)
    _check_publishable(job, today)
    job.reminder_sent = False
    job.ended_at = None
    if expired_for > REVIEW_AFTER_EXPIRED_DAYS and not _auto_publish(job):
        job.submitted_at = utcnow()
        move(
            job,
            actor,
            "renew",
            S.PENDING,
            f"Länger als {REVIEW_AFTER_EXPIRED_DAYS} Tage abgelaufen: erneute Prüfung",
        )
    else:
        move(job, actor, "renew", S.PUBLISHED, f"Verlängert bis {job.ends_on:%d.%m.%Y}")


def duplicate(job: Job, actor, today: date | None = None) -> Job:
    """A new draft with the listing's content (including changes waiting for review)."""
    today = today or berlin_today()
    _guard(job, actor, "duplicate", today)
    copy = Job(
        company=job.company,
        member=job.member,
        place=job.place,
        state=S.DRAFT.value,
        created_by_id=getattr(actor, "id", None),
    )
    content = effective_snapshot(job)
    content["ends_on"] = (today + timedelta(days=DEFAULT_DAYS)).isoformat()
    apply_snapshot(copy, content, today)
    db.session.add(copy)
    db.session.flush()
    audit.record(
        actor, "job", copy.id, "duplicate", "", S.DRAFT.value, f"Kopie von Anzeige {job.id}"
    )
    listing_changed(copy)
    return copy
