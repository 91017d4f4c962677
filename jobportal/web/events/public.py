"""Public event pages: list, event page (JSON-LD), .ics files, registration by click or mail.

Links from mails carry signed tokens (jobportal.events); pages behind a link show a
button, nothing changes on GET (mail filters follow links).
"""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ... import events
from ...accounts import TokenError
from ...core.extensions import db
from ...core.translation import gettext as _
from ...listings import site_url
from ...places import active_members, current_region_info
from . import bp
from .forms import ButtonForm, GuestForm
from .jsonld import event_json

PREFIX = "/veranstaltungen"


@bp.errorhandler(TokenError)
def token_error(error: TokenError):
    """Expired, invalid or used links: say so plainly."""
    return _message(_("Link ungültig"), str(error), 400)


def _message(title: str, text: str, status: int = 200, event=None):
    return render_template("events/message.html", title=title, text=text, event=event), status


def _event_or_404(event_id: int):
    event = events.public_event(event_id)
    if event is None:
        abort(404)
    return event


@bp.get(PREFIX)
def event_list():
    """Upcoming events, the soonest first, optionally of one member municipality."""
    members = active_members()
    slug = request.args.get("gemeinde", "")
    member = next((m for m in members if m.slug == slug), None)
    if slug and member is None:
        abort(404)
    return render_template(
        "events/list.html",
        events=events.upcoming_events(member.id if member else None),
        members=members,
        member=member,
    )


def _organizer() -> dict:
    region = current_region_info()
    return {"@type": "Organization", "name": region["name"], "url": site_url("/")}


def _render_event(event, form, mine, status: int = 200):
    """The event page: facts, description, exhibitors with their listings, registration."""
    url = site_url(url_for("events.event_page", event_id=event.id))
    left = events.seats_left(event)
    page = render_template(
        "events/event.html",
        event=event,
        event_url=url,
        jsonld=event_json(event, url, _organizer(), left),
        seats_left=left,
        exhibitors=events.exhibitors_with_listings(event),
        open=events.is_open_for_registration(event),
        mine=mine,
        form=form,
        button=ButtonForm(),
    )
    return page, status


@bp.get(f"{PREFIX}/<int:event_id>")
def event_page(event_id: int):
    """One event (past and cancelled ones stay readable)."""
    event = _event_or_404(event_id)
    return _render_event(event, GuestForm(), events.registration_of_user(event, current_user))


def _calendar(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get(f"{PREFIX}/<int:event_id>.ics")
def event_ics(event_id: int):
    """The event as an iCalendar file."""
    event = _event_or_404(event_id)
    return _calendar(events.event_ics(event), f"veranstaltung-{event.id}.ics")


@bp.get(f"{PREFIX}.ics")
def calendar_feed():
    """All upcoming events as one iCalendar feed (to subscribe to)."""
    return _calendar(events.events_ics(events.upcoming_events()), "veranstaltungen.ics")


@bp.post(f"{PREFIX}/<int:event_id>/anmelden")
def register(event_id: int):
    """One click for a verified account; the guest form (double opt-in) for everyone else."""
    event = _event_or_404(event_id)
    back = url_for("events.event_page", event_id=event.id) + "#anmeldung"
    if current_user.is_authenticated and current_user.email_verified:
        if not ButtonForm().validate_on_submit():
            abort(400)
        return _register_user(event, back)
    form = GuestForm()
    if not form.validate_on_submit():
        return _render_event(event, form, None, 400)
    if form.website.data:  # honeypot: a bot, pretend success
        return redirect(url_for("events.requested", event_id=event.id))
    try:
        events.register_guest(event, form.name.data, form.email.data, ip=request.remote_addr or "")
    except events.RegistrationError as error:
        db.session.rollback()
        target = getattr(form, error.field or "", None)
        (target.errors if target is not None else form.form_errors).append(error.message)
        return _render_event(event, form, None, error.status if error.status != 200 else 400)
    db.session.commit()
    return redirect(url_for("events.requested", event_id=event.id))


def _register_user(event, back: str):
    try:
        events.register_user(event, current_user)
    except events.RegistrationError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(back)
    db.session.commit()
    flash(_("Sie sind angemeldet. Wir haben Ihnen eine Bestätigung geschickt."), "success")
    return redirect(back)


@bp.get(f"{PREFIX}/<int:event_id>/angefordert")
def requested(event_id: int):
    """Tell the guest to confirm via the mail."""
    event = _event_or_404(event_id)
    text = _(
        "Wir haben Ihnen eine E-Mail geschickt. Bitte bestätigen Sie Ihre Anmeldung mit dem "
        "Link darin innerhalb von %(hours)s Stunden. Erst dann ist Ihr Platz reserviert.",
        hours=events.CONFIRM_MAX_AGE // 3600,
    )
    return _message(_("Bitte bestätigen Sie Ihre Anmeldung"), text, event=event)


@bp.post(f"{PREFIX}/<int:event_id>/abmelden")
def unregister(event_id: int):
    """A logged-in person cancels their own registration."""
    event = _event_or_404(event_id)
    registration = events.registration_of_user(event, current_user)
    if registration is None or not ButtonForm().validate_on_submit():
        abort(404 if registration is None else 400)
    events.cancel_registration(registration)
    db.session.commit()
    flash(_("Sie sind abgemeldet."), "success")
    return redirect(url_for("events.event_page", event_id=event.id))


@bp.route(f"{PREFIX}/anmeldung/bestaetigen/<token>", methods=["GET", "POST"])
def confirm(token: str):
    """Double opt-in: a button (GET) that confirms the registration (POST), once."""
    registration = events.registration_from_token("confirm", token)
    if registration.is_confirmed:
        raise TokenError(_("Ihre Anmeldung ist bereits bestätigt."))
    return _link_action(
        registration,
        _("Anmeldung bestätigen"),
        _("Ja, Anmeldung bestätigen"),
        lambda: _confirm_now(token, registration.event),
    )


@bp.route(f"{PREFIX}/anmeldung/abmelden/<token>", methods=["GET", "POST"])
def cancel(token: str):
    """The cancel link from the mails: a button (GET) that deletes the registration (POST)."""
    registration = events.registration_from_token("cancel", token)
    return _link_action(
        registration,
        _("Von der Veranstaltung abmelden"),
        _("Ja, abmelden"),
        lambda: _cancel_now(registration),
    )


def _link_action(registration, title: str, button_label: str, act):
    """A link from a mail: GET shows a button, its POST runs `act`, which returns the page."""
    if request.method == "POST":
        if not ButtonForm().validate_on_submit():
            abort(400)
        return act()
    return render_template(
        "events/link_action.html",
        event=registration.event,
        registration=registration,
        title=title,
        button_label=button_label,
        form=ButtonForm(),
    )


def _confirm_now(token: str, event):
    try:
        events.confirm_registration(token)
    except events.RegistrationError as error:
        db.session.rollback()
        return _message(_("Anmeldung nicht möglich"), error.message, 409, event)
    db.session.commit()
    text = _("Wir freuen uns auf Sie. Die Bestätigung mit allen Angaben ist unterwegs.")
    return _message(_("Ihre Anmeldung ist bestätigt"), text, event=event)


def _cancel_now(registration):
    event = registration.event
    events.cancel_registration(registration)
    db.session.commit()
    text = _("Ihre Anmeldung ist gelöscht. Schade, dass Sie nicht kommen können.")
    return _message(_("Sie sind abgemeldet"), text, event=event)
