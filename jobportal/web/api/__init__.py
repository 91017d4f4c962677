"""The public JSON API for partner sites (/api/v1), described in docs/openapi.yaml."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from . import routes  # noqa: E402,F401 - register the views
