"""Shared by the moderation views: the review pages and the one shape of a moderation action.

A moderation action loads the object within the promoter's members (else 404), validates
its small form (errors: the object's page again, status 400), calls a domain function
(which writes the audit entry), commits and flashes, or rolls back and flashes the
domain's German error, and goes back to the object's page.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import render_template, url_for
from flask_login import current_user

from ... import listings, moderation
from ...platform import audit
from ..access import get_moderatable_company_or_404, get_moderatable_job_or_404
from ..actions import run_action
from .forms import ActionForm, CloseReportForm, NoteForm, OptionalReasonForm, ReasonForm, RejectForm

PREFIX = "/moderation"


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


def render_company(company, status: int = 200, **forms):
    """The moderation page of a company with all action forms."""
    forms.setdefault("verify_form", ActionForm(prefix="verify"))
    forms.setdefault("ban_form", ReasonForm(prefix="ban"))
    forms.setdefault("unban_form", OptionalReasonForm(prefix="unban"))
    forms.setdefault("note_form", NoteForm(prefix="note"))
    page = render_template(
        "moderation/company.html",
        company=company,
        state=moderation.company_state(company),
        jobs=[
            job
            for job in moderation.company_jobs(company)
            if moderation.may_moderate_job(current_user, job)
        ],
        notes=moderation.notes_for("company", company.id),
        **forms,
    )
    return page, status


@dataclass(frozen=True)
class Subject:
    """What moderation acts on: how to load it in scope, show it and get back to it."""

    kind: str  # as in audit entries and notes: "job" or "company"
    load: Callable  # id -> object within the current promoter's members, else 404
    render: Callable  # (object, status, **forms) -> its page
    endpoint: str  # its page
    id_arg: str  # the URL argument naming it
    errors: tuple  # domain errors shown as a flash message

    def url(self, obj) -> str:
        """The object's moderation page."""
        return url_for(self.endpoint, **{self.id_arg: obj.id})

    def run(self, action, obj, success: str):
        """Run a domain action on ``obj``, flash the outcome and go back to its page."""
        return run_action(action, success, self.url(obj), errors=self.errors)

    def action(self, form_class, prefix: str, success) -> Callable:
        """Decorate ``view(obj, form)``, which only calls the domain, into a whole action view."""

        def decorator(view):
            @wraps(view)
            def wrapped(**kwargs):
                obj = self.load(kwargs[self.id_arg])
                form = form_class(prefix=prefix)
                if not form.validate_on_submit():
                    return self.render(obj, 400, **{f"{prefix}_form": form})
                return self.run(lambda: view(obj, form), obj, str(success))

            return wrapped

        return decorator

    def history(self, obj, title: str):
        """The audit log of ``obj`` with a link back to its page."""
        return render_template(
            "moderation/history.html",
            title=title,
            entries=audit.history(self.kind, obj.id),
            back_url=self.url(obj),
        )


JOB = Subject(
    kind="job",
    load=get_moderatable_job_or_404,
    render=render_job,
    endpoint="moderation.job_detail",
    id_arg="job_id",
    errors=(moderation.ModerationError, listings.JobError),
)
COMPANY = Subject(
    kind="company",
    load=get_moderatable_company_or_404,
    render=render_company,
    endpoint="moderation.company_detail",
    id_arg="company_id",
    errors=(moderation.ModerationError,),
)
