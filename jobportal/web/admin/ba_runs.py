"""Network admin: the last runs of the BA import with their summaries and errors, and
the drift of the BA's interface while it lasts."""

from flask import render_template
from sqlalchemy import select

from ...ba import current_drift
from ...core.extensions import db
from ...models import BaImportRun
from ...models.ba import RUN_COUNTERS
from ..access import admin_required
from . import bp

RUNS_SHOWN = 30


@bp.get("/ba-import")
@admin_required
def ba_runs():
    """The last runs of `flask import ba`, newest first."""
    query = select(BaImportRun).order_by(BaImportRun.started_at.desc(), BaImportRun.id.desc())
    runs = list(db.session.execute(query.limit(RUNS_SHOWN)).scalars())
    return render_template(
        "admin/ba_runs.html", runs=runs, counters=RUN_COUNTERS, drift=current_drift()
    )
