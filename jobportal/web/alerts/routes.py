"""Save a search as an alert, confirm it (double opt-in), manage and unsubscribe.

Links from mails carry signed tokens (jobportal.alerts); a bad, expired or used token
gets a clear German page (400). Pages behind a link show a button: nothing changes on
GET, so link scanners in mail filters cannot confirm or unsubscribe. The one-click
unsubscribe POST (RFC 8058) needs neither login nor CSRF token: the signed token
protects it, and only that endpoint is exempt from CSRF.
"""

from urllib.parse import parse_qsl, urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from ... import accounts, alerts
from ...accounts import TokenError
from ...core.extensions import csrf, db
from ...core.translation import gettext as _
from ...core.urls import parse_url
from ...listings import to_query_string
from ...models import SavedSearch
from ..i18n import page_language
from ..redirects import safe_next_url
from . import bp
from .forms import SaveSearchForm
from .view import alert_url, describe, manage_url, params_from_args, profile_alert_links

bp.add_app_template_global(profile_alert_links, "alert_links_for_profile")
bp.add_app_template_global(alert_url, "alert_url")
bp.add_app_template_global(lambda query: to_query_string(query, paging=False), "alert_query_string")


@bp.errorhandler(TokenError)
def token_error(error: TokenError):
    """Expired, invalid or used links: say so plainly."""
    return render_template("alerts/token_error.html", error=error), 400


@bp.errorhandler(alerts.AlertError)
def alert_error(error: alerts.AlertError):
    """Domain errors outside forms (e.g. pausing an unconfirmed alert)."""
    flash(error.message, "error")
    referrer = parse_url(request.referrer or "") or urlsplit("")
    back = referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return redirect(safe_next_url(back, url_for("alerts.mine")))


def _ip() -> str:
    return request.remote_addr or ""


@bp.route("/suchauftrag/neu", methods=["GET", "POST"])
def new():
    """The "Suche speichern" form: name, frequency, e-mail (visitors) and consent."""
    form = SaveSearchForm()
    if request.method == "GET":
        form.params.data = to_query_string(params_from_args(request.args))
    params = params_from_args(MultiDict(parse_qsl(form.params.data or "")))
    anonymous = not current_user.is_authenticated
    if form.validate_on_submit() and form.website.data:  # honeypot: a bot, pretend success
        return redirect(url_for("alerts.requested"))
    if form.validate_on_submit() and _consent_given(form, anonymous):
        try:
            alerts.create_alert(
                params,
                form.name.data,
                form.frequency.data,
                user=None if anonymous else current_user,
                email=form.email.data or "",
                ip=_ip(),
                language=page_language(),
            )
        except alerts.AlertError as error:
            target = getattr(form, error.field or "", None)
            (target.errors if target is not None else form.form_errors).append(error.message)
            db.session.rollback()
        else:
            db.session.commit()
            return _after_create(anonymous)
    status = 400 if form.errors or form.form_errors else 200
    return render_template(
        "alerts/new.html",
        form=form,
        anonymous=anonymous,
        summary=describe(params),
        default_name=alerts.default_name(params),
        consent_text=alerts.consent_text(),
    ), status


def _consent_given(form: SaveSearchForm, anonymous: bool) -> bool:
    """Visitors and unverified accounts must give an address and tick the consent box."""
    if current_user.is_authenticated and current_user.email_verified:
        return True
    if anonymous and not form.email.data:
        form.email.errors.append(_("Bitte geben Sie Ihre E-Mail-Adresse an."))
    if not form.consent.data:
        form.consent.errors.append(
            _("Bitte bestätigen Sie, dass Sie die E-Mails erhalten möchten.")
        )
    return not (form.email.errors or form.consent.errors)


def _after_create(anonymous: bool):
    """Verified account: the list; otherwise: check your mailbox."""
    if current_user.is_authenticated and current_user.email_verified:
        flash(_("Ihr Suchauftrag ist gespeichert und aktiv."), "success")
        return redirect(url_for("alerts.mine"))
    return redirect(url_for("alerts.requested"))


@bp.get("/suchauftrag/angefordert")
def requested():
    """Tell the visitor to confirm via the mail."""
    return render_template("alerts/requested.html")


@bp.route("/suchauftrag/bestaetigen/<token>", methods=["GET", "POST"])
def confirm(token):
    """Double opt-in: a button (GET) that activates the alert (POST), once."""
    alert = alerts.alert_from_token("confirm", token)
    if alert.status != SavedSearch.PENDING:
        raise accounts.used_link_error()
    if request.method == "POST":
        alerts.confirm(token, ip=_ip())
        db.session.commit()
        return render_template("alerts/confirmed.html", alert=alert, manage_link=manage_url(alert))
    return render_template("alerts/confirm.html", alert=alert, summary=describe(alert.params))


@bp.route("/suchauftrag/abbestellen/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token):
    """Unsubscribe: a page with one button, and the RFC 8058 one-click POST target."""
    if request.method == "POST":
        count = alerts.unsubscribe(token)
        db.session.commit()
        return render_template("alerts/unsubscribed.html", count=count)
    for purpose in ("unsubscribe", "unsubscribe-all"):
        try:
            alert = alerts.alert_from_token(purpose, token)
        except TokenError:
            continue
        targets = alerts.manageable_alerts(alert) if purpose == "unsubscribe-all" else [alert]
        return render_template("alerts/unsubscribe.html", targets=targets, token=token)
    raise accounts.used_link_error()


@bp.route("/suchauftrag/behalten/<token>", methods=["GET", "POST"])
def keep(token):
    """The answer to "still wanted?": keep the alert for another year."""
    alert = alerts.alert_from_token("keep", token)
    if request.method == "POST":
        alerts.keep_alert(alert)
        db.session.commit()
        flash(_("Danke! Ihr Suchauftrag bleibt bestehen."), "success")
        return redirect(manage_url(alert))
    return render_template("alerts/keep.html", alert=alert)
