"""Search speed: the Whoosh index of jobportal.search versus SQLite FTS5 and PostgreSQL
full-text search, same corpus.

    .venv/bin/python -O bench/search.py 100000 --pg  # the target size, with PostgreSQL
    .venv/bin/python bench/search.py --quick         # 5,000 listings, for a busy machine
    options: --queries 200 --procs 2 --seed 1 --workdir DIR (kept; default a temp dir)

``--pg`` runs the bench inside scripts/with_postgres.sh (a throwaway cluster, started
before and stopped after; bench/pg.py is the peer). Every engine runs every query of a
kind twice: the first pass meets each term for the first time, the second is warm.

Builds both from bench/corpus.py (no database: the rebuild time of `flask index rebuild`
from a real database is measured by bench/http_bench.py), then runs the same queries of each
kind against both and prints p50/p95/max per kind and the ratio Whoosh/FTS5. The Whoosh
side goes through ``search_jobs`` (masks, ranking, snippets, facets: what /jobs does);
FTS5 uses bm25 with the same column weights, ``snippet()`` and GROUP BY facet counts.
FTS5 has no stemming (unicode61 remove_diacritics 2), so it matches fewer forms.
"""

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import corpus  # noqa: E402
from fts import build_fts, run_fts  # noqa: E402
from pg import build_pg, run_pg, settle  # noqa: E402

from jobportal.core.clock import berlin_today  # noqa: E402
from jobportal.core.geometry import haversine_km  # noqa: E402
from jobportal.search import SearchParams, build_index, search_jobs  # noqa: E402

COMMON = [
    "Team",
    "Ausbildung",
    "Erfahrung",
    "Kunden",
    "Urlaub",
    "Weiterbildung",
    "Arbeitszeiten",
    "Vergütung",
    "Führerschein",
    "Bewerbung",
    "Aufgaben",
    "Unternehmen",
    "Betrieb",
    "Verstärkung",
    "Projekte",
]
KINDS = ("keyword", "search_page", "two_keywords", "phrase", "radius_distance")


# --- corpus --------------------------------------------------------------------------------


def load_corpus(n: int, seed: int):
    """(listing dicts, places) of the benchmark corpus; place ids are list positions + 1."""
    places = corpus.load_places()
    items = list(corpus.generate(n, seed, today=berlin_today(), places=places))
    ids = {(p["postal_code"], p["name"]): i for i, p in enumerate(places, start=1)}
    for number, item in enumerate(items, start=1):
        item["id"] = number
        item["place_id"] = ids[(item["place"]["postal_code"], item["place"]["name"])]
        item["member_id"] = number % 12 + 1
    return items, places


def listings(items):
    """Stand-ins of the listings with what the indexer reads of a real Job."""
    for item in items:
        yield corpus._as_job(item["id"], item, item["place_id"], item["member_id"])


# --- building ------------------------------------------------------------------------------


def build_whoosh(items, root: Path, procs: int, limitmb: int) -> float:
    """A live Whoosh index of the listings in ``root``; returns seconds."""
    started = time.perf_counter()
    build_index({"INDEX_DIR": str(root)}, listings(items), procs, limitmb)
    return time.perf_counter() - started


# --- queries -------------------------------------------------------------------------------

_WORDS = re.compile(r"[^\W\d_][\w-]{3,}")


def _occupation_words() -> list[str]:
    """Distinct words of the occupation names (the keywords people type)."""
    words = {w for o, _s in corpus.occupations() for w in _WORDS.findall(o)}
    return sorted(w for w in words if w.lower() not in {"für", "und", "mit"})


def _phrases() -> list[str]:
    """Two- and three-word windows of the template sentences (phrases that occur)."""
    found = set()
    for sentence in corpus.TASKS + corpus.NEEDS + corpus.OFFERS:
        words = [w for w in re.sub(r"\{\w+\}", "|", sentence).split() if w.isalpha()]
        for size in (2, 3):
            found.update(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))
    return sorted(found)


def make_queries(items, places, count: int, seed: int) -> dict:
    """``count`` queries of each kind (the same list runs against both engines)."""
    rng = random.Random(seed)
    words, phrases = _occupation_words(), _phrases()
    types = sorted({t for t in corpus.EMPLOYMENT})
    sectors = sorted(corpus.OCCUPATIONS)
    queries = {kind: [] for kind in KINDS}
    for _ in range(count):
        queries["keyword"].append({"q": rng.choice(words)})
        page = {"q": rng.choice(COMMON), "page": rng.choice((1, 1, 1, 2, 3))}
        facet = rng.choice((None, "employment_type", "sector", "working_model"))
        if facet:
            page[facet] = [
                rng.choice({"employment_type": types, "sector": sectors}.get(facet, corpus.WORKING))
            ]
        queries["search_page"].append(page)
        queries["two_keywords"].append({"q": f"{rng.choice(words)} {rng.choice(COMMON)}"})
        queries["phrase"].append({"q": f'"{rng.choice(phrases)}"'})
        origin = rng.choice(items)["place"]
        inside = [
            i
            for i, p in enumerate(places, start=1)
            if haversine_km(origin["lat"], origin["lon"], p["lat"], p["lon"]) <= 25
        ]
        queries["radius_distance"].append(
            {"q": rng.choice(words), "place_ids": inside, "origin": (origin["lat"], origin["lon"])}
        )
    return queries


# --- running -------------------------------------------------------------------------------


def run_whoosh(kind: str, query: dict, root: Path) -> int:
    """One search through jobportal.search; returns the total."""
    params = SearchParams(
        **query,
        per_page=20,
        with_facets=kind == "search_page",
        sort="distance" if kind == "radius_distance" else "relevance",
    )
    return search_jobs(params, {"INDEX_DIR": str(root)}).total


def timed(fn, queries) -> list[float]:
    """Milliseconds per query."""
    times = []
    for query in queries:
        started = time.perf_counter()
        fn(query)
        times.append((time.perf_counter() - started) * 1000)
    return times


def in_turns(runners: dict, kind: str, batch: list) -> dict:
    """{engine: milliseconds per query}: every query of ``batch`` run by each engine in
    turn before the next query."""
    times = {name: [] for name in runners}
    for query in batch:
        for name, run in runners.items():
            times[name] += timed(lambda q, r=run: r(kind, q), [query])
    return times


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def cached_share(path: Path) -> float | None:
    """The share of a file's or a directory's bytes in the page cache (util-linux
    ``fincore``), or None when it cannot be told."""
    files = [str(p) for p in (path.rglob("*") if path.is_dir() else [path]) if p.is_file()]
    command = ["fincore", "--bytes", "--noheadings", "--raw", "--output", "RES,SIZE", *files]
    try:
        found = subprocess.run(command, capture_output=True, text=True, check=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    pairs = [tuple(map(int, line.split())) for line in found.stdout.splitlines() if line.strip()]
    size = sum(s for _r, s in pairs)
    return sum(min(r, s) for r, s in pairs) / size if size else None  # RES counts whole pages


def measure(queries: dict, root: Path, peers: dict, warmup: int, files: dict | None = None) -> dict:
    """{kind: {engine: (first pass ms, second pass ms)}}; the first ``warmup`` queries of
    each kind run once untimed on every engine (opening the index, filling caches of the
    columns). The first pass meets every term for the first time in this process (cold
    per-term masks); the second pass is a long-running worker's steady state. Within a
    pass the engines take turns query by query, so that all of them meet the host's CPU
    speed of the moment: on this project's VM it drifts by up to 2x within seconds
    (bench/RESULTS.md, session 23), which made one engine's pass after the other's a coin
    toss between equals. Before each kind's first pass, how much of ``files`` (engine ->
    its index file or directory) the page cache holds is printed: a first pass reading
    from the disk is slower for it."""
    today = (berlin_today() - date(1970, 1, 1)).days  # the index's "ends" unit: days since 1970
    runners = {"Whoosh": lambda kind, q: run_whoosh(kind, q, root)}
    runners.update(
        {
            name: (lambda kind, q, r=run, c=conn: r(kind, q, c, today))
            for name, (run, conn) in peers.items()
        }
    )
    results = {}
    for kind in KINDS:
        batch = queries[kind]
        for run in runners.values():
            for query in batch[:warmup]:
                run(kind, query)
        shares = {name: cached_share(path) for name, path in (files or {}).items()}
        print(
            f"{kind}: page cache holds "
            + ", ".join(f"{name} {'?' if v is None else f'{v:.0%}'}" for name, v in shares.items()),
            flush=True,
        )
        first, again = (in_turns(runners, kind, batch) for _pass in range(2))
        results[kind] = {name: (first[name], again[name]) for name in runners}
    return results


def report(n: int, builds: dict, results: dict) -> str:
    """Markdown tables of the figures: builds, then p95 per kind and pass."""
    lines = [
        f"N = {n:,} listings, load average {os.getloadavg()[0]:.2f} "
        f"({os.cpu_count()} cores), {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        "",
        "| build | seconds | docs/s |",
        "|---|---|---|",
    ]
    for name, seconds in builds.items():
        lines.append(f"| {name} | {seconds:.1f} | {n / seconds:,.0f} |")
    engines = list(next(iter(results.values())))
    head = " | ".join(f"{e} p50 | {e} p95" for e in engines)
    lines += ["", f"| kind (ms) | pass | {head} | Whoosh <= fastest peer (p95) |"]
    lines.append("|---|---|" + "---|---|" * len(engines) + "---|")
    for kind, by_engine in results.items():
        for number, label in ((0, "first"), (1, "warm")):
            cells, p95 = [], {}
            for engine in engines:
                values = by_engine[engine][number]
                p95[engine] = pct(values, 95)
                cells.append(f"{pct(values, 50):.1f} | {p95[engine]:.1f}")
            fastest = min(v for e, v in p95.items() if e != "Whoosh")
            verdict = "yes" if p95["Whoosh"] <= fastest else f"no ({p95['Whoosh'] / fastest:.1f}x)"
            lines.append(f"| {kind} | {label} | {' | '.join(cells)} | {verdict} |")
    return "\n".join(lines)


def with_postgres(argv: list[str]) -> None:
    """Run this bench again inside scripts/with_postgres.sh (a throwaway cluster)."""
    script = Path(__file__).resolve().parent.parent / "scripts" / "with_postgres.sh"
    flags = ["-O"] if sys.flags.optimize else []
    os.execv(str(script), [str(script), sys.executable, *flags, __file__, *argv])


def main() -> None:
    """Parse arguments, build both, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="5,000 listings")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--procs", type=int, default=2)
    parser.add_argument("--limitmb", type=int, default=1024)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--pg", action="store_true", help="with the PostgreSQL peer")
    args = parser.parse_args()
    pg_url = os.environ.get("JOBPORTAL_TEST_DATABASE_URL")
    if args.pg and not pg_url:
        with_postgres(sys.argv[1:])
    n = 5000 if args.quick else args.n
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-search-"))
    shutil.rmtree(work / "index", ignore_errors=True)
    (work / "fts.sqlite").unlink(missing_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    print(f"load average at start: {os.getloadavg()}", flush=True)
    started = time.perf_counter()
    items, places = load_corpus(n, args.seed)
    print(f"corpus: {n} listings in {time.perf_counter() - started:.1f} s", flush=True)
    root = work / "index"
    root.mkdir()
    builds = {f"Whoosh (procs={args.procs})": build_whoosh(items, root, args.procs, args.limitmb)}
    print(f"Whoosh built in {builds[next(iter(builds))]:.1f} s", flush=True)
    conn, builds["SQLite FTS5"] = build_fts(items, work / "fts.sqlite")
    print(f"FTS5 built in {builds['SQLite FTS5']:.1f} s", flush=True)
    peers = {"FTS5": (run_fts, conn)}
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS m (id INTEGER PRIMARY KEY)")
    if args.pg:
        pg_conn, builds["PostgreSQL"] = build_pg(items, pg_url)
        print(f"PostgreSQL built in {builds['PostgreSQL']:.1f} s", flush=True)
        print(f"PostgreSQL settled (VACUUM, CHECKPOINT) in {settle(pg_conn):.1f} s", flush=True)
        peers["PostgreSQL"] = (run_pg, pg_conn)
    queries = make_queries(items, places, args.queries, args.seed)
    del items
    files = {"Whoosh": root, "FTS5": work / "fts.sqlite"}
    results = measure(queries, root, peers, args.warmup, files)
    print()
    print(report(n, builds, results))
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
