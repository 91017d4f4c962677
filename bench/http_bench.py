"""HTTP throughput of /jobs under gunicorn, next to a bare Flask app, plus rebuild time
from a real database and how fast an approved listing becomes searchable.

    .venv/bin/python bench/http_bench.py 100000 --workdir /tmp/bench-http   # the target size
    .venv/bin/python bench/http_bench.py --quick                            # 5,000 listings

Steps: a SQLite database with N public listings (bench/corpus.py), `flask index rebuild`
(timed, docs/s), the approval-to-searchable latency with SEARCH_DRAIN_AFTER_COMMIT, then
gunicorn with 2 workers serving the app and a hello-world Flask app in turn, each under
`wrk -t2 -c16 -d15s` (apt-get install wrk), then 1,000 varied searches (words, places,
radii, filters, sorts, pages) against the app's workers and the resident size of each
worker afterwards. The workdir is reused when its database already has N listings (pass
a fresh one to rebuild everything).
"""

import argparse
import os
import random
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
URL = "/jobs?q={q}&where=Dresden&radius_km=25"
HELLO = "bench.hello:app"
# as deploy/systemd/jobportal-web.service runs the app: each worker warms its search first
DEPLOYED_SETTINGS = ("-c", "deploy/gunicorn.conf.py")


def environment(work: Path) -> dict:
    """Environment of every process of the run: production config on the workdir."""
    return {
        **os.environ,
        "JOBPORTAL_ENV": "production",
        "JOBPORTAL_SECRET_KEY": "bench-secret-key",
        "JOBPORTAL_DATA_DIR": str(work),
        "JOBPORTAL_SESSION_COOKIE_SECURE": "false",
        "PYTHONPATH": str(ROOT),
        "PYTHONOPTIMIZE": "1",  # as deploy/systemd/jobportal-web.service: no Whoosh asserts
    }


def prepare_database(n: int, work: Path) -> int:
    """Create the schema, places, region and N listings unless they exist; returns count."""
    os.environ.update(environment(work))
    import corpus
    from sqlalchemy import func, select

    from jobportal import create_app
    from jobportal.core.extensions import db
    from jobportal.models import Job
    from jobportal.places import load_places, sync_region

    app = create_app()
    with app.app_context():
        db.create_all()
        have = db.session.execute(select(func.count(Job.id))).scalar_one()
        if have < n:
            load_places()
            sync_region(app.config["REGION"])
            db.session.commit()
            started = time.perf_counter()
            corpus.fill_database(n - have, seed=1)
            print(f"database: {n - have} listings in {time.perf_counter() - started:.0f} s")
        db.engine.dispose()
    return n


def flask(work: Path, *args, optimize: bool = False) -> str:
    """Run a flask command of the app (``optimize``: python -O); returns its output."""
    command = [str(BIN / "python"), *(["-O"] if optimize else []), "-m", "flask", "--app", "wsgi"]
    done = subprocess.run(
        [*command, *args], cwd=ROOT, env=environment(work), capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    return done.stdout


def approval_latency(work: Path, rounds: int = 20) -> list[float]:
    """Seconds from approving a pending listing (commit + after-commit drain) until a
    search finds it, as in the single-process default."""
    from jobportal import create_app, listings
    from jobportal.core.extensions import db
    from jobportal.models import Company
    from jobportal.platform import hooks
    from jobportal.search import SearchParams, search_jobs

    app = create_app({"SEARCH_DRAIN_AFTER_COMMIT": True, "MAIL_SEND_AFTER_COMMIT": False})
    data = {
        "description": "Ausbildung und Erfahrung in der Pflege.",
        "postal_code": "01917",
        "locality": "Kamenz",
        "employment_types": ["vollzeit"],
        "working_model": "vor_ort",
        "sector": "gesundheit",
        "apply_email": "bewerbung@example.org",
    }
    times = []
    with app.app_context():
        company = db.session.get(Company, 1)
        search_jobs(SearchParams(q="Pflegefachkraft"))  # open the searcher first
        for n in range(rounds):
            word = f"Latenzprobe{n}x{int(time.time())}"
            with app.test_request_context():
                job = listings.create_draft(company, listings.SYSTEM, {**data, "title": word})
                listings.submit(job, listings.SYSTEM)
                db.session.commit()
                hooks.run_after_commit_tasks(app)
            with app.test_request_context():
                started = time.perf_counter()
                listings.approve(db.session.merge(job), listings.SYSTEM, notify=False)
                db.session.commit()
                hooks.run_after_commit_tasks(app)
                found = search_jobs(SearchParams(q=word)).total
                times.append(time.perf_counter() - started)
            assert found == 1, word
    return times


WORDS = [
    "Pflege",
    "Elektriker",
    "Koch",
    "Verkauf",
    "Lager",
    "Erzieher",
    "Buchhaltung",
    "Mechatroniker",
    "Fahrer",
    "Maurer",
    "Team",
    "Teilzeit",
    "Ausbildung",
    "IT",
    "Reinigung",
    "Medizinische",
    "Kaufmann",
    "Service",
    "Produktion",
    "Logistik",
    "",
]
PLACES = [
    "",
    "Dresden",
    "Kamenz",
    "Hoyerswerda",
    "Bautzen",
    "Pirna",
    "Meißen",
    "Radeberg",
    "01917",
    "Großenhain",
    "Leipzig",
    "Görlitz",
]
FILTERS = [
    {},
    {},
    {"employment_type": "teilzeit"},
    {"working_model": "remote"},
    {"sector": "gesundheit"},
    {"salary_given": "1"},
    {"published_within": "7"},
]


def varied_paths(count: int, seed: int = 7) -> list[str]:
    """/jobs URLs as visitors make them: words, places, radii, filters, sorts, pages."""
    rng, paths = random.Random(seed), []
    for _ in range(count):
        params = {"q": rng.choice(WORDS), **rng.choice(FILTERS)}
        where = rng.choice(PLACES)
        if where:
            params.update(where=where, radius_km=rng.choice([5, 10, 25, 50, 100]))
        params["sort"] = rng.choice(["relevance", "date"] + (["distance"] if where else []))
        params["page"] = rng.choice([1, 1, 1, 2, 3])
        paths.append("/jobs?" + urllib.parse.urlencode({k: v for k, v in params.items() if v}))
    return paths


SEQUENTIAL = 300  # requests one after another after wrk: the workers' CPU time per request


def workers_cpu_s(master_pid: int) -> float:
    """CPU seconds (user + system) the gunicorn master's workers used so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    fields = [Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split() for pid in children]
    return sum(int(f[11]) + int(f[12]) for f in fields) / ticks


def worker_rss_mb(master_pid: int) -> list[float]:
    """Resident size (VmRSS) of each child process of the gunicorn master, in MB."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
    return sizes


def varied_searches(base: str, count: int) -> dict:
    """``count`` varied searches one after another; statuses and time per request."""
    statuses, started = {}, time.perf_counter()
    for path in varied_paths(count):
        try:
            with urllib.request.urlopen(base + path) as answer:  # noqa: S310 - local bench
                statuses[answer.status] = statuses.get(answer.status, 0) + 1
        except urllib.error.HTTPError as error:
            statuses[error.code] = statuses.get(error.code, 0) + 1
    return {"statuses": statuses, "ms": (time.perf_counter() - started) / count * 1000}


def serve_and_load(
    work: Path, app_spec: str, path: str, port: int, varied: int = 0, settings: tuple = ()
) -> dict:
    """gunicorn -w 2 on ``app_spec`` (``settings``: more gunicorn arguments), warmed up,
    then wrk; returns req/s and p99 ms (``varied``: then that many varied searches, and
    the workers' resident sizes)."""
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), *settings, "-w", "2", "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", app_spec],
        cwd=ROOT, env=environment(work),
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}{path}"
    try:
        for _ in range(100):
            if subprocess.run(["curl", "-sf", "-o", "/dev/null", url]).returncode == 0:
                break
            time.sleep(0.2)
        # warm both workers: the app's warm their search caches as they start
        # (deploy/gunicorn.conf.py), the wrk run settles both apps alike
        subprocess.run(["wrk", "-t2", "-c4", "-d10s", url], capture_output=True, check=True)
        out = subprocess.run(
            ["wrk", "-t2", "-c16", "-d15s", "--latency", url],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        found = {"req_s": _wrk_rate(out), "p99_ms": _wrk_p99(out), "raw": out}
        cpu = workers_cpu_s(server.pid)
        for _ in range(SEQUENTIAL):
            with urllib.request.urlopen(url) as answer:  # noqa: S310 - local bench
                answer.read()
        found["cpu_ms"] = (workers_cpu_s(server.pid) - cpu) / SEQUENTIAL * 1000
        if varied:
            found["rss_before"] = worker_rss_mb(server.pid)
            found["varied"] = varied_searches(f"http://127.0.0.1:{port}", varied)
            found["rss_after"] = worker_rss_mb(server.pid)
            found["mix"] = wrk_mix(work, f"http://127.0.0.1:{port}", varied)
    finally:
        server.terminate()
        server.wait(30)
    return found


def wrk_mix(work: Path, base: str, count: int) -> dict:
    """wrk cycling through ``count`` varied searches (each connection its own order
    offset): the throughput of a mix rather than of one repeated URL."""
    script = work / "varied.lua"
    paths = ", ".join(f'"{p}"' for p in varied_paths(count))
    script.write_text(
        f"paths = {{{paths}}}\n"
        "counter = 0\n"
        "request = function()\n"
        "  counter = counter + 1\n"
        '  return wrk.format("GET", paths[(counter % #paths) + 1])\n'
        "end\n"
    )
    out = subprocess.run(
        ["wrk", "-t2", "-c16", "-d15s", "--latency", "-s", str(script), base],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return {"req_s": _wrk_rate(out), "p99_ms": _wrk_p99(out)}


def _wrk_rate(out: str) -> float:
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def _wrk_p99(out: str) -> float:
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def report(path: str, jobs: dict, hello: dict, varied: int) -> None:
    """Print the figures of /jobs next to the hello, then memory and the varied mix."""
    print(f"| /jobs ({path}) | {jobs['req_s']:.0f} req/s | p99 {jobs['p99_ms']:.0f} ms "
          f"| worker CPU {jobs['cpu_ms']:.1f} ms/request |")  # fmt: skip
    print(f"| bare Flask hello | {hello['req_s']:.0f} req/s | p99 {hello['p99_ms']:.1f} ms "
          f"| worker CPU {hello['cpu_ms']:.2f} ms/request |")  # fmt: skip
    ratio = hello["req_s"] / jobs["req_s"]
    verdict = "met" if ratio <= 15 else "missed"
    print(f"ratio /jobs : hello = 1 : {ratio:.1f} (target at most 1 : 15: {verdict})")
    cpu_ratio = jobs["cpu_ms"] / hello["cpu_ms"]
    print(f"worker CPU per request (sequential, {SEQUENTIAL} each): /jobs : hello = "
          f"{cpu_ratio:.1f} : 1; 2 workers on 2 free cores could serve at most "
          f"{2000 / jobs['cpu_ms']:.0f} req/s of /jobs")  # fmt: skip
    if varied:
        rss = ", ".join(f"{mb:.0f}" for mb in jobs["rss_after"])
        before = ", ".join(f"{mb:.0f}" for mb in jobs["rss_before"])
        sequential = jobs["varied"]
        print(f"{varied} varied searches: {sequential['ms']:.1f} ms each (sequential), "
              f"statuses {sequential['statuses']}")  # fmt: skip
        print(f"worker resident size (MB): after wrk {before}; after the varied searches {rss}")
        mix = jobs["mix"]
        print(f"| /jobs, {varied} varied searches in turn (wrk -s) | {mix['req_s']:.0f} req/s "
              f"| p99 {mix['p99_ms']:.0f} ms |")  # fmt: skip


def main() -> None:
    """Prepare, measure, print a Markdown summary."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="5,000 listings")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/jobportal-bench-http"))
    parser.add_argument("--q", default="Pflege")
    parser.add_argument("--skip-rebuild", action="store_true")
    parser.add_argument("--prepare-only", action="store_true", help="only fill the database")
    parser.add_argument("--varied", type=int, default=1000, help="varied searches for memory")
    parser.add_argument("--skip-latency", action="store_true", help="no approval latency")
    args = parser.parse_args()
    n = 5000 if args.quick else args.n
    work = args.workdir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    print(f"load average at start: {os.getloadavg()}", flush=True)
    prepare_database(n, work)
    if args.prepare_only:
        return
    if not args.skip_rebuild:
        started = time.perf_counter()
        print(flask(work, "index", "rebuild", optimize=True).strip().splitlines()[-1])
        print(f"rebuild (python -O) incl. app start: {time.perf_counter() - started:.1f} s")
    print(flask(work, "index", "status").strip())
    if not args.skip_latency:
        latency = sorted(approval_latency(work))
        print(f"approved -> searchable: p50 {latency[len(latency) // 2] * 1000:.0f} ms, "
              f"max {latency[-1] * 1000:.0f} ms ({len(latency)} rounds)")  # fmt: skip
    print(f"load average before wrk: {os.getloadavg()}", flush=True)
    jobs = serve_and_load(
        work, "wsgi:app", URL.format(q=args.q), 8765, args.varied, DEPLOYED_SETTINGS
    )
    hello = serve_and_load(work, HELLO, "/", 8766)
    print(f"load average at end: {os.getloadavg()}")
    report(URL.format(q=args.q), jobs, hello, args.varied)
    print(jobs["raw"])


if __name__ == "__main__":
    main()
