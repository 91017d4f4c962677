"""Accounts: registration, login, verification, password reset, the account page."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from . import confirm, language, routes, unlock  # noqa: E402,F401 - register the views
