"""The positive control of `make audit`: a deliberately SQL-injectable route.

Registered ONLY when the setting AUDIT_POSITIVE_CONTROL is true (scripts/audit.sh sets
it for its throwaway server); refused in production. sqlmap must report it, which
proves the scanners actually reach and recognise an injection on this app.
"""

from flask import Blueprint, abort, current_app, jsonify, request
from sqlalchemy import text

from .core.extensions import db

bp = Blueprint("audit_control", __name__, url_prefix="/audit-positivkontrolle")
CONTROL_PATH = "/audit-positivkontrolle/firmen"


@bp.before_request
def _only_in_audits():
    """Never serve the control outside an audit configuration."""
    config = current_app.config
    if not config.get("AUDIT_POSITIVE_CONTROL") or config.get("ENV_NAME") == "production":
        abort(404)


@bp.get("/firmen")
def companies():
    """The company with the id ``id``, the SQL built by string concatenation ON PURPOSE."""
    company_id = request.args.get("id", "1")
    sql = "SELECT id, name FROM companies WHERE id = " + company_id  # noqa: S608 # nosec B608
    rows = db.session.execute(text(sql)).all()  # the deliberate positive control
    return jsonify([{"id": row[0], "name": row[1]} for row in rows])
