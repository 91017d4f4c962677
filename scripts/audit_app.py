"""The app `make audit` scans: the portal plus the scanners' positive control.

The positive control is a deliberately SQL-injectable route; sqlmap must report it, which
proves the scanners actually reach and recognise an injection on this app. It lives here,
outside the jobportal package, so the production package holds no deliberately vulnerable
code whatever its configuration. scripts/audit.sh serves it with
``gunicorn --pythonpath scripts 'audit_app:create_audit_app()'``.
"""

from flask import Blueprint, Flask, jsonify, request
from sqlalchemy import text

from jobportal import create_app
from jobportal.core.extensions import db

CONTROL_PATH = "/audit-positivkontrolle/firmen"

control = Blueprint("audit_control", __name__, url_prefix="/audit-positivkontrolle")


@control.get("/firmen")
def companies():
    """The company with the id ``id``, the SQL built by string concatenation ON PURPOSE."""
    company_id = request.args.get("id", "1")
    sql = "SELECT id, name FROM companies WHERE id = " + company_id  # noqa: S608 # nosec B608
    rows = db.session.execute(text(sql)).all()  # the deliberate positive control
    return jsonify([{"id": row[0], "name": row[1]} for row in rows])


def add_positive_control(app: Flask) -> Flask:
    """Register the positive control on ``app``; refused for a production configuration."""
    if app.config["ENV_NAME"] == "production":
        raise RuntimeError("The audit's positive control is never served in production.")
    app.register_blueprint(control)
    return app


def create_audit_app(config=None) -> Flask:
    """The portal as create_app builds it, plus the positive control."""
    return add_positive_control(create_app(config))
