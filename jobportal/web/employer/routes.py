"""Routes of the employer area: dashboard, vacancy form with preview, lifecycle actions.

Every view is behind employer_required; listings of other companies are 404
(web.access.get_company_job_or_404). The company profile, invitations and the signed
renew link live in company_views.py.
"""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ... import listings
from ...core.extensions import db
from ...core.translation import gettext as _
from ...core.translation import lazy_gettext as _l
from ...listings import raw_values
from ...models import Job, JobState
from ...platform import audit
from ..access import employer_required, get_company_job_or_404
from . import bp
from .forms import JobForm
from .helpers import current_company

STATE_ORDER = (
    JobState.PENDING,
    JobState.PUBLISHED,
    JobState.DRAFT,
    JobState.REJECTED,
    JobState.EXPIRED,
    JobState.FILLED,
    JobState.WITHDRAWN,
)
# action name -> (URL slug, button label, success message)
ACTIONS = {
    "submit": (
        "einreichen",
        _l("Zur Prüfung einreichen"),
        _l("Die Anzeige wurde zur Prüfung eingereicht."),
    ),
    "renew": ("verlaengern", _l("Um 60 Tage verlängern"), _l("Die Anzeige wurde verlängert.")),
    "mark_filled": (
        "besetzt",
        _l("Als besetzt markieren"),
        _l("Die Anzeige ist als besetzt markiert."),
    ),
    "withdraw": ("zurueckziehen", _l("Zurückziehen"), _l("Die Anzeige wurde zurückgezogen.")),
    "duplicate": (
        "kopieren",
        _l("Als Entwurf kopieren"),
        _l("Eine Kopie wurde als Entwurf angelegt."),
    ),
}
SLUGS = {slug: name for name, (slug, _label, _msg) in ACTIONS.items()}


@bp.get("/")
@employer_required
def dashboard():
    """The company's listings grouped by state, with counters and allowed actions."""
    company = current_company()
    jobs = (
        db.session.execute(
            select(Job)
            .filter_by(company_id=company.id)
            .order_by(Job.updated_at.desc(), Job.id.desc())
        )
        .scalars()
        .all()
    )
    groups = [(state, [j for j in jobs if j.state == state.value]) for state in STATE_ORDER]
    return render_template(
        "employer/dashboard.html",
        company=company,
        groups=[(state, items) for state, items in groups if items],
        actions={job.id: listings.allowed_actions(job, current_user) for job in jobs},
        action_buttons=ACTIONS,
    )


def _preview_job(values: dict, job: Job | None) -> Job:
    """A transient listing to render the preview (never added to the session)."""
    preview = Job(company=current_company(), state=(job.state if job else JobState.DRAFT.value))
    with db.session.no_autoflush:
        for key, value in values.items():
            setattr(preview, key, value)
    if preview in db.session:
        db.session.expunge(preview)
    return preview


def _save(form: JobForm, job: Job | None, action: str) -> Job:
    """Create or update the listing; with action "submit" also submit it."""
    if job is None:
        job = listings.create_draft(current_company(), current_user, form.raw())
    else:
        listings.update(job, current_user, form.raw())
    if action == "submit" and "submit" in listings.allowed_actions(job, current_user):
        listings.submit(job, current_user)
    return job


def _saved_message(job: Job, action: str) -> str:
    """What the employer is told after saving."""
    if job.pending_changes:
        return _(
            "Ihre Änderungen werden geprüft. Bis zur Freigabe bleibt die bisherige Fassung online."
        )
    if job.state == JobState.PENDING.value and action == "submit":
        return _(
            "Die Anzeige wurde zur Prüfung eingereicht. Sie erhalten eine E-Mail, sobald "
            "sie geprüft wurde."
        )
    if job.state == JobState.PUBLISHED.value and action == "submit":
        return _("Die Anzeige ist online.")
    return _("Die Anzeige wurde gespeichert.")


def _job_form(job: Job | None):
    """GET: the form; POST: preview, or save (as draft / submitted)."""
    if request.method == "GET":
        form = JobForm(data=raw_values(listings.effective_snapshot(job))) if job else JobForm()
        form.fill_sections()
        return render_template("employer/job_form.html", form=form, job=job, preview=None)
    form = JobForm()
    action = request.form.get("action", "preview")
    form_ok = form.validate()
    values, errors = listings.clean(form.raw())
    form.add_errors(errors)
    if not form_ok or errors:
        return render_template("employer/job_form.html", form=form, job=job, preview=None), 400
    if action not in ("draft", "submit"):
        preview = _preview_job(values, job)
        return render_template("employer/job_form.html", form=form, job=job, preview=preview)
    try:
        job = _save(form, job, action)
    except listings.InvalidListing as invalid:
        db.session.rollback()
        form.add_errors(invalid.errors)
        return render_template("employer/job_form.html", form=form, job=job, preview=None), 400
    except listings.JobError as error:
        db.session.rollback()
        flash(str(error), "error")
        return render_template("employer/job_form.html", form=form, job=job, preview=None), 400
    db.session.commit()
    flash(_saved_message(job, action), "success")
    return redirect(url_for("employer.dashboard"))


@bp.route("/stellen/neu", methods=["GET", "POST"])
@employer_required
def new_job():
    """Post a new vacancy."""
    current_company()
    return _job_form(None)


@bp.route("/stellen/<int:job_id>/bearbeiten", methods=["GET", "POST"])
@employer_required
def edit_job(job_id: int):
    """Edit a draft, pending, rejected or published vacancy."""
    job = get_company_job_or_404(job_id)
    if "edit" not in listings.allowed_actions(job, current_user):
        flash(_("Diese Anzeige kann nicht mehr bearbeitet werden."), "error")
        return redirect(url_for("employer.dashboard"))
    return _job_form(job)


@bp.get("/stellen/<int:job_id>")
@employer_required
def job_detail(job_id: int):
    """The employer's view of one listing: how it looks, its state and its history."""
    job = get_company_job_or_404(job_id)
    return render_template(
        "employer/job_detail.html",
        job=job,
        actions=listings.allowed_actions(job, current_user),
        action_buttons=ACTIONS,
        history=audit.history("job", job.id),
        action_labels=listings.ACTION_LABELS,
    )


@bp.post(
    "/stellen/<int:job_id>/<any(einreichen, verlaengern, besetzt, zurueckziehen, kopieren):slug>"
)
@employer_required
def job_action(job_id: int, slug: str):
    """Run one lifecycle action (POST button on the dashboard)."""
    job = get_company_job_or_404(job_id)
    name = SLUGS[slug]
    try:
        if name == "mark_filled":
            answer = request.form.get("via_portal", "")
            via_portal = {"ja": True, "nein": False}.get(answer)
            result = listings.mark_filled(job, current_user, via_portal=via_portal)
        else:
            result = getattr(listings, name)(job, current_user)
    except listings.JobError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("employer.dashboard"))
    db.session.commit()
    message = ACTIONS[name][2]
    if name == "submit" and job.state == JobState.PUBLISHED.value:
        message = _("Die Anzeige ist online.")
    if name == "renew" and job.state == JobState.PENDING.value:
        message = _(
            "Die Anzeige wurde verlängert und wird vor der Veröffentlichung erneut geprüft."
        )
    flash(message, "success")
    if name == "duplicate":
        return redirect(url_for("employer.edit_job", job_id=result.id))
    return redirect(url_for("employer.dashboard"))
