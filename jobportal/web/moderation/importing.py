"""Promoter upload form for the bulk import of listings (JSON, see the README)."""

import json

from flask import render_template
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ... import listings, moderation
from ...core.extensions import db
from ...core.translation import gettext as _
from ...listings import JobError
from ..access import get_moderatable_company_or_404, promoter_required
from . import bp
from .forms import ImportForm
from .helpers import PREFIX

MAX_IMPORT_BYTES = 1024 * 1024


def read_upload(storage) -> tuple[list | None, str]:
    """The uploaded JSON document, or None and a German error."""
    raw = storage.read(MAX_IMPORT_BYTES + 1)
    if len(raw) > MAX_IMPORT_BYTES:
        return None, _("Die Datei ist zu groß (höchstens 1 MB).")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return None, _("Die Datei ist keine gültige JSON-Datei (UTF-8).")
    if not isinstance(data, list | dict):  # never hand a bare string on (read as a path)
        return None, _("Erwartet wird eine Liste von Stellen oder ein Objekt mit „jobs“.")
    return data, ""


@bp.route(f"{PREFIX}/import", methods=["GET", "POST"])
@promoter_required
def import_upload():
    """Upload a JSON file of listings for a company in the promoter's members."""
    form = ImportForm()
    form.company.choices = [
        SelectChoice(c.id, f"{c.name} ({c.member.name})")
        for c in moderation.scoped_companies(current_user)
        if not c.is_banned
    ]
    result = None
    if form.validate_on_submit():
        company = get_moderatable_company_or_404(form.company.data)
        data, error = read_upload(form.file.data)
        if error:
            form.file.errors.append(error)
        else:
            try:
                result = listings.import_jobs(
                    data, company, current_user, publish=form.publish.data
                )
            except JobError as exc:
                db.session.rollback()
                form.file.errors.append(str(exc))
            else:
                db.session.commit()
    status = 400 if form.errors else 200
    return render_template("moderation/import.html", form=form, result=result), status
