"""Employer area: dashboard, vacancy form with preview, lifecycle actions, company profile."""

from flask import Blueprint

bp = Blueprint("employer", __name__, url_prefix="/arbeitgeber")

from . import company_views, routes  # noqa: E402,F401 - register the views
