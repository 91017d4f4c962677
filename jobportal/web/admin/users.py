"""Network admin: promoter accounts and their municipalities, user search, lock and unlock."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ... import admin
from ...core.extensions import db
from ...core.translation import gettext as _
from ...models import User
from ...places import active_members
from ...platform import audit
from ..access import admin_required
from ..moderation.forms import ActionForm
from . import bp
from .forms import LockForm, PromoterForm, PromoterMembersForm
from .helpers import run_action

SEARCH_MAX = 254


def _member_choices() -> list[SelectChoice]:
    """The members a promoter may be assigned: those active in the network today."""
    return [SelectChoice(m.id, m.name) for m in active_members()]


def user_or_404(user_id: int) -> User:
    """Any account by id (admins may see all)."""
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/foerderer/", methods=["GET", "POST"])
@admin_required
def promoters():
    """List promoters; create a new promoter account (a set-password link is mailed)."""
    form = PromoterForm()
    form.members.choices = _member_choices()
    if form.validate_on_submit():
        try:
            user = admin.create_promoter(
                form.email.data, form.name.data or "", form.members.data, current_user
            )
        except admin.AdminError as error:
            db.session.rollback()
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            flash(
                _(
                    "Das Konto für %(email)s wurde angelegt; eine E-Mail zum Setzen des "
                    "Passworts ist unterwegs.",
                    email=user.email,
                ),
                "success",
            )
            return redirect(url_for("admin.promoters"))
    status = 400 if form.errors else 200
    return render_template("admin/promoters.html", form=form, promoters=admin.promoters()), status


@bp.route("/foerderer/<int:user_id>", methods=["GET", "POST"])
@admin_required
def promoter_detail(user_id: int):
    """Change the municipalities of a promoter."""
    user = user_or_404(user_id)
    if user.role != "promoter":
        abort(404)
    form = PromoterMembersForm(data={"members": [m.id for m in user.members]})
    form.members.choices = _member_choices()
    if form.validate_on_submit():
        return run_action(
            lambda: admin.set_promoter_members(user, form.members.data, current_user),
            _("Die Gemeinden wurden gespeichert."),
            url_for("admin.promoter_detail", user_id=user.id),
        )
    status = 400 if form.errors else 200
    return render_template(
        "admin/promoter.html", user=user, form=form, invite_form=ActionForm(prefix="invite")
    ), status


@bp.post("/foerderer/<int:user_id>/einladung")
@admin_required
def promoter_invite(user_id: int):
    """Send the set-password mail again."""
    user = user_or_404(user_id)
    if user.role != "promoter":
        abort(404)
    return run_action(
        lambda: admin.send_promoter_invite(user),
        _("Die E-Mail zum Setzen des Passworts wurde erneut verschickt."),
        url_for("admin.promoter_detail", user_id=user.id),
    )


@bp.get("/nutzer/")
@admin_required
def users():
    """Search accounts by e-mail address."""
    search = request.args.get("q", "").strip()[:SEARCH_MAX]
    return render_template(
        "admin/users.html",
        users=admin.search_users(search),
        search=search,
        state=admin.user_state,
        roles=admin.ROLE_LABELS,
    )


def render_user(user: User, status: int = 200, form: LockForm | None = None):
    """The account page with its audit log and the lock/unlock form."""
    page = render_template(
        "admin/user.html",
        user=user,
        state=admin.user_state(user),
        roles=admin.ROLE_LABELS,
        form=form or LockForm(),
        entries=audit.history("user", user.id),
    )
    return page, status


@bp.get("/nutzer/<int:user_id>")
@admin_required
def user_detail(user_id: int):
    """One account: role, state, audit log, lock/unlock."""
    return render_user(user_or_404(user_id))


@bp.post("/nutzer/<int:user_id>/<any(sperren, entsperren):action>")
@admin_required
def user_lock(user_id: int, action: str):
    """Lock (sessions end at once) or unlock an account."""
    user = user_or_404(user_id)
    form = LockForm()
    if not form.validate_on_submit():
        return render_user(user, 400, form)
    if action == "sperren":
        change, message = admin.lock_user, _("Das Konto wurde gesperrt.")
    else:
        change, message = admin.unlock_user, _("Das Konto wurde entsperrt.")
    return run_action(
        lambda: change(user, current_user, form.reason.data or ""),
        message,
        url_for("admin.user_detail", user_id=user.id),
    )
