"""Benchmark: the matching part of `flask alerts send` (saved searches x new listings).

    .venv/bin/python bench/alerts.py                  # 100,000 listings, 500 new, 1k/10k/50k alerts
    .venv/bin/python bench/alerts.py --quick          # 5,000 listings, 500 new, 1k/10k alerts
    .venv/bin/python bench/alerts.py 100000 --alerts 1000 10000 50000 --plain 50 --data /tmp/ba

Builds (or reuses) a SQLite database and index under --data with N listings, the newest
500 published within the last day. Saved searches are generated (keywords incl. OR,
phrases, prefixes and exclusions; places with radii; filters) and matched the way
`alerts send` does it: load the new public listings once, analyse them, evaluate every
search in memory (jobportal.search.match_new via alerts.match_alerts). A sample of
searches also runs the plain way (search_jobs over the whole index, cut to the new
listings); its mean time is extrapolated, and its results are compared with the
in-memory ones (they must be equal). Target (issue 6): <= 10 s for 10,000 alerts.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NEW = 500
PLACES = ["Kamenz", "Hoyerswerda", "Dresden", "Radeberg", "Bautzen", "Pirna", "Meißen",
          "Großenhain", "Pulsnitz", "Bischofswerda", "01917", "02977"]  # fmt: skip
RADII = (5, 10, 25, 50, 100)
FILTERS = [
    {},
    {},
    {"employment_type": ["teilzeit"]},
    {"working_model": ["remote", "hybrid"]},
    {"sector": ["gesundheit"]},
    {"salary_given": "1"},
    {"employment_type": ["vollzeit"], "sector": ["it", "industrie"]},
]


def _app(data_dir: Path):
    from bench.matching import _app as matching_app

    return matching_app(data_dir)


def prepare(app, n: int) -> None:
    """Places, region, N listings (the newest NEW of them published today), the index."""
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
        if have >= n:
            return
        print(f"inserting {n - have} listings ...", flush=True)
        fill_database(n - have, seed=13)
        rng, now = random.Random(3), datetime.now(UTC)
        newest = select(Job).order_by(Job.id.desc()).limit(NEW)
        for job in db.session.execute(newest).scalars():
            job.published_at = now - timedelta(minutes=rng.randint(5, 20 * 60))
        db.session.commit()
        print("building the index ...", flush=True)
        rebuild(app)


def _words() -> list[str]:
    """Occupation words of the corpus (first word of each occupation)."""
    from bench.corpus import occupations

    return sorted({o.split()[0].split("-")[0] for o, _ in occupations() if len(o) > 3})


def make_searches(count: int, seed: int = 1) -> list[dict]:
    """Saved-search parameters like the ones people save."""
    rng, words = random.Random(seed), _words()
    searches = []
    for _ in range(count):
        kind = rng.random()
        if kind < 0.55:
            q = rng.choice(words)
        elif kind < 0.7:
            q = f"{rng.choice(words)} OR {rng.choice(words)}"
        elif kind < 0.78:
            q = f"{rng.choice(words)[:4]}*"
        elif kind < 0.84:
            q = f'"{rng.choice(words)} (m/w/d)"'
        elif kind < 0.9:
            q = f"{rng.choice(words)} -Teilzeit"
        else:
            q = ""
        params = {"q": q, **rng.choice(FILTERS)}
        if rng.random() < 0.8:
            params.update(where=rng.choice(PLACES), radius_km=str(rng.choice(RADII)))
        searches.append(params)
    return searches


def fake_alerts(searches: list[dict], since: datetime) -> list[SimpleNamespace]:
    """Alert stand-ins with what match_alerts reads (id, params, timestamps)."""
    return [
        SimpleNamespace(id=i, params=p, last_run_at=since, confirmed_at=since, created_at=since)
        for i, p in enumerate(searches, start=1)
    ]


def time_matching(app, count: int) -> tuple[float, float, int, int, dict]:
    """(load s, match s, new listings, alerts with matches, matches) for ``count`` alerts."""
    from jobportal.alerts import match_alerts, new_public_jobs

    with app.app_context():
        since = datetime.now(UTC) - timedelta(days=1)
        alerts = fake_alerts(make_searches(count), since)
        started = time.perf_counter()
        jobs = new_public_jobs(since, datetime.now(UTC))
        loaded, cpu = time.perf_counter(), time.process_time()
        found = match_alerts(alerts, jobs)
        done, cpu = time.perf_counter(), time.process_time() - cpu
    return loaded - started, (done - loaded, cpu), len(jobs), len(found), found


def time_plain(app, sample: int, found: dict) -> tuple[float, int]:
    """Mean seconds per search the plain way, and how many differed from in-memory."""
    from jobportal.alerts import new_public_jobs
    from jobportal.listings import query_from_dict, resolve_place, search_params
    from jobportal.places import active_members
    from jobportal.search import search_jobs

    with app.app_context():
        since = datetime.now(UTC) - timedelta(days=1)
        new_ids = {j.id for j in new_public_jobs(since, datetime.now(UTC))}
        members = active_members()
        ids = {m.slug: m.id for m in members}
        times, differ = [], 0
        for number, params in enumerate(make_searches(sample), start=1):
            started = time.perf_counter()
            query = query_from_dict(params, member_slugs=[m.slug for m in members])
            base = search_params(query, resolve_place(query), ids, with_facets=False)
            hits, page = set(), 1
            while True:  # newest first, stop once the page reaches older listings
                result = search_jobs(replace(base, sort="date", page=page, per_page=100))
                page_ids = {h.job_id for h in result.hits}
                hits |= page_ids
                if page >= result.pages or not page_ids & new_ids:
                    break
                page += 1
            times.append(time.perf_counter() - started)
            differ += (hits & new_ids) != set(found.get(number, ()))
    return statistics.mean(times), differ


def main(argv=None) -> None:
    """Parse arguments, prepare data, print the results as Markdown."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--alerts", type=int, nargs="+", default=[1000, 10_000, 50_000])
    parser.add_argument("--plain", type=int, default=50, help="searches timed the plain way")
    parser.add_argument("--quick", action="store_true", help="5,000 listings, 1k/10k alerts")
    parser.add_argument("--data", type=Path, default=None)
    args = parser.parse_args(argv)
    n, counts = (5000, [1000, 10_000]) if args.quick else (args.n, args.alerts)
    plain = min(args.plain, 30) if args.quick else args.plain
    data_dir = args.data or Path(tempfile.mkdtemp(prefix="bench-alerts-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    app = _app(data_dir)
    prepare(app, n)
    print(f"\nalert matching at {n:,} listings (data: {data_dir})\n")
    print(f"load average: {os.getloadavg()}")
    print("| alerts | new listings | load new (s) | match in memory (s) | CPU (s) | with matches |")
    print("|---:|---:|---:|---:|---:|---:|")
    found_first = {}
    for count in counts:
        load, (match, cpu), new, hits, found = time_matching(app, count)
        found_first = found_first or found
        print(
            f"| {count:,} | {new} | {load:.2f} | {match:.2f} | {cpu:.2f} | {hits:,} |", flush=True
        )
    mean, differ = time_plain(app, plain, found_first)
    print(
        f"\nplain way (search_jobs over the whole index, cut to the new listings): "
        f"{mean * 1000:.1f} ms per search over {plain} searches, "
        f"extrapolated {mean * 10_000:.0f} s for 10,000; results differing: {differ}"
    )


if __name__ == "__main__":
    main()
