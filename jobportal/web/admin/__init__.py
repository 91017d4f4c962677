"""Network admin area: member municipalities, promoters, accounts, BA import runs."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from . import ba_runs, members, partners, routes, users  # noqa: E402,F401 - register the views
