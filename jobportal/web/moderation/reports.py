"""Abuse reports: the public report form on a listing and closing reports in moderation."""

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user

from ... import listings, moderation
from ...core.extensions import db
from ...core.translation import gettext as _
from ...models import Job
from ...platform import throttle
from ..access import get_moderatable_report_or_404, promoter_required
from ..errors import error_response
from . import bp
from .forms import CloseReportForm, ReportForm
from .helpers import JOB, PREFIX, render_job


def public_job_or_404(job_id: int) -> Job:
    """A listing the public may see; anything else is 404."""
    job = db.session.get(Job, job_id)
    if job is None or not listings.is_public(job):
        abort(404)
    return job


def job_page_url(job: Job) -> str:
    """The public page of the listing (the detail view is owned by the public area)."""
    return url_for("public.job_page", job_id=job.id)


@bp.route("/stellen/<int:job_id>/melden", methods=["GET", "POST"])
def report_job(job_id: int):
    """Any visitor may report a public listing (rate limited per hashed IP, honeypot)."""
    job = public_job_or_404(job_id)
    form = ReportForm()
    if request.method == "POST":
        reporter = throttle.hash_key(request.remote_addr or "")
        if moderation.report_limited(reporter):
            return error_response(
                429,
                _(
                    "Sie haben in der letzten Stunde zu viele Meldungen gesendet. "
                    "Bitte versuchen Sie es später noch einmal."
                ),
            )
        if form.validate_on_submit():
            if form.website.data:  # honeypot filled in: a bot; pretend success
                moderation.count_report_attempt(reporter)
            else:
                moderation.create_report(job, form.reason.data, form.text.data or "", reporter)
            db.session.commit()
            return redirect(url_for("moderation.report_done", job_id=job.id))
    status = 400 if form.errors else 200
    return render_template(
        "moderation/report_form.html", job=job, form=form, job_url=job_page_url(job)
    ), status


@bp.get("/stellen/<int:job_id>/melden/danke")
def report_done(job_id: int):
    """Thank-you page after a report."""
    job = public_job_or_404(job_id)
    return render_template("moderation/report_done.html", job=job, job_url=job_page_url(job))


@bp.post(f"{PREFIX}/meldungen/<int:report_id>/schliessen")
@promoter_required
def close_report(report_id: int):
    """Close an abuse report, optionally unpublishing the listing."""
    report = get_moderatable_report_or_404(report_id)
    form = CloseReportForm(prefix=f"report{report.id}")
    if not form.validate_on_submit():
        return render_job(report.job, 400, close_forms={report.id: form})
    unpublish_reason = form.unpublish_reason.data if form.unpublish.data else None
    return JOB.run(
        lambda: moderation.close_report(
            report, current_user, form.resolution.data or "", unpublish_reason
        ),
        report.job,
        _("Die Meldung wurde geschlossen."),
    )
