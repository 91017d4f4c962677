"""Routes of the moderation area: the queue and the review of listings."""

from flask import render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ... import listings, moderation
from ..access import promoter_required
from . import bp
from .forms import ActionForm, NoteForm, ReasonForm, RejectForm
from .helpers import JOB, PREFIX, render_job


@bp.context_processor
def _labels() -> dict:
    """German labels for audit entries in this area's templates."""
    return {"action_label": moderation.action_label, "state_label": moderation.state_label}


@bp.get(f"{PREFIX}/")
@promoter_required
def queue():
    """Listings and companies waiting for review, and open abuse reports: oldest first."""
    return render_template(
        "moderation/queue.html",
        job_items=[
            (job, listings.diff_since_approval(job)) for job in moderation.queue_jobs(current_user)
        ],
        companies=moderation.queue_companies(current_user),
        reports=moderation.open_reports(current_user),
        reasons=moderation.REPORT_REASONS,
    )


@bp.get(f"{PREFIX}/stellen/<int:job_id>")
@promoter_required
def job_detail(job_id: int):
    """Review page of one listing."""
    return render_job(JOB.load(job_id))


@bp.post(f"{PREFIX}/stellen/<int:job_id>/freigeben")
@promoter_required
@JOB.action(ActionForm, "approve", _l("Die Anzeige wurde freigegeben."))
def approve(job, form):
    """Approve a pending listing (or a pending edit of a published one)."""
    listings.approve(job, current_user)


@bp.post(f"{PREFIX}/stellen/<int:job_id>/ablehnen")
@promoter_required
@JOB.action(
    RejectForm,
    "reject",
    _l("Die Anzeige wurde abgelehnt; der Arbeitgeber wird per E-Mail informiert."),
)
def reject(job, form):
    """Reject a listing with a reason from the list plus free text."""
    moderation.reject_job(job, current_user, form.reason.data, form.text.data)


@bp.post(f"{PREFIX}/stellen/<int:job_id>/zuruecknehmen")
@promoter_required
@JOB.action(ReasonForm, "unpublish", _l("Die Anzeige wurde zurückgenommen."))
def unpublish(job, form):
    """Take a published listing off the site with a reason."""
    listings.unpublish(job, current_user, form.reason.data.strip())


@bp.post(f"{PREFIX}/stellen/<int:job_id>/notizen")
@promoter_required
@JOB.action(NoteForm, "note", _l("Die Notiz wurde gespeichert."))
def job_note(job, form):
    """Add an internal note to a listing."""
    moderation.add_note(current_user, "job", job.id, form.text.data)


@bp.get(f"{PREFIX}/stellen/<int:job_id>/verlauf")
@promoter_required
def job_history(job_id: int):
    """Audit log of one listing."""
    job = JOB.load(job_id)
    return JOB.history(job, _("Verlauf der Anzeige „%(title)s“", title=job.title))
