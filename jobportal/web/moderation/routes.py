"""Routes of the moderation area: the queue and the review of listings.

The blueprint has no url_prefix so that the public report form can live at
/stellen/<id>/melden; every moderation rule starts with PREFIX.
"""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import listings, moderation
from ...core.extensions import db
from ...listings import JobError
from ...platform import audit
from ..access import get_moderatable_job_or_404, promoter_required
from .forms import ActionForm, CloseReportForm, NoteForm, ReasonForm, RejectForm

bp = Blueprint("moderation", __name__)
PREFIX = "/moderation"


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


def render_job(job, status: int = 200, **forms):
    """The review page of a listing with all action forms (some possibly with errors)."""
    forms.setdefault("approve_form", ActionForm(prefix="approve"))
    forms.setdefault("reject_form", RejectForm(prefix="reject"))
    forms.setdefault("unpublish_form", ReasonForm(prefix="unpublish"))
    forms.setdefault("note_form", NoteForm(prefix="note"))
    job_reports = moderation.open_reports(current_user, job=job)
    close_forms = {r.id: CloseReportForm(prefix=f"report{r.id}") for r in job_reports}
    close_forms.update(forms.pop("close_forms", {}))
    facts, description = moderation.review_content(job)
    page = render_template(
        "moderation/job.html",
        job=job,
        facts=facts,
        description=description,
        diff=listings.diff_since_approval(job),
        actions=listings.allowed_actions(job, current_user),
        notes=moderation.notes_for("job", job.id),
        reports=job_reports,
        close_forms=close_forms,
        report_reasons=moderation.REPORT_REASONS,
        **forms,
    )
    return page, status


@bp.get(f"{PREFIX}/stellen/<int:job_id>")
@promoter_required
def job_detail(job_id: int):
    """Review page of one listing."""
    return render_job(get_moderatable_job_or_404(job_id))


def run_action(action, success: str, target: str, errors: tuple = ()):
    """Run a domain action; commit and flash success, or roll back and flash its German error."""
    try:
        action()
    except (moderation.ModerationError, *errors) as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(success, "success")
    return redirect(target)


def _run(action, job, success: str):
    """Run a listing action (jobs transitions raise JobError) and go back to its page."""
    target = url_for("moderation.job_detail", job_id=job.id)
    return run_action(action, success, target, errors=(JobError,))


@bp.post(f"{PREFIX}/stellen/<int:job_id>/freigeben")
@promoter_required
def approve(job_id: int):
    """Approve a pending listing (or a pending edit of a published one)."""
    job = get_moderatable_job_or_404(job_id)
    form = ActionForm(prefix="approve")
    if not form.validate_on_submit():
        return render_job(job, 400, approve_form=form)
    return _run(
        lambda: listings.approve(job, current_user), job, _("Die Anzeige wurde freigegeben.")
    )


@bp.post(f"{PREFIX}/stellen/<int:job_id>/ablehnen")
@promoter_required
def reject(job_id: int):
    """Reject a listing with a reason from the list plus free text."""
    job = get_moderatable_job_or_404(job_id)
    form = RejectForm(prefix="reject")
    if not form.validate_on_submit():
        return render_job(job, 400, reject_form=form)
    return _run(
        lambda: moderation.reject_job(job, current_user, form.reason.data, form.text.data),
        job,
        _("Die Anzeige wurde abgelehnt; der Arbeitgeber wird per E-Mail informiert."),
    )


@bp.post(f"{PREFIX}/stellen/<int:job_id>/zuruecknehmen")
@promoter_required
def unpublish(job_id: int):
    """Take a published listing off the site with a reason."""
    job = get_moderatable_job_or_404(job_id)
    form = ReasonForm(prefix="unpublish")
    if not form.validate_on_submit():
        return render_job(job, 400, unpublish_form=form)
    reason = form.reason.data.strip()
    return _run(
        lambda: listings.unpublish(job, current_user, reason),
        job,
        _("Die Anzeige wurde zurückgenommen."),
    )


@bp.post(f"{PREFIX}/stellen/<int:job_id>/notizen")
@promoter_required
def job_note(job_id: int):
    """Add an internal note to a listing."""
    job = get_moderatable_job_or_404(job_id)
    form = NoteForm(prefix="note")
    if not form.validate_on_submit():
        return render_job(job, 400, note_form=form)
    return _run(
        lambda: moderation.add_note(current_user, "job", job.id, form.text.data),
        job,
        _("Die Notiz wurde gespeichert."),
    )


@bp.get(f"{PREFIX}/stellen/<int:job_id>/verlauf")
@promoter_required
def job_history(job_id: int):
    """Audit log of one listing."""
    job = get_moderatable_job_or_404(job_id)
    return render_template(
        "moderation/history.html",
        title=_("Verlauf der Anzeige „%(title)s“", title=job.title),
        entries=audit.history("job", job.id),
        back_url=url_for("moderation.job_detail", job_id=job.id),
    )


from . import companies, importing, reports  # noqa: E402,F401 - register their routes
