"""Employer routes around the company: profile, colleague invitations, signed renew links."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ... import employers, listings
from ...core.extensions import db
from ...core.translation import gettext as _
from ..access import employer_required
from . import bp
from .forms import CompanyForm, InviteForm
from .helpers import current_company


@bp.route("/unternehmen", methods=["GET", "POST"])
@employer_required
def company_profile():
    """Edit the company profile; invite colleagues."""
    company = current_company()
    if request.method == "GET":
        form = CompanyForm(data=employers.profile_values(company))
        return render_template(
            "employer/company.html", form=form, company=company, invite_form=InviteForm()
        )
    form = CompanyForm()
    status = 400
    if form.validate():
        try:
            employers.update_profile(company, current_user, form.data)
        except employers.InvalidProfile as invalid:
            db.session.rollback()
            form.add_errors(invalid.errors)
        else:
            db.session.commit()
            flash(_("Das Unternehmensprofil wurde gespeichert."), "success")
            return redirect(url_for("employer.company_profile"))
    return render_template(
        "employer/company.html", form=form, company=company, invite_form=InviteForm()
    ), status


@bp.post("/unternehmen/einladen")
@employer_required
def invite():
    """Send a colleague a signed invitation link."""
    company = current_company()
    form = InviteForm()
    if form.validate():
        try:
            employers.invite_colleague(company, current_user, form.email.data)
        except employers.CompanyError as error:
            db.session.rollback()
            form.email.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("Die Einladung wurde an %(email)s gesendet.", email=form.email.data), "success")
            return redirect(url_for("employer.company_profile"))
    return render_template(
        "employer/company.html",
        form=CompanyForm(data=employers.profile_values(company)),
        company=company,
        invite_form=form,
    ), 400


@bp.post("/unternehmen/logo")
@employer_required
def upload_logo():
    """Store an uploaded logo (PNG, JPEG or WebP, checked by its bytes)."""
    company = current_company()
    upload = request.files.get("logo")
    data = upload.read(employers.LOGO_MAX_BYTES + 1) if upload else b""
    data_dir = current_app.config["DATA_DIR"]
    try:
        employers.save_logo(company, data, data_dir)
    except employers.LogoError as error:
        db.session.rollback()
        return render_template(
            "employer/company.html",
            form=CompanyForm(data=employers.profile_values(company)),
            company=company,
            invite_form=InviteForm(),
            logo_error=str(error),
        ), 400
    db.session.commit()
    employers.prune_logos(data_dir)
    flash(_("Das Logo wurde gespeichert."), "success")
    return redirect(url_for("employer.company_profile"))


@bp.post("/unternehmen/logo/entfernen")
@employer_required
def remove_logo():
    """Take the company's logo away."""
    employers.remove_logo(current_company())
    db.session.commit()
    employers.prune_logos(current_app.config["DATA_DIR"])
    flash(_("Das Logo wurde entfernt."), "success")
    return redirect(url_for("employer.company_profile"))


@bp.get("/einladung/<token>")
def invitation(token: str):
    """The invitation page: log in or register, then join with a POST button."""
    try:
        company, email = employers.read_invite(token)
    except employers.CompanyError as error:
        return render_template("employer/invitation.html", error=str(error)), 404
    return render_template(
        "employer/invitation.html", company=company, email=email, token=token, error=None
    )


@bp.post("/einladung/<token>")
@login_required
def accept_invitation(token: str):
    """Join the company of the invitation."""
    try:
        company = employers.accept_invite(token, current_user)
    except employers.CompanyError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("employer.invitation", token=token))
    db.session.commit()
    flash(_("Sie gehören jetzt zu %(name)s.", name=company.name), "success")
    return redirect(url_for("employer.dashboard"))


@bp.get("/stellen/<int:job_id>/verlaengern/<token>")
def renew_link(job_id: int, token: str):
    """The reminder mail's one-click renew link: a confirmation page (no change on GET)."""
    try:
        job, _user = listings.job_from_renew_token(token)
    except listings.JobError as error:
        return render_template("employer/renew.html", error=str(error), job=None), 404
    if job.id != job_id:
        return render_template(
            "employer/renew.html", error=_("Dieser Link ist ungültig."), job=None
        ), 404
    return render_template("employer/renew.html", job=job, token=token, error=None)


@bp.post("/stellen/<int:job_id>/verlaengern/<token>")
def renew_by_link(job_id: int, token: str):
    """Renew the listing as the employer the link was sent to (works without login)."""
    try:
        job, user = listings.job_from_renew_token(token)
        if job.id != job_id:
            raise listings.JobError(_("Dieser Link ist ungültig."))
        listings.renew(job, user)
    except listings.JobError as error:
        db.session.rollback()
        return render_template("employer/renew.html", error=str(error), job=None), 400
    db.session.commit()
    return render_template("employer/renew.html", job=job, done=True, error=None)
