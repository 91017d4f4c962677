"""Re-authentication for sensitive actions (ASVS 5.0: long-lived remember tokens only
with the password again for what matters).

The session remembers when the password was last entered (login, confirmation,
password change). A session restored from the remember cookie has no such time, and
one older than REAUTH_MAX_AGE (the idle limit, 2 h) has a stale one: sensitive views
then ask for the password first (`/konto/passwort-bestaetigen`).
"""

import time
from functools import wraps

from flask import current_app, flash, redirect, request, session, url_for

from ...core.translation import gettext as _

REAUTH_AT = "_reauth_at"


def mark_password_entered() -> None:
    """Note in the session that the user just entered the right password."""
    session[REAUTH_AT] = int(time.time())


def password_recently_entered() -> bool:
    """Whether the password was entered in this session within REAUTH_MAX_AGE."""
    entered = session.get(REAUTH_AT)
    if not isinstance(entered, int):
        return False
    return int(time.time()) - entered <= current_app.config["REAUTH_MAX_AGE"]


def ask_for_password(next_url: str | None = None):
    """Redirect to the password confirmation, coming back to ``next_url`` afterwards."""
    flash(_("Bitte bestätigen Sie zuerst Ihr Passwort."), "info")
    return redirect(url_for("auth.confirm_password", next=next_url or request.full_path))


def recent_password_required(view):
    """Decorator: the view runs only after the password was entered recently."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not password_recently_entered():
            return ask_for_password(request.full_path if request.method == "GET" else None)
        return view(*args, **kwargs)

    return wrapped


def remember_cookie_present() -> bool:
    """Whether this browser holds a remember cookie (to renew it after a token rotation)."""
    return current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies
