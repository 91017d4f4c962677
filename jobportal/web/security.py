"""HTTP security: response headers, proxy handling, session idle and absolute timeouts.

Settings (config.py, each overridable by JOBPORTAL_* variables):

- ``HTTPS_ONLY``: the site is served over HTTPS only: cookies get ``Secure``, every
  response carries HSTS (``HSTS_MAX_AGE``). HSTS is also sent on any request that
  arrived over HTTPS.
- ``PROXY_FIX_X_FOR`` / ``PROXY_FIX_X_PROTO`` / ``PROXY_FIX_X_HOST``: how many proxies in
  front of the app set X-Forwarded-For / -Proto / -Host (0: the headers are ignored, the
  default, since a client could forge them). Behind one nginx: 1 and 1.
- ``TRUSTED_HOSTS``: the host names requests may name in ``Host`` (or X-Forwarded-Host);
  any other gets 400 before a view runs. Empty: in production only the host of
  ``SITE_URL``, elsewhere any host. Absolute URLs the app writes (canonical links,
  JSON-LD, feeds, sitemap, API, mails) come from ``SITE_URL`` and never from ``Host``.
- ``SESSION_IDLE_TIMEOUT`` / ``SESSION_ABSOLUTE_TIMEOUT`` (seconds): a login session
  ends after this long without a request / after this long in total. A login through
  the remember cookie ("angemeldet bleiben", REMEMBER_COOKIE_DURATION_DAYS) starts a
  new session with a new absolute window.
"""

import logging
import time

from flask import Flask, Response, current_app, request, session
from flask_login import user_loaded_from_cookie, user_logged_in
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import BadRequest, SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from ..core.extensions import db
from ..core.translation import gettext as _
from ..core.urls import parse_url
from ..models.base import utcnow
from .caching import set_cache_headers

log = logging.getLogger("jobportal.auth")

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = (
    "geolocation=(), camera=(), microphone=(), payment=(), usb=(), magnetometer=(), "
    "gyroscope=(), accelerometer=(), interest-cohort=()"
)
STATIC_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
# Areas whose pages show personal data even to visitors holding a link (tokens).
PERSONAL_BLUEPRINTS = {"auth", "returnee", "privacy", "alerts"}
# Answers that are the same for everybody (files, logos, the region's colours, map
# markers): cacheable even when the visitor is logged in.
SHARED_ENDPOINTS = {
    "static",
    "public.favicon",
    "public.region_css",
    "public.company_logo",
    "maps.markers",
}
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
LOGIN_AT = "_login_at"
SEEN_AT = "_seen_at"
SEEN_GRANULARITY = 60  # seconds: last-seen is written at most once a minute
SESSION_USER_KEYS = ("_user_id", "_fresh", "_id", LOGIN_AT, SEEN_AT)


class BoundedIntConverter(IntegerConverter):
    """``<int:...>`` URL parts up to the database's INTEGER range (larger ones: 404, not 500)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def tile_origin(config) -> str | None:
    """https://host[:port] of the configured map tile service (MAP_TILE_URL), if any."""
    parts = parse_url(config.get("MAP_TILE_URL") or "")
    if parts is None or parts.scheme != "https" or not parts.hostname:
        return None
    return f"https://{parts.netloc.rpartition('@')[2]}"


def content_security_policy(config) -> str:
    """CSP: 'self' only; images also from exactly the configured tile host."""
    origin = tile_origin(config)
    if origin is None:
        return CSP
    return CSP.replace("img-src 'self' data:", f"img-src 'self' data: {origin}")


def install_converters(app: Flask) -> None:
    """Bounded integer URL converter; call before any URL rule is added."""
    app.url_map.converters["int"] = BoundedIntConverter


def init_app(app: Flask) -> None:
    """Install proxy handling, secure cookies, headers and session timeouts."""
    _install_proxy_fix(app)
    app.config["TRUSTED_HOSTS"] = trusted_hosts(app.config)
    app.register_error_handler(SecurityError, untrusted_host)
    if app.config.get("HTTPS_ONLY"):
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
        app.config.setdefault("PREFERRED_URL_SCHEME", "https")
    # before CSRFProtect's own hook, whose same-origin check raises on such a Referer
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_malformed_referrer)
    app.before_request_funcs[None].insert(0, refuse_untrusted_host)
    app.before_request(refuse_nul_bytes)
    app.before_request(enforce_session_timeouts)
    app.after_request(add_security_headers)
    user_logged_in.connect(_start_window, app)
    user_loaded_from_cookie.connect(_start_window_from_cookie, app)


def _install_proxy_fix(app: Flask) -> None:
    """Trust X-Forwarded-* headers only from the configured number of proxies."""
    counts = {
        "x_for": int(app.config.get("PROXY_FIX_X_FOR", 0) or 0),
        "x_proto": int(app.config.get("PROXY_FIX_X_PROTO", 0) or 0),
        "x_host": int(app.config.get("PROXY_FIX_X_HOST", 0) or 0),
    }
    if any(counts.values()):
        app.wsgi_app = ProxyFix(app.wsgi_app, **counts)


def trusted_hosts(config) -> list[str] | None:
    """Flask's TRUSTED_HOSTS: the configured list; in production by default SITE_URL's host."""
    configured = config.get("TRUSTED_HOSTS")
    if configured:
        return list(configured)
    if config.get("ENV_NAME") != "production":
        return None  # any host: development servers and tests answer on several names
    parts = parse_url(config.get("SITE_URL") or "")
    if parts is None or not parts.hostname:
        raise RuntimeError("SITE_URL has no host name: set JOBPORTAL_SITE_URL (or TRUSTED_HOSTS).")
    return [parts.hostname]


def _now() -> int:
    """Seconds since the epoch (a module function so tests can move time)."""
    return int(time.time())


def _start_window(sender, user, **extra) -> None:
    """A fresh login: the idle and absolute windows start now."""
    now = _now()
    session[LOGIN_AT] = now
    session[SEEN_AT] = now


def _start_window_from_cookie(sender, user, **extra) -> None:
    """A login through the remember cookie starts a new absolute window and counts as login."""
    _start_window(sender, user)
    user.last_login_at = utcnow()
    try:
        db.session.commit()
    except SQLAlchemyError:  # best-effort: a read-only database must not stop the login
        db.session.rollback()
        log.warning("login via remember cookie not recorded user_id=%s", user.id)
    log.info("login via remember cookie user_id=%s", user.id)


def session_expired(now: int, config) -> str | None:
    """'idle' or 'absolute' if the session in the cookie has run out, else None."""
    login_at = session.get(LOGIN_AT)
    seen_at = session.get(SEEN_AT)
    if not isinstance(login_at, int) or not isinstance(seen_at, int):
        return None
    if now - seen_at > config["SESSION_IDLE_TIMEOUT"]:
        return "idle"
    if now - login_at > config["SESSION_ABSOLUTE_TIMEOUT"]:
        return "absolute"
    return None


def enforce_session_timeouts() -> None:
    """End a login session past its idle or absolute timeout; refresh last-seen."""
    if "_user_id" not in session:
        return
    now = _now()
    reason = session_expired(now, current_app.config)
    if reason:
        for key in SESSION_USER_KEYS:
            session.pop(key, None)
        log.info("session ended: %s timeout", reason)
        return
    session.setdefault(LOGIN_AT, now)
    if now - session.get(SEEN_AT, 0) >= SEEN_GRANULARITY:
        session[SEEN_AT] = now


def _has_nul(multidict) -> bool:
    """Whether any key or value of a MultiDict contains a NUL character."""
    return any(
        "\x00" in key or any("\x00" in v for v in values) for key, values in multidict.lists()
    )


def refuse_nul_bytes() -> None:
    """400 for NUL characters in the path, query or form: no database stores them in text."""
    form = request.form if request.mimetype in FORM_TYPES else {}
    if "\x00" in request.path or _has_nul(request.args) or (form and _has_nul(form)):
        raise BadRequest()


def refuse_untrusted_host() -> None:
    """Stop a request for a host outside TRUSTED_HOSTS before any other hook or view runs."""
    if isinstance(request.routing_exception, SecurityError):
        raise request.routing_exception


def untrusted_host(error: SecurityError) -> Response:
    """400 in plain text: no page (its links would need a URL adapter for the bad host)."""
    log.info("refused a request for an untrusted host")
    return Response(_("Unbekannter Host.") + "\n", status=400, mimetype="text/plain")


def refuse_malformed_referrer() -> None:
    """A form post whose Referer is no parsable URL fails the CSRF check (400), not a 500.

    Flask-WTF compares the Referer with the host on HTTPS and its ``urlparse`` raises
    ``ValueError`` on ``https://[::1`` or a port like ``:99999``.
    """
    referrer = request.headers.get("Referer")
    if referrer is None or request.method not in current_app.config["WTF_CSRF_METHODS"]:
        return
    if parse_url(referrer) is None:
        log.info("refused a %s with a malformed Referer", request.method)
        raise CSRFError("The referrer header is malformed.")


def add_security_headers(response):
    """Security headers on every response; caching headers (caching.py) on pages."""
    response.headers.setdefault(
        "Content-Security-Policy", content_security_policy(current_app.config)
    )
    for name, value in STATIC_HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config.get("HTTPS_ONLY") or request.is_secure:
        max_age = int(current_app.config.get("HSTS_MAX_AGE", 31536000))
        response.headers["Strict-Transport-Security"] = f"max-age={max_age}; includeSubDomains"
    if request.endpoint in SHARED_ENDPOINTS:  # the same for everybody: their own caching
        return response
    return set_cache_headers(response, personal=request.blueprint in PERSONAL_BLUEPRINTS)
