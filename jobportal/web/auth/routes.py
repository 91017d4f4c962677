"""Routes of the auth area: registration, login, verification, password reset, account."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ... import accounts, returnees
from ...accounts import AccountError, LoginRefused, TokenError
from ...core.extensions import db
from ...core.translation import gettext as _
from ...core.translation import lazy_gettext as _l
from ...platform import throttle
from ..i18n import page_language
from ..redirects import safe_next_url
from . import bp
from .best_effort import commit_best_effort, note_login
from .forms import (
    ActionForm,
    ChangeEmailForm,
    ChangePasswordForm,
    EmployerRegisterForm,
    ForgotPasswordForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
)
from .freshness import mark_password_entered, recent_password_required, remember_cookie_present
from .helpers import message_page, token_problem

REGISTER_BUCKET = "register-ip"

ROLE_LABELS = {
    "jobseeker": _l("Arbeitsuchende Person"),
    "employer": _l("Arbeitgeber"),
    "promoter": _l("Wirtschaftsförderung"),
    "admin": _l("Administration"),
}


@bp.after_request
def _no_store(response):
    """Pages of this area show personal data: never cache them."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _form_error(form, exc: AccountError) -> None:
    """Show a domain error at its field (or above the form)."""
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None:
        field.errors = [*field.errors, exc.message]
    else:
        form.form_errors.append(exc.message)


# --- registration -----------------------------------------------------------------------


def _register(employer: bool):
    """Show and handle one of the two registration forms."""
    if current_user.is_authenticated:
        return redirect(url_for("auth.account"))
    form = EmployerRegisterForm() if employer else RegisterForm()
    if employer:
        form.member_id.choices = [("", _("Bitte wählen …")), *accounts.member_choices()]
    refusal = _refuse_bots(form)
    if refusal is not None:
        return refusal
    if form.validate_on_submit():
        try:
            if employer:
                accounts.register_employer(
                    form.name.data,
                    form.email.data,
                    form.password.data,
                    form.company_name.data,
                    form.member_id.data,
                    page_language(),
                )
            else:
                accounts.register_jobseeker(
                    form.name.data, form.email.data, form.password.data, page_language()
                )
        except AccountError as exc:
            _form_error(form, exc)
        else:
            try:
                db.session.commit()
            except IntegrityError:  # the same address registered at the same moment
                db.session.rollback()
            return _registered()
    return render_template("auth/register.html", form=form, employer=employer)


def _registered():
    """The one answer to a registration, whether or not the address already had an account."""
    flash(
        _(
            "Vielen Dank! Wir haben Ihnen eine E-Mail geschickt. Bitte bestätigen Sie damit "
            "Ihre E-Mail-Adresse und melden Sie sich dann an."
        ),
        "success",
    )
    return redirect(url_for("auth.login"))


def _refuse_bots(form):
    """The answer to a registration over the IP's hourly limit or with the honeypot filled."""
    if request.method != "POST":
        return None
    if _registration_limited():
        return message_page(
            _("Zu viele Registrierungen"),
            _(
                "Von Ihrem Anschluss kamen zu viele Registrierungen. Bitte versuchen Sie es "
                "in einer Stunde erneut."
            ),
            429,
        )
    if form.website.data:  # honeypot filled in: a bot; pretend success, create nothing
        return _registered()
    return None


def _registration_limited() -> bool:
    """Count a registration attempt of the client IP; whether it is over the hourly limit."""
    key = throttle.hash_key(request.remote_addr or "")
    limit = current_app.config["REGISTRATIONS_PER_IP_PER_HOUR"]
    if throttle.is_limited(REGISTER_BUCKET, key, limit, 3600):
        return True
    throttle.record(REGISTER_BUCKET, key)
    db.session.commit()
    return False


@bp.route("/registrieren", methods=["GET", "POST"])
def register():
    """Registration of job seekers and returnees."""
    return _register(employer=False)


@bp.route("/registrieren/arbeitgeber", methods=["GET", "POST"])
def register_employer():
    """Registration of employers with their company."""
    return _register(employer=True)


# --- login and logout -------------------------------------------------------------------


@bp.route("/anmelden", methods=["GET", "POST"])
def login():
    """Log in; failed attempts are throttled per account and per client IP."""
    next_url = safe_next_url(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for("auth.account"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.email.data, form.password.data, request.remote_addr)
        except LoginRefused as exc:
            commit_best_effort()  # keep the counted failure
            form.form_errors.append(exc.message)
            status = exc.status
        except SQLAlchemyError:  # a failure could not be counted (read-only database)
            db.session.rollback()
            form.form_errors.append(_("Die Anmeldung ist gerade nicht möglich."))
            status = 503
        else:
            note_login(user, request.remote_addr)
            login_user(user, remember=form.remember.data)
            mark_password_entered()
            flash(_("Sie sind angemeldet."), "success")
            if not user.email_verified:
                flash(
                    _("Bitte bestätigen Sie noch Ihre E-Mail-Adresse (siehe Mein Konto)."),
                    "warning",
                )
            return redirect(next_url or landing_url(user))
    return render_template("auth/login.html", form=form, next_url=next_url), status


def landing_url(user) -> str:
    """Where a role works: employers' dashboard, the moderation queue, admin, matches, search."""
    if user.role == "employer":
        return url_for("employer.dashboard")
    if user.role == "promoter":
        return url_for("moderation.queue")
    if user.role == "admin":
        return url_for("admin.index")
    if user.role == "jobseeker" and returnees.profile_for(user.id) is not None:
        return url_for("returnee.matches")
    return url_for("search.search_page")


@bp.post("/abmelden")
def logout():
    """Log out: ends this and every other session of the account."""
    if current_user.is_authenticated:
        accounts.logout(current_user)
        db.session.commit()
        logout_user()
        flash(_("Sie wurden abgemeldet."), "success")
    return redirect(url_for("public.home"))


# --- e-mail verification ----------------------------------------------------------------


@bp.route("/konto/bestaetigen/<token>", methods=["GET", "POST"])
def verify_email(token: str):
    """Confirm the e-mail address (the link shows a button; the POST confirms)."""
    try:
        user = accounts.user_to_verify(token)
    except TokenError as exc:
        return token_problem(exc)
    home = (url_for("auth.account"), _("Zu Ihrem Konto"))
    if user.email_verified:
        return message_page(
            _("E-Mail-Adresse bereits bestätigt"),
            _("Ihre E-Mail-Adresse ist bereits bestätigt. Alles in Ordnung!"),
            link=home,
        )
    form = ActionForm()
    if form.validate_on_submit():
        accounts.verify_email(token)
        db.session.commit()
        return message_page(
            _("E-Mail-Adresse bestätigt"),
            _("Vielen Dank! Ihre E-Mail-Adresse ist jetzt bestätigt."),
            link=home,
        )
    return render_template(
        "auth/confirm.html",
        form=form,
        title=_("E-Mail-Adresse bestätigen"),
        text=_("Bitte bestätigen Sie die Adresse %(email)s.", email=user.email),
        button=_("E-Mail-Adresse bestätigen"),
    )


@bp.post("/konto/bestaetigung-senden")
@login_required
def resend_verification():
    """Send the verification mail again."""
    if ActionForm().validate_on_submit():
        try:
            accounts.resend_verification(current_user)
        except AccountError as exc:
            flash(exc.message, "warning")
        else:
            flash(_("Wir haben Ihnen die Bestätigungsmail erneut geschickt."), "success")
        db.session.commit()
    return redirect(url_for("auth.account"))


# --- password reset ---------------------------------------------------------------------


@bp.route("/passwort-vergessen", methods=["GET", "POST"])
def forgot_password():
    """Ask for a reset link; the answer never reveals whether an account exists."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        accounts.request_password_reset(form.email.data)
        db.session.commit()
        flash(
            _(
                "Falls ein Konto mit dieser E-Mail-Adresse existiert, haben wir Ihnen einen "
                "Link zum Zurücksetzen des Passworts geschickt."
            ),
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/passwort-zuruecksetzen/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password through a reset link (single use)."""
    try:
        accounts.user_for_reset(token)
    except TokenError as exc:
        return token_problem(exc)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.reset_password(token, form.password.data)
        except TokenError as exc:
            return token_problem(exc)
        except AccountError as exc:
            _form_error(form, exc)
        else:
            db.session.commit()
            logout_user()
            flash(
                _("Ihr Passwort wurde geändert. Bitte melden Sie sich mit dem neuen Passwort an."),
                "success",
            )
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)


# --- account ----------------------------------------------------------------------------


@bp.get("/konto")
@login_required
def account():
    """Overview of the own account."""
    return render_template(
        "auth/account.html", form=ActionForm(), role_label=ROLE_LABELS.get(current_user.role, "")
    )


@bp.route("/konto/passwort", methods=["GET", "POST"])
@login_required
@recent_password_required
def change_password():
    """Change the password; other sessions end, this browser stays logged in."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current_password.data, form.password.data)
        except AccountError as exc:
            _form_error(form, exc)
        else:
            db.session.commit()
            login_user(current_user._get_current_object(), remember=remember_cookie_present())
            mark_password_entered()
            flash(_("Ihr Passwort wurde geändert. Andere Geräte wurden abgemeldet."), "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/konto/email", methods=["GET", "POST"])
@login_required
@recent_password_required
def change_email():
    """Request a new e-mail address; it counts once confirmed through the new address."""
    form = ChangeEmailForm()
    if form.validate_on_submit():
        try:
            accounts.request_email_change(current_user, form.password.data, form.email.data)
        except AccountError as exc:
            _form_error(form, exc)
        else:
            db.session.commit()
            flash(
                _(
                    "Wir haben einen Bestätigungslink an die neue Adresse geschickt. Die "
                    "Änderung gilt, sobald Sie ihn geöffnet haben."
                ),
                "info",
            )
            return redirect(url_for("auth.account"))
    return render_template("auth/change_email.html", form=form)


@bp.route("/konto/email-bestaetigen/<token>", methods=["GET", "POST"])
def confirm_email_change(token: str):
    """Confirm a new e-mail address (the link shows a button; the POST confirms)."""
    try:
        _user, new_email = accounts.email_change_for(token)
    except TokenError as exc:
        return token_problem(exc)
    form = ActionForm()
    if form.validate_on_submit():
        try:
            accounts.confirm_email_change(token)
        except TokenError as exc:
            return token_problem(exc)
        db.session.commit()
        return message_page(
            _("E-Mail-Adresse geändert"),
            _("Ihr Konto verwendet jetzt die Adresse %(email)s.", email=new_email),
            link=(url_for("auth.account"), _("Zu Ihrem Konto")),
        )
    return render_template(
        "auth/confirm.html",
        form=form,
        title=_("Neue E-Mail-Adresse bestätigen"),
        text=_("Soll Ihr Konto künftig die Adresse %(email)s verwenden?", email=new_email),
        button=_("Neue Adresse bestätigen"),
    )


@bp.post("/konto/ueberall-abmelden")
@login_required
def logout_everywhere():
    """End every session and remember cookie of the account, this one included."""
    if ActionForm().validate_on_submit():
        accounts.logout_everywhere(current_user)
        db.session.commit()
        logout_user()
        flash(_("Sie wurden auf allen Geräten abgemeldet."), "success")
        return redirect(url_for("auth.login"))
    return redirect(url_for("auth.account"))
