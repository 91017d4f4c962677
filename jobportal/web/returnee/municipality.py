"""Public region and municipality pages; promoters edit their own members' pages;
visitors write to a member's contact person."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ... import returnees
from ...core.extensions import db
from ...core.translation import gettext as _
from ...models import PromoterContact
from ...platform import throttle
from ..access import promoter_required
from ..errors import error_response
from ..maps import member_map, region_map
from . import bp
from .forms import PAGE_FIELDS, MemberContactForm, MemberPageForm


@bp.get("/region")
def region():
    """All active members with their open job counts (each listing once); districts
    list their towns."""
    members = returnees.members_with_counts()
    return render_template(
        "municipality/region.html",
        members=members,
        towns={m.id: returnees.district_towns(m) for m, _count in members},
        total=returnees.public_job_total(),
        members_svg=region_map(),
    )


def _contact_form(found, contacts, form: MemberContactForm | None = None) -> MemberContactForm:
    """The contact form with the member's contact people as choices."""
    form = form or MemberContactForm(formdata=None)
    form.contact.choices = [(user.id, user.name or user.email) for user, _contact in contacts]
    return form


def _render_member(found, form: MemberContactForm | None = None, status: int = 200):
    """The member's public page (with the contact form as given, e.g. with errors)."""
    contacts = returnees.contact_people(found)
    can_edit = current_user.is_authenticated and returnees.may_edit(current_user, found)
    job_count = returnees.open_job_count(found)
    return render_template(
        "municipality/member.html",
        member=found,
        page=returnees.page_of(found),
        sections=returnees.SECTIONS,
        contacts=contacts,
        contact_form=_contact_form(found, contacts, form),
        job_count=job_count,
        member_svg=member_map(found, job_count),
        jobs=returnees.newest_jobs(found),
        companies=returnees.companies_of(found),
        towns=returnees.district_towns(found),
        can_edit=can_edit,
    ), status


@bp.get("/region/<slug>")
def member(slug: str):
    """A member's public page: texts, contact person, jobs, companies."""
    found = returnees.active_member_by_slug(slug) or abort(404)
    return _render_member(found)


@bp.post("/region/<slug>/kontakt")
def contact_member(slug: str):
    """A visitor writes to the member's contact person (rate limited, honeypot)."""
    found = returnees.active_member_by_slug(slug) or abort(404)
    sender = throttle.hash_key(request.remote_addr or "")
    if returnees.contact_limited(sender):
        message = _(
            "Sie haben in der letzten Stunde zu viele Nachrichten gesendet. "
            "Bitte versuchen Sie es später noch einmal."
        )
        return error_response(429, message)
    db.session.commit()  # the attempt counts even if the form is refused
    form = _contact_form(found, returnees.contact_people(found), MemberContactForm())
    if form.validate_on_submit():
        try:
            if not form.website.data:  # a filled honeypot is a bot: counted, not sent
                returnees.send_contact_message(
                    found,
                    form.contact.data,
                    form.name.data,
                    form.email.data,
                    form.message.data,
                )
        except returnees.PageError as error:
            db.session.rollback()
            for name, text in error.errors.items():
                getattr(form, name).errors = [*getattr(form, name).errors, text]
        else:
            db.session.commit()
            flash(
                _("Danke! Ihre Nachricht ist unterwegs; die Antwort kommt per E-Mail."), "success"
            )
            return redirect(url_for("returnee.member", slug=found.slug) + "#kontakt")
    return _render_member(found, form, 400)


def _fill(form: MemberPageForm, found) -> None:
    """Fill the edit form from the saved page and consent."""
    page = returnees.page_of(found)
    form.intro.data, form.intro_en.data = found.description, found.description_en
    for name in PAGE_FIELDS:
        getattr(form, name).data = getattr(page, name)
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
        fields = {name: getattr(form, name).data for name in PAGE_FIELDS}
        try:
            returnees.save_page(found, current_user, form.intro.data, fields, form.intro_en.data)
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
    return render_template(
        "municipality/edit.html", form=form, member=found, sections=returnees.SECTIONS
    ), status
