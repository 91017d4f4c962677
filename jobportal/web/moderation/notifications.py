"""Promoters switch the digest of listings waiting for review on or off (account page)."""

from flask import flash, redirect, request, url_for
from flask_login import current_user

from ... import moderation
from ...core.extensions import db
from ...core.translation import gettext as _
from ...models import Role
from ..access import role_required
from . import bp
from .helpers import PREFIX


@bp.post(f"{PREFIX}/benachrichtigungen")
@role_required(Role.PROMOTER)
def notifications():
    """Save the choice of the checkbox (absent: off) and go back to the account."""
    wanted = request.form.get("moderation_mails") == "1"
    moderation.set_moderation_mails(current_user, wanted)
    db.session.commit()
    if wanted:
        flash(_("Sie erhalten wieder eine Zusammenfassung neuer Anzeigen per E-Mail."), "success")
    else:
        flash(_("Sie erhalten keine Zusammenfassung neuer Anzeigen mehr per E-Mail."), "success")
    return redirect(url_for("auth.account"))
