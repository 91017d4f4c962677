"""Account domain logic: sessions, passwords, registration, login, link tokens.

No request/flash here: functions take plain values, raise AccountError (or a subclass)
with a German message and the form field it belongs to, and never commit.
"""

from .core import (
    EMAIL_MAX_LENGTH,
    PASSWORD_MAX_LENGTH,
    PASSWORD_MIN_LENGTH,
    AccountError,
    LoginRefused,
    PasswordPolicyError,
    TokenError,
    change_password,
    find_user_by_email,
    hash_password,
    load_user_from_session_id,
    logout,
    logout_everywhere,
    new_session_token,
    normalize_email,
    password_matches,
    rotate_session,
    validate_new_password,
)
from .links import (
    confirm_email_change,
    email_change_for,
    request_email_change,
    request_password_reset,
    resend_verification,
    reset_password,
    send_verification_mail,
    user_for_reset,
    user_to_verify,
    verify_email,
)
from .login import authenticate, clear_login_failures
from .registration import member_choices, register_employer, register_jobseeker

__all__ = [
    "EMAIL_MAX_LENGTH",
    "PASSWORD_MAX_LENGTH",
    "PASSWORD_MIN_LENGTH",
    "AccountError",
    "LoginRefused",
    "PasswordPolicyError",
    "TokenError",
    "authenticate",
    "change_password",
    "clear_login_failures",
    "confirm_email_change",
    "email_change_for",
    "find_user_by_email",
    "hash_password",
    "load_user_from_session_id",
    "logout",
    "logout_everywhere",
    "member_choices",
    "new_session_token",
    "normalize_email",
    "password_matches",
    "register_employer",
    "register_jobseeker",
    "request_email_change",
    "request_password_reset",
    "resend_verification",
    "reset_password",
    "rotate_session",
    "send_verification_mail",
    "user_for_reset",
    "user_to_verify",
    "validate_new_password",
    "verify_email",
]
