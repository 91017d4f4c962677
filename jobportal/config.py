"""Configuration classes; every setting can be overridden by a JOBPORTAL_* environment variable."""

import json
import os
from pathlib import Path

DEFAULT_SECRET_KEY = "dev-secret-key-change-me"  # noqa: S105 - refused in production


def _coerce(raw: str, default):
    """Turn an environment string into the type of the default value."""
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    if isinstance(default, list | dict):
        return json.loads(raw)
    return raw


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "base"
    SECRET_KEY = DEFAULT_SECRET_KEY
    DATA_DIR = "instance"
    DATABASE_URL = ""  # empty: SQLite file in DATA_DIR
    REGION = "wachstumsregion-dresden"
    SITE_URL = "http://127.0.0.1:5000"

    # Mail
    MAIL_BACKEND = "console"  # console | smtp
    MAIL_SENDER = "Jobportal <noreply@jobportal.example>"
    MAIL_HOST = "127.0.0.1"
    MAIL_PORT = 25
    MAIL_SECURITY = "none"  # none | starttls | ssl
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_TIMEOUT = 10
    MAIL_MAX_ATTEMPTS = 8
    MAIL_SEND_AFTER_COMMIT = False

    # Accounts and sessions
    TOKEN_MAX_AGE_VERIFY = 48 * 3600
    TOKEN_MAX_AGE_RESET = 3600
    LOGIN_FAILURES_PER_ACCOUNT = 5
    LOGIN_FAILURES_PER_IP = 20
    LOGIN_FAILURE_WINDOW = 15 * 60
    REMEMBER_COOKIE_DURATION_DAYS = 14
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"

    # Requests
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 512 * 1024

    # Forms / CSRF
    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = 8 * 3600

    # i18n
    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"

    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SQLALCHEMY_TRACK_MODIFICATIONS = False

    @classmethod
    def as_dict(cls, environ=None) -> dict:
        """Collect the settings of this class, overridden by JOBPORTAL_* variables."""
        environ = os.environ if environ is None else environ
        settings = {}
        for name in dir(cls):
            if not name.isupper():
                continue
            value = getattr(cls, name)
            raw = environ.get(f"JOBPORTAL_{name}")
            settings[name] = _coerce(raw, value) if raw is not None else value
        return settings


class DevelopmentConfig(Config):
    """Local development: logs mails, sends and indexes right after each commit."""

    ENV_NAME = "development"
    DEBUG = False
    MAIL_SEND_AFTER_COMMIT = True


class TestingConfig(Config):
    """Test runs: CSRF off by default (a dedicated test switches it on)."""

    ENV_NAME = "testing"
    TESTING = True
    WTF_CSRF_ENABLED = False
    SECRET_KEY = "testing-secret-key"  # noqa: S105
    MAIL_BACKEND = "memory"
    SITE_URL = "http://localhost"


class ProductionConfig(Config):
    """Production: refuses the default secret key, secure cookies."""

    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    MAIL_BACKEND = "smtp"


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def database_url(settings: dict) -> str:
    """Return the SQLAlchemy URL: JOBPORTAL_DATABASE_URL or a SQLite file in DATA_DIR."""
    url = settings.get("DATABASE_URL") or ""
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    if url:
        return url
    return f"sqlite:///{Path(settings['DATA_DIR']).resolve() / 'jobportal.sqlite'}"
