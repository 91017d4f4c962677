"""Logging in with throttling of failed attempts per account and per client IP."""

from flask import current_app
from flask_babel import gettext as _
from werkzeug.security import check_password_hash

from ..models import User
from ..models.base import utcnow
from ..platform import throttle
from .core import LoginRefused, dummy_hash, find_user_by_email, log, normalize_email

LOGIN_ACCOUNT_BUCKET = "login-account"
LOGIN_IP_BUCKET = "login-ip"


def _keys(email: str, client_ip: str | None) -> tuple[str, str]:
    """Hashed throttle keys of the account (its address) and of the client IP."""
    return throttle.hash_key(normalize_email(email)), throttle.hash_key(client_ip or "unknown")


def _too_many_failures(account_key: str, ip_key: str) -> bool:
    """Whether the account or the IP has used up its allowed failed logins."""
    config = current_app.config
    window = config["LOGIN_FAILURE_WINDOW"]
    return throttle.is_limited(
        LOGIN_ACCOUNT_BUCKET, account_key, config["LOGIN_FAILURES_PER_ACCOUNT"], window
    ) or throttle.is_limited(LOGIN_IP_BUCKET, ip_key, config["LOGIN_FAILURES_PER_IP"], window)


def _throttled() -> LoginRefused:
    """The refusal shown while logins are blocked."""
    minutes = max(1, current_app.config["LOGIN_FAILURE_WINDOW"] // 60)
    return LoginRefused(
        _(
            "Zu viele fehlgeschlagene Anmeldeversuche. Aus Sicherheitsgründen ist die Anmeldung "
            "vorübergehend gesperrt. Bitte versuchen Sie es in %(minutes)s Minuten erneut oder "
            "setzen Sie Ihr Passwort zurück.",
            minutes=minutes,
        ),
        status=429,
    )


def authenticate(email: str, password: str, client_ip: str | None) -> User:
    """The user for these credentials, or LoginRefused (which counts the failure).

    A successful check writes nothing: the caller records it with `note_login`,
    best-effort, so a read-only database never stops a login.
    """
    account_key, ip_key = _keys(email, client_ip)
    if _too_many_failures(account_key, ip_key):
        log.warning("login refused: too many failures")
        raise _throttled()
    user = find_user_by_email(email)
    if not check_password_hash(user.password_hash if user else dummy_hash(), password or ""):
        throttle.record(LOGIN_ACCOUNT_BUCKET, account_key)
        throttle.record(LOGIN_IP_BUCKET, ip_key)
        log.warning("login failed user_id=%s", user.id if user else None)
        if _too_many_failures(account_key, ip_key):
            log.warning("login lock-out user_id=%s", user.id if user else None)
            raise _throttled()
        raise LoginRefused(_("E-Mail-Adresse oder Passwort ist falsch."))
    if user.locked_at is not None:
        log.warning("login refused: account locked user_id=%s", user.id)
        raise LoginRefused(
            _("Ihr Konto ist gesperrt. Bitte wenden Sie sich an die Betreiber des Portals."),
            status=403,
        )
    log.info("login user_id=%s", user.id)
    return user


def note_login(user: User) -> None:
    """Record a successful login: forget the account's failures, set last_login_at."""
    clear_login_failures(user.email)
    user.last_login_at = utcnow()


def clear_login_failures(email: str) -> None:
    """Forget the failed logins counted for the account (not those of the IP)."""
    throttle.clear(LOGIN_ACCOUNT_BUCKET, throttle.hash_key(normalize_email(email)))
