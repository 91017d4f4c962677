"""Fixtures: app, client, runner, auth, factories. SQLite by default; PostgreSQL when
JOBPORTAL_TEST_DATABASE_URL is set (make test runs the suite on both)."""

import itertools
import os
import shutil
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, select, text

import jobportal.accounts
from jobportal import create_app
from jobportal.core.clock import berlin_today
from jobportal.core.extensions import db
from jobportal.search import reset_pools
from tests.support.smtp import SmtpServer

TEST_REGION = "wachstumsregion-dresden"
PG_URL = os.environ.get("JOBPORTAL_TEST_DATABASE_URL", "")
STATIC_TABLES = {"places"}  # loaded once per test session, never changed by tests
DEFAULT_PASSWORD = "Sicheres-Passwort-2026"  # noqa: S105


def _settings(tmp_path, **extra) -> dict:
    settings = {
        "ENV_NAME": "testing",
        "DATA_DIR": str(tmp_path / "data"),
        "REGION": TEST_REGION,
    }
    if PG_URL:
        settings["SQLALCHEMY_DATABASE_URI"] = PG_URL
    else:
        settings["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'data' / 'jobportal.sqlite'}"
    settings.update(extra)
    return settings


@pytest.fixture(scope="session")
def db_template(tmp_path_factory):
    """Schema plus the places of Germany, built once: a SQLite file or the PostgreSQL DB."""
    from jobportal.places import load_places

    base = tmp_path_factory.mktemp("template")
    app = create_app(_settings(base))
    with app.app_context():
        if PG_URL:
            db.drop_all()
        db.create_all()
        load_places()
        db.session.commit()
        db.engine.dispose()
    return None if PG_URL else base / "data" / "jobportal.sqlite"


def _reset_postgres(app) -> None:
    tables = [t.name for t in db.metadata.sorted_tables if t.name not in STATIC_TABLES]
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))


def make_app(tmp_path, db_template, **extra):
    """A testing app on a fresh copy of the template database, region loaded."""
    from jobportal.places import sync_region

    (tmp_path / "data").mkdir(exist_ok=True)
    if db_template is not None:
        shutil.copy(db_template, tmp_path / "data" / "jobportal.sqlite")
    app = create_app(_settings(tmp_path, **extra))
    with app.app_context():
        if PG_URL:
            _reset_postgres(app)
        sync_region(app.config["REGION"])
        db.session.commit()
    return app


def app_with(tmp_path, db_template, **settings):
    """For fixtures: ``yield from app_with(...)`` yields a testing app, then closes its database."""
    app = make_app(tmp_path, db_template, **settings)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(tmp_path, db_template):
    """The app for one test."""
    yield from app_with(tmp_path, db_template)


@pytest.fixture
def csrf_app(tmp_path, db_template):
    """An app with CSRF protection switched on, as in production."""
    yield from app_with(tmp_path, db_template, WTF_CSRF_ENABLED=True)


@pytest.fixture
def smtp_server():
    """A real SMTP server on 127.0.0.1 (not started: tests call start() when they want it)."""
    server = SmtpServer()
    yield server
    server.stop()


@pytest.fixture
def client(app):
    """A test client."""
    return app.test_client()


@pytest.fixture(autouse=True)
def _fresh_pools():
    """Every test starts and ends without cached index searchers (indexes are per test)."""
    reset_pools()
    yield
    reset_pools()


@pytest.fixture
def cheap_password_hashes(monkeypatch):
    """For tests that never log in with a password: skip the deliberately slow scrypt."""
    monkeypatch.setattr(jobportal.accounts, "hash_password", lambda password: "unusable")


@pytest.fixture
def runner(app):
    """A CLI runner."""
    return app.test_cli_runner()


@pytest.fixture
def ctx(app):
    """An application context for domain-level tests."""
    with app.app_context():
        yield


class Factory:
    """Creates users, companies and jobs with sensible defaults (committed)."""

    _seq = itertools.count(1)

    def __init__(self, app):
        self.app = app

    def member(self, slug: str):
        from jobportal.models import Member

        with self.app.app_context():
            member = db.session.execute(select(Member).filter_by(slug=slug)).scalar_one()
            db.session.expunge(member)
            return member

    def user(
        self,
        role="jobseeker",
        email=None,
        password=DEFAULT_PASSWORD,
        verified=True,
        company_id=None,
        members=(),
        name="Erika Muster",
    ):
        from jobportal.accounts import hash_password, new_session_token
        from jobportal.models import Member, User

        n = next(self._seq)
        with self.app.app_context():
            user = User(
                email=email or f"user{n}@example.org",
                password_hash=hash_password(password),
                name=name,
                role=role,
                company_id=company_id,
                session_token=new_session_token(),
                email_verified_at=datetime.now(UTC) if verified else None,
            )
            if members:
                user.members = list(
                    db.session.execute(select(Member).where(Member.slug.in_(members))).scalars()
                )
            db.session.add(user)
            db.session.commit()
            return user.id

    def company(self, name=None, member="kamenz", verified=True, postal_code=None):
        from jobportal.models import Company, Member, Place

        n = next(self._seq)
        with self.app.app_context():
            m = db.session.execute(select(Member).filter_by(slug=member)).scalar_one()
            place = m.center_place
            if postal_code:
                place = (
                    db.session.execute(select(Place).filter_by(postal_code=postal_code))
                    .scalars()
                    .first()
                )
            company = Company(
                name=name or f"Testfirma {n} GmbH",
                slug=f"testfirma-{n}",
                member=m,
                place=place,
                street="Hauptstraße 1",
                sector="handwerk",
                verified_at=datetime.now(UTC) if verified else None,
            )
            db.session.add(company)
            db.session.commit()
            return company.id

    def employer(self, company_id=None, **kwargs):
        company_id = company_id or self.company()
        return self.user(role="employer", company_id=company_id, **kwargs), company_id

    def job(
        self,
        company_id=None,
        state="published",
        title="Elektriker (m/w/d)",
        description="Wir suchen Verstärkung für unser Team.",
        postal_code=None,
        days_left=30,
        **fields,
    ):
        from jobportal.models import Company, Job, Place

        company_id = company_id or self.company()
        with self.app.app_context():
            company = db.session.get(Company, company_id)
            place = company.place
            if postal_code:
                place = (
                    db.session.execute(select(Place).filter_by(postal_code=postal_code))
                    .scalars()
                    .first()
                )
            now = datetime.now(UTC)
            job = Job(
                company=company,
                member=company.member,
                place=place,
                state=state,
                title=title,
                description=description,
                employment_types=fields.pop("employment_types", ["vollzeit"]),
                working_model=fields.pop("working_model", "vor_ort"),
                sector=fields.pop("sector", "handwerk"),
                ends_on=berlin_today() + timedelta(days=days_left),
                published_at=now if state == "published" else None,
                apply_email="bewerbung@example.org",
                **fields,
            )
            db.session.add(job)
            db.session.commit()
            return job.id


@pytest.fixture
def factory(app):
    """Data factories bound to the test app."""
    return Factory(app)


class AuthActions:
    """Log in and out through the real forms."""

    def __init__(self, client):
        self.client = client

    def login(self, email, password=DEFAULT_PASSWORD, remember=False):
        data = {"email": email, "password": password}
        if remember:
            data["remember"] = "y"
        return self.client.post("/anmelden", data=data)

    def logout(self):
        return self.client.post("/abmelden")


@pytest.fixture
def auth(client):
    """Login helper bound to the test client."""
    return AuthActions(client)


def pg_available() -> bool:
    """Whether the PostgreSQL test database is configured and reachable."""
    if not PG_URL:
        return False
    try:
        create_engine(PG_URL).connect().close()
        return True
    except Exception:
        return False


def login_as(client, app, user_id: int) -> None:
    """Put a user into the test client's session without the login form."""
    from jobportal.models import User

    with app.app_context():
        session_id = db.session.get(User, user_id).get_id()
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True
        session["_reauth_at"] = int(time.time())  # as after a login with the password
