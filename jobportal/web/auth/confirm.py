"""The password-confirmation step before sensitive actions (see freshness.py)."""

from flask import redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ... import accounts
from ...accounts import LoginRefused
from ...core.translation import gettext as _
from ..redirects import safe_next_url
from . import bp
from .best_effort import commit_best_effort
from .forms import ConfirmPasswordForm
from .freshness import mark_password_entered


@bp.route("/konto/passwort-bestaetigen", methods=["GET", "POST"])
@login_required
def confirm_password():
    """Enter the password again; failures count like failed logins."""
    next_url = safe_next_url(request.args.get("next")) or url_for("auth.account")
    form = ConfirmPasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            accounts.authenticate(current_user.email, form.password.data, request.remote_addr)
        except LoginRefused as exc:
            commit_best_effort()  # keep the counted failure
            message = exc.message if exc.status == 429 else _("Das Passwort ist falsch.")
            form.password.errors = [*form.password.errors, message]
            status = 400
        else:
            mark_password_entered()
            return redirect(next_url)
    return render_template("auth/confirm_password.html", form=form), status
