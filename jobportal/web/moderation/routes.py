"""Routes of the moderation area: the queue and the review of listings."""

from flask import render_template
from flask_login import current_user

from ... import listings, moderation
from ...core.translation import gettext as _
from ...core.translation import lazy_gettext as _l
from ..access import promoter_required
from . import bp
from .forms import ActionForm, ReasonForm, RejectForm
from .helpers import JOB, PREFIX, Action


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


JOB.register(
    {
        # approve a pending listing (or a pending edit of a published one)
        "approve": Action(
            "freigeben",
            ActionForm,
            _l("Die Anzeige wurde freigegeben."),
            lambda job, form: listings.approve(job, current_user),
        ),
        # reject with a reason from the list plus free text
        "reject": Action(
            "ablehnen",
            RejectForm,
            _l("Die Anzeige wurde abgelehnt; der Arbeitgeber wird per E-Mail informiert."),
            lambda job, form: moderation.reject_job(
                job, current_user, form.reason.data, form.text.data
            ),
        ),
        # take a published listing off the site with a reason
        "unpublish": Action(
            "zuruecknehmen",
            ReasonForm,
            _l("Die Anzeige wurde zurückgenommen."),
            lambda job, form: listings.unpublish(job, current_user, form.reason.data.strip()),
        ),
        # recommend a public listing on the home page, or stop recommending it
        "feature": Action(
            "empfehlen",
            ActionForm,
            _l("Die Anzeige wird auf der Startseite empfohlen."),
            lambda job, form: moderation.set_featured(job, current_user, True),
        ),
        "unfeature": Action(
            "nicht-empfehlen",
            ActionForm,
            _l("Die Anzeige wird nicht mehr auf der Startseite empfohlen."),
            lambda job, form: moderation.set_featured(job, current_user, False),
        ),
        "job_note": JOB.note(),
    },
    history_title=lambda job: _("Verlauf der Anzeige „%(title)s“", title=job.title),
)
