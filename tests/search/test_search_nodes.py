"""The node registry: heartbeats, the pruning horizon, stale nodes and the rebuild a node
needs when it returns behind the pruned feed. Two apps with their own index directories
on one database play two nodes (SQLite file, or PostgreSQL when
JOBPORTAL_TEST_DATABASE_URL is set)."""

import logging
import socket
import threading
from datetime import timedelta

import pytest
from sqlalchemy import delete, select, update

from jobportal import create_app
from jobportal.core.extensions import db
from jobportal.models import SearchChange, SearchFeedHorizon, SearchNode
from jobportal.models.base import utcnow
from jobportal.search import (
    RebuildRequired,
    SearchParams,
    drain,
    node_name,
    note_job_changed,
    rebuild,
    reset_pools,
    run_worker,
    search_jobs,
    status,
)
from jobportal.search.adapter.builder import Hold
from jobportal.search.adapter.worker import beat
from tests.conftest import _settings


class OneRound(threading.Event):
    """A stop event for run_worker that ends the loop after its first round."""

    def wait(self, timeout=None):
        self.set()
        return True


@pytest.fixture
def node_b(app, tmp_path):
    """A second node on the same database with its own data directory and index."""
    settings = _settings(tmp_path / "b", SEARCH_NODE_NAME="node-b")
    settings["SQLALCHEMY_DATABASE_URI"] = app.config["SQLALCHEMY_DATABASE_URI"]
    other = create_app(settings)
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def node_a(app):
    app.config["SEARCH_NODE_NAME"] = "node-a"
    return app


def change(app, factory, title: str) -> int:
    """A new listing and its feed entry, committed outside a request (nothing drains)."""
    job_id = factory.job(title=title)
    with app.app_context():
        note_job_changed(job_id)
        db.session.commit()
    return job_id


def feed_ids(app) -> list[int]:
    with app.app_context():
        return list(db.session.execute(select(SearchChange.id).order_by(SearchChange.id)).scalars())


def registry(app) -> dict:
    with app.app_context():
        rows = db.session.execute(select(SearchNode)).scalars()
        return {row.name: row.cursor for row in rows}


def silence(app, name: str, seconds: float) -> None:
    """Pretend the node's last heartbeat was ``seconds`` ago."""
    with app.app_context():
        db.session.execute(
            update(SearchNode)
            .where(SearchNode.name == name)
            .values(heartbeat_at=utcnow() - timedelta(seconds=seconds))
        )
        db.session.commit()


def found(app, q: str) -> int:
    reset_pools()
    with app.app_context():
        return search_jobs(SearchParams(q=q)).total


def test_node_name_defaults_to_host_and_data_dir(app):
    assert node_name(app.config) == f"{socket.gethostname()}:{app.config['DATA_DIR']}"
    app.config["SEARCH_NODE_NAME"] = "knoten-1"
    assert node_name(app.config) == "knoten-1"


def test_a_heartbeat_registers_the_node_and_moves_its_cursor(node_a, factory):
    change(node_a, factory, "Zimmerer")
    last = feed_ids(node_a)[-1]
    with node_a.app_context():
        assert beat(node_a)["cursor"] == 0
        first = db.session.get(SearchNode, "node-a").heartbeat_at
        db.session.rollback()
        drain()
        result = beat(node_a)
        row = db.session.get(SearchNode, "node-a")
    assert result["cursor"] == row.cursor == last and row.heartbeat_at >= first
    assert result["horizon"] == last and feed_ids(node_a) == []  # the only node is through


def test_the_feed_is_pruned_only_below_the_slowest_live_node(node_a, node_b, factory):
    with node_a.app_context():
        beat(node_a)  # both nodes registered at cursor 0
    change(node_a, factory, "Dachdecker")
    with node_b.app_context():
        drain()
        beat(node_b)  # node B: at the first entry
    second = change(node_a, factory, "Glaser")
    with node_a.app_context():
        drain()
        result = beat(node_a)  # node A: at the second entry; prunes up to B's cursor
    ids = feed_ids(node_a)
    assert result["horizon"] == registry(node_a)["node-b"] and result["deleted"] == 1
    assert len(ids) == 1 and ids[0] > result["horizon"]
    with node_b.app_context():
        drain()  # B still finds its next entry
        assert status()["rebuild_required"] is False
    assert found(node_b, "Glaser") == 1 and second


def test_a_silent_node_stops_holding_pruning_back_and_must_rebuild(node_a, node_b, factory):
    change(node_a, factory, "Steinmetz")
    with node_b.app_context():
        beat(node_b)  # registered at cursor 0, then silent
    change(node_a, factory, "Orgelbauer")
    with node_a.app_context():
        drain()
        assert beat(node_a)["deleted"] == 0  # B (live, cursor 0) holds the whole feed
    silence(node_a, "node-b", node_a.config["SEARCH_NODE_STALE_AFTER"] + 1)
    with node_a.app_context():
        result = beat(node_a)
    assert result["deleted"] == 2 and feed_ids(node_a) == []
    with node_b.app_context():
        assert status()["rebuild_required"] is True
        with pytest.raises(RebuildRequired, match="rebuild its index"):
            drain()
    body = node_b.test_client().get("/healthz")
    assert body.status_code == 503
    assert body.get_json()["node"] == "node-b" and body.get_json()["rebuild_required"] is True


def test_the_returning_worker_rebuilds_by_itself(node_a, node_b, factory, caplog):
    caplog.set_level(logging.INFO)
    with node_b.app_context():
        beat(node_b)
    silence(node_a, "node-b", node_a.config["SEARCH_NODE_STALE_AFTER"] + 1)
    change(node_a, factory, "Hufschmied")
    with node_a.app_context():
        drain()
        assert beat(node_a)["deleted"] == 1
    with node_b.app_context():
        totals = run_worker(node_b, 0.01, OneRound())
    assert totals["rebuilds"] == 1 and "rebuilding it now" in caplog.text
    assert found(node_b, "Hufschmied") == 1
    with node_b.app_context():
        assert registry(node_b)["node-b"] == status()["last_applied_id"] > 0
    assert not [name for name in registry(node_a) if name.endswith("#rebuild")]
    with node_b.app_context():
        assert status()["rebuild_required"] is False
    body = node_b.test_client().get("/healthz").get_json()
    assert body["status"] == "ok" and body["node"] == "node-b"


def test_a_rebuild_holds_the_feed_and_hands_its_cursor_to_the_node(node_a, factory, monkeypatch):
    change(node_a, factory, "Kupferschmied")
    seen = {}
    original = Hold.beat

    def spy(self):
        original(self)
        seen.update(registry(node_a))

    monkeypatch.setattr(Hold, "beat", spy)
    with node_a.app_context():
        rebuild()
        cursor = status()["last_applied_id"]
    assert seen["node-a#rebuild"] == 0  # while filling, the hold keeps the feed from 0 on
    assert registry(node_a) == {"node-a": cursor} and cursor > 0  # then the node takes over
    assert found(node_a, "Kupferschmied") == 1


def prune_to_the_end(app):
    """What a racing prune on another node does: delete the feed, raise the horizon."""
    with app.app_context():
        last = feed_ids(app)[-1]
        db.session.merge(SearchFeedHorizon(id=1, pruned_through=last, pruned_at=utcnow()))
        db.session.execute(delete(SearchChange))
        db.session.commit()
    return last


def test_a_rebuild_passed_by_a_prune_catches_up_to_the_horizon(node_b, factory):
    """A prune that read the registry before the rebuild's hold was written may pass the
    hold's cursor; what it deleted was committed before the fill, so the rebuild goes on."""
    change(node_b, factory, "Seiler")
    horizon = {}
    with node_b.app_context():
        rebuild(progress=lambda done, total: horizon.update(last=prune_to_the_end(node_b)))
        info = status()
    assert info["last_applied_id"] == horizon["last"] and info["rebuild_required"] is False
    assert found(node_b, "Seiler") == 1


def test_a_rebuild_whose_hold_went_stale_refuses(node_b, factory):
    change(node_b, factory, "Posamentierer")
    node_b.config["SEARCH_NODE_STALE_AFTER"] = 0.0  # every pause is longer: the hold lapsed
    with node_b.app_context():
        with pytest.raises(RebuildRequired):
            rebuild(progress=lambda done, total: prune_to_the_end(node_b))
        assert status()["directory"] is None or status()["documents"] == 0


def test_index_status_lists_the_registry(node_a, node_b, runner, factory):
    change(node_a, factory, "Böttcher")
    with node_b.app_context():
        beat(node_b)
    silence(node_a, "node-b", node_a.config["SEARCH_NODE_STALE_AFTER"] + 1)
    with node_a.app_context():
        drain()
        beat(node_a)
    output = runner.invoke(args=["index", "status"]).output
    assert "Knoten: node-a" in output
    assert "node-a: Stand" in output and "aktiv" in output
    assert "node-b: Stand 0, verstummt" in output
