"""Logging in, with throttling that an attacker cannot turn against the account's owner.

Failed logins are counted per (account, client IP) pair: after a few free tries each
further failure of the pair doubles the wait before its next try. The owner, coming
from another IP, is not slowed down by someone else's failures. A higher ceiling per
account (all IPs together) and one per IP (all accounts together) stop distributed
guessing and credential stuffing; an account at its ceiling is unlocked by its owner
through a link mailed to the address.
"""

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from ..core.extensions import db
from ..core.translation import gettext as _
from ..core.translation import lazy_gettext as _l
from ..models import ThrottleEvent, User
from ..models.base import utcnow
from ..platform import throttle
from ..platform.mail import queue_mail
from .core import (
    LoginRefused,
    TokenError,
    dummy_hash,
    dump_token,
    find_user_by_email,
    load_token,
    log,
    normalize_email,
    site_link,
)

LOGIN_PAIR_BUCKET = "login-pair"
LOGIN_ACCOUNT_BUCKET = "login-account"
LOGIN_IP_BUCKET = "login-ip"
UNLOCK_MAIL_BUCKET = "login-unlock-mail"


def _keys(email: str, client_ip: str | None) -> tuple[str, str, str]:
    """Hashed throttle keys of the pair, the account (its address) and the client IP."""
    email, ip = normalize_email(email), client_ip or "unknown"
    return throttle.hash_key(f"{email}|{ip}"), throttle.hash_key(email), throttle.hash_key(ip)


def pair_wait(pair_key: str, now: datetime | None = None) -> int:
    """Seconds the (account, IP) pair still has to wait before its next try (0: none)."""
    config, now = current_app.config, now or utcnow()
    since = now - timedelta(seconds=config["LOGIN_PAIR_WINDOW"])
    count, last = db.session.execute(
        select(func.count(ThrottleEvent.id), func.max(ThrottleEvent.created_at)).where(
            ThrottleEvent.bucket == LOGIN_PAIR_BUCKET,
            ThrottleEvent.key == pair_key,
            ThrottleEvent.created_at > since,
        )
    ).one()
    over = count - config["LOGIN_FREE_FAILURES_PER_PAIR"]
    if over < 0 or last is None:
        return 0
    delay = min(config["LOGIN_DELAY_BASE"] * 2**over, config["LOGIN_DELAY_CAP"])
    if last.tzinfo is None and now.tzinfo is not None:
        last = last.replace(tzinfo=now.tzinfo)
    return max(0, int(delay - (now - last).total_seconds()))


def _over_ceiling(account_key: str, ip_key: str) -> bool:
    """Whether the account (all IPs) or the IP (all accounts) reached its ceiling."""
    config = current_app.config
    window = config["LOGIN_FAILURE_WINDOW"]
    return throttle.is_limited(
        LOGIN_ACCOUNT_BUCKET, account_key, config["LOGIN_FAILURES_PER_ACCOUNT"], window
    ) or throttle.is_limited(LOGIN_IP_BUCKET, ip_key, config["LOGIN_FAILURES_PER_IP"], window)


def _wait_refusal(seconds: int) -> LoginRefused:
    """The refusal while the pair has to wait."""
    return LoginRefused(
        _(
            "Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie %(seconds)s Sekunden "
            "und versuchen Sie es dann erneut, oder setzen Sie Ihr Passwort zurück.",
            seconds=max(1, seconds),
        ),
        status=429,
    )


def _ceiling_refusal() -> LoginRefused:
    """The refusal while the account or the IP is at its ceiling."""
    return LoginRefused(
        _(
            "Zu viele fehlgeschlagene Anmeldeversuche. Die Anmeldung ist vorübergehend "
            "gesperrt. Falls es Ihr Konto ist, haben wir Ihnen einen Link zum Entsperren "
            "geschickt; Sie können auch Ihr Passwort zurücksetzen."
        ),
        status=429,
    )


def _refuse_if_throttled(user: User | None, keys: tuple[str, str, str]) -> None:
    """Raise LoginRefused while the pair waits or a ceiling is reached."""
    pair_key, account_key, ip_key = keys
    wait = pair_wait(pair_key)
    if wait:
        log.warning("login refused: pair waits %ss", wait)
        raise _wait_refusal(wait)
    if _over_ceiling(account_key, ip_key):
        log.warning("login refused: ceiling reached user_id=%s", user.id if user else None)
        if user is not None:
            send_unlock_mail(user, account_key)
        raise _ceiling_refusal()


def authenticate(email: str, password: str, client_ip: str | None) -> User:
    """The user for these credentials, or LoginRefused (which counts the failure).

    A successful check writes nothing: the caller records it with `note_login`,
    best-effort, so a read-only database never stops a login.
    """
    keys = _keys(email, client_ip)
    user = find_user_by_email(email)
    _refuse_if_throttled(user, keys)
    if not check_password_hash(user.password_hash if user else dummy_hash(), password or ""):
        for bucket, key in zip(
            (LOGIN_PAIR_BUCKET, LOGIN_ACCOUNT_BUCKET, LOGIN_IP_BUCKET), keys, strict=True
        ):
            throttle.record(bucket, key)
        log.warning("login failed user_id=%s", user.id if user else None)
        try:
            _refuse_if_throttled(user, keys)
        except LoginRefused:
            log.warning("login lock-out user_id=%s", user.id if user else None)
            raise
        raise LoginRefused(_("E-Mail-Adresse oder Passwort ist falsch."))
    if user.locked_at is not None:
        log.warning("login refused: account locked user_id=%s", user.id)
        raise LoginRefused(
            _("Ihr Konto ist gesperrt. Bitte wenden Sie sich an die Betreiber des Portals."),
            status=403,
        )
    log.info("login user_id=%s", user.id)
    return user


def note_login(user: User, client_ip: str | None = None) -> None:
    """Record a successful login: forget the pair's failures, set last_login_at."""
    throttle.clear(LOGIN_PAIR_BUCKET, _keys(user.email, client_ip)[0])
    user.last_login_at = utcnow()


def clear_login_failures(email: str) -> None:
    """Forget the failed logins counted for the account (not those of pairs or the IP)."""
    throttle.clear(LOGIN_ACCOUNT_BUCKET, throttle.hash_key(normalize_email(email)))


# --- unlock by e-mail -------------------------------------------------------------------


def send_unlock_mail(user: User, account_key: str) -> None:
    """Mail the owner a link that lifts the account's ceiling (once per window)."""
    window = current_app.config["LOGIN_FAILURE_WINDOW"]
    if throttle.is_limited(UNLOCK_MAIL_BUCKET, account_key, 1, window):
        return
    throttle.record(UNLOCK_MAIL_BUCKET, account_key)
    token = dump_token("unlock", [user.id, user.email])
    queue_mail(
        user.email,
        _l("Anmeldung zu Ihrem Konto vorübergehend gesperrt"),
        "auth_unlock",
        lang=user.language,
        name=user.name,
        link=site_link("auth.unlock_login", token=token),
        reset_link=site_link("auth.forgot_password"),
    )
    log.warning("unlock mail queued user_id=%s", user.id)


def user_to_unlock(token: str) -> User:
    """The user an unlock link belongs to, or TokenError."""
    max_age = current_app.config["TOKEN_MAX_AGE_RESET"]
    user_id, email = load_token("unlock", token, max_age, 2)
    user = db.session.get(User, user_id)
    if user is None or user.email != email:
        raise TokenError(_("Dieser Link wurde bereits verwendet oder ist nicht mehr gültig."))
    return user


def unlock_login(token: str, client_ip: str | None) -> User:
    """Lift the account's ceiling and this browser's pair wait (the owner has the mail)."""
    user = user_to_unlock(token)
    pair_key, account_key, _ip_key = _keys(user.email, client_ip)
    throttle.clear(LOGIN_ACCOUNT_BUCKET, account_key)
    throttle.clear(LOGIN_PAIR_BUCKET, pair_key)
    log.info("login unlocked by mail link user_id=%s", user.id)
    return user
