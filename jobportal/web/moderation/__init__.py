"""Moderation area: the review queue, listings, companies, abuse reports and bulk import.

The blueprint has no url_prefix so that the public report form can live at
/stellen/<id>/melden; every moderation rule starts with helpers.PREFIX.
"""

from flask import Blueprint

bp = Blueprint("moderation", __name__)

from . import companies, importing, notifications, reports, routes  # noqa: E402,F401 - register the views
