"""The link a locked-out owner gets by mail: lifts the login ceiling of the account."""

from flask import render_template, request, url_for

from ... import accounts
from ...accounts import TokenError
from ...core.extensions import db
from ...core.translation import gettext as _
from . import bp
from .forms import ActionForm
from .helpers import message_page, token_problem


@bp.route("/anmelden/entsperren/<token>", methods=["GET", "POST"])
def unlock_login(token: str):
    """Unlock the login (the link shows a button; the POST unlocks)."""
    try:
        user = accounts.user_to_unlock(token)
    except TokenError as exc:
        return token_problem(exc)
    form = ActionForm()
    if form.validate_on_submit():
        accounts.unlock_login(token, request.remote_addr)
        db.session.commit()
        return message_page(
            _("Anmeldung entsperrt"),
            _("Sie können sich jetzt wieder mit Ihrem Passwort anmelden."),
            link=(url_for("auth.login"), _("Zur Anmeldung")),
        )
    return render_template(
        "auth/confirm.html",
        form=form,
        title=_("Anmeldung entsperren"),
        text=_("Anmeldung für das Konto %(email)s wieder erlauben?", email=user.email),
        button=_("Anmeldung entsperren"),
    )
