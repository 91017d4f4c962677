"""Alembic migrations: upgrade, downgrade to base, upgrade again; the schema equals the models.

Runs on a fresh SQLite file and, when JOBPORTAL_TEST_DATABASE_URL is set, on a separate
PostgreSQL database (created and dropped here) so it never touches the suite's tables.
"""

import logging

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from jobportal import ROOT, create_app
from jobportal.core.extensions import db
from tests.conftest import PG_URL

MIGRATIONS_DB = "jobportal_migrations"


@pytest.fixture
def keep_logging():
    """Undo what Alembic's env.py (logging.config.fileConfig) does to the loggers.

    fileConfig disables every existing logger and replaces the root handlers; without
    this, tests that run later would capture no log records.
    """
    loggers = [logging.getLogger()] + [
        lg for lg in logging.Logger.manager.loggerDict.values() if isinstance(lg, logging.Logger)
    ]
    saved = [(lg, lg.disabled, lg.level, lg.handlers[:], lg.propagate) for lg in loggers]
    yield
    for lg, disabled, level, handlers, propagate in saved:
        lg.disabled, lg.propagate = disabled, propagate
        lg.setLevel(level)
        lg.handlers[:] = handlers


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """An empty database: a new SQLite file, or a new PostgreSQL database on the test server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite'}"
        return
    if not PG_URL:
        pytest.skip("PostgreSQL: JOBPORTAL_TEST_DATABASE_URL is not set (`make test` sets it)")
    server = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    drop = text(f"DROP DATABASE IF EXISTS {MIGRATIONS_DB} WITH (FORCE)")
    with server.connect() as conn:
        conn.execute(drop)
        conn.execute(text(f"CREATE DATABASE {MIGRATIONS_DB}"))
    try:
        yield make_url(PG_URL).set(database=MIGRATIONS_DB).render_as_string(hide_password=False)
    finally:
        with server.connect() as conn:
            conn.execute(drop)
        server.dispose()


def schema_differences(app) -> list:
    """What Alembic's autogenerate would change to make the database match the models."""
    options = dict(app.extensions["migrate"].configure_args)
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts=options)
        return compare_metadata(context, db.metadata)


# migrations/env.py still calls the deprecated db.get_engine() first.
@pytest.mark.filterwarnings("ignore:'get_engine' is deprecated:DeprecationWarning")
def test_upgrade_downgrade_upgrade_matches_the_models(database_url, tmp_path, keep_logging):
    app = create_app(
        {
            "ENV_NAME": "testing",
            "DATA_DIR": str(tmp_path / "data"),
            "SQLALCHEMY_DATABASE_URI": database_url,
        }
    )
    model_tables = set(db.metadata.tables)
    with app.app_context():
        try:
            upgrade()
            assert model_tables <= set(inspect(db.engine).get_table_names())

            downgrade(revision="base")
            assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}

            upgrade()
            assert model_tables <= set(inspect(db.engine).get_table_names())
            assert schema_differences(app) == []
        finally:
            db.session.remove()
            db.engine.dispose()


def test_migrations_have_a_single_head():
    script = ScriptDirectory(str(ROOT / "migrations"))
    assert len(script.get_heads()) == 1
