"""Public region and municipality pages; promoters edit their own members' pages."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import returnees
from ...core.extensions import db
from ...models import PromoterContact
from ..access import promoter_required
from . import bp
from .forms import MemberPageForm


@bp.get("/region")
def region():
    """All active members with their open job counts."""
    members = returnees.members_with_counts()
    return render_template(
        "municipality/region.html",
        members=members,
        total=sum(count for _member, count in members),
    )


@bp.get("/region/<slug>")
def member(slug: str):
    """A member's public page: texts, contact person, newest jobs, companies."""
    found = returnees.active_member_by_slug(slug) or abort(404)
    can_edit = current_user.is_authenticated and returnees.may_edit(current_user, found)
    return render_template(
        "municipality/member.html",
        member=found,
        page=returnees.page_of(found),
        sections=returnees.SECTIONS,
        contacts=returnees.contact_people(found),
        job_count=returnees.open_job_count(found),
        jobs=returnees.newest_jobs(found),
        companies=returnees.companies_of(found),
        can_edit=can_edit,
    )


def _fill(form: MemberPageForm, found) -> None:
    """Fill the edit form from the saved page and consent."""
    page = returnees.page_of(found)
    form.intro.data = found.description
    for key in returnees.SECTIONS:
        getattr(form, key).data = getattr(page, key)
    contact = db.session.get(PromoterContact, current_user.id)
    form.show_me.data = contact is not None
    form.phone.data = contact.phone if contact else ""


@bp.route("/region/<slug>/bearbeiten", methods=["GET", "POST"])
@promoter_required
def edit_member(slug: str):
    """Edit a member's page (own members only, others: 404)."""
    found = returnees.active_member_by_slug(slug)
    if found is None or not returnees.may_edit(current_user, found):
        abort(404)
    form = MemberPageForm()
    if form.validate_on_submit():
        sections = {key: getattr(form, key).data for key in returnees.SECTIONS}
        try:
            returnees.save_page(found, current_user, form.intro.data, sections)
            returnees.set_contact_consent(current_user, form.show_me.data, form.phone.data)
        except returnees.PageError as error:
            db.session.rollback()
            for name, message in error.errors.items():
                getattr(form, name).errors = [*getattr(form, name).errors, message]
        else:
            db.session.commit()
            flash(_("Die Seite wurde gespeichert."), "success")
            return redirect(url_for("returnee.member", slug=found.slug))
    elif not form.is_submitted():
        _fill(form, found)
    status = 400 if form.errors else 200
    return render_template("municipality/edit.html", form=form, member=found), status
