"""The index stays true to the database under concurrent writers, a SIGKILLed indexer and
a rebuild under readers (DESIGN.md decision 1). Real processes (spawn), a file database:
SQLite in WAL mode, or PostgreSQL when JOBPORTAL_TEST_DATABASE_URL is set."""

import multiprocessing
import os
import random
import signal
import sqlite3
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from whoosh import index

from jobportal import create_app
from jobportal.core.clock import berlin_today
from jobportal.core.extensions import db
from jobportal.models import Company, Job, SearchChange
from jobportal.search import SearchParams, drain, rebuild, reset_pools, search_jobs
from jobportal.search.adapter.indexer import read_cursor
from jobportal.search.adapter.schema import CURSOR_DOC_ID
from jobportal.search.adapter.storage import index_root, live_dir
from tests.conftest import PG_URL, _settings, make_app
from tests.support.listings import vacancy_data

pytestmark = pytest.mark.slow
SPAWN = multiprocessing.get_context("spawn")
CHANGES = ("publish", "publish", "edit", "edit", "expire", "withdraw", "fill", "ban")


@pytest.fixture
def settings(tmp_path, db_template):
    """Settings every process creates its app from; the database prepared once here."""
    extra = {"SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"timeout": 30}}}
    if PG_URL:
        extra = {}
    app = make_app(tmp_path, db_template, **extra)
    with app.app_context():
        db.engine.dispose()
    if not PG_URL:
        with sqlite3.connect(tmp_path / "data" / "jobportal.sqlite") as conn:
            conn.execute("PRAGMA journal_mode=WAL")
    yield _settings(tmp_path, **extra)
    reset_pools()


def _app(settings):
    """An app for this process (no database reset)."""
    return create_app(dict(settings))


def vacancy(title: str) -> dict:
    """Raw vacancy data as the employer form sends it."""
    return vacancy_data(title=title, description=f"Wir suchen {title} für unser Team in Kamenz.")


def _published_job(rng):
    """A random published listing, or None."""
    ids = db.session.execute(select(Job.id).where(Job.state == "published")).scalars().all()
    return db.session.get(Job, rng.choice(ids)) if ids else None


def _change(kind: str, rng, label: str) -> None:
    """One lifecycle change (feed rows in the same transaction, committed by the caller)."""
    from jobportal import listings, moderation
    from jobportal.listings import SYSTEM

    if kind == "ban":
        company = db.session.get(Company, rng.choice(_company_ids()))
        if company.is_banned:
            moderation.unban_company(company, SYSTEM, "Geprüft")
        else:
            moderation.ban_company(company, SYSTEM, "Test der Suche")
        return
    if kind == "publish":
        company = db.session.get(Company, rng.choice(_company_ids()))
        job = listings.create_draft(company, SYSTEM, vacancy(f"Pflegefachkraft {label}"))
        listings.submit(job, SYSTEM)
        listings.approve(job, SYSTEM, notify=False)
        return
    job = _published_job(rng)
    if job is None:
        return
    if kind == "edit":
        listings.update(job, SYSTEM, vacancy(f"Pflegefachkraft {label} geändert"))
        if job.pending_changes:
            listings.approve(job, SYSTEM, notify=False)
    elif kind == "expire":
        job.ends_on = berlin_today() - timedelta(days=1)
        listings.expire_due()
    elif kind == "withdraw":
        listings.withdraw(job, SYSTEM)
    else:
        listings.mark_filled(job, SYSTEM)


def _company_ids() -> list[int]:
    return db.session.execute(select(Company.id).order_by(Company.id)).scalars().all()


def change_worker(settings, number: int, count: int) -> None:
    """Child process: ``count`` random changes, retried when the database is busy."""
    from jobportal.listings import JobError
    from jobportal.moderation import ModerationError

    rng = random.Random(1000 + number)
    app = _app(settings)
    with app.app_context():
        for step in range(count):
            kind = rng.choice(CHANGES)
            for _attempt in range(50):
                try:
                    _change(kind, rng, f"W{number}-{step}")
                    db.session.commit()
                    break
                except (JobError, ModerationError):
                    db.session.rollback()  # e.g. a banned company cannot publish
                    break
                except OperationalError:
                    db.session.rollback()
                    time.sleep(rng.uniform(0.01, 0.1))


def indexer_loop(settings, stop, started=None, batch_size: int = 500) -> None:
    """Child process: drain until ``stop`` is set (what `flask index worker` does)."""
    app = _app(settings)
    if started is not None:
        started.set()
    while not stop.is_set():
        drain(app, batch_size=batch_size)
        stop.wait(0.05)


def compare_with_database(app) -> dict:
    """Missing, ghost and stale documents of the live index versus the public listings."""
    from jobportal.listings import public_jobs_query

    with app.app_context():
        rows = db.session.execute(public_jobs_query()).scalars()
        expected = {str(j.id): (j.title, j.display_employer) for j in rows}
        ix = index.open_dir(str(live_dir(index_root(app))))
        with ix.searcher() as searcher:
            docs = {
                d["id"]: (d["title"], d["company"])
                for d in searcher.all_stored_fields()
                if d["id"] != CURSOR_DOC_ID
            }
    return {
        "missing": sorted(expected.keys() - docs.keys()),
        "ghost": sorted(docs.keys() - expected.keys()),
        "stale": sorted(k for k in expected.keys() & docs.keys() if expected[k] != docs[k]),
        "documents": len(docs),
    }


def _seed(app, companies: int, jobs_per_company: int) -> None:
    """Companies with published listings, all fed and drained."""
    from tests.conftest import Factory

    factory = Factory(app)
    for n in range(companies):
        company = factory.company(name=f"Pflegedienst {n} GmbH")
        for k in range(jobs_per_company):
            factory.job(company, title=f"Pflegefachkraft Start {n}-{k}")
    with app.app_context():
        for job_id in db.session.execute(select(Job.id)).scalars():
            db.session.add(SearchChange(kind="job", entity_id=job_id))
        db.session.commit()
        drain()


def test_concurrent_writers_leave_nothing_missing_ghost_or_stale(settings):
    app = _app(settings)
    _seed(app, companies=6, jobs_per_company=5)
    stop = SPAWN.Event()
    indexer = SPAWN.Process(target=indexer_loop, args=(settings, stop))
    indexer.start()
    workers = [SPAWN.Process(target=change_worker, args=(settings, n, 100)) for n in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    stop.set()
    indexer.join(30)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0] and indexer.exitcode == 0
    with app.app_context():
        drain()
        changes = db.session.execute(select(SearchChange.id)).scalars().all()
    report = compare_with_database(app)
    assert (report["missing"], report["ghost"], report["stale"]) == ([], [], [])
    assert len(changes) > 30 + 200, len(changes)  # the seed's 30 plus most of the 400 changes


def test_sigkilled_indexer_loses_nothing(settings):
    app = _app(settings)
    _seed(app, companies=10, jobs_per_company=150)  # 1,500 listings, drained
    rng = random.Random(42)
    with app.app_context():
        ids = db.session.execute(select(Job.id)).scalars().all()
        for job_id in ids:  # 1,500 edits and 1,500 re-feeds: 3,000 feed rows to drain
            job = db.session.get(Job, job_id)
            job.title = f"Pflegefachkraft neu {job_id}"
            if rng.random() < 0.2:
                job.state = "withdrawn"
            db.session.add(SearchChange(kind="job", entity_id=job_id))
            db.session.add(SearchChange(kind="job", entity_id=rng.choice(ids)))
        db.session.commit()
    for _round in range(10):
        stop, started = SPAWN.Event(), SPAWN.Event()
        child = SPAWN.Process(target=indexer_loop, args=(settings, stop, started, 50))
        child.start()
        assert started.wait(60)
        time.sleep(rng.uniform(0.05, 1.5))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        ix = index.open_dir(str(live_dir(index_root(app))))  # always opens
        with ix.searcher() as searcher:
            assert searcher.doc_count() >= 1
        assert read_cursor(ix) >= 0
    with app.app_context():
        drain()
    report = compare_with_database(app)
    assert (report["missing"], report["ghost"], report["stale"]) == ([], [], [])
    assert report["documents"] > 1000


def search_loop(app_or_settings, stop, results) -> None:
    """Search a term every listing has until ``stop``; put (searches, problems) on
    ``results`` (a problem: an exception or an empty result)."""
    app = app_or_settings if hasattr(app_or_settings, "config") else _app(app_or_settings)
    searches, problems = 0, []
    with app.app_context():
        while not stop.is_set():
            try:
                result = search_jobs(SearchParams(q="Pflegefachkraft", per_page=5))
                if result.total == 0 or not result.hits:
                    problems.append("empty result")
            except Exception as exc:  # noqa: BLE001 - reported to the test
                problems.append(repr(exc))
            searches += 1
    results.put((searches, problems[:5]))


def test_rebuild_while_readers_search(settings):
    app = _app(settings)
    _seed(app, companies=4, jobs_per_company=100)
    stop, results = SPAWN.Event(), SPAWN.Queue()
    reader = SPAWN.Process(target=search_loop, args=(settings, stop, results))
    reader.start()
    threads = [threading.Thread(target=search_loop, args=(app, stop, results)) for _ in range(2)]
    for thread in threads:
        thread.start()
    try:
        for procs in (1, 2, 1):
            with app.app_context():
                stats = rebuild(procs=procs)
            assert stats["documents"] == 400
    finally:
        stop.set()
        for thread in threads:
            thread.join(30)
        reader.join(60)
    outcomes = [results.get(timeout=30) for _ in range(3)]
    assert [problems for _n, problems in outcomes] == [[], [], []]
    assert all(searches > 0 for searches, _p in outcomes)
    report = compare_with_database(app)
    assert (report["missing"], report["ghost"], report["stale"]) == ([], [], [])


def test_fast_index_path_indexes_what_the_analyzers_would():
    """formats.py bypasses the analyzer chain while indexing: same terms, frequencies,
    weights and positions as Whoosh's own formats fed by the analyzers."""
    from whoosh.formats import Frequency, Positions

    from jobportal.search.adapter.schema import build_schema

    def decoded(fmt, items, kind):
        return {
            (t.decode() if isinstance(t, bytes) else t): (f, w, _as_list(fmt.decoder(kind)(v)))
            for t, f, w, v in items
        }

    schema = build_schema()
    texts = ["Bäckerin / Bäcker (m/w/d) in Teilzeit", "Softwareentwickler C++ & C#, z.B. .NET"]
    for name, plain, kind in (
        ("title", Positions, "positions"),
        ("description", Positions, "positions"),
        ("title_ngram", Frequency, "frequency"),
    ):
        field = schema[name]
        reference = plain(field_boost=field.format.field_boost)
        for text in texts:
            fast = decoded(field.format, field.index(text), kind)
            slow = decoded(reference, reference.word_values(text, field.analyzer), kind)
            assert fast == slow, (name, text)


def _as_list(value):
    """Positions as a list (an array or a list), a frequency as is."""
    return value if isinstance(value, int) else list(value)
