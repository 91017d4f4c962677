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
    # Failed logins (accounts/login.py): per (account, IP) pair a few free tries, then a
    # wait that doubles with each failure; ceilings per account (all IPs) and per IP.
    LOGIN_FREE_FAILURES_PER_PAIR = 3
    LOGIN_DELAY_BASE = 30  # seconds to wait after the first failure beyond the free ones
    LOGIN_DELAY_CAP = 15 * 60
    LOGIN_PAIR_WINDOW = 24 * 3600  # a pair's failures count this long (the throttle retention)
    LOGIN_FAILURES_PER_ACCOUNT = 50  # ceiling; the owner unlocks by a mailed link
    LOGIN_FAILURES_PER_IP = 100
    LOGIN_FAILURE_WINDOW = 15 * 60
    REGISTRATIONS_PER_IP_PER_HOUR = 10  # registration attempts (POSTs) per client IP
    REMEMBER_COOKIE_DURATION_DAYS = 14
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - werkzeug hash method, scrypt n=2**15
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    SESSION_IDLE_TIMEOUT = 2 * 3600  # seconds without a request until the login ends
    # Sensitive actions (e-mail/password change, deletion, export, talent-pool visibility)
    # need the password entered within this many seconds (web/auth/freshness.py)
    REAUTH_MAX_AGE = 2 * 3600
    SESSION_ABSOLUTE_TIMEOUT = 12 * 3600  # seconds after login until it ends (security.py)

    # HTTPS and proxies (security.py): Secure cookies + HSTS; trusted X-Forwarded-* hops
    HTTPS_ONLY = False
    HSTS_MAX_AGE = 365 * 86400
    PROXY_FIX_X_FOR = 0
    PROXY_FIX_X_PROTO = 0
    PROXY_FIX_X_HOST = 0
    # Host names the app answers (Flask's TRUSTED_HOSTS; others: 400), a JSON list such as
    # '["jobs.example.org"]'. Empty: production trusts only SITE_URL's host, others any host.
    TRUSTED_HOSTS: list = []

    # Privacy (privacy.py): job-seeker accounts inactive this long are deleted after a warning
    RETENTION_INACTIVE_DAYS = 730
    RETENTION_WARNING_DAYS = 30

    # Search index (INDEX_DIR defaults to DATA_DIR/index): drain right after each committed
    # request (single-process default; production runs `flask index worker` instead)
    SEARCH_DRAIN_AFTER_COMMIT = False

    # Alerts: optional mailto for the List-Unsubscribe header (the https link is always set)
    ALERTS_UNSUBSCRIBE_MAILTO = ""
    SEARCH_WORKER_INTERVAL = 1.0  # seconds between drains of `flask index worker`
    # /healthz answers 503 when this node's index is more than this many seconds behind the feed
    SEARCH_HEALTH_MAX_LAG = 30.0
    SEARCH_REBUILD_PROCS = 2  # writer processes of `flask index rebuild`
    # Nodes (search/adapter/nodes.py): every index worker registers under this name (empty:
    # "<hostname>:<DATA_DIR>") and writes a heartbeat with its cursor every
    # SEARCH_NODE_HEARTBEAT seconds; the feed is pruned below the slowest live node's cursor.
    # A node silent for SEARCH_NODE_STALE_AFTER seconds no longer holds pruning back; when it
    # returns behind the pruned horizon its worker rebuilds its index by itself.
    SEARCH_NODE_NAME = ""
    SEARCH_NODE_HEARTBEAT = 10.0
    SEARCH_NODE_STALE_AFTER = 3600.0
    SEARCH_REBUILD_LIMITMB = 1024  # posting pool memory per writer process
    # Answers kept per index generation and worker (0: none); an index change starts afresh
    SEARCH_RESULT_CACHE = 256
    # Members and resolved places kept per process; other processes see changes after this
    # many seconds at most (places/reference.py)
    REFERENCE_CACHE_SECONDS = 60.0
    # Anonymous search and job pages: Cache-Control max-age for browsers and proxies
    PUBLIC_CACHE_SECONDS = 60

    # Maps (web/maps): Leaflet over this tile service (XYZ URL, https only; empty: only the
    # server-rendered SVG maps). The CSP allows exactly this host for images. Default:
    # basemap.de Web Raster of the BKG (docs/sources.md), licence CC BY 4.0.
    MAP_TILE_URL = (
        "https://sgx.geodatenzentrum.de/wmts_basemapde/tile/1.0.0"
        "/de_basemapde_web_raster_farbe/default/GLOBAL_WEBMERCATOR/{z}/{y}/{x}.png"
    )
    MAP_TILE_ATTRIBUTION = "© basemap.de / BKG, CC BY 4.0"
    MAP_TILE_ATTRIBUTION_URL = "https://basemap.de/"
    MAP_TILE_MAX_ZOOM = 18

    # Listings: verified companies' listings skip review when true
    AUTO_PUBLISH_VERIFIED = False

    # Import from the Bundesagentur für Arbeit job search (`flask import ba`, docs/ba-import.md)
    BA_BASE_URL = "https://rest.arbeitsagentur.de/jobboerse/jobsuche-service"
    BA_API_KEY = "jobboerse-jobsuche"
    BA_JOBDETAIL_URL = "https://www.arbeitsagentur.de/jobsuche/jobdetail/{refnr}"
    BA_SEARCH_PATH = "/pc/v6/jobs"  # /pc/v4/jobs answers 404 since August 2026
    # details paths tried in order until one answers (public reports: v6 details refuse, 403)
    BA_DETAILS_PATHS = ["/pc/v4/jobdetails/{key}", "/pc/v6/jobdetails/{key}"]
    BA_ZEITARBEIT = True  # false: leave out temporary-agency listings (search: zeitarbeit=false)
    BA_PAV = True  # false: leave out private placement agencies' listings (search: pav=false)
    BA_COORDINATES_KM = 5.0  # place without known postal code/town: nearest place within this
    BA_USER_AGENT = "Jobportal-BA-Import/1.0 (regionales Jobportal; Kontakt siehe SITE_URL)"
    BA_TIMEOUT = 15.0  # seconds per request (connect and read)
    BA_MAX_RETRIES = 4  # retries after a 429, 5xx, timeout or connection error
    BA_BACKOFF = 2.0  # seconds before the first retry; doubles with every retry
    BA_RETRY_AFTER_MAX = 300.0  # longest wait a Retry-After header may ask for
    BA_REQUEST_INTERVAL = 1.0  # polite pause between two requests, seconds
    BA_END_AFTER_DAYS = 3  # end imported listings not seen in the search for this many days
    BA_PUBLISH_DIRECTLY = True  # false: imported listings wait in the promoters' queue
    BA_VEROEFFENTLICHT_SEIT = 0  # only listings published in the last N days (0: all)
    BA_MAX_PAGES = 100  # pages per search (the BA answers at most 10,000 results)
    BA_PAGE_SIZE = 100  # results per page (the BA allows at most 100)
    BA_ANGEBOTSARTEN = [1, 4]  # 1 work, 4 apprenticeship/dual study (2, 34 also possible)
    # Employer feeds and partner networks (`flask import feeds`, docs/feeds.md).
    FEEDS_TIMEOUT = 10.0  # seconds to connect and between two chunks of an answer
    FEEDS_DEADLINE = 30.0  # seconds for a whole answer (slow drip answers are cut off)
    FEEDS_MAX_BYTES = 5_000_000  # larger answers are refused
    FEEDS_MAX_REDIRECTS = 3
    FEEDS_ALLOW_PRIVATE = False  # true only in tests: fetch from loopback/private addresses
    FEEDS_MAX_POSTINGS = 500  # postings read per feed and run
    FEEDS_USER_AGENT = "Jobportal-Feeds/1.0 (regionales Jobportal; Kontakt siehe SITE_URL)"

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
    SEARCH_DRAIN_AFTER_COMMIT = True


class TestingConfig(Config):
    """Test runs: CSRF off by default (a dedicated test switches it on)."""

    ENV_NAME = "testing"
    TESTING = True
    WTF_CSRF_ENABLED = False
    SECRET_KEY = "testing-secret-key"  # noqa: S105
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"  # noqa: S105 - cheap hashes, fast tests
    MAIL_BACKEND = "memory"
    SITE_URL = "http://localhost"
    SEARCH_DRAIN_AFTER_COMMIT = True
    BA_BASE_URL = "http://127.0.0.1:9/no-real-ba-in-tests"  # tests start a fake BA server


class ProductionConfig(Config):
    """Production: refuses the default secret key, secure cookies."""

    ENV_NAME = "production"
    HTTPS_ONLY = True
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
