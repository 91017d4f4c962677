"""The talent pool for promoters and verified employers; figures for promoters."""

from functools import wraps

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from ... import returnees
from ...core.extensions import db
from ...core.translation import gettext as _
from ...core.translation import lazy_gettext as _l
from ...models import ReturneeProfile
from ...models.jobs import EMPLOYMENT_TYPES, SECTORS, WORKING_MODELS
from ...returnees import NEEDS, TIMELINES
from ..access import promoter_required
from . import bp
from .forms import ContactForm, PoolSearchForm

POOL_SHOWN = 50  # cards on the page; narrow the search to see others
LABELS = {
    "employment": EMPLOYMENT_TYPES,
    "working_model": WORKING_MODELS,
    "need": NEEDS,
    "sector": {**SECTORS, "other": "Sonstiges", "unknown": _l("keine Angabe")},
    "timeline": TIMELINES,
}


def pool_required(view):
    """Promoters, admins and employers of verified companies only (others: 403)."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        """Check the role, then run the view."""
        if not returnees.may_use_pool(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def _visible_profile(profile_id: int) -> ReturneeProfile:
    """A profile the current user may see, else 404."""
    profile = db.session.get(ReturneeProfile, profile_id)
    if profile is None or not returnees.may_view(current_user, profile):
        abort(404)
    return profile


@bp.get("/talentpool")
@pool_required
def pool():
    """Search visible profiles by work text and 'will commute to'."""
    form = PoolSearchForm(request.args)
    members = returnees.pool_members(current_user)
    form.member.choices = [SelectChoice("", "– alle –")]
    form.member.choices += [SelectChoice(m.slug, m.name) for m in members]
    chosen = None
    if form.validate():
        chosen = next((m for m in members if m.slug == form.member.data), None)
    query = form.q.data if not form.q.errors else ""
    cards = returnees.search_pool(current_user, query, chosen)
    return render_template(
        "talentpool/search.html",
        form=form,
        cards=cards[:POOL_SHOWN],
        total=len(cards),
        labels=LABELS,
        chosen=chosen,
    )


@bp.route("/talentpool/profil/<int:profile_id>/kontakt", methods=["GET", "POST"])
@pool_required
def contact(profile_id: int):
    """Send a contact request to a returnee through the portal."""
    profile = _visible_profile(profile_id)
    form = ContactForm()
    if form.validate_on_submit():
        try:
            returnees.send_contact_request(current_user, profile, form.message.data)
        except returnees.ContactError as error:
            db.session.rollback()
            form.message.errors = [*form.message.errors, str(error)]
        else:
            db.session.commit()
            flash(
                _(
                    "Ihre Anfrage wurde weitergeleitet. Die Person entscheidet selbst, ob sie "
                    "antwortet."
                ),
                "success",
            )
            return redirect(url_for("returnee.pool"))
    status = 400 if form.errors else 200
    card = returnees.card(profile)
    return render_template("talentpool/contact.html", form=form, card=card, labels=LABELS), status


@bp.get("/talentpool/zahlen")
@promoter_required
def figures():
    """Aggregated figures for the promoter's members; small groups shown as '< 5'."""
    members = returnees.pool_members(current_user)
    return render_template(
        "talentpool/figures.html",
        figures=[returnees.member_figures(m) for m in members],
        labels=LABELS,
        min_group=returnees.MIN_GROUP,
    )
