"""Views of a company's career feeds: thin, the rules live in jobportal.feeds."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ... import feeds
from ...core.extensions import db
from ...core.translation import gettext as _
from ...core.translation import lazy_gettext as _l
from ...models import Company, ListingFeed
from . import bp


class FeedForm(FlaskForm):
    """The address of a career feed."""

    url = StringField(
        _l("Adresse des Feeds oder der Karriereseite"),
        validators=[
            DataRequired(message=_l("Bitte geben Sie eine Adresse an.")),
            Length(max=500, message=_l("Höchstens 500 Zeichen.")),
        ],
    )


class RemoveForm(FlaskForm):
    """Only the CSRF token."""


def _company_or_404(company_id: int) -> Company:
    """The company if the current user may manage its feeds, else 404."""
    company = db.session.get(Company, company_id)
    if company is None or not feeds.may_manage_feeds(current_user, company):
        abort(404)
    return company


def _page(company: Company, form: FeedForm, status: int = 200):
    return render_template(
        "feeds/company.html",
        company=company,
        feeds=feeds.company_feeds(company),
        form=form,
        remove_form=RemoveForm(),
    ), status


@bp.get("/unternehmen/<int:company_id>")
@login_required
def company_feeds(company_id: int):
    """The company's feeds with their last run, and the form for another one."""
    return _page(_company_or_404(company_id), FeedForm())


@bp.post("/unternehmen/<int:company_id>")
@login_required
def add(company_id: int):
    """Register a feed."""
    company = _company_or_404(company_id)
    form = FeedForm()
    if form.validate():
        try:
            feed = feeds.add_feed(company, current_user, form.url.data)
        except feeds.FeedError as error:
            db.session.rollback()
            form.url.errors = [str(error)]
        else:
            db.session.commit()
            flash(
                _(
                    "Der Feed %(url)s ist eingetragen; er wird beim nächsten Abgleich gelesen.",
                    url=feed.url,
                ),
                "success",
            )
            return redirect(url_for("feeds.company_feeds", company_id=company.id))
    return _page(company, form, 400)


@bp.post("/<int:feed_id>/entfernen")
@login_required
def remove(feed_id: int):
    """Remove a feed (its listings stay)."""
    feed = db.session.get(ListingFeed, feed_id)
    if feed is None or feed.company is None:
        abort(404)
    company = _company_or_404(feed.company_id)
    if not RemoveForm().validate():
        abort(400)
    feeds.remove_feed(feed, current_user)
    db.session.commit()
    flash(_("Der Feed wurde entfernt; seine Anzeigen bleiben bestehen."), "success")
    return redirect(url_for("feeds.company_feeds", company_id=company.id))
