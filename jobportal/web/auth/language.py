"""The account's language: chosen on the account page, used for pages and mails."""

from flask import flash, redirect, request, url_for
from flask_babel import force_locale
from flask_login import current_user, login_required

from ... import accounts
from ...core.extensions import db
from ...core.translation import gettext as _
from . import bp
from .forms import ActionForm


@bp.post("/konto/sprache")
@login_required
def set_language():
    """Store the language chosen on the account page (pages and mails follow it)."""
    form = ActionForm()
    if not form.validate_on_submit() or not accounts.set_language(
        current_user, request.form.get("language")
    ):
        flash(_("Bitte wählen Sie eine Sprache aus der Liste."), "error")
        return redirect(url_for("auth.account"))
    db.session.commit()
    with force_locale(current_user.language):
        flash(_("Ihre Sprache ist gespeichert. Seiten und E-Mails erscheinen in ihr."), "success")
    return redirect(url_for("auth.account"))
