"""Saved searches and e-mail alerts: save, confirm, manage, unsubscribe."""

from flask import Blueprint

bp = Blueprint("alerts", __name__)

from . import manage, outbox, routes  # noqa: E402,F401 - register the views
