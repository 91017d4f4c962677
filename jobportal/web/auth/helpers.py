"""Small pages shared by the account views: a message, a broken link."""

from flask import render_template, url_for

from ...accounts import TokenError
from ...core.translation import gettext as _


def message_page(title: str, text: str, status: int = 200, link=None):
    """A simple page with a heading, a text and an optional (url, label) link."""
    return render_template("auth/message.html", title=title, text=text, link=link), status


def token_problem(exc: TokenError):
    """The page for an invalid, expired or used link (400)."""
    title = _("Link abgelaufen") if exc.expired else _("Link ungültig")
    return message_page(title, exc.message, 400, (url_for("public.home"), _("Zur Startseite")))
