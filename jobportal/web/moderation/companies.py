"""Company moderation: list, detail, verify, ban, unban, notes, audit log."""

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import moderation
from ...platform import audit
from ..access import get_moderatable_company_or_404, promoter_required
from .forms import ActionForm, NoteForm, OptionalReasonForm, ReasonForm
from .routes import PREFIX, bp, run_action

SEARCH_MAX = 100


@bp.get(f"{PREFIX}/unternehmen/")
@promoter_required
def companies():
    """All companies in the promoter's members, optionally filtered by name."""
    search = request.args.get("q", "").strip()[:SEARCH_MAX]
    return render_template(
        "moderation/companies.html",
        companies=moderation.scoped_companies(current_user, search),
        search=search,
        state=moderation.company_state,
    )


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


@bp.get(f"{PREFIX}/unternehmen/<int:company_id>")
@promoter_required
def company_detail(company_id: int):
    """Moderation page of one company."""
    return render_company(get_moderatable_company_or_404(company_id))


def _run(action, company, success: str):
    """Run a company action and go back to the company's page."""
    return run_action(action, success, url_for("moderation.company_detail", company_id=company.id))


@bp.post(f"{PREFIX}/unternehmen/<int:company_id>/verifizieren")
@promoter_required
def company_verify(company_id: int):
    """Verify a company."""
    company = get_moderatable_company_or_404(company_id)
    form = ActionForm(prefix="verify")
    if not form.validate_on_submit():
        return render_company(company, 400, verify_form=form)
    return _run(
        lambda: moderation.verify_company(company, current_user),
        company,
        _("Das Unternehmen wurde verifiziert."),
    )


@bp.post(f"{PREFIX}/unternehmen/<int:company_id>/sperren")
@promoter_required
def company_ban(company_id: int):
    """Ban a company: its listings leave the site."""
    company = get_moderatable_company_or_404(company_id)
    form = ReasonForm(prefix="ban")
    if not form.validate_on_submit():
        return render_company(company, 400, ban_form=form)
    return _run(
        lambda: moderation.ban_company(company, current_user, form.reason.data),
        company,
        _("Das Unternehmen wurde gesperrt; seine Anzeigen sind nicht mehr öffentlich."),
    )


@bp.post(f"{PREFIX}/unternehmen/<int:company_id>/entsperren")
@promoter_required
def company_unban(company_id: int):
    """Lift a company's ban."""
    company = get_moderatable_company_or_404(company_id)
    form = OptionalReasonForm(prefix="unban")
    if not form.validate_on_submit():
        return render_company(company, 400, unban_form=form)
    return _run(
        lambda: moderation.unban_company(company, current_user, form.reason.data or ""),
        company,
        _("Die Sperre des Unternehmens wurde aufgehoben."),
    )


@bp.post(f"{PREFIX}/unternehmen/<int:company_id>/notizen")
@promoter_required
def company_note(company_id: int):
    """Add an internal note to a company."""
    company = get_moderatable_company_or_404(company_id)
    form = NoteForm(prefix="note")
    if not form.validate_on_submit():
        return render_company(company, 400, note_form=form)
    return _run(
        lambda: moderation.add_note(current_user, "company", company.id, form.text.data),
        company,
        _("Die Notiz wurde gespeichert."),
    )


@bp.get(f"{PREFIX}/unternehmen/<int:company_id>/verlauf")
@promoter_required
def company_history(company_id: int):
    """Audit log of one company."""
    company = get_moderatable_company_or_404(company_id)
    return render_template(
        "moderation/history.html",
        title=_("Verlauf des Unternehmens „%(name)s“", name=company.name),
        entries=audit.history("company", company.id),
        back_url=url_for("moderation.company_detail", company_id=company.id),
    )
