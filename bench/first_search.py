"""The first searches of a new process (a web worker after a start or a deploy), with
and without ``warm_search`` (deploy/gunicorn.conf.py runs it as a worker starts).

    .venv/bin/python -O bench/first_search.py /tmp/bench/index   # an index bench/search.py built
    options: --runs 3 (fresh processes per variant)

Each run is a fresh Python process on the same index (page cache warm: the files are
read once before): it times ``warm_search`` (or not), then five searches as /jobs asks
them (relevance with a place list and facets, other words, distance sort, no text by
date, a filtered one), and the resident size. Prints one row per run and variant.
"""

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DRESDEN = (51.0504, 13.7373)
SEARCHES = [
    ("relevance, places, facets", {"q": "Pflegefachkraft", "with_facets": True}),
    ("other words", {"q": "Elektriker", "with_facets": True}),
    ("distance sort", {"q": "Koch", "origin": DRESDEN, "sort": "distance"}),
    ("no text, newest", {"with_facets": True, "sort": "date"}),
    ("7 days, local only", {"q": "Pflege", "published_within_days": 7, "local_only": True}),
]


def one_run(index: str, warm: bool) -> dict:
    """In this process: the warm-up (or not), then SEARCHES; milliseconds each."""
    from jobportal.search import SearchParams, search_jobs, warm_search

    config = {"INDEX_DIR": index}
    places = {"place_ids": list(range(1, 80))}  # a radius's worth of places
    found = {}
    started = time.perf_counter()
    if warm:
        warm_search(config)
    found["warm-up"] = (time.perf_counter() - started) * 1000
    for label, params in SEARCHES:
        started = time.perf_counter()
        search_jobs(SearchParams(**places, **params), config)
        found[label] = (time.perf_counter() - started) * 1000
    status = Path("/proc/self/status").read_text()
    found["rss_mb"] = int(status.split("VmRSS:")[1].split()[0]) / 1024
    return found


def main() -> None:
    """Fresh processes per variant; a table of the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("index", nargs="?")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", choices=("cold", "warm"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(one_run(args.index, args.child == "warm")))
        return
    for path in Path(args.index).rglob("*"):
        if path.is_file():
            path.read_bytes()  # the page cache holds the index, as on a running node
    flags = ["-O"] if sys.flags.optimize else []
    labels = ["warm-up", *(label for label, _p in SEARCHES), "rss_mb"]
    print("| variant | " + " | ".join(labels) + " |")
    print("|---|" + "---|" * len(labels))
    for _ in range(args.runs):
        for variant in ("cold", "warm"):
            command = [sys.executable, *flags, __file__, args.index, "--child", variant]
            row = json.loads(subprocess.run(command, capture_output=True, check=True).stdout)
            cells = [f"{row[label]:,.1f}" for label in labels]
            print(f"| {variant} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
