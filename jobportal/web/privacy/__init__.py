"""Privacy area: "Meine Daten" (export, account erasure) and the retention command."""

from flask import Blueprint

bp = Blueprint("privacy", __name__)

from . import routes  # noqa: E402,F401 - register the views
