"""Listings without a company that a source keeps in step (the BA job search, partner
networks): created and updated by the system, through the same lifecycle and audit as
our own, published directly or reviewed by the promoters."""

from datetime import date

from ..core.extensions import db
from ..models import Job, JobState
from ..models.base import utcnow
from ..platform import audit
from .data import DEFAULT_DAYS
from .lifecycle import approve, listing_changed, renew, submit
from .rules import SYSTEM
from .snapshots import (
    SNAPSHOT_FIELDS,
    SUBSTANTIVE_FIELDS,
    apply_snapshot,
    snapshot,
    values_snapshot,
)


def create_imported(
    source: str,
    ref: str,
    values: dict,
    extra: dict,
    publish_directly: bool,
    today: date,
    note: str,
) -> Job:
    """A new listing of ``source`` from validated values: pending in the promoters'
    queue, or published at once. ``extra`` holds employer_name and source_url.
    published_at is when it went public here, so e-mail alerts pick it up as new."""
    job = Job(
        company=None,
        state=JobState.DRAFT.value,
        source=source,
        external_ref=ref,
        source_url=extra["source_url"],
        employer_name=extra["employer_name"],
    )
    apply_snapshot(job, values_snapshot(values), today)
    db.session.add(job)
    db.session.flush()
    audit.record(SYSTEM, "job", job.id, "create", "", JobState.DRAFT.value, note)
    submit(job, SYSTEM, today)
    if publish_directly:
        approve(job, SYSTEM, notify=False, today=today)
    return job


def update_imported(
    job: Job, values: dict, extra: dict, publish_directly: bool, today: date, note: str
) -> bool:
    """Bring an imported listing up to date with its source's changed version; whether
    it changed.

    Listings a promoter rejected or took offline, and filled ones, stay as they are.
    An expired listing the source offers again is renewed. A published listing's changes
    apply at once when ``publish_directly``, else they wait for review like our own.
    """
    if job.job_state in (JobState.REJECTED, JobState.WITHDRAWN, JobState.FILLED):
        return False
    job.employer_name = extra["employer_name"]
    job.source_url = extra["source_url"]
    new, current = values_snapshot(values), snapshot(job)
    changes = {key: new[key] for key in SNAPSHOT_FIELDS if new[key] != current[key]}
    if job.job_state == JobState.EXPIRED:
        apply_snapshot(job, changes, today)
        renew(job, SYSTEM, DEFAULT_DAYS, today)
        return True
    substantive = {key: changes[key] for key in SUBSTANTIVE_FIELDS if key in changes}
    if not substantive:
        return False
    reason = f"{note}: Änderung übernommen"
    if job.job_state == JobState.PUBLISHED and not publish_directly:
        job.pending_changes = substantive
        job.submitted_at = utcnow()
        reason = f"{note}: Änderung wartet auf Prüfung"
    else:
        apply_snapshot(job, substantive, today)
        if job.job_state == JobState.PUBLISHED:
            job.pending_changes = None
            job.approved_snapshot = snapshot(job)
    audit.record(SYSTEM, "job", job.id, "update", job.state, job.state, reason)
    listing_changed(job)
    return True
