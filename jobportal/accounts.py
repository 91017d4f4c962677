"""Account domain logic: sessions, passwords, registration, tokens (no request/flash here)."""

import secrets

from werkzeug.security import check_password_hash, generate_password_hash

from .extensions import db
from .models import User


def new_session_token() -> str:
    """A fresh random per-user session token."""
    return secrets.token_hex(16)


def hash_password(password: str) -> str:
    """scrypt hash of a password."""
    return generate_password_hash(password, method="scrypt")


def password_matches(user: User, password: str) -> bool:
    """Whether the password is the user's."""
    return check_password_hash(user.password_hash, password)


def load_user_from_session_id(session_id: str) -> User | None:
    """Flask-Login loader: '<id>:<token>' must match the user's current session token."""
    user_id, _, token = (session_id or "").partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not secrets.compare_digest(user.session_token, token):
        return None
    return user
