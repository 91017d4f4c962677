"""CPU time of one warm page request in-process (Flask test client), optionally profiled.

    .venv/bin/python -O bench/request_cpu.py --workdir /tmp/bench-http-idle
    .venv/bin/python -O bench/request_cpu.py --workdir DIR --url "/jobs?q=Koch" --profile 30

Uses the database and index of an http_bench.py workdir (production settings and the
app of wsgi.py, as the gunicorn workers there). Warms up, then times ``--requests`` requests with
``time.process_time`` (CPU, not wall: less sensitive to other load) and prints the CPU
per request; ``--profile N`` then prints the N most expensive functions of 200 more
requests (cProfile, cumulative). It imports the jobportal package of the current
directory: to compare two versions, run it inside each checkout (e.g. a `git worktree` of
the older commit: `cd /tmp/old && /path/to/.venv/bin/python -O /path/to/bench/request_cpu.py
--workdir DIR`), one after another.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path.cwd()
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/jobportal-bench-http"))
    parser.add_argument("--url", default="/jobs?q=Pflege&where=Dresden&radius_km=25")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--profile", type=int, default=0, help="functions to list")
    args = parser.parse_args()
    os.environ.update(
        JOBPORTAL_ENV="production",
        JOBPORTAL_SECRET_KEY="bench-secret-key",
        JOBPORTAL_DATA_DIR=str(args.workdir),
        JOBPORTAL_SESSION_COOKIE_SECURE="false",
    )
    from wsgi import app  # as gunicorn runs it (with its garbage collector setting)

    client = app.test_client()

    def get():
        return client.get(args.url, base_url="http://127.0.0.1:8000")

    statuses = {get().status_code for _ in range(50)}
    if statuses != {200}:
        sys.exit(f"{args.url} answered {sorted(statuses)}, not 200")
    started = time.process_time()
    for _ in range(args.requests):
        get()
    cpu_ms = (time.process_time() - started) / args.requests * 1000
    print(f"{ROOT.name}: {args.url}: {cpu_ms:.2f} ms CPU per request ({args.requests} requests, "
          f"load {os.getloadavg()[0]:.2f})")  # fmt: skip
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(200):
            get()
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.profile)


if __name__ == "__main__":
    main()
