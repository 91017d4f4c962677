"""Network admin: add member municipalities or districts, record a leave date."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from ... import admin
from ...core.extensions import db
from ...core.translation import gettext as _
from ...models import Member
from ..access import admin_required
from . import bp
from .forms import LeaveForm, MemberForm


def member_or_404(member_id: int) -> Member:
    """A member of the network by id."""
    member = db.session.get(Member, member_id)
    if member is None:
        abort(404)
    return member


def _attach(error: admin.AdminError, fields: dict, default) -> None:
    """Show a domain error at the form field it belongs to."""
    db.session.rollback()
    fields.get(error.field, default).errors.append(str(error))


@bp.route("/mitglieder/neu", methods=["GET", "POST"])
@admin_required
def member_new():
    """Add a member municipality or district with its join date and places."""
    form = MemberForm()
    if form.validate_on_submit():
        try:
            member = admin.add_member(
                form.name.data,
                form.kind.data,
                form.ags.data,
                form.joined_on.data,
                form.places.data,
                form.state.data,
                current_user,
            )
        except admin.AdminError as error:
            fields = {"name": form.name, "ags": form.ags, "kind": form.kind}
            _attach(error, fields, form.places)
        else:
            db.session.commit()
            flash(_("%(name)s wurde als Mitglied eingetragen.", name=member.name), "success")
            return redirect(url_for("admin.index"))
    status = 400 if form.errors else 200
    return render_template("admin/member_form.html", form=form), status


@bp.route("/mitglieder/<int:member_id>/austritt", methods=["GET", "POST"])
@admin_required
def member_leave(member_id: int):
    """Record the day a member leaves the network."""
    member = member_or_404(member_id)
    form = LeaveForm(data={"left_on": member.left_on})
    if form.validate_on_submit():
        try:
            admin.end_membership(member, form.left_on.data, current_user)
        except admin.AdminError as error:
            _attach(error, {}, form.left_on)
        else:
            db.session.commit()
            flash(_("Der Austritt von %(name)s wurde eingetragen.", name=member.name), "success")
            return redirect(url_for("admin.index"))
    status = 400 if form.errors else 200
    return render_template("admin/member_leave.html", form=form, member=member), status
