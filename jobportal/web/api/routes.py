"""GET /api/v1/jobs and /api/v1/jobs/<id>: public listings as JSON, open to every origin."""

from flask import abort, jsonify, make_response, request
from sqlalchemy.orm import joinedload

from ...core.extensions import csrf, db
from ...core.translation import gettext as _
from ...listings import InvalidParameter, public_jobs_query
from ...models import Job
from ..search.results import run_search
from . import bp
from .serialise import job_detail, search_response

csrf.exempt(bp)

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, OPTIONS",
    "Access-Control-Max-Age": "86400",
}


def invalid_parameter(error: InvalidParameter):
    """A JSON 400 that names the parameter."""
    body = {
        "error": _("Ungültige Anfrage"),
        "message": _(
            "Parameter „%(param)s“: %(message)s", param=error.param, message=error.message
        ),
        "parameter": error.param,
        "status": 400,
    }
    return make_response(jsonify(body), 400)


@bp.get("/jobs")
def jobs():
    """Search public listings (parameters as on /jobs, plus per_page 1-100)."""
    try:
        outcome = run_search(request.args, strict=True, api=True)
    except InvalidParameter as error:
        return invalid_parameter(error)
    return jsonify(search_response(outcome))


@bp.get("/jobs/<int:job_id>")
def job(job_id: int):
    """One public listing; 404 when it is not (or no longer) public, or a partner
    network's (never re-exported)."""
    query = (
        public_jobs_query()
        .where(Job.id == job_id, Job.source != "partner")
        .options(joinedload(Job.company), joinedload(Job.place), joinedload(Job.member))
    )
    found = db.session.execute(query).scalar_one_or_none()
    if found is None:
        abort(404)
    return jsonify(job_detail(found))


@bp.after_app_request
def _cors(response):
    """Partner sites embed the API: every /api/ answer (errors too) allows any origin."""
    if request.path.startswith("/api/"):
        response.headers.update(CORS_HEADERS)
    return response
