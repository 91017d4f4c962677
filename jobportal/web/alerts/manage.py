"""Managing alerts, by account or by the signed link in every alert mail."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ... import alerts
from ...core.extensions import db
from ...core.translation import gettext as _
from ...models import SavedSearch
from . import bp
from .forms import EditAlertForm
from .view import describe, search_page_url


def _holder_alerts(token: str) -> list[SavedSearch]:
    """The alerts the holder of a manage link (or the logged-in user) may manage."""
    if token:
        return alerts.manageable_alerts(alerts.alert_from_token("manage", token))
    if current_user.is_authenticated:
        email = current_user.email if current_user.email_verified else ""
        return alerts.alerts_of_address(email, current_user.id)
    abort(404)


def _owned(alert_id: int) -> tuple[SavedSearch, str]:
    """(alert, token) when the visitor may manage the alert, else 404."""
    token = request.values.get("t", "")
    alert = next((a for a in _holder_alerts(token) if a.id == alert_id), None)
    if alert is None:
        abort(404)
    return alert, token


def _back(token: str):
    """Back to the list the visitor came from."""
    if token:
        return redirect(url_for("alerts.manage", token=token))
    return redirect(url_for("alerts.mine"))


def _render_list(items: list[SavedSearch], token: str):
    """The list page."""
    rows = [(a, describe(a.params), search_page_url(a.params)) for a in items]
    return render_template("alerts/manage.html", rows=rows, token=token)


@bp.get("/suchauftraege")
@login_required
def mine():
    """The logged-in user's alerts."""
    return _render_list(_holder_alerts(""), "")


@bp.get("/suchauftraege/verwalten/<token>")
def manage(token):
    """The alerts of one address, by the signed link from a mail."""
    return _render_list(_holder_alerts(token), token)


@bp.route("/suchauftraege/<int:alert_id>/bearbeiten", methods=["GET", "POST"])
def edit(alert_id):
    """Change name, frequency, search words, place and radius (other filters stay)."""
    alert, token = _owned(alert_id)
    form = EditAlertForm(obj=None if request.method == "POST" else _defaults(alert))
    if form.validate_on_submit():
        params = {
            **alert.params,
            "q": form.q.data,
            "where": form.where.data,
            "radius_km": form.radius_km.data,
        }
        try:
            alerts.update_alert(alert, form.name.data, form.frequency.data, params)
        except alerts.AlertError as error:
            db.session.rollback()
            getattr(form, error.field or "where").errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Ihr Suchauftrag wurde geändert."), "success")
            return _back(token)
    status = 400 if form.errors else 200
    return render_template("alerts/edit.html", form=form, alert=alert, token=token), status


class _defaults:
    """Form defaults from an alert."""

    def __init__(self, alert: SavedSearch):
        self.name = alert.name
        self.frequency = alert.frequency
        self.q = alert.params.get("q", "")
        self.where = alert.params.get("where", "")
        self.radius_km = str(alert.params.get("radius_km", 25))


@bp.post("/suchauftraege/<int:alert_id>/pausieren")
def pause(alert_id):
    """Pause an alert: no mails until resumed."""
    alert, token = _owned(alert_id)
    alerts.set_paused(alert, True)
    db.session.commit()
    flash(_("Der Suchauftrag „%(name)s“ ist pausiert.", name=alert.name), "success")
    return _back(token)


@bp.post("/suchauftraege/<int:alert_id>/fortsetzen")
def resume(alert_id):
    """Resume a paused alert (new listings from now on)."""
    alert, token = _owned(alert_id)
    alerts.set_paused(alert, False)
    db.session.commit()
    flash(_("Der Suchauftrag „%(name)s“ ist wieder aktiv.", name=alert.name), "success")
    return _back(token)


@bp.post("/suchauftraege/<int:alert_id>/loeschen")
def delete(alert_id):
    """Delete an alert at once."""
    alert, token = _owned(alert_id)
    name = alert.name
    others = [a for a in _holder_alerts(token) if a.id != alert.id]
    alerts.delete_alerts([alert])
    db.session.commit()
    flash(_("Der Suchauftrag „%(name)s“ wurde gelöscht.", name=name), "success")
    if token and others:
        token = alerts.token_for(others[0], "manage")  # this alert's links died with it
    elif token:
        return redirect(url_for("search.search_page"))
    return _back(token)
