"""Benchmark: matches for one returnee profile at N listings (p50/p95/max in ms).

    .venv/bin/python bench/matching.py               # 100,000 listings (slow to set up)
    .venv/bin/python bench/matching.py --quick       # 2,000 listings, a smoke run
    .venv/bin/python bench/matching.py 20000 --runs 200 --data /tmp/bench-matching

Builds a fresh SQLite database and index under --data (kept for reruns: an existing
database with enough listings is reused), then times ``matching.match_jobs`` for
profiles from easy to hard: a small town with a short commute and a work text, and
100 km around Dresden with and without a work text (pages 1 and 3). Target
(issue 5): p95 <= 50 ms at 100,000 listings.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CASES = [
    ("Kamenz, 30 km, Elektriker", ["Kamenz"], 30, "Elektriker", 1),
    ("Dresden, 100 km, Elektriker", ["Dresden"], 100, "Elektriker", 1),
    ("Dresden, 100 km, no text, page 3", ["Dresden"], 100, "", 3),
    ("3 homes, 50 km, two occupations", ["Kamenz", "Radeberg", "Pirna"], 50, "Pflege, Erzieher", 1),
]


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


def prepare(app, n: int) -> None:
    """Places, region, N listings and a built index (reused if already there)."""
    from sqlalchemy import func, select

    from bench.corpus import fill_database
    from jobportal.core.extensions import db
    from jobportal.models import Job
    from jobportal.places import load_places, sync_region
    from jobportal.search import rebuild

    with app.app_context():
        db.create_all()
        load_places()
        sync_region(app.config["REGION"])
        db.session.commit()
        have = db.session.execute(select(func.count(Job.id))).scalar_one()
        if have < n:
            print(f"inserting {n - have} listings ...", flush=True)
            fill_database(n - have, seed=11)
            print("building the index ...", flush=True)
            rebuild(app)


def _profile(homes, km, work):
    """An unsaved profile object with resolved homes (what match_jobs reads)."""
    from jobportal.models import DesiredHome, ReturneeProfile
    from jobportal.returnees import resolve_place

    places = [resolve_place(name)[0] for name in homes]
    profile = ReturneeProfile(commute_km=km, work_text=work)
    profile.homes = [
        DesiredHome(
            position=i, place_id=p.place_id, name=p.name, label=p.label, lat=p.lat, lon=p.lon
        )
        for i, p in enumerate(places)
    ]
    return profile


def run(app, runs: int) -> list[str]:
    """Time every case; returns Markdown table rows."""
    from jobportal.core.extensions import db
    from jobportal.returnees import match_jobs

    rows = []
    with app.app_context():
        for label, homes, km, work, page in CASES:
            profile = _profile(homes, km, work)
            match_jobs(profile, page=page)  # warm caches (places, searcher)
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                result = match_jobs(profile, page=page)
                times.append((time.perf_counter() - started) * 1000)
            times.sort()
            p95 = times[max(0, int(len(times) * 0.95) - 1)]
            rows.append(
                f"| {label} | {result.total} | {statistics.median(times):.1f} | {p95:.1f} "
                f"| {times[-1]:.1f} |"
            )
            db.session.expunge_all()
    return rows


def main(argv=None) -> None:
    """Parse arguments, prepare data, print the results as a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="2,000 listings, 20 runs")
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--data", type=Path, default=None)
    args = parser.parse_args(argv)
    n, runs = (2000, 20) if args.quick else (args.n, args.runs)
    data_dir = args.data or Path(tempfile.mkdtemp(prefix="bench-matching-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    app = _app(data_dir)
    prepare(app, n)
    print(f"\nmatch_jobs at {n:,} listings, {runs} runs each (data: {data_dir})\n")
    print("| profile | matches | p50 ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|---:|")
    for row in run(app, runs):
        print(row)


if __name__ == "__main__":
    main()
