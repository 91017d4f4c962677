"""Public pages: home, legal pages, listing and company pages."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from . import health, job_views, routes  # noqa: E402,F401 - register the views
