"""DSGVO: "Meine Daten" export completeness, account erasure (DB, index, outbox), retention."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from jobportal import privacy
from jobportal.core.extensions import db
from jobportal.models import (
    AbuseReport,
    AlertDelivery,
    AuditEntry,
    Bookmark,
    ConsentRecord,
    ContactRequest,
    ListingFeed,
    MemberPage,
    ModerationNote,
    OutboxMail,
    PromoterContact,
    SavedSearch,
    User,
)
from tests.conftest import DEFAULT_PASSWORD, login_as
from tests.support.returnees import index_jobs, make_profile

EMAIL = "paula.privat@example.org"
NAME = "Paula Privat"
# Tables with personal data reached other than through a users foreign key, and the
# tables with address-like columns that hold no data about account holders (with why).
NOT_ABOUT_ACCOUNT_HOLDERS = {
    "companies": "company contact data (legal person); cleared on erasure if it names the person",
    "jobs": "listing contact data of the company; handed over or cleared on erasure",
    "ba_listings": "imported third-party listings",
    "throttle_events": "keyed hashes only; deleted on erasure",
    "members": "municipality data",
}


def _now():
    return datetime.now(UTC)


@pytest.fixture
def person(app, factory):
    """A user with a row in every table that can hold data about them."""
    user_id = factory.user(email=EMAIL, name=NAME, members=("kamenz",))
    other_seeker = factory.user(email="anna@example.org")
    job_id = factory.job(title="Bäcker (m/w/d)")
    own_profile = make_profile(app, user_id, homes=("Kamenz", "Radeberg"), work="Bäckerin")
    other_profile = make_profile(app, other_seeker)
    _rows_about(app, user_id, job_id, own_profile, other_profile)
    return user_id


def _rows_about(app, user_id, job_id, own_profile, other_profile) -> None:
    """One row about the person in every table that can hold one."""
    with app.app_context():
        user = db.session.get(User, user_id)
        alert = SavedSearch(
            user=user,
            email=EMAIL,
            name="Bäcker",
            params={"q": "Bäcker"},
            status=SavedSearch.ACTIVE,
            secret="s" * 32,
        )
        anonymous = SavedSearch(email=EMAIL.upper(), name="Alt", params={}, secret="t" * 32)
        db.session.add_all([alert, anonymous])
        db.session.flush()
        member_id = user.members[0].id
        from jobportal.models import Job

        db.session.get(Job, job_id).created_by_id = user_id
        db.session.add_all(
            _more_rows(user_id, job_id, own_profile, other_profile, alert, anonymous)
        )
        page = db.session.get(MemberPage, member_id) or MemberPage(member_id=member_id)
        page.updated_by_id = user_id
        db.session.add(page)
        _event_rows(user, user_id)
        company_id = db.session.get(Job, job_id).company_id
        feed = ListingFeed(
            company_id=company_id, url="https://k.example/xml", created_by_id=user_id
        )
        db.session.add(feed)
        db.session.commit()


def _event_rows(user, user_id) -> None:
    """An event the person organised and a registration (as a guest, by address)."""
    from jobportal.models import Event, EventRegistration

    member = user.members[0]
    start = _now() + timedelta(days=10)
    event = Event(
        kind="jobmesse",
        title="Jobmesse",
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        member_id=member.id,
        venue="Stadthalle",
        place_id=member.center_place_id,
        created_by_id=user_id,
    )
    db.session.add(event)
    db.session.flush()
    db.session.add(EventRegistration(event_id=event.id, name=NAME, email=EMAIL, secret="r" * 32))


def _more_rows(user_id, job_id, own_profile, other_profile, alert, anonymous) -> list:
    """Rows linked to the person by id or address."""
    return [
        Bookmark(user_id=user_id, job_id=job_id),
        ContactRequest(
            profile_id=own_profile,
            sender_name="Firma",
            sender_org="X GmbH",
            sender_email="hr@example.org",
            message="Hallo Paula",
        ),
        ContactRequest(
            profile_id=other_profile,
            sender_id=user_id,
            sender_name=NAME,
            sender_org="Stadt Kamenz",
            sender_email=EMAIL,
            message="Hallo Anna",
        ),
        AlertDelivery(alert_id=alert.id, job_id=job_id),
        ConsentRecord(
            alert_id=anonymous.id,
            email=EMAIL,
            consent_text="Ja",
            params={},
            frequency="daily",
        ),
        AuditEntry(actor_id=user_id, subject_kind="job", subject_id=job_id, action="edit"),
        AuditEntry(
            subject_kind="user",
            subject_id=user_id,
            action="lock",
            reason=f"{NAME} gesperrt",
        ),
        ModerationNote(subject_kind="job", subject_id=job_id, author_id=user_id, text="Notiz"),
        AbuseReport(job_id=job_id, reason="spam", handled_by_id=user_id),
        PromoterContact(user_id=user_id, phone="+49 3578 1234"),
        OutboxMail(recipient=EMAIL, subject="Hallo", body_text="Text", status="sent"),
        OutboxMail(
            recipient="anna@example.org", subject="Anfrage", body_text=f"Antwort an {EMAIL}"
        ),
        OutboxMail(
            recipient="hr@example.org", subject="Antwort", body_text="Ja", author_id=user_id
        ),
    ]


def test_export_contains_every_column_of_every_section(app, person):
    with app.app_context():
        data = privacy.export_data(db.session.get(User, person))
        tables = db.metadata.tables
        for section, table in privacy.SECTION_TABLES.items():
            rows = data[section]
            rows = [rows] if isinstance(rows, dict) else rows
            if section == "company":
                continue  # a job seeker has none; checked in the employer test
            assert rows, f"no rows in {section}"
            expected = {c.key for c in tables[table].columns} - privacy.NOT_EXPORTED.get(
                table, set()
            )
            for row in rows:
                assert set(row) == expected, section
        assert "password_hash" not in data["account"] and "session_token" not in data["account"]
        assert len(data["saved_searches"]) == 2  # by account and by address
        json.dumps(data)


def test_every_table_about_users_is_exported():
    """A new table linked to users (or holding addresses) must join the export."""
    covered = set(privacy.SECTION_TABLES.values()) | {"promoter_members"}
    for table in db.metadata.sorted_tables:
        linked = any(fk.column.table.name == "users" for fk in table.foreign_keys)
        addressy = any("email" in c.key or c.key == "recipient" for c in table.columns)
        if (linked or addressy) and table.name not in covered:
            assert table.name in NOT_ABOUT_ACCOUNT_HOLDERS, f"{table.name} not in the export"


def test_export_download(app, client, person):
    login_as(client, app, person)
    page = client.get("/konto/meine-daten")
    assert "Meine Daten herunterladen" in page.get_data(as_text=True)
    response = client.get("/konto/meine-daten/export.json")
    assert response.headers["Cache-Control"] == "no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_json()
    assert data["account"]["email"] == EMAIL
    assert [h["name"] for h in data["desired_homes"]] == ["Kamenz", "Radeberg"]
    assert data["promoter_contact"]["phone"] == "+49 3578 1234"


def _leftovers(app, user_id: int) -> list[str]:
    """Every cell in the database that still names or points to the person."""
    found = []
    with app.app_context():
        for table in db.metadata.sorted_tables:
            if table.name == "places":
                continue
            user_fks = [
                fk.parent.key for fk in table.foreign_keys if fk.column.table.name == "users"
            ]
            for row in db.session.execute(table.select()).mappings():
                for key, value in row.items():
                    text = str(value).lower()
                    if EMAIL in text or NAME.lower() in text:
                        found.append(f"{table.name}.{key}")
                    if key in user_fks and value == user_id:
                        found.append(f"{table.name}.{key}=id")
                if table.name == "users" and row["id"] == user_id:
                    found.append("users row")
    return found


def test_erasure_removes_the_person_everywhere(app, client, person):
    login_as(client, app, person)
    wrong = client.post("/konto/meine-daten/loeschen", data={"password": "falsch", "confirm": "y"})
    assert wrong.status_code == 400 and "Passwort ist falsch" in wrong.get_data(as_text=True)
    response = client.post(
        "/konto/meine-daten/loeschen", data={"password": DEFAULT_PASSWORD, "confirm": "y"}
    )
    assert response.status_code == 302
    assert _leftovers(app, person) == []
    assert client.get("/konto").status_code == 302  # logged out
    with app.app_context():
        consent = db.session.execute(select(ConsentRecord)).scalar_one()
        assert consent.email == privacy.pseudonym(EMAIL)  # kept as proof, pseudonymised
        assert consent.revoked_at is not None
        sent = db.session.execute(
            select(ContactRequest).where(ContactRequest.profile_id != None)  # noqa: E711
        ).scalars()
        assert [r.sender_name for r in sent] == [privacy.ERASED_SENDER]  # the row, no words
        assert db.session.execute(select(OutboxMail)).first() is None


def test_erasure_needs_confirmation(app, client, person):
    login_as(client, app, person)
    response = client.post("/konto/meine-daten/loeschen", data={"password": DEFAULT_PASSWORD})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(User, person) is not None


def _set_job(app, job_id, **values):
    from jobportal.models import Job

    with app.app_context():
        job = db.session.get(Job, job_id)
        for key, value in values.items():
            setattr(job, key, value)
        db.session.commit()


def _search_total(client, q):
    return client.get(f"/api/v1/jobs?q={q}").get_json()["total"]


def test_last_employer_withdraws_listings_and_leaves_the_index(app, client, factory):
    employer, company = factory.employer(email=EMAIL, name=NAME)
    job = factory.job(company_id=company, title="Konditor (m/w/d)", apply_contact=NAME)
    _set_job(app, job, apply_email=EMAIL)
    index_jobs(app, job)
    assert _search_total(client, "Konditor") == 1
    with app.app_context():
        data = privacy.export_data(db.session.get(User, employer))
        assert data["company"]["id"] == company
        privacy.erase_user(db.session.get(User, employer), "Test")
        db.session.commit()
    index_jobs(app)
    assert _search_total(client, "Konditor") == 0
    with app.app_context():
        from jobportal.models import Job

        assert db.session.get(Job, job).state == "withdrawn"
    assert _leftovers(app, employer) == []


def test_listings_handed_over_to_a_colleague(app, client, factory):
    employer, company = factory.employer(email=EMAIL, name=NAME)
    colleague, _ = factory.employer(company_id=company, email="kollege@example.org", name="Karl")
    job = factory.job(company_id=company, title="Glaser (m/w/d)")
    _set_job(app, job, apply_email=EMAIL)
    index_jobs(app, job)
    with app.app_context():
        privacy.erase_user(db.session.get(User, employer), "Test")
        db.session.commit()
    index_jobs(app)
    assert _search_total(client, "Glaser") == 1
    with app.app_context():
        from jobportal.models import Job

        assert db.session.get(Job, job).apply_email == "kollege@example.org"
    assert _leftovers(app, employer) == []


def _age(app, user_id, days, warned_days=None):
    with app.app_context():
        user = db.session.get(User, user_id)
        user.created_at = _now() - timedelta(days=days + 30)
        user.last_login_at = _now() - timedelta(days=days)
        if warned_days is not None:
            user.retention_warned_at = _now() - timedelta(days=warned_days)
        db.session.commit()


def test_retention_warns_then_deletes(app, runner, factory):
    old = factory.user(email=EMAIL, name=NAME)
    fresh = factory.user(email="aktiv@example.org")
    employer, _company = factory.employer(email="chef@example.org")
    _age(app, old, 710)
    _age(app, employer, 1000)
    result = runner.invoke(args=["privacy", "retention"])
    assert "gewarnt: 1, gelöscht: 0" in result.output
    with app.app_context():
        mails = db.session.execute(select(OutboxMail).filter_by(recipient=EMAIL)).scalars().all()
        assert len(mails) == 1 and "gelöscht" in mails[0].subject
    assert "gewarnt: 0, gelöscht: 0" in runner.invoke(args=["privacy", "retention"]).output
    _age(app, old, 735, warned_days=31)
    assert "gelöscht: 1" in runner.invoke(args=["privacy", "retention"]).output
    assert _leftovers(app, old) == []
    with app.app_context():
        assert db.session.get(User, fresh) is not None
        assert db.session.get(User, employer) is not None  # only job seekers expire


def test_retention_spares_who_came_back(app, runner, factory):
    old = factory.user(email=EMAIL)
    _age(app, old, 740, warned_days=40)
    with app.app_context():
        db.session.get(User, old).last_login_at = _now() - timedelta(days=2)
        db.session.commit()
    assert "gelöscht: 0" in runner.invoke(args=["privacy", "retention"]).output
    with app.app_context():
        assert db.session.get(User, old).retention_warned_at is None
