"""The regional job board and returnee portal."""

import logging
import os
from pathlib import Path

from flask import Flask

from . import cli, listings, models, search  # noqa: F401 - models: register the tables
from .accounts import load_user_from_session_id
from .core.config import CONFIGS, DEFAULT_SECRET_KEY, database_url
from .core.extensions import babel, csrf, db, login_manager, migrate
from .core.translation import lazy_gettext as _l
from .platform import hooks, mail
from .web import BLUEPRINTS, errors, i18n, security, templating

ROOT = Path(__file__).resolve().parent.parent


def create_app(config=None) -> Flask:
    """Build the app: config, extensions, blueprints, CLI.

    ``config`` is an environment name ("development", "testing", "production"),
    a config class, or a dict of settings applied on top of the chosen class.
    """
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    app.jinja_environment = templating.LanguageEnvironment
    app.config.from_mapping(_load_settings(config))
    _check_settings(app)
    _init_extensions(app)
    _register_blueprints(app)
    security.init_app(app)
    hooks.init_app(app)
    search.init_app(app, search.Visibility(listings.is_public, listings.public_jobs_filter))
    mail.init_app(app)
    templating.init_app(app)
    i18n.init_app(app)
    errors.register_error_handlers(app)
    cli.init_app(app)
    return app


def _load_settings(config) -> dict:
    """Merge the config class, JOBPORTAL_* variables and explicit overrides."""
    overrides = {}
    if isinstance(config, dict):
        overrides = dict(config)
        config = overrides.pop("ENV_NAME", None)
    if config is None:
        config = os.environ.get("JOBPORTAL_ENV", "development")
    cls = CONFIGS[config] if isinstance(config, str) else config
    settings = cls.as_dict()
    settings.update(overrides)
    settings["DATA_DIR"] = str(Path(settings["DATA_DIR"]).resolve())
    settings.setdefault("SQLALCHEMY_DATABASE_URI", database_url(settings))
    settings["INDEX_DIR"] = settings.get("INDEX_DIR") or str(Path(settings["DATA_DIR"]) / "index")
    settings["REMEMBER_COOKIE_DURATION"] = settings["REMEMBER_COOKIE_DURATION_DAYS"] * 86400
    return settings


def _check_settings(app: Flask) -> None:
    """Refuse unsafe production settings; make sure the data directory exists."""
    if app.config["ENV_NAME"] == "production" and app.config["SECRET_KEY"] in {
        DEFAULT_SECRET_KEY,
        "",
    }:
        raise RuntimeError(
            "Refusing to start in production with the default secret key: set JOBPORTAL_SECRET_KEY."
        )
    Path(app.config["DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )


def _init_extensions(app: Flask) -> None:
    """Attach the extensions created in extensions.py."""
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=i18n.select_locale,
        timezone_selector=lambda: app.config["BABEL_DEFAULT_TIMEZONE"],
    )
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Bitte melden Sie sich an, um diese Seite zu sehen.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user_from_session_id)


def _register_blueprints(app: Flask) -> None:
    """One blueprint per user-facing area."""
    security.install_converters(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
