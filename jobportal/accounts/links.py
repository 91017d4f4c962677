"""Flows driven by signed links in mails: verification, password reset, e-mail change."""

from flask import current_app

from ..core.extensions import db
from ..core.translation import gettext as _
from ..core.translation import lazy_gettext as _l
from ..models import User
from ..models.base import utcnow
from ..platform import throttle
from ..platform.mail import queue_mail
from .core import (
    AccountError,
    TokenError,
    check_email_free,
    configured_max_age,
    dump_token,
    find_user_by_email,
    load_token,
    log,
    normalize_email,
    password_fingerprint,
    password_matches,
    set_password,
    site_link,
    used_link_error,
)
from .login import clear_login_failures

RESET_BUCKET = "reset-request"
RESET_REQUESTS_PER_HOUR = 5
RESEND_BUCKET = "verify-resend"
RESENDS_PER_HOUR = 3
HOUR = 3600


def _hours(setting: str) -> int:
    """A configured token lifetime in whole hours (at least one), for the mail text."""
    return max(1, current_app.config[setting] // HOUR)


# --- e-mail verification ----------------------------------------------------------------


def send_verification_mail(user: User) -> None:
    """Queue the mail with the link that confirms the user's address."""
    token = dump_token("verify", [user.id, user.email])
    queue_mail(
        user.email,
        _l("Bitte bestätigen Sie Ihre E-Mail-Adresse"),
        "auth_verify",
        lang=user.language,
        name=user.name,
        link=site_link("auth.verify_email", token=token),
        hours=_hours("TOKEN_MAX_AGE_VERIFY"),
    )


def resend_verification(user: User) -> None:
    """Send the verification mail again (a few times per hour at most)."""
    if user.email_verified:
        raise AccountError(_("Ihre E-Mail-Adresse ist bereits bestätigt."))
    key = str(user.id)
    if throttle.is_limited(RESEND_BUCKET, key, RESENDS_PER_HOUR, HOUR):
        raise AccountError(
            _(
                "Wir haben Ihnen gerade erst eine Bestätigungsmail geschickt. "
                "Bitte prüfen Sie Ihr Postfach (auch den Spam-Ordner) oder versuchen Sie es "
                "später erneut."
            ),
            status=429,
        )
    throttle.record(RESEND_BUCKET, key)
    send_verification_mail(user)


def user_to_verify(token: str, max_age: int | None = None) -> User:
    """The user a verification link belongs to, or TokenError."""
    user_id, email = load_token(
        "verify", token, configured_max_age("TOKEN_MAX_AGE_VERIFY", max_age), 2
    )
    user = db.session.get(User, user_id)
    if user is None or user.email != email:
        raise used_link_error()
    return user


def verify_email(token: str, max_age: int | None = None) -> tuple[User, bool]:
    """Confirm the address; returns (user, whether it was confirmed just now)."""
    user = user_to_verify(token, max_age)
    if user.email_verified:
        return user, False
    user.email_verified_at = utcnow()
    log.info("email verified user_id=%s", user.id)
    return user, True


# --- password reset ---------------------------------------------------------------------


def request_password_reset(email: str) -> None:
    """Mail a reset link if an active account has the address; silent otherwise."""
    email = normalize_email(email)
    key = throttle.hash_key(email)
    if throttle.is_limited(RESET_BUCKET, key, RESET_REQUESTS_PER_HOUR, HOUR):
        log.warning("password reset request throttled")
        return
    throttle.record(RESET_BUCKET, key)
    user = find_user_by_email(email)
    if user is None or user.locked_at is not None:
        log.info("password reset requested for unknown or locked account")
        return
    token = dump_token("reset", [user.id, password_fingerprint(user)])
    queue_mail(
        user.email,
        _l("Passwort zurücksetzen"),
        "auth_reset",
        lang=user.language,
        name=user.name,
        link=site_link("auth.reset_password", token=token),
        minutes=max(1, configured_max_age("TOKEN_MAX_AGE_RESET", None) // 60),
    )
    log.info("password reset requested user_id=%s", user.id)


def user_for_reset(token: str, max_age: int | None = None) -> User:
    """The user a reset link belongs to; TokenError if invalid, expired or already used."""
    user_id, fingerprint = load_token(
        "reset", token, configured_max_age("TOKEN_MAX_AGE_RESET", max_age), 2
    )
    user = db.session.get(User, user_id)
    if user is None or user.locked_at is not None or fingerprint != password_fingerprint(user):
        raise used_link_error()
    return user


def reset_password(token: str, new_password: str, max_age: int | None = None) -> User:
    """Set a new password through a reset link (which dies with it); ends all sessions."""
    user = user_for_reset(token, max_age)
    set_password(user, new_password)
    if not user.email_verified:
        user.email_verified_at = utcnow()  # the link reached the address
    clear_login_failures(user.email)
    log.info("password reset done user_id=%s", user.id)
    return user


# --- e-mail change ----------------------------------------------------------------------


def request_email_change(user: User, password: str, new_email: str) -> None:
    """Mail a confirmation link to the new address and a notice to the old one."""
    if not password_matches(user, password or ""):
        raise AccountError(_("Das Passwort ist falsch."), field="password")
    new_email = normalize_email(new_email)
    if new_email == user.email:
        raise AccountError(_("Das ist bereits Ihre E-Mail-Adresse."), field="email")
    check_email_free(new_email)
    token = dump_token("email-change", [user.id, user.email, new_email])
    context = {"name": user.name, "new_email": new_email, "hours": _hours("TOKEN_MAX_AGE_VERIFY")}
    queue_mail(
        new_email,
        _l("Bitte bestätigen Sie Ihre neue E-Mail-Adresse"),
        "auth_email_change",
        lang=user.language,
        link=site_link("auth.confirm_email_change", token=token),
        **context,
    )
    queue_mail(
        user.email,
        _l("Änderung Ihrer E-Mail-Adresse beantragt"),
        "auth_email_change_notice",
        lang=user.language,
        reset_link=site_link("auth.forgot_password"),
        **context,
    )
    log.info("email change requested user_id=%s", user.id)


def email_change_for(token: str, max_age: int | None = None) -> tuple[User, str]:
    """(user, new address) of a valid e-mail change link, else TokenError."""
    user_id, old_email, new_email = load_token(
        "email-change", token, configured_max_age("TOKEN_MAX_AGE_VERIFY", max_age), 3
    )
    user = db.session.get(User, user_id)
    if user is None or user.email != old_email:
        raise used_link_error()
    return user, new_email


def confirm_email_change(token: str, max_age: int | None = None) -> User:
    """Switch the account to the new (now confirmed) address."""
    user, new_email = email_change_for(token, max_age)
    try:
        check_email_free(new_email)
    except AccountError:
        raise TokenError(
            _("Die neue E-Mail-Adresse wird inzwischen von einem anderen Konto verwendet.")
        ) from None
    user.email = new_email
    user.email_verified_at = utcnow()
    log.info("email changed user_id=%s", user.id)
    return user
