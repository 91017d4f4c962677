"""Returnee area: profile, matches, watch list, municipality pages and the talent pool."""

from flask import Blueprint

bp = Blueprint("returnee", __name__)

from . import municipality, pool, routes  # noqa: E402,F401 - register the views
