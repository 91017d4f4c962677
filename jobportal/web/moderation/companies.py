"""Company moderation: list, detail, verify, ban, unban, notes, audit log."""

from flask import render_template, request
from flask_login import current_user

from ... import moderation
from ...core.translation import gettext as _
from ...core.translation import lazy_gettext as _l
from ..access import promoter_required
from . import bp
from .forms import ActionForm, OptionalReasonForm, ReasonForm
from .helpers import COMPANY, PREFIX, Action

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


COMPANY.register(
    {
        # a ban takes the company's listings off the site
        "company_ban": Action(
            "sperren",
            ReasonForm,
            _l("Das Unternehmen wurde gesperrt; seine Anzeigen sind nicht mehr öffentlich."),
            lambda company, form: moderation.ban_company(company, current_user, form.reason.data),
        ),
        "company_unban": Action(
            "entsperren",
            OptionalReasonForm,
            _l("Die Sperre des Unternehmens wurde aufgehoben."),
            lambda company, form: moderation.unban_company(
                company, current_user, form.reason.data or ""
            ),
        ),
        "company_verify": Action(
            "verifizieren",
            ActionForm,
            _l("Das Unternehmen wurde verifiziert."),
            lambda company, form: moderation.verify_company(company, current_user),
        ),
        "company_note": COMPANY.note(),
    },
    history_title=lambda company: _("Verlauf des Unternehmens „%(name)s“", name=company.name),
)
