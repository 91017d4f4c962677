"""Security headers on every response, HTTPS handling behind a proxy, no-store, limits."""

import io
import re
from pathlib import Path

import pytest

from jobportal.web.security import CSP, content_security_policy
from tests.conftest import login_as, make_app


def expected_csp(client) -> str:
    """The policy of the app: CSP plus the configured map tile host."""
    return content_security_policy(client.application.config)


PUBLIC_PATHS = ["/", "/jobs", "/api/v1/jobs", "/gibt-es-nicht", "/impressum", "/robots.txt"]


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_headers_on_every_response(client, path):
    response = client.get(path)
    headers = response.headers
    assert headers["Content-Security-Policy"] == expected_csp(client)
    for part in (
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ):
        assert part in CSP
    assert "unsafe-inline" not in CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "geolocation=()" in headers["Permissions-Policy"]
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in headers  # plain HTTP in tests


def test_static_and_error_responses_have_headers(client):
    assert client.get("/static/css/site.css").headers["X-Content-Type-Options"] == "nosniff"
    response = client.post("/")  # 405
    assert response.status_code == 405
    assert response.headers["Content-Security-Policy"] == expected_csp(client)


def test_templates_have_no_inline_script_or_style():
    root = Path(__file__).resolve().parents[2] / "templates"
    offenders = []
    for path in root.rglob("*.html"):
        if "mail" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b([^>]*)>", text):
            attrs = match.group(1)
            if "src=" not in attrs and "application/ld+json" not in attrs:
                offenders.append(f"{path.name}: inline script")
        if re.search(r"<style\b|\sstyle=|\son[a-z]+=", text):
            offenders.append(f"{path.name}: inline style or handler")
    assert offenders == []


def test_cookies_httponly_samesite(client, factory, auth):
    user = factory.user()
    from jobportal.core.extensions import db
    from jobportal.models import User

    with client.application.app_context():
        email = db.session.get(User, user).email
    response = auth.login(email, remember=True)
    cookies = response.headers.getlist("Set-Cookie")
    assert cookies
    for cookie in cookies:
        assert "HttpOnly" in cookie
        assert "SameSite=Lax" in cookie
        assert "Secure" not in cookie  # not HTTPS_ONLY in tests


def test_https_only_secure_cookies_and_hsts(tmp_path, db_template, factory):
    app = make_app(tmp_path, db_template, HTTPS_ONLY=True)
    client = app.test_client()
    response = client.get("/")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True


def test_proxy_fix_trusts_forwarded_proto_only_when_configured(tmp_path, db_template):
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    plain = make_app(tmp_path / "a", db_template).test_client()
    assert "Strict-Transport-Security" not in plain.get("/", headers=forwarded).headers
    app = make_app(tmp_path / "b", db_template, PROXY_FIX_X_FOR=1, PROXY_FIX_X_PROTO=1)
    response = app.test_client().get("/", headers=forwarded)
    assert "Strict-Transport-Security" in response.headers


def test_no_store_for_logged_in_users_and_personal_areas(app, client, factory):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    assert client.get("/anmelden").headers["Cache-Control"] == "no-store"
    login_as(client, app, factory.user())
    for path in ("/", "/jobs", "/konto", "/konto/meine-daten"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path


def test_oversized_form_gets_german_413(client):
    response = client.post(
        "/anmelden",
        data="email=" + "a" * (600 * 1024),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    assert "zu groß" in response.get_data(as_text=True)
    assert response.headers["Content-Security-Policy"] == expected_csp(client)


def test_oversized_body_gets_413(client):
    response = client.post("/anmelden", data={"f": (io.BytesIO(b"x" * (3 * 1024 * 1024)), "a.txt")})
    assert response.status_code == 413


def test_audit_positive_control_is_not_in_the_package(client):
    assert client.get("/audit-positivkontrolle/firmen?id=1").status_code == 404
