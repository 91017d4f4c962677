"""The organiser's pages: the events of their members, the event form, registrations (CSV),
calling an event off. Promoters see only their members' events (others: 404)."""

from datetime import datetime

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ... import events
from ...core.clock import BERLIN
from ...core.extensions import db
from ...core.translation import gettext as _
from ...models import Event
from ..access import promoter_required
from ..moderation.forms import CHOOSE
from . import bp
from .forms import CancelEventForm, EventForm

PREFIX = "/veranstaltungen/verwalten"


def _organised_or_404(event_id: int) -> Event:
    """The event if the current promoter (or admin) organises in its member, else 404."""
    event = db.session.get(Event, event_id)
    if event is None or not events.may_organise(current_user, event):
        abort(404)
    return event


@bp.get(f"{PREFIX}/")
@promoter_required
def manage():
    """The events of the promoter's members."""
    return render_template(
        "events/manage.html", events=events.organised_events(current_user), seats=events.seats_taken
    )


def _form(event: Event | None = None) -> EventForm:
    """The event form with the member and exhibitor choices of the current user."""
    form = EventForm(obj=None)
    form.member_id.choices = [CHOOSE] + [
        SelectChoice(m.id, m.name) for m in events.organiser_members(current_user)
    ]
    form.exhibitors.choices = [
        SelectChoice(c.id, f"{c.name} ({c.member.name})") for c in events.exhibitor_choices()
    ]
    if event is not None and not form.is_submitted():
        _fill(form, event)
    return form


def _wall_clock(moment: datetime) -> datetime:
    """A stored UTC time as the naive Europe/Berlin time the datetime-local input shows."""
    return moment.astimezone(BERLIN).replace(tzinfo=None)


def _fill(form: EventForm, event: Event) -> None:
    """Put an event's values into the form."""
    for name in ("kind", "title", "title_en", "description", "description_en", "venue"):
        getattr(form, name).data = getattr(event, name)
    form.street.data, form.capacity.data = event.street, event.capacity
    form.member_id.data = event.member_id
    form.postal_code.data, form.locality.data = event.place.postal_code, event.place.name
    form.starts.data, form.ends.data = _wall_clock(event.starts_at), _wall_clock(event.ends_at)
    form.exhibitors.data = [c.id for c in event.exhibitors]


def _values(form: EventForm) -> events.EventValues:
    return events.EventValues(
        kind=form.kind.data,
        title=form.title.data,
        starts=form.starts.data,
        ends=form.ends.data,
        member_id=form.member_id.data,
        venue=form.venue.data,
        street=form.street.data,
        postal_code=form.postal_code.data,
        locality=form.locality.data,
        description=form.description.data,
        title_en=form.title_en.data or "",
        description_en=form.description_en.data or "",
        capacity=form.capacity.data,
        exhibitor_ids=tuple(form.exhibitors.data or ()),
    )


def _save(form: EventForm, event: Event | None):
    """Validate and save; the form again with errors (400) on bad input."""
    if form.validate_on_submit():
        try:
            if event is None:
                event = events.create_event(_values(form), current_user)
            else:
                events.update_event(event, _values(form), current_user)
        except events.EventError as error:
            db.session.rollback()
            target = getattr(form, error.field or "", None)
            (target.errors if target is not None else form.form_errors).append(error.message)
        else:
            db.session.commit()
            flash(_("Die Veranstaltung ist gespeichert."), "success")
            return redirect(url_for("events.organise", event_id=event.id))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("events/form.html", form=form, event=event), status


@bp.route(f"{PREFIX}/neu", methods=["GET", "POST"])
@promoter_required
def new():
    """Create an event."""
    return _save(_form(), None)


@bp.route(f"{PREFIX}/<int:event_id>/bearbeiten", methods=["GET", "POST"])
@promoter_required
def edit(event_id: int):
    """Change an event."""
    event = _organised_or_404(event_id)
    if event.is_cancelled:
        flash(_("Eine abgesagte Veranstaltung kann nicht mehr geändert werden."), "error")
        return redirect(url_for("events.organise", event_id=event.id))
    return _save(_form(event), event)


@bp.get(f"{PREFIX}/<int:event_id>")
@promoter_required
def organise(event_id: int, cancel_form: CancelEventForm | None = None, status: int = 200):
    """An event for its organiser: who is coming, the CSV export, calling it off."""
    event = _organised_or_404(event_id)
    return render_template(
        "events/organise.html",
        event=event,
        registrations=events.confirmed_registrations(event),
        seats_left=events.seats_left(event),
        cancel_form=cancel_form or CancelEventForm(),
    ), status


@bp.get(f"{PREFIX}/<int:event_id>/anmeldungen.csv")
@promoter_required
def export(event_id: int):
    """The confirmed registrations as CSV for Excel."""
    event = _organised_or_404(event_id)
    response = Response(events.registrations_csv(event), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{events.csv_filename(event)}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post(f"{PREFIX}/<int:event_id>/absagen")
@promoter_required
def cancel_event(event_id: int):
    """Call the event off; everyone registered gets a mail."""
    event = _organised_or_404(event_id)
    form = CancelEventForm()
    if not form.validate_on_submit():
        return organise(event_id, cancel_form=form, status=400)
    try:
        told = events.cancel_event(event, current_user, form.reason.data or "")
    except events.EventError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        text = _("Die Veranstaltung ist abgesagt; %(n)s Angemeldete werden benachrichtigt.", n=told)
        flash(text, "success")
    return redirect(url_for("events.organise", event_id=event.id))
