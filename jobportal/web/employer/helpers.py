"""Shared by the employer views: the current employer's company."""

from flask import abort
from flask_login import current_user


def current_company():
    """The current employer's company (404 for an employer without one)."""
    company = current_user.company
    if company is None:
        abort(404)
    return company
