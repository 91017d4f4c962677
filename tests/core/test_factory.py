"""The app factory: configs, environment overrides, German error pages."""

import os

import pytest

from jobportal import create_app
from jobportal.core.config import DEFAULT_SECRET_KEY
from tests.conftest import make_app


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    """No JOBPORTAL_* variables from the caller's shell; the data dir in tmp_path."""
    for name in list(os.environ):
        if name.startswith("JOBPORTAL_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("JOBPORTAL_DATA_DIR", str(tmp_path / "data"))
    return monkeypatch


def test_development_config(clean_env, tmp_path):
    app = create_app("development")
    assert app.config["ENV_NAME"] == "development"
    assert not app.testing
    assert app.config["MAIL_BACKEND"] == "console"
    assert app.config["MAIL_SEND_AFTER_COMMIT"] is True
    assert app.config["WTF_CSRF_ENABLED"] is True
    assert app.config["SQLALCHEMY_DATABASE_URI"] == (
        f"sqlite:///{tmp_path / 'data' / 'jobportal.sqlite'}"
    )
    assert (tmp_path / "data").is_dir()


def test_development_is_the_default(clean_env):
    assert create_app().config["ENV_NAME"] == "development"
    clean_env.setenv("JOBPORTAL_ENV", "testing")
    assert create_app().config["ENV_NAME"] == "testing"


def test_testing_config(clean_env):
    app = create_app("testing")
    assert app.testing
    assert app.config["WTF_CSRF_ENABLED"] is False
    assert app.config["MAIL_BACKEND"] == "memory"
    assert app.config["MAIL_SEND_AFTER_COMMIT"] is False


def test_production_refuses_the_default_secret_key(clean_env):
    with pytest.raises(RuntimeError, match="JOBPORTAL_SECRET_KEY"):
        create_app("production")
    clean_env.setenv("JOBPORTAL_SECRET_KEY", "")
    with pytest.raises(RuntimeError):
        create_app("production")


def test_production_starts_with_a_secret_key(clean_env):
    clean_env.setenv("JOBPORTAL_SECRET_KEY", "a-long-random-production-secret")
    app = create_app("production")
    assert app.config["SECRET_KEY"] == "a-long-random-production-secret"
    assert app.config["SECRET_KEY"] != DEFAULT_SECRET_KEY
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["MAIL_BACKEND"] == "smtp"
    assert not app.debug


def test_environment_variables_override_settings(clean_env, tmp_path):
    clean_env.setenv("JOBPORTAL_DATA_DIR", str(tmp_path / "elsewhere"))
    clean_env.setenv("JOBPORTAL_MAIL_PORT", "2525")
    clean_env.setenv("JOBPORTAL_MAIL_SEND_AFTER_COMMIT", "off")
    clean_env.setenv("JOBPORTAL_MAIL_HOST", "mail.example.org")
    app = create_app("development")
    assert app.config["DATA_DIR"] == str(tmp_path / "elsewhere")
    assert app.config["INDEX_DIR"] == str(tmp_path / "elsewhere" / "index")
    assert app.config["MAIL_PORT"] == 2525
    assert isinstance(app.config["MAIL_PORT"], int)
    assert app.config["MAIL_SEND_AFTER_COMMIT"] is False
    assert app.config["MAIL_HOST"] == "mail.example.org"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (
            "postgresql://jp:geheim@db.example:5432/jobs",
            "postgresql+psycopg://jp:geheim@db.example:5432/jobs",
        ),
        ("postgres://jp@db.example/jobs", "postgresql+psycopg://jp@db.example/jobs"),
        ("postgresql+psycopg://jp@db.example/jobs", "postgresql+psycopg://jp@db.example/jobs"),
    ],
)
def test_database_url_from_the_environment(clean_env, given, expected):
    clean_env.setenv("JOBPORTAL_DATABASE_URL", given)
    assert create_app("development").config["SQLALCHEMY_DATABASE_URI"] == expected


def test_dict_config_overrides_the_class(clean_env):
    app = create_app({"ENV_NAME": "testing", "MAIL_PORT": 1025, "REGION": "nordthueringen"})
    assert app.testing
    assert app.config["MAIL_PORT"] == 1025
    assert app.config["REGION"] == "nordthueringen"


def test_unknown_page_is_a_german_404_without_traceback(client):
    response = client.get("/diese-seite-gibt-es-nicht")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Seite nicht gefunden" in page
    assert '<html lang="de">' in page
    assert "Traceback" not in page
    assert "werkzeug" not in page.lower()


def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/gibt-es-nicht")
    assert response.status_code == 404
    assert response.get_json()["status"] == 404


@pytest.fixture
def failing_app(tmp_path, db_template):
    """A testing app with a throwaway route that raises, exceptions not propagated."""
    app = make_app(tmp_path, db_template, PROPAGATE_EXCEPTIONS=False)

    @app.get("/_test/kaputt")
    def broken():
        raise ZeroDivisionError("geheimes Detail aus dem Code")

    return app


def test_exception_gives_a_german_500_without_traceback(failing_app):
    response = failing_app.test_client().get("/_test/kaputt")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Interner Fehler" in page
    assert "später erneut" in page
    assert "Traceback" not in page
    assert "ZeroDivisionError" not in page
    assert "geheimes Detail" not in page


@pytest.mark.parametrize("setting", [{"MAIL_BACKEND": "brieftaube"}, {"MAIL_SECURITY": "tls"}])
def test_unknown_mail_settings_are_refused_at_start(clean_env, setting):
    with pytest.raises(RuntimeError, match="MAIL_"):
        create_app({"ENV_NAME": "testing", **setting})
