"""Returnee area: profile, matching jobs, watch list, contact requests."""

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from ... import returnees
from ...core.extensions import db
from ...core.translation import gettext as _
from ...models import ContactRequest, Job
from ...places import active_members, car_time_label
from ...returnees import match_jobs
from ..access import jobseeker_required
from ..auth.freshness import ask_for_password, password_recently_entered
from ..maps import matches_map
from ..redirects import safe_next_url
from . import bp
from .forms import ProfileForm, ReplyForm


def _profile_form(profile) -> ProfileForm:
    """The profile form, filled from the saved profile on GET."""
    form = ProfileForm()
    form.set_members(active_members())
    if request.method == "GET" and profile is not None:
        homes = [h.label for h in profile.homes] + ["", "", ""]
        form.home_1.data, form.home_2.data, form.home_3.data = homes[:3]
        form.commute_km.data = profile.commute_km
        place = profile.current_place
        form.current_place.data = f"{place.postal_code} {place.name}" if place else ""
        form.abroad_country.data = profile.abroad_country
        form.origin_member.data = profile.origin_member_id or 0
        form.work_text.data = profile.work_text
        form.partner_work_text.data = profile.partner_work_text
        form.partner_commute_km.data = profile.partner_commute_km
        form.sector.data = profile.sector
        form.employment_types.data = list(profile.employment_types or [])
        form.working_models.data = list(profile.working_models or [])
        form.return_month.data = profile.return_month
        form.needs.data = list(profile.needs or [])
        form.visibility.data = profile.visibility
    return form


def _chosen(name: str) -> str:
    """The submitted place text, replaced by a candidate the user picked."""
    return request.form.get(f"{name}_choice") or request.form.get(name) or ""


def _input(form: ProfileForm) -> returnees.ProfileInput:
    """Plain values from the submitted form."""
    return returnees.ProfileInput(
        homes=[_chosen("home_1"), _chosen("home_2"), _chosen("home_3")],
        commute_km=form.commute_km.data,
        current_place=_chosen("current_place"),
        abroad_country=form.abroad_country.data or "",
        origin_member_id=form.origin_member.data or None,
        work_text=form.work_text.data or "",
        partner_work_text=form.partner_work_text.data or "",
        partner_commute_km=form.partner_commute_km.data
        if isinstance(form.partner_commute_km.data, int)
        else None,
        sector=form.sector.data or "",
        employment_types=form.employment_types.data or [],
        working_models=form.working_models.data or [],
        return_month=form.return_month.data,
        needs=form.needs.data or [],
        visibility=form.visibility.data or "private",
    )


def _visibility_needs_password(saved, form: ProfileForm) -> bool:
    """A change of the talent-pool visibility needs a recently entered password."""
    before = saved.visibility if saved is not None else "private"
    return (form.visibility.data or "private") != before and not password_recently_entered()


@bp.route("/rueckkehr/profil", methods=["GET", "POST"])
@jobseeker_required
def profile():
    """Create or edit the returnee profile."""
    saved = returnees.profile_for(current_user.id)
    form = _profile_form(saved)
    candidates = {}
    if form.is_submitted() and _visibility_needs_password(saved, form):
        return ask_for_password(url_for("returnee.profile"))
    if form.is_submitted():
        valid = form.validate()  # the domain checks too, so every error shows at once
        try:
            returnees.save_profile(current_user, _input(form))
        except returnees.ProfileError as error:
            db.session.rollback()
            for name, message in error.errors.items():
                field = getattr(form, name)
                field.errors = list(field.errors) or [message]
            candidates = error.candidates
        else:
            if valid:
                db.session.commit()
                flash(_("Ihr Profil ist gespeichert."), "success")
                return redirect(url_for("returnee.matches"))
            db.session.rollback()
    status = 400 if form.errors or candidates else 200
    commute = form.commute_km.data if isinstance(form.commute_km.data, int) else None
    return render_template(
        "returnee/profile.html",
        form=form,
        saved=saved,
        candidates=candidates,
        commute_label=car_time_label(commute) if commute else "",
    ), status


@bp.post("/rueckkehr/profil/loeschen")
@jobseeker_required
def delete_profile():
    """Delete the profile (the account stays)."""
    if returnees.delete_profile(current_user):
        db.session.commit()
        flash(_("Ihr Profil wurde gelöscht."), "success")
    return redirect(url_for("returnee.profile"))


@bp.get("/rueckkehr/passende-stellen")
@jobseeker_required
def matches():
    """Jobs that fit the profile, with reasons."""
    saved = returnees.profile_for(current_user.id)
    if saved is None:
        flash(_("Legen Sie zuerst Ihr Profil an – dann zeigen wir passende Stellen."), "info")
        return redirect(url_for("returnee.profile"))
    page = request.args.get("seite", 1, type=int) or 1
    result = match_jobs(saved, limit=20, page=page)
    marked = returnees.bookmarked_ids(current_user, [m.job.id for m in result.matches])
    return render_template(
        "returnee/matches.html",
        profile=saved,
        result=result,
        marked=marked,
        commute_label=car_time_label(saved.commute_km),
        matches_svg=matches_map(saved, result.matches),
    )


@bp.get("/rueckkehr/haushalt")
@jobseeker_required
def household():
    """Wo finden wir beide Arbeit? Member municipalities with jobs for both partners."""
    saved = returnees.profile_for(current_user.id)
    if saved is None:
        flash(_("Legen Sie zuerst Ihr Profil an – dann zeigen wir passende Orte."), "info")
        return redirect(url_for("returnee.profile"))
    result = returnees.household_places(saved) if saved.partner_work_text else None
    return render_template("returnee/household.html", profile=saved, result=result)


def _back(default: str) -> str:
    """Where to go after a bookmark change: a local path from the form, else the default."""
    return safe_next_url(request.form.get("next"), default)


@bp.get("/rueckkehr/merkliste")
@jobseeker_required
def watchlist():
    """The watch list, ended jobs marked as such."""
    return render_template("returnee/watchlist.html", entries=returnees.entries(current_user))


@bp.post("/rueckkehr/merkliste/<int:job_id>")
@jobseeker_required
def bookmark(job_id: int):
    """Put a job on the watch list."""
    job = db.session.get(Job, job_id) or abort(404)
    try:
        returnees.add_bookmark(current_user, job)
    except returnees.BookmarkError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("„%(title)s“ steht jetzt auf Ihrer Merkliste.", title=job.title), "success")
    return redirect(_back(url_for("returnee.watchlist")))


@bp.post("/rueckkehr/merkliste/<int:job_id>/entfernen")
@jobseeker_required
def unbookmark(job_id: int):
    """Take a job off the watch list."""
    if returnees.remove_bookmark(current_user, job_id):
        db.session.commit()
        flash(_("Die Stelle wurde von Ihrer Merkliste entfernt."), "success")
    return redirect(_back(url_for("returnee.watchlist")))


# --- contact requests ---------------------------------------------------------------------


def _own_request(request_id: int) -> ContactRequest:
    """A contact request to the current user's profile, else 404."""
    contact = db.session.get(ContactRequest, request_id)
    if contact is None or contact.profile.user_id != current_user.id:
        abort(404)
    return contact


@bp.get("/rueckkehr/anfragen")
@jobseeker_required
def requests():
    """Contact requests received through the talent pool."""
    saved = returnees.profile_for(current_user.id)
    items = returnees.requests_for(saved) if saved else []
    return render_template("returnee/requests.html", items=items, form=ReplyForm())


@bp.post("/rueckkehr/anfragen/<int:request_id>/antworten")
@jobseeker_required
def answer(request_id: int):
    """Answer a request: the reply and the returnee's e-mail address go to the sender."""
    contact = _own_request(request_id)
    form = ReplyForm()
    if form.validate_on_submit():
        try:
            returnees.answer_contact_request(contact, form.reply.data)
        except returnees.ContactError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Ihre Antwort wurde mit Ihrer E-Mail-Adresse weitergeleitet."), "success")
            return redirect(url_for("returnee.requests"))
    saved = contact.profile
    return render_template(
        "returnee/requests.html",
        items=returnees.requests_for(saved),
        form=form,
        failed_id=contact.id,
    ), 400


@bp.post("/rueckkehr/anfragen/<int:request_id>/ablehnen")
@jobseeker_required
def decline(request_id: int):
    """Decline a request: the sender learns nothing."""
    returnees.decline_contact_request(_own_request(request_id))
    db.session.commit()
    flash(_("Die Anfrage wurde abgelehnt. Der Absender erhält keine Daten von Ihnen."), "success")
    return redirect(url_for("returnee.requests"))


@bp.app_context_processor
def _bookmark_helper():
    """bookmarked(job_id) for job cards: the user's list, loaded once per request."""

    def bookmarked(job_id: int) -> bool:
        """Whether the current user has the job on their watch list."""
        if "bookmarked_ids" not in g:
            g.bookmarked_ids = returnees.bookmarked_ids(current_user)
        return job_id in g.bookmarked_ids

    return {"bookmarked": bookmarked}
