"""Network admin: partner networks (another installation's listings) and employer feeds
whose last run failed."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ... import feeds
from ...core.extensions import db
from ...core.translation import gettext as _
from ...core.translation import lazy_gettext as _l
from ...models import ListingFeed
from ..access import admin_required
from . import bp


class PartnerForm(FlaskForm):
    """A partner network: its name, its portal's address and which members."""

    name = StringField(
        _l("Name des Netzwerks"),
        validators=[DataRequired(message=_l("Bitte nennen Sie das Netzwerk.")), Length(max=200)],
    )
    url = StringField(
        _l("Adresse des Partnerportals"),
        validators=[DataRequired(message=_l("Bitte geben Sie eine Adresse an.")), Length(max=500)],
    )
    members = StringField(
        _l("Nur diese Mitglieder (Kennungen, mit Komma getrennt)"),
        validators=[Length(max=2000)],
    )


class RemoveForm(FlaskForm):
    """Only the CSRF token."""


def _page(form: PartnerForm, status: int = 200):
    return render_template(
        "admin/partners.html",
        partners=feeds.partner_feeds(),
        failing=feeds.failing_feeds(),
        form=form,
        remove_form=RemoveForm(),
    ), status


@bp.route("/partnernetzwerke", methods=["GET", "POST"])
@admin_required
def partners():
    """Partner networks with their last run; subscribe to another one."""
    form = PartnerForm()
    if not form.is_submitted():
        return _page(form)
    if form.validate():
        try:
            partner = feeds.add_partner(
                current_user, form.name.data, form.url.data, form.members.data or ""
            )
        except feeds.FeedError as error:
            db.session.rollback()
            form.url.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("Das Partnernetzwerk %(name)s ist eingetragen.", name=partner.name), "success")
            return redirect(url_for("admin.partners"))
    return _page(form, 400)


@bp.post("/partnernetzwerke/<int:feed_id>/entfernen")
@admin_required
def partner_remove(feed_id: int):
    """Unsubscribe; the partner's listings end."""
    feed = db.session.get(ListingFeed, feed_id)
    if feed is None or feed.kind != "partner":
        abort(404)
    if not RemoveForm().validate():
        abort(400)
    feeds.remove_partner(feed, current_user)
    db.session.commit()
    flash(_("Das Partnernetzwerk wurde entfernt; seine Stellen sind beendet."), "success")
    return redirect(url_for("admin.partners"))
