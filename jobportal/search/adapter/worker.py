"""The indexer loop of `flask index worker` (production: one beside gunicorn per index)."""

import logging
import threading

from sqlalchemy.exc import SQLAlchemyError
from whoosh.index import LockError

from .indexer import drain
from .storage import IndexBusy

log = logging.getLogger(__name__)

MAX_BACKOFF = 30.0


def run_worker(app, interval: float, stop: threading.Event, batch_size: int = 500) -> dict:
    """Drain, then wait ``interval`` seconds, until ``stop`` is set; returns totals.

    A busy index (a rebuild swapping, a second worker) and database or file errors are
    logged and retried with a growing pause; nothing is lost because the feed and the
    cursor inside the index say what is still to do.
    """
    totals = {"drains": 0, "applied": 0, "errors": 0}
    pause = interval
    while not stop.is_set():
        try:
            result = drain(app, batch_size=batch_size, timeout=max(interval, 1.0))
        except IndexBusy:
            log.info("index busy, retrying in %.1f s", interval)
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
