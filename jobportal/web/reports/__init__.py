"""Figures for the network admin and promoters: the year's report, CSV and print view."""

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/berichte")

from . import routes  # noqa: E402,F401 - register the views
