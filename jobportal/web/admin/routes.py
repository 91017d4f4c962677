"""Routes of the network admin area: member municipalities (promoters and users: users.py)."""

from flask import Blueprint, render_template

from ... import admin, moderation
from ..access import admin_required
from ..moderation.routes import run_action as _run_action

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.context_processor
def _labels() -> dict:
    """German labels for audit entries in this area's templates."""
    return {"action_label": moderation.action_label, "state_label": moderation.state_label}


def run_action(action, success: str, target: str):
    """Run an admin action: commit and flash, or roll back and flash its German error."""
    return _run_action(action, success, target, errors=(admin.AdminError,))


@bp.get("/")
@admin_required
def index():
    """The network's members with their join and leave dates."""
    return render_template("admin/index.html", members=admin.all_members())


from . import ba_runs, members, users  # noqa: E402,F401 - register their routes
