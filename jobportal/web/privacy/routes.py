"""Routes of the privacy area: "Meine Daten" with JSON export and account erasure."""

import json

from flask import Response, flash, redirect, render_template, url_for
from flask_login import current_user, login_required, logout_user

from ... import accounts, privacy
from ...core.extensions import db
from ...core.translation import gettext as _
from ..auth.freshness import recent_password_required
from . import bp
from .forms import DeleteAccountForm


@bp.get("/konto/meine-daten")
@login_required
@recent_password_required
def my_data():
    """What the portal holds about the user, the download and the delete form."""
    return render_template("privacy/my_data.html", form=DeleteAccountForm())


@bp.get("/konto/meine-daten/export.json")
@login_required
@recent_password_required
def export():
    """Download every personal data the portal holds about the user as JSON."""
    data = privacy.export_data(current_user)
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="meine-daten.json"'},
    )


@bp.post("/konto/meine-daten/loeschen")
@login_required
@recent_password_required
def delete_account():
    """Delete the own account after the password was entered again."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if accounts.password_matches(current_user, form.password.data or ""):
            user = current_user._get_current_object()
            logout_user()
            privacy.erase_user(user, "Selbstlöschung")
            db.session.commit()
            flash(_("Ihr Konto und Ihre Daten wurden gelöscht."), "success")
            return redirect(url_for("public.home"))
        form.password.errors = [*form.password.errors, _("Das Passwort ist falsch.")]
    return render_template("privacy/my_data.html", form=form), 400
