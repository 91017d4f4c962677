"""Figures per member and month: cells equal database counts, small numbers hidden."""

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event, select

from jobportal.core.clock import berlin_today
from jobportal.core.extensions import db
from jobportal.demo.figures import seed_listing_months
from jobportal.events import (
    cancel_registration,
    purge_registrations,
    register_user,
    registration_of_user,
)
from jobportal.listings import count
from jobportal.models import ContactRequest, Event, Job, ListingMonth, Member, ReturneeProfile, User
from jobportal.reports import SMALL, WITHHELD, report_members, shown, year_tables
from tests.conftest import login_as
from tests.support.events import make_event
from tests.support.returnees import make_profile

YEAR = berlin_today().year
MONTH = berlin_today().month  # the tests put things into months already reached


def _table(app, key, year=YEAR, members=None):
    """{row label: [cell texts] + [total text]} of one metric."""
    with app.app_context():
        chosen = members or [
            db.session.execute(select(Member).filter_by(slug=s)).scalar_one()
            for s in ("kamenz", "radeberg")
        ]
        tables = year_tables(year, chosen, "Gesamt")
        table = next(t for t in tables if t.metric.key == key)
        return {row.label: [c.text for c in row.cells] + [row.total.text] for row in table.rows}


def _set(app, job_id, **values):
    with app.app_context():
        job = db.session.get(Job, job_id)
        for name, value in values.items():
            setattr(job, name, value)
        db.session.commit()


def test_small_people_figures_read_below_five_and_cannot_be_worked_out():
    cells, total = shown([0, 3, 7, 9, 12, None, None, None, None, None, None, None], True)
    texts = [c.text for c in cells]
    assert texts[:5] == [SMALL, SMALL, "7", "9", "12"]
    assert texts[5:] == ["–"] * 7
    assert total.text == "31"
    cells, total = shown([2, 7, 9, 12] + [None] * 8, True)
    # One hidden cell and a shown total: the smallest shown cell is withheld too.
    assert [c.text for c in cells[:4]] == [SMALL, WITHHELD, "9", "12"]
    cells, total = shown([1, 2] + [None] * 10, True)
    assert total.text == SMALL
    cells, total = shown([1, 2] + [None] * 10, False)  # listings are not people
    assert [c.text for c in cells[:2]] == ["1", "2"] and total.text == "3"


def test_listing_cells_equal_the_database(app, factory):
    kamenz = factory.company(member="kamenz")
    radeberg = factory.company(member="radeberg")
    moment = datetime(YEAR, MONTH, 2, 12, tzinfo=UTC)
    jobs = [factory.job(kamenz) for _ in range(3)] + [factory.job(radeberg)]
    for job_id in jobs:
        _set(app, job_id, submitted_at=moment, published_at=moment)
    _set(app, jobs[0], state="filled", ended_at=moment, filled_via_portal=True)
    _set(app, jobs[1], state="filled", ended_at=moment, filled_via_portal=False)
    with app.app_context():
        expected = {}
        for slug in ("kamenz", "radeberg"):
            member = db.session.execute(select(Member).filter_by(slug=slug)).scalar_one()
            rows = db.session.execute(select(Job).filter_by(member_id=member.id)).scalars()
            rows = [j for j in rows if j.published_at and j.published_at.month == MONTH]
            expected[member.name] = len(rows)
    published = _table(app, "listings_published")
    assert published["Kamenz"][MONTH - 1] == str(expected["Kamenz"]) == "3"
    assert published["Radeberg"][MONTH - 1] == str(expected["Radeberg"]) == "1"
    assert published["Gesamt"][MONTH - 1] == "4"
    assert _table(app, "listings_filled")["Kamenz"][MONTH - 1] == "2"
    assert _table(app, "filled_via_portal")["Kamenz"][MONTH - 1] == "1"
    assert _table(app, "listings_posted")["Gesamt"][-1] == "4"


def test_views_count_per_month_with_the_rule_for_people(app, factory):
    job_id = factory.job(factory.company(member="kamenz"))
    with app.app_context():
        job = db.session.get(Job, job_id)
        for _ in range(7):
            count(job, "views", today=date(YEAR, MONTH, 1))
        count(job, "apply_clicks", today=date(YEAR, MONTH, 1))
        db.session.commit()
        row = db.session.get(ListingMonth, (job_id, date(YEAR, MONTH, 1)))
        assert (row.views, row.apply_clicks) == (7, 1)
        assert db.session.get(Job, job_id).views == 7
    assert _table(app, "views")["Kamenz"][MONTH - 1] == "7"
    assert _table(app, "apply_clicks")["Kamenz"][MONTH - 1] == SMALL


def test_profiles_and_contacts_count_people_once_in_the_summary(app, factory):
    profiles = [
        make_profile(app, factory.user(), homes=["Kamenz", "Radeberg"]) for _ in range(5)
    ] + [make_profile(app, factory.user(), homes=["Kamenz"])]
    with app.app_context():
        for profile_id in profiles:
            db.session.add(
                ContactRequest(
                    profile_id=profile_id,
                    sender_name="WiFö",
                    sender_org="Stadt",
                    sender_email="wifoe@example.org",
                    message="Hallo",
                    answered_at=datetime.now(UTC),
                )
            )
        db.session.commit()
        created_months = {
            p.created_at.month for p in db.session.execute(select(ReturneeProfile)).scalars()
        }
    month = created_months.pop()
    made = _table(app, "profiles_created")
    assert made["Kamenz"][month - 1] == "6"
    assert made["Radeberg"][month - 1] == "5"
    assert made["Gesamt"][month - 1] == "6"  # each person once, not 11
    assert _table(app, "contacts_made")["Gesamt"][month - 1] == "6"
    assert _table(app, "contacts_answered")["Radeberg"][month - 1] == "5"


def test_promoters_report_on_their_members_only(app, factory):
    promoter = factory.user(role="promoter", members=("kamenz",))
    admin = factory.user(role="admin")
    with app.app_context():
        own = [m.slug for m in report_members(db.session.get(User, promoter), YEAR)]
        every = [m.slug for m in report_members(db.session.get(User, admin), YEAR)]
    assert own == ["kamenz"]
    assert {"kamenz", "radeberg"} <= set(every)


def test_report_page_csv_and_print_view(app, client, factory):
    promoter = factory.user(role="promoter", members=("kamenz",))
    job_id = factory.job(factory.company(member="kamenz"))
    _set(app, job_id, published_at=datetime(YEAR, MONTH, 2, tzinfo=UTC))
    login_as(client, app, promoter)
    page = client.get(f"/berichte/{YEAR}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f"Kennzahlen {YEAR}" in text and "Veröffentlichte Stellenanzeigen" in text
    assert "Kamenz" in text and "Radeberg" not in text
    assert "<svg" in text and "Ihre Kommunen gesamt" in text
    response = client.get(f"/berichte/{YEAR}.csv?monat={MONTH}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith(f'-{MONTH:02d}.csv"')
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["Kennzahl", "Kommune", "Monat", "Wert"]
    published = [r for r in rows if r[0] == "Veröffentlichte Stellenanzeigen" and r[1] == "Kamenz"]
    assert published == [["Veröffentlichte Stellenanzeigen", "Kamenz", f"{MONTH:02d}.{YEAR}", "1"]]
    assert all(r[3] in (SMALL, "–") for r in rows[1:] if r[0] == "Aufrufe von Stellenanzeigen")
    assert client.get(f"/berichte/{YEAR}/druck").status_code == 200
    assert client.get("/berichte/").status_code == 200
    assert client.get("/berichte/?jahr=2025").headers["Location"].endswith("/berichte/2025")


@pytest.mark.parametrize(
    "url", ["/berichte/1999", "/berichte/2999.csv", "/berichte/2026.csv?monat=13"]
)
def test_bad_years_and_months_are_not_found(app, client, factory, url):
    login_as(client, app, factory.user(role="admin"))
    assert client.get(url).status_code == 404


def test_employers_answer_whether_the_portal_filled_the_job(app, client, factory):
    employer, company = factory.employer()
    job_id = factory.job(company)
    login_as(client, app, employer)
    dashboard = client.get("/arbeitgeber/").get_data(as_text=True)
    assert "Haben Sie die Stelle über das Portal besetzt?" in dashboard
    response = client.post(f"/arbeitgeber/stellen/{job_id}/besetzt", data={"via_portal": "ja"})
    assert response.status_code in (302, 303)
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert (job.state, job.filled_via_portal) == ("filled", True)


def test_demo_spreads_listing_totals_over_their_months(app, factory):
    job_id = factory.job(factory.company(member="kamenz"))
    _set(app, job_id, published_at=datetime(YEAR, 1, 15, tzinfo=UTC), views=100, apply_clicks=9)
    with app.app_context():
        seed_listing_months()
        seed_listing_months()  # idempotent
        rows = db.session.execute(select(ListingMonth).filter_by(job_id=job_id)).scalars().all()
        assert len(rows) == MONTH
        assert sum(r.views for r in rows) == 100 and sum(r.apply_clicks for r in rows) == 9


def test_event_registrations_count_and_outlive_the_deleted_registrations(app, factory):
    # An event earlier this month (already over), six registrations, one cancelled.
    start = datetime(YEAR, MONTH, 1, 9, tzinfo=UTC)
    event_id = make_event(app, starts_in=start - datetime.now(UTC), hours=2)
    users = [factory.user(email=f"gast{n}@example.org") for n in range(6)]
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.starts_at, event.ends_at = start, start.replace(hour=11)
        for user_id in users:
            register_user(event, db.session.get(User, user_id), now=start - timedelta(days=3))
        db.session.commit()
        cancel_registration(registration_of_user(event, db.session.get(User, users[0])))
        db.session.commit()
    assert _table(app, "event_registrations")["Kamenz"][MONTH - 1] == "5"
    with app.app_context():
        purge_registrations(now=start + timedelta(days=40))
        db.session.commit()
        assert db.session.get(Event, event_id).registrations == []
    assert _table(app, "event_registrations")["Kamenz"][MONTH - 1] == "5"


def test_a_report_reads_the_desired_homes_once(app, factory):
    make_profile(app, factory.user(), homes=["Kamenz"])
    statements = []

    def listener(_connection, _cursor, statement, *_rest):
        statements.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            members = list(db.session.execute(select(Member)).scalars())
            tables = year_tables(YEAR, members, "Gesamt")
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
    assert sum("FROM desired_homes" in statement for statement in statements) == 1
    made = next(t for t in tables if t.metric.key == "profiles_created")
    assert made.summary.total.text == SMALL
