"""/healthz for load balancers: is this node fit to serve (database, index, feed lag)?"""

from flask import current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ...core.extensions import db
from ...search import node_name, status
from . import bp


def node_health() -> tuple[dict, bool]:
    """The checks of this node and whether it should get traffic."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return {"database": "unreachable"}, False
    info = status()
    limit = current_app.config["SEARCH_HEALTH_MAX_LAG"]
    report = {
        "node": node_name(),
        "database": "ok",
        "index": "ok" if info["directory"] else "missing",
        "documents": info["documents"],
        "feed_lag": info["lag"],
        "feed_lag_seconds": info["lag_seconds"],
        "max_lag_seconds": limit,
        "rebuild_required": info["rebuild_required"],
    }
    fit = info["lag_seconds"] <= limit and not info["rebuild_required"]
    return report, bool(info["directory"]) and fit


@bp.get("/healthz")
def healthz():
    """200 while this node can serve fresh results, 503 otherwise (the balancer drains it)."""
    report, healthy = node_health()
    report["status"] = "ok" if healthy else "unhealthy"
    response = jsonify(report)
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response
