"""Account basics: errors, sessions, passwords, user lookup and signed link tokens."""

import logging
import secrets
from functools import cache
from pathlib import Path

from flask import current_app
from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..core.extensions import db
from ..core.languages import supported
from ..core.translation import gettext as _
from ..models import User
from ..models.base import utcnow
from ..platform.throttle import hash_key

log = logging.getLogger("jobportal.auth")

PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_LENGTH = 128
EMAIL_MAX_LENGTH = 254
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "common_passwords.txt"


class AccountError(Exception):
    """A problem the user can fix; ``field`` names the form field it belongs to."""

    def __init__(self, message: str, field: str | None = None, status: int = 200):
        super().__init__(message)
        self.message = message
        self.field = field
        self.status = status


class PasswordPolicyError(AccountError):
    """The new password does not meet the password rules."""


class TokenError(AccountError):
    """A link token is invalid, expired or already used."""

    def __init__(self, message: str, expired: bool = False):
        super().__init__(message, status=400)
        self.expired = expired


class LoginRefused(AccountError):
    """Login refused: wrong credentials, locked account or too many failures."""


# --- sessions and passwords -------------------------------------------------------------


def new_session_token() -> str:
    """A fresh random per-user session token."""
    return secrets.token_hex(16)


def hash_password(password: str) -> str:
    """scrypt hash of a password (cost from config PASSWORD_HASH_METHOD)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def password_matches(user: User, password: str) -> bool:
    """Whether the password is the user's."""
    return check_password_hash(user.password_hash, password)


@cache
def dummy_hash() -> str:
    """A hash to check against when no user exists, so timing does not reveal accounts."""
    return hash_password(secrets.token_hex(16))


def load_user_from_session_id(session_id: str) -> User | None:
    """Flask-Login loader: '<id>:<token>' must match the user's current session token."""
    user_id, _sep, token = (session_id or "").partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not secrets.compare_digest(user.session_token, token):
        return None
    if user.locked_at is not None:
        return None
    return user


def rotate_session(user: User) -> None:
    """New session token: every existing session and remember cookie of the user dies."""
    user.session_token = new_session_token()


def logout(user: User) -> None:
    """End the user's sessions (all of them: the token rotates)."""
    rotate_session(user)
    log.info("logout user_id=%s", user.id)


def logout_everywhere(user: User) -> None:
    """End every session and remember cookie of the user on all devices."""
    rotate_session(user)
    log.info("logout everywhere user_id=%s", user.id)


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lowercased."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line and not line.startswith("#"))


def is_common_password(password: str) -> bool:
    """Whether the password (case-insensitively) is on the list of common passwords."""
    return (password or "").strip().lower() in common_passwords()


def validate_new_password(password: str) -> None:
    """Raise PasswordPolicyError unless the password meets the rules (the one place for them)."""
    password = password or ""
    if len(password) < PASSWORD_MIN_LENGTH:
        raise PasswordPolicyError(
            _("Das Passwort muss mindestens %(n)s Zeichen lang sein.", n=PASSWORD_MIN_LENGTH),
            field="password",
        )
    if len(password) > PASSWORD_MAX_LENGTH:
        raise PasswordPolicyError(
            _("Das Passwort darf höchstens %(n)s Zeichen lang sein.", n=PASSWORD_MAX_LENGTH),
            field="password",
        )
    if is_common_password(password):
        raise PasswordPolicyError(
            _(
                "Dieses Passwort ist sehr verbreitet und leicht zu erraten. Bitte wählen Sie "
                "ein anderes, z. B. einen Satz aus mehreren Wörtern."
            ),
            field="password",
        )


def set_password(user: User, password: str) -> None:
    """Store a new password and end all other sessions."""
    validate_new_password(password)
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    rotate_session(user)


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Change the password after checking the current one."""
    if not password_matches(user, current_password or ""):
        raise AccountError(_("Das aktuelle Passwort ist falsch."), field="current_password")
    set_password(user, new_password)
    log.info("password changed user_id=%s", user.id)


# --- users -------------------------------------------------------------


def normalize_email(email: str | None) -> str:
    """E-mail addresses are stored and compared stripped and lowercased."""
    return (email or "").strip().lower()


def find_user_by_email(email: str | None) -> User | None:
    """The user with this e-mail address (case-insensitive), if any."""
    email = normalize_email(email)
    if not email:
        return None
    query = select(User).where(func.lower(User.email) == email)
    return db.session.execute(query).scalars().first()


def check_email_free(email: str) -> None:
    """Raise AccountError if an account with the address exists."""
    if find_user_by_email(email) is not None:
        raise AccountError(_("Für diese E-Mail-Adresse gibt es bereits ein Konto."), field="email")


# --- signed link tokens -----------------------------------------------------------------


def serializer(purpose: str) -> URLSafeTimedSerializer:
    """A signer for one purpose; tokens of one purpose are useless for another."""
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"jobportal.{purpose}")


def load_token(purpose: str, token: str, max_age: int, size: int) -> list:
    """The payload of a valid token (a list of ``size`` values), else TokenError."""
    try:
        payload = serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        raise TokenError(
            _("Der Link ist abgelaufen. Bitte fordern Sie einen neuen an."), expired=True
        ) from None
    except BadData:
        payload = None
    if not isinstance(payload, list) or len(payload) != size or not isinstance(payload[0], int):
        raise TokenError(_("Der Link ist ungültig. Bitte prüfen Sie, ob er vollständig ist."))
    return payload


def configured_max_age(setting: str, max_age: int | None) -> int:
    """The explicit max age or the configured one."""
    return current_app.config[setting] if max_age is None else max_age


def site_link(endpoint: str, **values) -> str:
    """An absolute link on SITE_URL (works outside requests, e.g. in CLI commands)."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["SITE_URL"].rstrip("/") + path


def used_link_error() -> TokenError:
    """The error for a link that was valid once but no longer is."""
    return TokenError(_("Dieser Link wurde bereits verwendet oder ist nicht mehr gültig."))


def dump_token(purpose: str, payload: list) -> str:
    """A signed, timestamped token carrying ``payload`` for one purpose."""
    return serializer(purpose).dumps(payload)


def password_fingerprint(user: User) -> str:
    """A short keyed digest of the password hash: reset links die once the password changed."""
    return hash_key(user.password_hash)[:20]


def set_language(user: User, code) -> bool:
    """Store the user's interface and mail language; False if the code is not offered."""
    code = supported(code)
    if code is None:
        return False
    user.language = code
    return True
