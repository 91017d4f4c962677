"""Shared by the moderation views: the review pages and the one shape of a moderation action.

A moderation action loads the object within the promoter's members (else 404), validates
its small form (errors: the object's page again, status 400), calls a domain function
(which writes the audit entry), commits and flashes, or rolls back and flashes the
domain's German error, and goes back to the object's page.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import render_template, url_for
from flask_login import current_user

from ... import listings, moderation
from ...core.translation import lazy_gettext as _l
from ...platform import audit
from ..access import (
    get_moderatable_company_or_404,
    get_moderatable_job_or_404,
    promoter_required,
)
from ..actions import run_action
from . import bp
from .forms import ActionForm, CloseReportForm, NoteForm, OptionalReasonForm, ReasonForm, RejectForm

PREFIX = "/moderation"


def render_job(job, status: int = 200, **forms):
    """The review page of a listing with all action forms (some possibly with errors)."""
    forms.setdefault("approve_form", ActionForm(prefix="approve"))
    forms.setdefault("reject_form", RejectForm(prefix="reject"))
    forms.setdefault("unpublish_form", ReasonForm(prefix="unpublish"))
    forms.setdefault("note_form", NoteForm(prefix="note"))
    forms.setdefault("feature_form", ActionForm(prefix="feature"))
    forms.setdefault("unfeature_form", ActionForm(prefix="unfeature"))
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
        public=listings.is_public(job),
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
class Action:
    """One moderation action: URL segment, form, success message and the domain call.

    ``call(obj, form)`` only calls the domain function, which checks the rules and writes
    the audit entry; the view around it is made by Subject.register.
    """

    slug: str
    form: type
    success: str
    call: Callable


@dataclass(frozen=True)
class Subject:
    """What moderation acts on: a listing ("job") or a company, each with its own page.

    ``path`` is the URL segment below PREFIX, ``load`` returns the object within the current
    promoter's members (else 404), ``render(obj, status, **forms)`` shows its page, and
    ``errors`` are the domain errors shown as a flash message. Its page is the endpoint
    ``moderation.<kind>_detail`` with the URL argument ``<kind>_id``.
    """

    kind: str
    path: str
    load: Callable
    render: Callable
    errors: tuple

    @property
    def rule(self) -> str:
        """The URL rule of the object's page."""
        return f"{PREFIX}/{self.path}/<int:{self.kind}_id>"

    def url(self, obj) -> str:
        """The object's moderation page."""
        return url_for(f"moderation.{self.kind}_detail", **{f"{self.kind}_id": obj.id})

    def run(self, call, obj, success: str):
        """Run a domain call on ``obj``, flash the outcome and go back to its page."""
        return run_action(call, success, self.url(obj), errors=self.errors)

    def register(self, actions: dict[str, Action], history_title: Callable) -> None:
        """Add the object's page, its audit log and its actions (promoters only).

        The page is the endpoint ``<kind>_detail``, the audit log ``<kind>_history``
        (headed by ``history_title(obj)``), each action a POST view below the page named by
        its key; its form's prefix (and ``<prefix>_form`` in the page) is the key without
        ``<kind>_``.
        """
        self._register_pages(history_title)
        for endpoint, action in actions.items():
            prefix = endpoint.removeprefix(f"{self.kind}_")
            bp.add_url_rule(
                f"{self.rule}/{action.slug}",
                endpoint,
                promoter_required(self._action_view(action, prefix)),
                methods=["POST"],
            )

    def _register_pages(self, history_title: Callable) -> None:
        """Add the object's page and its audit log."""

        def page(**kwargs):
            return self.render(self.load(kwargs[f"{self.kind}_id"]))

        def history(**kwargs):
            obj = self.load(kwargs[f"{self.kind}_id"])
            return render_template(
                "moderation/history.html",
                title=history_title(obj),
                entries=audit.history(self.kind, obj.id),
                back_url=self.url(obj),
            )

        bp.add_url_rule(self.rule, f"{self.kind}_detail", promoter_required(page))
        bp.add_url_rule(f"{self.rule}/verlauf", f"{self.kind}_history", promoter_required(history))

    def _action_view(self, action: Action, prefix: str) -> Callable:
        """The view of one action: load, validate (errors: the page, 400), act, flash, redirect."""

        def view(**kwargs):
            obj = self.load(kwargs[f"{self.kind}_id"])
            form = action.form(prefix=prefix)
            if not form.validate_on_submit():
                return self.render(obj, 400, **{f"{prefix}_form": form})
            return self.run(lambda: action.call(obj, form), obj, str(action.success))

        return view

    def note(self) -> Action:
        """The internal note on the object (never shown to employers)."""
        return Action(
            "notizen",
            NoteForm,
            _l("Die Notiz wurde gespeichert."),
            lambda obj, form: moderation.add_note(current_user, self.kind, obj.id, form.text.data),
        )


# listing transitions raise JobError, moderation's own checks ModerationError
JOB_ERRORS = (moderation.ModerationError, listings.JobError)
COMPANY_ERRORS = (moderation.ModerationError,)
JOB = Subject("job", "stellen", get_moderatable_job_or_404, render_job, JOB_ERRORS)
COMPANY = Subject(
    "company", "unternehmen", get_moderatable_company_or_404, render_company, COMPANY_ERRORS
)
