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


@pytest.mark.filterwarnings("ignore:'get_engine' is deprecated:DeprecationWarning")
def test_job_places_migration_copies_the_ba_places(database_url, tmp_path, keep_logging):
    """Listings imported before job_places existed get their known other places."""
    app = create_app(
        {
            "ENV_NAME": "testing",
            "DATA_DIR": str(tmp_path / "data"),
            "SQLALCHEMY_DATABASE_URI": database_url,
        }
    )
    places = (
        '[{"postal_code": "04109", "name": "Leipzig", "place_id": 2, "in_network": false},'
        ' {"postal_code": "01896", "name": "Pulsnitz", "place_id": 3, "in_network": true},'
        ' {"postal_code": "99999", "name": "Nirgendwo", "place_id": null, "in_network": false}]'
    )
    statements = [
        "INSERT INTO places (id, postal_code, name, name_key, state, lat, lon) VALUES"
        " (1, '01917', 'Kamenz', 'kamenz', 'SN', 51.27, 14.09),"
        " (2, '04109', 'Leipzig', 'leipzig', 'SN', 51.34, 12.37),"
        " (3, '01896', 'Pulsnitz', 'pulsnitz', 'SN', 51.18, 14.01)",
        "INSERT INTO regions (id, slug, name, description) VALUES (1, 'r', 'R', '')",
        "INSERT INTO members (id, region_id, slug, name, kind, ags, joined_on, description)"
        " VALUES (7, 1, 'pulsnitz', 'Pulsnitz', 'municipality', '1', '2019-01-01', '')",
        "INSERT INTO member_places (member_id, place_id) VALUES (7, 3)",
        "INSERT INTO jobs (id, place_id, state, title, description, street, employment_types,"
        " working_model, sector, salary_unit, apply_url, apply_email, apply_contact,"
        " apply_phone, ends_on, rejection_reason, source, source_url, employer_name, views,"
        " apply_clicks, reminder_sent, created_at, updated_at) VALUES (5, 1, 'published',"
        " 'Koch', 'Text', '', '[]', 'vor_ort', 'gastronomie', 'month', '', '', '', '',"
        " '2027-01-01', '', 'ba', '', 'Gasthof', 0, 0, false, '2026-12-01 00:00:00+00',"
        " '2026-12-01 00:00:00+00')",
        "INSERT INTO ba_listings (id, refnr, job_id, modified, salary_text, places,"
        f" first_seen_at, last_seen_at) VALUES (1, 'R-1', 5, '', '', '{places}',"
        " '2026-12-01 00:00:00+00', '2026-12-01 00:00:00+00')",
    ]
    with app.app_context():
        try:
            upgrade(revision="7c2f5d9e1a40")
            with db.engine.begin() as conn:
                for statement in statements:
                    conn.execute(text(statement))
            upgrade()
            with db.engine.connect() as conn:
                rows = conn.execute(
                    text("SELECT place_id, member_id, position FROM job_places ORDER BY position")
                ).all()
            assert [tuple(row) for row in rows] == [(2, None, 2), (3, 7, 3)]
        finally:
            db.session.remove()
            db.engine.dispose()
