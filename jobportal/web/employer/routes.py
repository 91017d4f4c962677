"""Routes of the employer area."""

from flask import Blueprint

bp = Blueprint("employer", __name__, url_prefix="/arbeitgeber")
