"""Routes of the network admin area: the overview of member municipalities."""

from flask import render_template

from ... import admin, moderation
from ..access import admin_required
from . import bp


@bp.context_processor
def _labels() -> dict:
    """German labels for audit entries in this area's templates."""
    return {"action_label": moderation.action_label, "state_label": moderation.state_label}


@bp.get("/")
@admin_required
def index():
    """The network's members with their join and leave dates."""
    return render_template("admin/index.html", members=admin.all_members())
