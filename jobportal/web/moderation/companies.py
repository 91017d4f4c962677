"""Company moderation: list, detail, verify, ban, unban, notes, audit log."""

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ... import moderation
from ..access import promoter_required
from . import bp
from .forms import ActionForm, NoteForm, OptionalReasonForm, ReasonForm
from .helpers import COMPANY, PREFIX, render_company

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


@bp.get(f"{PREFIX}/unternehmen/<int:company_id>")
@promoter_required
def company_detail(company_id: int):
    """Moderation page of one company."""
    return render_company(COMPANY.load(company_id))


@bp.post(f"{PREFIX}/unternehmen/<int:company_id>/verifizieren")
@promoter_required
@COMPANY.action(ActionForm, "verify", _l("Das Unternehmen wurde verifiziert."))
def company_verify(company, form):
    """Verify a company."""
    moderation.verify_company(company, current_user)


@bp.post(f"{PREFIX}/unternehmen/<int:company_id>/sperren")
@promoter_required
@COMPANY.action(
    ReasonForm,
    "ban",
    _l("Das Unternehmen wurde gesperrt; seine Anzeigen sind nicht mehr öffentlich."),
)
def company_ban(company, form):
    """Ban a company: its listings leave the site."""
    moderation.ban_company(company, current_user, form.reason.data)


@bp.post(f"{PREFIX}/unternehmen/<int:company_id>/entsperren")
@promoter_required
@COMPANY.action(OptionalReasonForm, "unban", _l("Die Sperre des Unternehmens wurde aufgehoben."))
def company_unban(company, form):
    """Lift a company's ban."""
    moderation.unban_company(company, current_user, form.reason.data or "")


@bp.post(f"{PREFIX}/unternehmen/<int:company_id>/notizen")
@promoter_required
@COMPANY.action(NoteForm, "note", _l("Die Notiz wurde gespeichert."))
def company_note(company, form):
    """Add an internal note to a company."""
    moderation.add_note(current_user, "company", company.id, form.text.data)


@bp.get(f"{PREFIX}/unternehmen/<int:company_id>/verlauf")
@promoter_required
def company_history(company_id: int):
    """Audit log of one company."""
    company = COMPANY.load(company_id)
    return COMPANY.history(company, _("Verlauf des Unternehmens „%(name)s“", name=company.name))
