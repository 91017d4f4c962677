"""Two-node rehearsal (issue 21): one PostgreSQL, two app nodes behind HAProxy, run by hand.

    bash scripts/with_postgres.sh .venv/bin/python bench/rehearsal.py --listings 100000
    bash scripts/with_postgres.sh .venv/bin/python bench/rehearsal.py --listings 10000 --quick

with_postgres.sh provides the throwaway cluster (JOBPORTAL_TEST_DATABASE_URL; or pass
--database-url). Needs `haproxy` and `wrk` (apt-get install haproxy wrk).

Each node: its own data directory (own index replica) and port, `gunicorn -w 1` and
`flask index worker`; HAProxy in front, configured from deploy/haproxy/haproxy.cfg (TLS
and logging left out, the servers and health check as there). Steps:

0. schema, places, region, N listings (bench/corpus.py); `index rebuild` on A and B
   (timed, index size on disk);
1. wrk on the balancer while a writer (node A's configuration) makes the first half of
   the changes (publish, edit, withdraw, fill, expire): replica lag of B and A, measured
   from each change's commit until the node's index cursor covers its feed entry;
   consistency of both indexes against the database afterwards;
2. the second half of the changes under wrk, node B SIGKILLed (gunicorn and worker) a
   few seconds in and restarted: failed requests, HAProxy's view of B, time until B has
   caught up; consistency again;
3. `index rebuild` on B while wrk loads B directly: reader errors;
4. `alerts send --deliver` and `mail send` started on both nodes at the same moment,
   ROUNDS times, against an SMTP sink: every mail exactly once;
5. throughput through the balancer and of node A alone, one after the other.
Prints a Markdown report (also written to WORKDIR/report.md) with the load average.
"""

import argparse
import contextlib
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
SEARCH_URL = "/jobs?q=Pflege&where=Dresden&radius_km=25"
KINDS = ("publish", "publish", "edit", "edit", "withdraw", "fill", "expire")
VACANCY = {
    "description": "Ausbildung und Erfahrung in der Pflege, Freude an der Arbeit im Team.",
    "postal_code": "01917",
    "locality": "Kamenz",
    "employment_types": ["vollzeit"],
    "working_model": "vor_ort",
    "sector": "gesundheit",
    "apply_email": "bewerbung@example.org",
}


def load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def pct(values, p: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


# --- the nodes -------------------------------------------------------------------------


class Node:
    """One app node: a data directory, gunicorn -w 1 on a port, an index worker."""

    def __init__(self, name: str, work: Path, port: int, common: dict):
        self.name, self.port = name, port
        self.dir = work / name
        self.dir.mkdir(parents=True, exist_ok=True)
        self.env = {
            **common,
            "JOBPORTAL_DATA_DIR": str(self.dir),
            "JOBPORTAL_SEARCH_NODE_NAME": f"node-{name}",
        }
        self.procs: list[subprocess.Popen] = []

    def flask(self, *args, optimize=False, check=True) -> subprocess.CompletedProcess:
        command = [str(BIN / "python"), *(["-O"] if optimize else []), "-m", "flask"]
        return subprocess.run(
            [*command, "--app", "wsgi", *args], cwd=ROOT, env=self.env, capture_output=True,
            text=True, check=check,
        )  # fmt: skip

    def command_at(self, moment: float, *args) -> subprocess.Popen:
        """A CLI command of this node that starts its work at ``moment`` (epoch seconds):
        the app is created first, so every node's run begins within milliseconds."""
        return subprocess.Popen(
            [str(BIN / "python"), str(Path(__file__).resolve()), "--at", str(moment), "--", *args],
            cwd=ROOT, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip

    def start(self) -> None:
        log = (self.dir / "node.log").open("a")
        web = [str(BIN / "gunicorn"), "-w", "1", "-b", f"127.0.0.1:{self.port}",
               "--log-level", "warning", "wsgi:app"]  # fmt: skip
        worker = [str(BIN / "python"), "-m", "flask", "--app", "wsgi", "index", "worker"]
        self.procs = [
            subprocess.Popen(
                cmd, cwd=ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True
            )  # fmt: skip
            for cmd in (web, worker)
        ]

    def signal(self, signum) -> None:
        for proc in self.procs:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signum)

    def stop(self) -> None:
        self.signal(signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()

    def kill(self) -> None:
        self.signal(signal.SIGKILL)
        for proc in self.procs:
            proc.wait()

    def health(self) -> dict | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2) as r:
                return json.load(r)
        except urllib.error.HTTPError as error:
            return json.load(error)
        except OSError:
            return None

    def wait_healthy(self, timeout=120.0) -> float:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            body = self.health()
            if body and body.get("status") == "ok":
                return time.monotonic() - started
            time.sleep(0.2)
        raise RuntimeError(f"node {self.name} not healthy after {timeout} s: {self.health()}")

    def index_path(self) -> Path:
        from jobportal.search.adapter.storage import live_dir

        return live_dir(self.dir / "index")


def cursor_of(path: Path) -> int:
    """The cursor of the live index under ``path`` (a node's INDEX_DIR), -1 if unreadable."""
    from whoosh import index

    from jobportal.search.adapter.indexer import read_cursor
    from jobportal.search.adapter.storage import live_dir

    try:
        return read_cursor(index.open_dir(str(live_dir(path))))
    except Exception:  # noqa: BLE001 - a swap or a kill in progress: try again
        return -1


class CursorWatch(threading.Thread):
    """Polls each node's index cursor every 20 ms; remembers when each value was first seen."""

    def __init__(self, nodes):
        super().__init__(daemon=True)
        self.nodes = nodes
        self.seen = {node.name: [] for node in nodes}  # (time, cursor) when it grew
        self.halt = threading.Event()

    def run(self):
        while not self.halt.is_set():
            for node in self.nodes:
                value = cursor_of(node.dir / "index")
                history = self.seen[node.name]
                if value >= 0 and (not history or value > history[-1][1]):
                    history.append((time.time(), value))
            self.halt.wait(0.02)

    def visible_at(self, name: str, feed_id: int) -> float | None:
        for moment, value in self.seen[name]:
            if value >= feed_id:
                return moment
        return None


# --- HAProxy -----------------------------------------------------------------------------


def haproxy_config(work: Path, port: int, stats_port: int, nodes) -> Path:
    """deploy/haproxy/haproxy.cfg without TLS and syslog, pointing at the local nodes."""
    template = (ROOT / "deploy" / "haproxy" / "haproxy.cfg").read_text()
    lines = []
    for line in template.splitlines():
        stripped = line.strip()
        if stripped.startswith(("log ", "option httplog", "http-request", "bind :443")):
            continue
        if stripped.startswith("bind :80"):
            line = f"    bind 127.0.0.1:{port}"
        elif stripped.startswith("server "):
            continue
        elif "hdr Host" in stripped:
            line = re.sub(r"hdr Host \S+", "hdr Host 127.0.0.1", line)
        lines.append(line)
        if stripped.startswith("default-server"):
            lines += [f"    server node-{n.name} 127.0.0.1:{n.port} check" for n in nodes]
    lines += ["", "listen stats", f"    bind 127.0.0.1:{stats_port}", "    stats enable",
              "    stats uri /stats"]  # fmt: skip
    path = work / "haproxy.cfg"
    path.write_text("\n".join(lines) + "\n")
    return path


def haproxy_states(stats_port: int) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{stats_port}/stats;csv", timeout=2) as r:
        rows = r.read().decode().splitlines()
    header = rows[0].lstrip("# ").split(",")
    status = header.index("status")
    return {
        cols[1]: cols[status]
        for cols in (row.split(",") for row in rows[1:] if row)
        if cols[0] == "app" and cols[1].startswith("node-")
    }


class StateWatch(threading.Thread):
    """Records HAProxy's state changes of the nodes."""

    def __init__(self, stats_port):
        super().__init__(daemon=True)
        self.port, self.changes, self.halt = stats_port, [], threading.Event()

    def run(self):
        last = {}
        while not self.halt.is_set():
            try:
                states = haproxy_states(self.port)
            except OSError:
                states = {}
            for server, state in states.items():
                if last.get(server) != state:
                    self.changes.append((time.time(), server, state))
            last = states or last
            self.halt.wait(0.25)


# --- wrk -----------------------------------------------------------------------------


def wrk(url: str, seconds: float, connections: int = 8) -> subprocess.Popen:
    return subprocess.Popen(
        ["wrk", "-t2", f"-c{connections}", f"-d{int(seconds)}s", "--latency", "--timeout", "10s",
         url],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def wrk_result(proc: subprocess.Popen) -> dict:
    out = proc.communicate()[0]

    def ms(label):
        match = re.search(rf"{label}\s+([\d.]+)(us|ms|s)\b", out)
        if not match:
            return float("nan")
        return float(match.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)]

    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "req_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": ms("50%"),
        "p99_ms": ms("99%"),
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": sum(map(int, errors.groups())) if errors else 0,
        "raw": out,
    }


# --- the writer (a child process with node A's environment) ------------------------------


def writer_main(count: int, rate: float, out: Path, seed: int) -> None:
    """``count`` mixed listing changes at ``rate`` per second; one JSON line per change:
    kind, the highest feed id it wrote, commit time (epoch seconds)."""
    import random

    from sqlalchemy import event, select

    from jobportal import create_app
    from jobportal.core.extensions import db
    from jobportal.listings import JobError
    from jobportal.models import Company, Job, SearchChange

    rng = random.Random(seed)
    written: list[int] = []
    event.listen(SearchChange, "after_insert", lambda m, c, target: written.append(target.id))
    app = create_app()
    with app.app_context(), out.open("w") as sink:
        companies = db.session.execute(select(Company.id)).scalars().all()
        published = db.session.execute(
            select(Job.id).where(Job.state == "published")
        ).scalars().all()  # fmt: skip
        started = time.monotonic()
        for step in range(count):
            kind = rng.choice(KINDS)
            written.clear()
            try:
                with app.test_request_context():
                    new_id = _one_change(kind, rng, step, companies, published, seed)
                    db.session.commit()
            except JobError:
                db.session.rollback()
                continue
            committed = time.time()
            if new_id:
                published.append(new_id)
            if written:
                sink.write(json.dumps({"kind": kind, "feed": max(written), "t": committed}) + "\n")
            delay = started + (step + 1) / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)


def _one_change(kind, rng, step, companies, published, seed) -> int | None:
    """One lifecycle change through the listings package; returns a new listing's id."""
    from jobportal import listings
    from jobportal.core.clock import berlin_today
    from jobportal.core.extensions import db
    from jobportal.listings import SYSTEM
    from jobportal.models import Company, Job

    label = f"Probe{seed}x{step}"
    if kind == "publish":
        company = db.session.get(Company, rng.choice(companies))
        job = listings.create_draft(
            company, SYSTEM, {**VACANCY, "title": f"Pflegefachkraft {label}"}
        )
        listings.submit(job, SYSTEM)
        listings.approve(job, SYSTEM, notify=False)
        db.session.flush()
        return job.id
    job = None
    for _ in range(20):
        candidate = db.session.get(Job, rng.choice(published))
        if candidate is not None and candidate.state == "published":
            job = candidate
            break
    if job is None:
        return None
    if kind == "edit":
        listings.update(job, SYSTEM, {**VACANCY, "title": f"Pflegefachkraft {label} geändert"})
        if job.pending_changes:
            listings.approve(job, SYSTEM, notify=False)
    elif kind == "expire":
        job.ends_on = berlin_today() - timedelta(days=1)
        listings.expire_due()
    elif kind == "withdraw":
        listings.withdraw(job, SYSTEM)
    else:
        listings.mark_filled(job, SYSTEM)
    return None


def run_writer(node: Node, count: int, rate: float, out: Path, seed: int) -> subprocess.Popen:
    return subprocess.Popen(
        [str(BIN / "python"), str(Path(__file__).resolve()), "--writer", str(count),
         "--rate", str(rate), "--out", str(out), "--seed", str(seed)],
        cwd=ROOT, env=node.env,
    )  # fmt: skip


def lags(watch: CursorWatch, name: str, out: Path) -> list[float]:
    """Milliseconds from each change's commit until the node's index covered it."""
    values = []
    for line in out.read_text().splitlines():
        change = json.loads(line)
        seen = watch.visible_at(name, change["feed"])
        if seen is not None:
            values.append(max(0.0, (seen - change["t"]) * 1000))
    return values


# --- checks against the database --------------------------------------------------------


def compare(app, node: Node) -> dict:
    """Missing, ghost and stale documents of a node's index versus the public listings."""
    from sqlalchemy.orm import joinedload
    from whoosh import index

    from jobportal.core.extensions import db
    from jobportal.listings import public_jobs_query
    from jobportal.models import Job
    from jobportal.search.adapter.schema import CURSOR_DOC_ID

    with app.app_context():
        rows = db.session.execute(public_jobs_query().options(joinedload(Job.company)))
        expected = {str(j.id): (j.title, j.display_employer) for j in rows.unique().scalars()}
        db.session.rollback()
    ix = index.open_dir(str(node.index_path()))
    with ix.searcher() as searcher:
        docs = {
            d["id"]: (d["title"], d["company"])
            for d in searcher.all_stored_fields()
            if d["id"] != CURSOR_DOC_ID
        }
    return {
        "missing": len(expected.keys() - docs.keys()),
        "ghost": len(docs.keys() - expected.keys()),
        "stale": sum(1 for k in expected.keys() & docs.keys() if expected[k] != docs[k]),
        "documents": len(docs),
    }


def newest_feed_id(app) -> int:
    """The newest feed id written (the pruned horizon if every entry was pruned)."""
    from sqlalchemy import func, select

    from jobportal.core.extensions import db
    from jobportal.models import SearchChange, SearchFeedHorizon

    with app.app_context():
        newest = db.session.execute(select(func.max(SearchChange.id))).scalar() or 0
        pruned = db.session.execute(select(func.max(SearchFeedHorizon.pruned_through))).scalar()
        db.session.rollback()
    return max(newest, pruned or 0)


def wait_caught_up(app, nodes, timeout=120.0) -> float:
    """Seconds until every node's cursor reaches the newest feed entry."""
    newest = newest_feed_id(app)
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if all(cursor_of(n.dir / "index") >= newest for n in nodes):
            return time.monotonic() - started
        time.sleep(0.1)
    raise RuntimeError("nodes did not catch up")


def feed_bytes_per_row(app) -> float:
    """Bytes PostgreSQL needs per feed row (table and its indexes): 20,000 rows inserted
    in a transaction that is rolled back."""
    from sqlalchemy import text

    from jobportal.core.extensions import db

    size = text("SELECT pg_total_relation_size('search_changes')")
    with app.app_context(), db.engine.connect() as conn:
        before = conn.execute(size).scalar()
        conn.execute(
            text(
                "INSERT INTO search_changes (kind, entity_id, created_at) "
                "SELECT 'job', g, now() FROM generate_series(1, 20000) g"
            )
        )
        after = conn.execute(size).scalar()
        conn.rollback()
    return (after - before) / 20000


# --- alerts and mail on both nodes at once ---------------------------------------------


def alerts_round(app, number: int, per_round: int) -> list[str]:
    """Active daily alerts for new addresses and one new listing they all match."""
    import secrets
    from datetime import UTC, datetime

    from sqlalchemy import select

    from jobportal import listings
    from jobportal.core.extensions import db
    from jobportal.listings import SYSTEM
    from jobportal.models import Company, SavedSearch

    word = f"Probelauf{number}x{secrets.token_hex(3)}"
    now = datetime.now(UTC)
    addresses = [f"runde{number}-{k}@empfang.example" for k in range(per_round)]
    with app.app_context(), app.test_request_context():
        for address in addresses:
            db.session.add(
                SavedSearch(
                    email=address, name=word, params={"q": word}, frequency="daily",
                    status=SavedSearch.ACTIVE, secret=secrets.token_hex(8),
                    created_at=now - timedelta(hours=2), confirmed_at=now - timedelta(hours=1),
                    last_changed_at=now - timedelta(hours=1),
                )
            )  # fmt: skip
        company = db.session.execute(select(Company).limit(1)).scalar_one()
        job = listings.create_draft(company, SYSTEM, {**VACANCY, "title": f"Pflegekraft {word}"})
        listings.submit(job, SYSTEM)
        listings.approve(job, SYSTEM, notify=False)
        db.session.commit()
    return addresses


def concurrent_commands(nodes, rounds: int, app, per_round: int) -> dict:
    """`alerts send --deliver` and `mail send` on every node at the same moment."""
    from jobportal.core.extensions import db
    from jobportal.models import OutboxMail
    from tests.support.smtp import SmtpServer

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    sink = SmtpServer()
    sink.start()
    for node in nodes:
        node.env.update(
            JOBPORTAL_MAIL_BACKEND="smtp", JOBPORTAL_MAIL_HOST="127.0.0.1",
            JOBPORTAL_MAIL_PORT=str(sink.port), JOBPORTAL_MAIL_SECURITY="none",
        )  # fmt: skip
    expected, skipped = [], 0
    try:
        for number in range(rounds):
            expected += alerts_round(app, number, per_round)
            moment = time.time() + 8.0  # every process has created its app by then
            procs = [
                node.command_at(moment, *command)
                for node in nodes
                for command in (("alerts", "send", "--frequency", "daily", "--deliver"),
                                ("mail", "send"))
            ]  # fmt: skip
            outputs = [proc.communicate()[0] for proc in procs]
            if any(proc.returncode for proc in procs):
                raise RuntimeError("\n".join(outputs))
            skipped += sum("übersprungen" in out for out in outputs)
        nodes[0].flask("mail", "send")  # whatever a round left for the next minute
        received = Counter(rcpt for rcpts, _msg in sink.handler.messages for rcpt in rcpts)
        with app.app_context():
            states = Counter(m.status for m in db.session.query(OutboxMail))
            db.session.rollback()
    finally:
        sink.stop()
    return {
        "rounds": rounds,
        "expected": len(expected),
        "delivered": sum(received[a] for a in expected),
        "exactly_once": sum(received[a] == 1 for a in expected),
        "duplicates": sum(max(received[a] - 1, 0) for a in expected),
        "skipped_runs": skipped,
        "outbox": dict(states),
    }


def command_main(moment: float, command: list[str]) -> int:
    """Create the app, wait until ``moment``, run one CLI command (the --at mode)."""
    from jobportal import create_app

    runner = create_app().test_cli_runner()
    time.sleep(max(0.0, moment - time.time()))
    result = runner.invoke(args=command)
    print(result.output, end="")
    if result.exception and not isinstance(result.exception, SystemExit):
        print(repr(result.exception))
    return result.exit_code


# --- the run -----------------------------------------------------------------------------


def prepare(app, n: int) -> float:
    import corpus
    from sqlalchemy import func, select

    from jobportal.core.extensions import db
    from jobportal.models import Job
    from jobportal.places import load_places, sync_region

    started = time.perf_counter()
    with app.app_context():
        db.create_all()
        if db.session.execute(select(func.count(Job.id))).scalar_one() < n:
            load_places()
            sync_region(app.config["REGION"])
            db.session.commit()
            corpus.fill_database(n, seed=1)
        db.session.remove()
        db.engine.dispose()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--changes", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=20.0, help="writer changes per second")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--per-round", type=int, default=3, help="alert recipients per round")
    parser.add_argument("--seconds", type=float, default=20.0, help="wrk time for throughput")
    parser.add_argument("--parallel-rebuild", action="store_true",
                        help="the first rebuild of both nodes at the same time")  # fmt: skip
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/jobportal-rehearsal"))
    parser.add_argument("--database-url", default=os.environ.get("JOBPORTAL_TEST_DATABASE_URL"))
    parser.add_argument("--writer", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--at", type=float, help=argparse.SUPPRESS)
    parser.add_argument("command", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.at is not None:
        sys.exit(command_main(args.at, args.command))
    if args.writer is not None:
        writer_main(args.writer, args.rate, args.out, args.seed)
        return
    if not args.database_url:
        sys.exit("no database: run under scripts/with_postgres.sh or pass --database-url")
    for tool in ("haproxy", "wrk"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} missing: apt-get install haproxy wrk")
    work = args.workdir.resolve()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    report = Rehearsal(args, work).run()
    (work / "report.md").write_text(report)
    print(report)


class Rehearsal:
    def __init__(self, args, work: Path):
        from tests.support.smtp import free_port

        self.args, self.work = args, work
        common = {
            **os.environ,
            "JOBPORTAL_ENV": "production",
            "JOBPORTAL_SECRET_KEY": "rehearsal-shared-secret-key",
            "JOBPORTAL_DATABASE_URL": args.database_url,
            "JOBPORTAL_SESSION_COOKIE_SECURE": "false",
            "JOBPORTAL_HTTPS_ONLY": "false",
            "JOBPORTAL_SEARCH_WORKER_INTERVAL": "0.2",
            "JOBPORTAL_SEARCH_NODE_HEARTBEAT": "2",
            "PYTHONPATH": str(ROOT),
        }
        self.a = Node("a", work, free_port(), common)
        self.b = Node("b", work, free_port(), common)
        self.nodes = [self.a, self.b]
        self.lb_port, self.stats_port = free_port(), free_port()
        self.lines: list[str] = []
        self.haproxy = None

    def say(self, line: str) -> None:
        print(line, flush=True)
        self.lines.append(line)

    def app(self):
        from jobportal import create_app

        os.environ.update(self.a.env)
        return create_app()

    def run(self) -> str:
        try:
            return self._run()
        finally:
            for node in self.nodes:
                node.stop()
            if self.haproxy is not None:
                self.haproxy.terminate()
                self.haproxy.wait(10)

    def _run(self) -> str:
        args, a, b = self.args, self.a, self.b
        self.say(f"# Two-node rehearsal, {args.listings:,} listings")
        self.say(f"\nload average at start: {load()} (2 cores, shared machine)")
        app = self.app()
        self.say(f"- database filled in {prepare(app, args.listings):.0f} s")
        self.first_rebuilds()
        for node in self.nodes:
            node.start()
        for node in self.nodes:
            node.wait_healthy()
        config = haproxy_config(self.work, self.lb_port, self.stats_port, self.nodes)
        self.haproxy = subprocess.Popen(["haproxy", "-f", str(config), "-db"], cwd=self.work)
        time.sleep(3)
        self.say(f"- HAProxy on :{self.lb_port}: {haproxy_states(self.stats_port)}")
        lb = f"http://127.0.0.1:{self.lb_port}{SEARCH_URL}"
        watch = CursorWatch(self.nodes)
        watch.start()
        half = args.changes // 2

        # 1. lag and consistency under load
        self.say(f"\n## 1. {half} changes through node A while wrk loads the balancer")
        self.say(f"load average: {load()}")
        out1 = self.work / "changes-1.jsonl"
        writer = run_writer(a, half, args.rate, out1, 1)
        load1 = wrk(lb, half / args.rate + 5)
        writer.wait()
        r1 = wrk_result(load1)
        caught = wait_caught_up(app, self.nodes)
        self.lag_lines(watch, out1)
        self.say(f"- wrk: {r1['req_s']:.1f} req/s, p99 {r1['p99_ms']:.0f} ms, "
                 f"{r1['non2xx']} non-2xx, {r1['socket_errors']} socket errors")  # fmt: skip
        self.say(f"- both caught up {caught:.1f} s after the writer ended; load {load()}")
        self.consistency(app)

        # 2. node B SIGKILLed and restarted mid-load
        self.say(f"\n## 2. {args.changes - half} more changes, node B SIGKILLed mid-load")
        states = StateWatch(self.stats_port)
        states.start()
        out2 = self.work / "changes-2.jsonl"
        duration = (args.changes - half) / args.rate + 5
        writer = run_writer(a, args.changes - half, args.rate, out2, 2)
        load2 = wrk(lb, duration)
        time.sleep(min(8.0, duration / 4))
        killed = time.time()
        b.kill()
        time.sleep(5)
        newest = newest_feed_id(app)
        restarted = time.time()
        b.start()
        healthy = b.wait_healthy()
        writer.wait()
        r2 = wrk_result(load2)
        caught = wait_caught_up(app, self.nodes)
        states.halt.set()
        self.say(f"- wrk: {r2['requests']} requests, {r2['non2xx']} non-2xx, "
                 f"{r2['socket_errors']} socket errors ({r2['req_s']:.1f} req/s)")  # fmt: skip
        for moment, server, state in states.changes:
            self.say(f"  - HAProxy {server}: {state} at {moment - killed:+.1f} s from the kill")
        back = watch.visible_at("b", newest) or float("nan")
        self.say(f"- B restarted 5 s after the kill; its index covered the {newest} feed "
                 f"entries written until then {back - restarted:.1f} s after the restart; "
                 f"/healthz ok {healthy:.1f} s after the restart; both caught up "
                 f"{caught:.1f} s after the writer ended")  # fmt: skip
        self.lag_lines(watch, out2, steady=False)
        self.consistency(app)

        # 3. rebuild of B while it serves
        self.say("\n## 3. `index rebuild` on node B while wrk loads node B directly")
        self.say(f"load average: {load()}")
        load3 = wrk(f"http://127.0.0.1:{b.port}{SEARCH_URL}", 600, connections=4)
        time.sleep(2)
        started = time.perf_counter()
        b.flask("index", "rebuild", optimize=True)
        rebuilt = time.perf_counter() - started
        time.sleep(2)
        load3.send_signal(signal.SIGINT)
        r3 = wrk_result(load3)
        self.say(f"- rebuild {rebuilt:.1f} s; wrk on B: {r3['requests']} requests, "
                 f"{r3['non2xx']} non-2xx, {r3['socket_errors']} socket errors")  # fmt: skip
        watch.halt.set()

        # 4. scheduled commands on both nodes at once
        self.say(f"\n## 4. `alerts send --deliver` + `mail send` on both nodes at once, "
                 f"{args.rounds} times")  # fmt: skip
        mails = concurrent_commands(self.nodes, args.rounds, app, args.per_round)
        self.say(f"- {mails['expected']} digests expected, {mails['delivered']} delivered to "
                 f"the SMTP sink, {mails['exactly_once']} exactly once, {mails['duplicates']} "
                 f"duplicates; {mails['skipped_runs']} runs found the lock taken and skipped; "
                 f"outbox {mails['outbox']}")  # fmt: skip

        # 5. throughput
        self.say(f"\n## 5. Throughput (wrk -t2 -c8 -d{args.seconds:.0f}s, {SEARCH_URL})")
        self.say(f"load average: {load()}")
        for label, url in (("balancer (2 nodes)", lb),
                           ("node A alone", f"http://127.0.0.1:{a.port}{SEARCH_URL}")):  # fmt: skip
            result = wrk_result(wrk(url, args.seconds))
            self.say(f"- {label}: {result['req_s']:.1f} req/s, p50 {result['p50_ms']:.0f} ms, "
                     f"p99 {result['p99_ms']:.0f} ms, {result['non2xx']} non-2xx")  # fmt: skip
        self.say(f"- feed: {feed_bytes_per_row(app):.0f} bytes per row in PostgreSQL")
        self.feed_state(app)
        self.say(f"\nload average at end: {load()}")
        return "\n".join(self.lines) + "\n"

    def first_rebuilds(self) -> None:
        """`index rebuild` on each node, one after the other or (--parallel-rebuild) both
        at once (two new nodes joining together; halves the wall time of a large run)."""
        started = time.perf_counter()
        command = [str(BIN / "python"), "-O", "-m", "flask", "--app", "wsgi", "index", "rebuild"]
        runs = []
        for node in self.nodes:
            proc = subprocess.Popen(command, cwd=ROOT, env=node.env, stdout=subprocess.PIPE,
                                    stderr=subprocess.DEVNULL, text=True)  # fmt: skip
            if not self.args.parallel_rebuild:
                proc.wait()
            runs.append((node, proc, time.perf_counter()))
        mode = "at the same time" if self.args.parallel_rebuild else "one after the other"
        for node, proc, _ in runs:
            out = proc.communicate()[0].strip().splitlines()[-1]
            size = sum(f.stat().st_size for f in node.index_path().rglob("*") if f.is_file())
            self.say(f"- node {node.name} `index rebuild` ({mode}): {out}; "
                     f"index {size / 1e6:.0f} MB")  # fmt: skip
        self.say(f"- both rebuilt {time.perf_counter() - started:.0f} s after the start")

    def lag_lines(self, watch, out: Path, steady=True) -> None:
        for node in (self.b, self.a):
            values = lags(watch, node.name, out)
            note = "" if steady else " (includes B's downtime)"
            self.say(f"- replica lag node {node.name}: p50 {pct(values, 50):.0f} ms, "
                     f"p99 {pct(values, 99):.0f} ms, max {max(values or [0]):.0f} ms "
                     f"over {len(values)} changes{note}")  # fmt: skip

    def consistency(self, app) -> None:
        for node in self.nodes:
            self.say(f"- consistency node {node.name}: {compare(app, node)}")

    def feed_state(self, app) -> None:
        from sqlalchemy import func, select

        from jobportal.core.extensions import db
        from jobportal.models import SearchChange, SearchFeedHorizon

        with app.app_context():
            rows, top = db.session.execute(
                select(func.count(SearchChange.id), func.max(SearchChange.id))
            ).one()
            horizon = db.session.get(SearchFeedHorizon, 1)
            self.say(f"- feed after the run: {rows} rows kept, newest id {top}, pruned "
                     f"through {horizon.pruned_through if horizon else 0}")  # fmt: skip
            db.session.rollback()


if __name__ == "__main__":
    main()
