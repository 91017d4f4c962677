"""Career feeds of a company: register, remove, see each feed's last run (employers of the
company, promoters of its member, admins)."""

from flask import Blueprint

bp = Blueprint("feeds", __name__, url_prefix="/karriere-feeds")

from . import routes  # noqa: E402,F401 - register the views
