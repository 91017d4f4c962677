"""The indexer loop of `flask index worker` (production: one beside gunicorn per index).

Besides draining, the loop registers the node and writes its heartbeat with the index's
cursor, then prunes the feed below the slowest live node (nodes.py). A node that comes
back behind the pruned horizon rebuilds its index by itself: the old index keeps serving
meanwhile, /healthz reports it as unfit (rebuild_required), so the balancer drains it.
"""

import logging
import threading
import time

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from whoosh.index import LockError

from ...core.extensions import db
from .binding import index_context
from .builder import rebuild
from .indexer import drain, read_cursor
from .nodes import RebuildRequired, heartbeat, live_since, node_name, prune_feed
from .storage import IndexBusy, open_live

log = logging.getLogger(__name__)

MAX_BACKOFF = 30.0


def beat(app) -> dict:
    """Write this node's heartbeat with its index cursor, then prune the feed; returns
    the node name, its cursor and the prune result (horizon, deleted)."""
    with index_context(app) as root, Session(db.engine) as session:
        ix, _path = open_live(root)
        name, cursor = node_name(app.config), read_cursor(ix)
        heartbeat(session, name, cursor)
        session.commit()
        return {"node": name, "cursor": cursor, **prune_feed(session, live_since(app.config))}


def run_worker(app, interval: float, stop: threading.Event, batch_size: int = 500) -> dict:
    """Heartbeat (every SEARCH_NODE_HEARTBEAT seconds) and drain, then wait ``interval``
    seconds, until ``stop`` is set; returns totals.

    A busy index (a rebuild swapping, a second worker) and database or file errors are
    logged and retried with a growing pause; nothing is lost because the feed and the
    cursor inside the index say what is still to do. The heartbeat comes before the drain
    whenever it is due, so a node that was silent is registered again before it reads.
    """
    totals = {"drains": 0, "applied": 0, "errors": 0, "rebuilds": 0}
    pause = interval
    every = float(app.config["SEARCH_NODE_HEARTBEAT"])
    next_beat = 0.0
    while not stop.is_set():
        try:
            if time.monotonic() >= next_beat:
                beaten = beat(app)
                next_beat = time.monotonic() + every
                if beaten["deleted"]:
                    log.info("pruned %(deleted)s feed entries up to %(horizon)s", beaten)
            result = drain(app, batch_size=batch_size, timeout=max(interval, 1.0))
        except IndexBusy:
            log.info("index busy, retrying in %.1f s", interval)
            pause = interval
        except RebuildRequired as behind:
            log.error("%s; rebuilding it now, the old index serves meanwhile", behind)
            _rebuild(app, totals)
            next_beat = 0.0
            pause = interval
        except (SQLAlchemyError, OSError, LockError):
            totals["errors"] += 1
            pause = min(max(pause, interval) * 2, MAX_BACKOFF)
            log.exception("drain failed, retrying in %.1f s", pause)
        else:
            totals["drains"] += 1
            totals["applied"] += result["applied"]
            if result["applied"]:
                log.info("applied %(applied)s feed entries, cursor %(cursor)s", result)
            pause = interval
        stop.wait(pause)
    return totals


def _rebuild(app, totals: dict) -> None:
    """The worker's own rebuild after RebuildRequired (errors: logged, the loop retries)."""
    try:
        result = rebuild(app)
    except (IndexBusy, RebuildRequired, SQLAlchemyError, OSError, LockError):
        totals["errors"] += 1
        log.exception("rebuild failed; the worker tries again")
        return
    totals["rebuilds"] += 1
    log.warning("rebuilt the index: %(documents)s documents in %(seconds)s s", result)
