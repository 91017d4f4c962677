"""Benchmark: the event pages of a big job fair, the calendar feed and the CSV export.

    .venv/bin/python bench/events.py      # 60 exhibitors x 8 listings, 1,000 registrations
    .venv/bin/python bench/events.py --exhibitors 150 --registrations 5000

A fresh SQLite database (places, the Dresden region) gets one fair with N exhibitors,
each with M public listings, K confirmed registrations and 50 more upcoming events. Each
URL is fetched 50 times through the test client after 3 warm-up requests (whole Flask
stack, templates, no network); median and 95th percentile in milliseconds.
"""

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RUNS = 50


def _app(data_dir: Path):
    from jobportal import create_app

    return create_app(
        {
            "ENV_NAME": "testing",
            "DATA_DIR": str(data_dir),
            "REGION": "wachstumsregion-dresden",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{data_dir / 'bench.sqlite'}",
        }
    )


def prepare(app, exhibitors: int, jobs: int, registrations: int) -> tuple[int, int]:
    """The fair's id and a promoter's id."""
    from sqlalchemy import select

    from jobportal.accounts import new_session_token
    from jobportal.core.clock import berlin_today
    from jobportal.core.extensions import db
    from jobportal.models import Company, Event, EventRegistration, Job, Member, User
    from jobportal.places import load_places, sync_region

    with app.app_context():
        db.create_all()
        load_places()
        sync_region("wachstumsregion-dresden")
        kamenz = db.session.execute(select(Member).filter_by(slug="kamenz")).scalar_one()
        now = datetime.now(UTC)
        companies = []
        for n in range(exhibitors):
            company = Company(
                name=f"Aussteller {n:03d} GmbH",
                slug=f"aussteller-{n}",
                member=kamenz,
                place=kamenz.center_place,
                verified_at=now,
            )
            companies.append(company)
            for j in range(jobs):
                db.session.add(
                    Job(
                        company=company,
                        member=kamenz,
                        place=kamenz.center_place,
                        state="published",
                        title=f"Fachkraft {j} (m/w/d)",
                        description="Text",
                        employment_types=["vollzeit"],
                        working_model="vor_ort",
                        sector="handwerk",
                        ends_on=berlin_today() + timedelta(days=30),
                        published_at=now - timedelta(minutes=j),
                        apply_email="a@example.org",
                    )
                )
        start = now + timedelta(days=20)
        fair = Event(
            kind="jobmesse",
            title="Große Jobmesse",
            description="Viele Aussteller.",
            starts_at=start,
            ends_at=start + timedelta(hours=6),
            member=kamenz,
            venue="Stadthalle",
            street="Markt 1",
            place=kamenz.center_place,
            exhibitors=companies,
        )
        db.session.add(fair)
        for n in range(50):
            db.session.add(
                Event(
                    kind="rueckkehrertag",
                    title=f"Termin {n}",
                    description="Text",
                    starts_at=start + timedelta(days=n),
                    ends_at=start + timedelta(days=n, hours=3),
                    member=kamenz,
                    venue="Rathaus",
                    street="Markt 1",
                    place=kamenz.center_place,
                )
            )
        db.session.flush()
        for n in range(registrations):
            db.session.add(
                EventRegistration(
                    event_id=fair.id,
                    name=f"Person {n}",
                    email=f"p{n}@example.org",
                    status="confirmed",
                    confirmed_at=now,
                    secret="x" * 32,
                )
            )
        promoter = User(
            email="prom@example.org",
            password_hash="x",
            role="promoter",
            session_token=new_session_token(),
            members=[kamenz],
            email_verified_at=now,
        )
        db.session.add(promoter)
        db.session.commit()
        return fair.id, promoter.id


def measure(client, url: str) -> tuple[float, float, int]:
    """(median ms, p95 ms, bytes) of RUNS requests after 3 warm-ups."""
    for _ in range(3):
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(RUNS):
        begin = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - begin) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (RUNS - 1))], len(response.data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exhibitors", type=int, default=60)
    parser.add_argument("--jobs", type=int, default=8)
    parser.add_argument("--registrations", type=int, default=1000)
    args = parser.parse_args()
    import os

    from jobportal.core.extensions import db
    from jobportal.models import User

    data = Path(tempfile.mkdtemp(prefix="bench-events-"))
    app = _app(data)
    fair, promoter = prepare(app, args.exhibitors, args.jobs, args.registrations)
    client = app.test_client()
    print(f"load average: {os.getloadavg()}")
    for label, url in [
        ("event page", f"/veranstaltungen/{fair}"),
        ("list", "/veranstaltungen"),
        ("event .ics", f"/veranstaltungen/{fair}.ics"),
        ("feed .ics (51 events)", "/veranstaltungen.ics"),
    ]:
        median, p95, size = measure(client, url)
        print(f"{label:<28} median {median:7.1f} ms  p95 {p95:7.1f} ms  {size:>8} bytes")
    with app.app_context():
        session_id = db.session.get(User, promoter).get_id()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = session_id, True
    for label, url in [
        (f"registrations page ({args.registrations})", f"/veranstaltungen/verwalten/{fair}"),
        (
            f"CSV export ({args.registrations})",
            f"/veranstaltungen/verwalten/{fair}/anmeldungen.csv",
        ),
    ]:
        median, p95, size = measure(client, url)
        print(f"{label:<28} median {median:7.1f} ms  p95 {p95:7.1f} ms  {size:>8} bytes")
    print(f"load average: {os.getloadavg()}")


if __name__ == "__main__":
    main()
