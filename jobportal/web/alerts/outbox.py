"""For admins: mails the outbox gave up on (permanent SMTP refusals, too many attempts)."""

from flask import render_template, request
from sqlalchemy import func, select

from ...core.extensions import db
from ...models import OutboxMail
from ..access import admin_required
from . import bp

PAGE_SIZE = 50


@bp.get("/admin/mails")
@admin_required
def failed_mails():
    """Failed outbox mails with their last error, newest first, and counts per status."""
    page = max(request.args.get("seite", 1, type=int) or 1, 1)
    query = (
        select(OutboxMail)
        .where(OutboxMail.status == OutboxMail.FAILED)
        .order_by(OutboxMail.created_at.desc(), OutboxMail.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    )
    by_status = select(OutboxMail.status, func.count()).group_by(OutboxMail.status)
    counts = {status: count for status, count in db.session.execute(by_status)}
    return render_template(
        "alerts/failed_mails.html",
        mails=list(db.session.execute(query).scalars()),
        counts=counts,
        page=page,
        more=counts.get(OutboxMail.FAILED, 0) > page * PAGE_SIZE,
    )
