"""`flask index drain|worker|rebuild|status` and the drain right after a request's commit."""

import logging
import os
import signal
import threading

from sqlalchemy import select

from jobportal.core.extensions import db
from jobportal.models import Job
from jobportal.search import SearchParams, note_job_changed, run_worker, search_jobs
from jobportal.search.adapter.storage import index_root, writer_lock


def feed_all(app):
    """Feed entries for every listing, committed outside a request (nothing drains)."""
    with app.app_context():
        for job_id in db.session.execute(select(Job.id)).scalars():
            note_job_changed(job_id)
        db.session.commit()


def found(app, q):
    with app.app_context():
        return search_jobs(SearchParams(q=q)).total


def test_drain_and_status_commands(app, runner, factory):
    factory.job(title="Zimmerer (m/w/d)")
    feed_all(app)
    assert found(app, "Zimmerer") == 0
    result = runner.invoke(args=["index", "status"])
    assert "ausstehend (lag): 1" in result.output
    result = runner.invoke(args=["index", "drain"])
    assert result.exit_code == 0 and "angewendet: 1 Einträge" in result.output
    assert found(app, "Zimmerer") == 1
    result = runner.invoke(args=["index", "status"])
    assert "Dokumente: 1" in result.output and "ausstehend (lag): 0" in result.output


def test_rebuild_command_reports_speed(app, runner, factory):
    for n in range(3):
        factory.job(title=f"Dachdecker {n}")
    result = runner.invoke(args=["index", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "3 Stellen in" in result.output and "Dokumente/s" in result.output
    assert found(app, "Dachdecker") == 3


def test_worker_command_stops_on_sigterm(app, runner, factory):
    factory.job(title="Glaser (m/w/d)")
    feed_all(app)
    saved = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    timer = threading.Timer(1.5, os.kill, (os.getpid(), signal.SIGTERM))
    timer.start()
    try:
        result = runner.invoke(args=["index", "worker", "--interval", "0.1"])
    finally:
        timer.cancel()
        for signum, handler in saved.items():
            signal.signal(signum, handler)
    assert result.exit_code == 0, result.output
    assert "1 Einträge angewendet" in result.output
    assert found(app, "Glaser") == 1


def test_worker_survives_a_busy_index(app, factory, caplog):
    caplog.set_level(logging.INFO)
    factory.job(title="Steinmetz (m/w/d)")
    feed_all(app)
    stop = threading.Event()
    totals = {}
    with writer_lock(index_root(app)):
        thread = threading.Thread(target=lambda: totals.update(run_worker(app, 0.05, stop)))
        thread.start()
        thread.join(1.5)  # the worker waits 1 s for the lock, logs, tries again
        assert found(app, "Steinmetz") == 0
    for _ in range(200):  # the next drain applies the entry
        if found(app, "Steinmetz"):
            break
        stop.wait(0.05)
    stop.set()
    thread.join(10)
    assert totals["applied"] == 1 and "index busy" in caplog.text
    assert found(app, "Steinmetz") == 1


def test_a_committed_request_is_searchable_when_the_response_is_sent(app, factory):
    job_id = factory.job(title="Orgelbauer (m/w/d)", state="pending")

    def publish():
        job = db.session.get(Job, job_id)
        job.state = "published"
        note_job_changed(job_id)
        db.session.commit()
        return "ok"

    app.add_url_rule("/_probe", "probe", publish, methods=["POST"])
    assert app.config["SEARCH_DRAIN_AFTER_COMMIT"]
    assert app.test_client().post("/_probe").status_code == 200
    assert found(app, "Orgelbauer") == 1


def test_drain_after_commit_never_breaks_the_request(app, factory, caplog):
    caplog.set_level(logging.INFO)
    job_id = factory.job(title="Uhrmacher (m/w/d)", state="pending")

    def publish():
        note_job_changed(job_id)
        db.session.get(Job, job_id).state = "published"
        db.session.commit()
        return "ok"

    app.add_url_rule("/_probe", "probe", publish, methods=["POST"])
    with writer_lock(index_root(app)):  # a long drain elsewhere holds the index
        response = app.test_client().post("/_probe")
    assert response.status_code == 200 and "index busy" in caplog.text
    assert found(app, "Uhrmacher") == 0  # applied by the next drain


def test_only_a_commit_with_feed_entries_drains(app, factory):
    factory.job(title="Kürschner (m/w/d)")
    feed_all(app)  # committed outside a request: waits for a drain
    job_id = factory.job(title="Sattler (m/w/d)", state="pending")

    def touch():
        db.session.get(Job, job_id).title = "Sattlerin (m/w/d)"  # no feed entry
        db.session.commit()
        return "ok"

    app.add_url_rule("/_touch", "touch", touch, methods=["POST"])
    assert app.test_client().post("/_touch").status_code == 200
    assert found(app, "Kürschner") == 0
    with app.app_context():
        note_job_changed(job_id)
        db.session.rollback()  # a mark never committed stays with its own session
    assert app.test_client().post("/_touch").status_code == 200
    assert found(app, "Kürschner") == 0
