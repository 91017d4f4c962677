"""The job search area: search page, place suggestions, Atom feed, sitemap, robots.txt."""

from flask import Blueprint

bp = Blueprint("search", __name__)

from . import feeds, routes  # noqa: E402,F401 - register the views
